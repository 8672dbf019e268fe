// The hardware walk of one IOVA, level by level, for the page-table view: which bits index
// each level, which table is visited, what its entry holds, and where the walk ends
// (translated user address, or a fault and why). Tables are derived from the mapped ranges
// as occupancy.ts counts them (a table exists where some leaf below it is mapped now).

import { U64_MAX } from '../u64';
import type { FormatId, FormatKind, PageTableFormat, TceShape } from './formats';
import { tceFormat } from './formats';
import type { LeafPolicy } from './leaves';
import { LEAF_ASSUMPTION, leafAt, leafRuns, usableLeaves } from './leaves';
import type { MappedRange } from './occupancy';
import { FRESH_TABLE_ASSUMPTION, levelsInUse } from './occupancy';

/** Lookups over disjoint mapped ranges; an IntervalMap of areas satisfies it. */
export interface MappedLookup {
  containing(x: bigint): MappedRange | undefined;
  firstIntersecting(first: bigint, last: bigint): MappedRange | undefined;
  lastIntersecting(first: bigint, last: bigint): MappedRange | undefined;
}

/** A table, named by the IOVA span it translates. */
export interface TableRef {
  readonly level: number;
  readonly first: bigint;
  readonly last: bigint;
}

export type WalkEntry =
  | { readonly kind: 'table'; readonly next: TableRef }
  | { readonly kind: 'leaf'; readonly size: bigint; readonly base: bigint; readonly ptes: bigint }
  | { readonly kind: 'empty' };

export interface WalkStep {
  readonly level: number;
  readonly label: string;
  /** Address bits [hi:lo] indexing this level (TCE: bits of iova - window start). */
  readonly indexHi: number;
  readonly indexLo: number;
  readonly index: bigint;
  readonly table: TableRef;
  readonly entry: WalkEntry;
  /** TCE only: the bits of the TCE index (iova - start) >> page_shift that this level uses. */
  readonly tceIndexBits?: readonly [hi: number, lo: number];
}

export type FaultReason = 'not-present' | 'outside-aperture' | 'outside-windows' | 'beyond-table';

export type WalkResult =
  | {
      readonly kind: 'translated';
      readonly userAddr: bigint;
      readonly leafIova: bigint;
      readonly leafSize: bigint;
      readonly offset: bigint;
      readonly range: MappedRange;
    }
  | { readonly kind: 'fault'; readonly level: number | null; readonly reason: FaultReason; readonly detail: string };

export interface Walk {
  readonly format: FormatId;
  readonly kind: FormatKind;
  readonly iova: bigint;
  /** Levels of the table at the time of the walk (AMD v1 grows). */
  readonly levels: number;
  readonly steps: readonly WalkStep[];
  readonly result: WalkResult;
  /** TCE: the window walked (slot and start). */
  readonly window?: { readonly slot: number; readonly start: bigint; readonly size: bigint };
  readonly assumptions: readonly string[];
}

export interface WalkOptions extends LeafPolicy {
  /** The domain aperture; an IOVA outside it faults before the walk. */
  readonly aperture?: { readonly start: bigint; readonly end: bigint };
}

const hexs = (x: bigint): string => '0x' + x.toString(16);
const min64 = (a: bigint, b: bigint): bigint => (a < b ? a : b);
const mask = (bits: number): bigint => (1n << BigInt(bits)) - 1n;

/** Walks `iova` through a paging domain's table (VT-d, AMD v1, ARM LPAE, mock). */
export function walk(format: PageTableFormat, mapped: MappedLookup, iova: bigint, opts: WalkOptions = {}): Walk {
  const highest = mapped.lastIntersecting(0n, format.maxIova)?.last ?? null;
  const levels = levelsInUse(format, highest === null ? null : highest > format.maxIova ? format.maxIova : highest);
  const assumptions = [LEAF_ASSUMPTION, FRESH_TABLE_ASSUMPTION];
  const base = { format: format.name, kind: format.kind, iova, levels, assumptions };
  if (opts.aperture && (iova < opts.aperture.start || iova > opts.aperture.end)) {
    const detail = `IOVA ${hexs(iova)} is outside the domain aperture [${hexs(opts.aperture.start)}, ${hexs(opts.aperture.end)}]; nothing can be mapped there`;
    return { ...base, steps: [], result: { kind: 'fault', level: null, reason: 'outside-aperture', detail } };
  }
  const reach = levels < format.levels ? (1n << BigInt(format.byLevel[levels - 1]!.spanShift)) - 1n : format.maxIova;
  if (iova > reach) {
    const detail = `IOVA ${hexs(iova)} needs address bits above the ${levels}-level table's reach ${hexs(reach)}`;
    return { ...base, steps: [], result: { kind: 'fault', level: levels, reason: 'beyond-table', detail } };
  }
  return { ...base, ...radixWalk(format, levels, mapped, iova, 0n, opts) };
}

/** The TCE windows of a sPAPR container, each with its mapped TCE runs. */
export interface TceWindowView extends TceShape {
  readonly slot: number;
  readonly mapped: MappedLookup;
}

/** Walks a PCI bus address through the TCE window containing it (powernv, or pseries with `hypervisor`). */
export function walkTce(windows: readonly TceWindowView[], iova: bigint, kernelPageShift: number, hypervisor = false): Walk {
  const w = windows.find((x) => iova >= x.start && iova - x.start < x.size);
  if (!w) {
    const list = windows.map((x) => `[${hexs(x.start)}, ${hexs(x.start + x.size - 1n)}]`).join(', ') || 'none';
    return {
      format: 'ppc-tce', kind: 'tce', iova, levels: 0, steps: [], assumptions: [FRESH_TABLE_ASSUMPTION],
      result: { kind: 'fault', level: null, reason: 'outside-windows', detail: `bus address ${hexs(iova)} is in no DMA window (windows: ${list})` },
    };
  }
  const format = tceFormat(w, kernelPageShift, hypervisor);
  const r = radixWalk(format, w.levels, w.mapped, iova, w.start, {});
  const steps = r.steps.map((s) => ({ ...s, tceIndexBits: [s.indexHi - w.pageShift, s.indexLo - w.pageShift] as const }));
  return {
    format: 'ppc-tce', kind: 'tce', iova, levels: w.levels, steps, result: r.result,
    window: { slot: w.slot, start: w.start, size: w.size }, assumptions: [FRESH_TABLE_ASSUMPTION],
  };
}

/** The walk proper; `origin` is subtracted from IOVAs to get table coordinates (TCE window start). */
function radixWalk(
  format: PageTableFormat, levels: number, mapped: MappedLookup, iova: bigint, origin: bigint, policy: LeafPolicy,
): { steps: WalkStep[]; result: WalkResult } {
  const x = iova - origin;
  const r = mapped.containing(iova);
  let leaf: { level: number; size: bigint; base: bigint; ptes: bigint } | undefined;
  if (r) {
    // The leaf covering x in this range's decomposition (table coordinates).
    const s = r.first - origin;
    const sizes = usableLeaves(format, policy, r.first, r.userVa);
    const g = sizes[0]!.size;
    const at = leafAt(leafRuns(s - (s % g), r.last - origin - ((r.last - origin) % g) + g, sizes), x);
    if (at) leaf = { level: at.run.leaf.level, size: at.run.size, base: at.base + origin, ptes: at.run.leaf.ptes };
  }
  const steps: WalkStep[] = [];
  for (let k = levels; k >= 1; k--) {
    const spec = format.byLevel[k - 1]!;
    const spanShift = BigInt(spec.spanShift);
    const tFirst = (x >> spanShift) << spanShift;
    const table: TableRef = { level: k, first: tFirst + origin, last: min64(tFirst + (1n << spanShift) - 1n + origin, U64_MAX) };
    const index = (x >> BigInt(spec.indexLo)) & mask(spec.indexBits);
    const at = { level: k, label: spec.label, indexHi: spec.indexLo + spec.indexBits - 1, indexLo: spec.indexLo, index, table };
    if (leaf && r && leaf.level === k) {
      steps.push({ ...at, entry: { kind: 'leaf', size: leaf.size, base: leaf.base, ptes: leaf.ptes } });
      return {
        steps,
        result: { kind: 'translated', userAddr: r.userVa + (iova - r.first), leafIova: leaf.base, leafSize: leaf.size, offset: iova - leaf.base, range: r },
      };
    }
    const childShift = BigInt(spec.indexLo);
    const cFirst = (x >> childShift) << childShift;
    const child: TableRef = { level: k - 1, first: cFirst + origin, last: cFirst + (1n << childShift) - 1n + origin };
    if (k > 1 && ((leaf && leaf.level < k) || tableExists(format, mapped, child, levels))) {
      steps.push({ ...at, entry: { kind: 'table', next: child } });
      continue;
    }
    steps.push({ ...at, entry: { kind: 'empty' } });
    const what = k === 1 ? 'the leaf entry' : `the level-${k} entry (no level-${k - 1} table below it)`;
    return { steps, result: { kind: 'fault', level: k, reason: 'not-present', detail: `${what} for ${hexs(iova)} is not present: nothing is mapped there` } };
  }
  // Unreachable for levels >= 1: level 1 either holds the leaf or is empty.
  return { steps, result: { kind: 'fault', level: 1, reason: 'not-present', detail: 'no leaf' } };
}

/**
 * Does the level-`child.level` table spanning `child` exist? It does when some leaf of a lower
 * or equal level is mapped inside its span. A mapped range that only partly covers the span
 * must use leaves smaller than the span there (leaves are aligned to their size), so any
 * intersecting range implies the table, except one covering the whole span, which the caller
 * has already handled (the walked IOVA would be inside it).
 */
function tableExists(format: PageTableFormat, mapped: MappedLookup, child: TableRef, levels: number): boolean {
  // AMD v1: the old roots stay as entry 0 of each new root (increase_address_space).
  if (child.first === 0n && child.level >= format.initialLevels && child.level < levels) return true;
  return mapped.firstIntersecting(child.first, child.last) !== undefined;
}

/** A MappedLookup over a sorted array of disjoint ranges (binary search). */
export function arrayLookup(ranges: readonly MappedRange[]): MappedLookup {
  const sorted = [...ranges].sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  // Index of the last range with first <= x, or -1.
  const floor = (x: bigint): number => {
    let lo = 0;
    let hi = sorted.length - 1;
    let ans = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]!.first <= x) {
        ans = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return ans;
  };
  return {
    containing(x) {
      const r = sorted[floor(x)];
      return r && r.last >= x ? r : undefined;
    },
    firstIntersecting(first, last) {
      const i = floor(first);
      const below = sorted[i];
      if (below && below.last >= first) return below;
      const above = sorted[i + 1];
      return above && above.first <= last ? above : undefined;
    },
    lastIntersecting(first, last) {
      const r = sorted[floor(last)];
      return r && r.last >= first ? r : undefined;
    },
  };
}
