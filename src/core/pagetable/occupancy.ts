// How many page-table pages a set of mapped ranges needs, computed analytically
// (kernel-semantics.md part 2 §5, "Counting table pages"):
//   tables(level k) = | U_runs { floor(s / C_k) .. floor(e / C_k) } |
// for every level k from a run's leaf level up to the level below the root, plus exactly one
// root, which exists from domain creation. Per level the index intervals arrive sorted, so
// they merge on the fly: O(ranges x runs x levels), never a loop over pages, exact up to
// 2^64 - 1 (all arithmetic is bigint; an end of 2^64 is fine).

import type { FormatId, FormatKind, PageTableFormat } from './formats';
import type { LeafPolicy, LeafRun } from './leaves';
import { DEFAULT_MAX_LEAF, LEAF_ASSUMPTION, leafRuns, usableLeaves } from './leaves';

/** An IOVA range mapped to user memory (an IOAS area, a type1 dma, a run of TCEs). */
export interface MappedRange {
  readonly first: bigint;
  readonly last: bigint;
  readonly userVa: bigint;
}

export interface LevelOccupancy {
  readonly level: number;
  readonly label: string;
  readonly tables: bigint;
  readonly tableBytes: bigint;
  readonly bytes: bigint;
}

export interface LeafCount {
  readonly size: bigint;
  readonly level: number;
  /** Leaves (pages) of this size. */
  readonly count: bigint;
  /** PTEs written for them (AMD v1 replicates PTEs for sizes between levels). */
  readonly ptes: bigint;
}

export interface Occupancy {
  readonly format: FormatId;
  readonly kind: FormatKind;
  /** Levels of the table now (AMD v1 grows with the highest IOVA mapped). */
  readonly levels: number;
  /** Root first. */
  readonly perLevel: readonly LevelOccupancy[];
  readonly tables: bigint;
  /** Table memory, root included. */
  readonly bytes: bigint;
  /** Used leaf sizes, ascending. */
  readonly leaves: readonly LeafCount[];
  readonly mappedBytes: bigint;
  readonly maxLeaf: bigint;
  readonly assumptions: readonly string[];
}

export const FRESH_TABLE_ASSUMPTION =
  'Tables are counted for the ranges mapped now, as if mapped into a fresh table: the VT-d, AMD and ARM io-pgtable code does not free ' +
  'emptied tables on unmap (nor powernv its TCE levels), so a table that held earlier, now unmapped ranges may hold more pages ' +
  '(unverified for generic_pt in 6.18+, which can free them).';

/** Levels the table has when `highestLast` is the highest IOVA (table offset) mapped; null = nothing mapped. */
export function levelsInUse(format: PageTableFormat, highestLast: bigint | null): number {
  if (format.initialLevels === format.levels || highestLast === null) return format.initialLevels;
  // AMD v1 alloc_pte: while (last_addr > PM_LEVEL_SIZE(mode)) increase_address_space().
  // Newer kernels also grow while mode - 1 < PAGE_SIZE_LEVEL(page_size) (from memory,
  // unverified); that never binds on its own because the bitmap has no 512G page: a page big
  // enough to need a level also reaches an address that needs it.
  let t = format.initialLevels;
  while (t < format.levels && highestLast >= 1n << BigInt(format.byLevel[t - 1]!.spanShift)) t++;
  return t;
}

interface Acc {
  first: bigint;
  last: bigint;
  total: bigint;
  open: boolean;
}

/** Adds [a, b]; intervals must arrive with non-decreasing `a` (see sortedIntervals otherwise). */
function addInterval(acc: Acc, a: bigint, b: bigint): void {
  if (acc.open && a <= acc.last + 1n) {
    if (b > acc.last) acc.last = b;
    return;
  }
  if (acc.open) acc.total += acc.last - acc.first + 1n;
  acc.first = a;
  acc.last = b;
  acc.open = true;
}

interface Norm {
  readonly s: bigint;
  readonly e: bigint;
  readonly iova: bigint;
  readonly va: bigint;
}

/**
 * Ranges in table coordinates (TCE: window offsets), clipped and aligned, sorted; notes say
 * what changed. `overlap` is set when two ranges share an address (an IOAS or a type1
 * container never has that; the caller then sorts the index intervals before merging).
 */
function normalize(format: PageTableFormat, ranges: Iterable<MappedRange>, notes: string[]): { norm: Norm[]; overlap: boolean } {
  const out: Norm[] = [];
  const base = format.tce?.windowStart ?? 0n;
  const lo = base;
  const hi = base + format.maxIova;
  const g = format.leaves[0]!.size;
  let clipped = 0n;
  let widened = false;
  let sorted = true;
  for (const r of ranges) {
    if (r.last < r.first) continue;
    const f = r.first < lo ? lo : r.first;
    const l = r.last > hi ? hi : r.last;
    clipped += r.last - r.first + 1n - (l >= f ? l - f + 1n : 0n);
    if (l < f) continue;
    let s = f - base;
    let e = l - base;
    if (s % g !== 0n || (e + 1n) % g !== 0n) {
      widened = true;
      s -= s % g;
      e = e - (e % g) + g - 1n;
    }
    const prev = out[out.length - 1];
    if (prev && s < prev.s) sorted = false;
    out.push({ s, e, iova: r.first, va: r.userVa + (f - r.first) });
  }
  if (!sorted) out.sort((a, b) => (a.s < b.s ? -1 : a.s > b.s ? 1 : 0));
  let overlap = false;
  for (let i = 1; i < out.length && !overlap; i++) overlap = out[i]!.s <= out[i - 1]!.e;
  if (overlap) notes.push('Some ranges overlap; their leaves are counted once per range.');
  if (clipped > 0n) {
    notes.push(
      format.kind === 'tce'
        ? `0x${clipped.toString(16)} bytes lie outside the window (TCEs written past its end by the MAP_DMA range-check bug) and are not counted.`
        : `0x${clipped.toString(16)} bytes lie beyond the table's reach (0x${format.maxIova.toString(16)}) and are not counted.`,
    );
  }
  if (widened) notes.push(`Ranges not aligned to the ${g}-byte page were widened to whole pages.`);
  return { norm: out, overlap };
}

/** Table pages per level, table memory and leaves for `ranges` mapped in `format`. */
export function occupancy(format: PageTableFormat, ranges: Iterable<MappedRange>, policy: LeafPolicy = {}): Occupancy {
  const notes: string[] = [];
  const { norm, overlap } = normalize(format, ranges, notes);
  let highest: bigint | null = null;
  for (const n of norm) if (highest === null || n.e > highest) highest = n.e;
  const levels = levelsInUse(format, highest);

  const accs: Acc[] = [];
  for (let k = 1; k < levels; k++) {
    const acc: Acc = { first: 0n, last: 0n, total: 0n, open: false };
    // AMD v1: each increase_address_space() keeps the old root as entry 0 of the new one.
    if (k >= format.initialLevels) addInterval(acc, 0n, 0n);
    accs.push(acc);
  }
  const shifts = format.byLevel.map((l) => BigInt(l.spanShift));
  // Overlapping input: collect each level's intervals and sort them before merging.
  const pending: [bigint, bigint][][] | null = overlap ? accs.map(() => []) : null;
  const leafCounts = new Map<bigint, { level: number; count: bigint; ptes: bigint }>();
  let mapped = 0n;

  for (const n of norm) {
    mapped += n.e - n.s + 1n;
    const runs: LeafRun[] = leafRuns(n.s, n.e + 1n, usableLeaves(format, policy, n.iova, n.va));
    for (const run of runs) {
      const c = leafCounts.get(run.size);
      if (c) {
        c.count += run.count;
        c.ptes += run.count * run.leaf.ptes;
      } else {
        leafCounts.set(run.size, { level: run.leaf.level, count: run.count, ptes: run.count * run.leaf.ptes });
      }
      const last = run.first + run.size * run.count - 1n;
      for (let k = run.leaf.level; k < levels; k++) {
        const a = run.first >> shifts[k - 1]!;
        const b = last >> shifts[k - 1]!;
        if (pending) pending[k - 1]!.push([a, b]);
        else addInterval(accs[k - 1]!, a, b);
      }
    }
  }
  if (pending) {
    pending.forEach((list, i) => {
      list.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
      for (const [a, b] of list) addInterval(accs[i]!, a, b);
    });
  }

  const perLevel: LevelOccupancy[] = [];
  let tables = 0n;
  let bytes = 0n;
  for (let k = levels; k >= 1; k--) {
    const spec = format.byLevel[k - 1]!;
    let count = 1n; // the root
    if (k < levels) {
      const acc = accs[k - 1]!;
      count = acc.total + (acc.open ? acc.last - acc.first + 1n : 0n);
    }
    perLevel.push({ level: k, label: spec.label, tables: count, tableBytes: spec.tableBytes, bytes: count * spec.tableBytes });
    tables += count;
    bytes += count * spec.tableBytes;
  }

  const leaves = [...leafCounts.entries()]
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([size, c]): LeafCount => ({ size, level: c.level, count: c.count, ptes: c.ptes }));

  const assumptions = [...(format.kind === 'tce' ? [] : [LEAF_ASSUMPTION]), FRESH_TABLE_ASSUMPTION, ...notes];
  if (levels < format.levels) assumptions.push(`The table has ${levels} of up to ${format.levels} levels for the IOVAs mapped now.`);
  return {
    format: format.name, kind: format.kind, levels, perLevel, tables, bytes, leaves, mappedBytes: mapped,
    maxLeaf: format.kind === 'tce' ? format.leaves[0]!.size : policy.maxLeaf ?? DEFAULT_MAX_LEAF,
    assumptions,
  };
}
