// Which address bits index which level, for the bit strip and the level list.
//
// The walk lists the levels it visited; a walk that stops early (a 1 GiB leaf, a fault at the
// root) or never starts (outside the aperture) still deserves the whole picture, so the other
// levels come from the format (fixed formats) or are extrapolated from the top step (TCE:
// every level table has the same number of entries). The address drawn is the one the table
// is indexed with: the IOVA, or for a TCE table the offset into its window (iova - start).

import type { PageTableFormat } from '../../core/pagetable/formats';
import type { Walk, WalkStep } from '../../core/pagetable/walk';

export interface LevelBits {
  readonly level: number;
  readonly label: string;
  readonly hi: number;
  readonly lo: number;
}

export type GroupRole =
  /** Bits above the table's reach (they must be 0), or above a TCE window's offset. */
  | 'above'
  /** A level's index, visited by the walk. */
  | 'index'
  /** A level's index the walk never reached (it faulted above, or never started). */
  | 'unreached'
  /** A level's index bits inside a large leaf: they are part of the page offset. */
  | 'leaf-offset'
  /** The page offset below the smallest page. */
  | 'offset'
  /** No layout is known (an address outside every window): the bare 64 bits. */
  | 'plain';

export interface BitGroup {
  readonly role: GroupRole;
  readonly hi: number;
  readonly lo: number;
  readonly level: number | null;
  readonly label: string;
  /** The field's value: (x >> lo) & mask(hi - lo + 1). */
  readonly value: bigint;
}

export function field(x: bigint, hi: number, lo: number): bigint {
  return (x >> BigInt(lo)) & ((1n << BigInt(hi - lo + 1)) - 1n);
}

export function bitAt(x: bigint, i: number): 0 | 1 {
  return (x >> BigInt(i)) & 1n ? 1 : 0;
}

/** The address the table is indexed with: the IOVA, or its offset into the TCE window. */
export function walkedAddress(walk: Walk): bigint {
  return walk.window ? walk.iova - walk.window.start : walk.iova;
}

const stepBits = (s: WalkStep): LevelBits => ({ level: s.level, label: s.label, hi: s.indexHi, lo: s.indexLo });

/** Every level of the walked table, root first (empty when no table applies). */
export function levelLayout(walk: Walk, format: PageTableFormat | null): LevelBits[] {
  const byStep = new Map(walk.steps.map((s) => [s.level, s] as const));
  const out: LevelBits[] = [];
  if (walk.levels < 1) return out;
  if (walk.kind === 'tce') {
    const top = byStep.get(walk.levels);
    if (!top) return walk.steps.map(stepBits);
    // pnv_pci_ioda2_table_alloc_pages: every level table holds it_level_size entries.
    const bpl = top.indexHi - top.indexLo + 1;
    const pageShift = top.indexLo - bpl * (walk.levels - 1);
    for (let k = walk.levels; k >= 1; k--) {
      const s = byStep.get(k);
      const lo = pageShift + bpl * (k - 1);
      out.push(s ? stepBits(s) : { level: k, label: k === 1 ? 'TCE' : 'indirect TCE', hi: lo + bpl - 1, lo });
    }
    return out;
  }
  for (let k = walk.levels; k >= 1; k--) {
    const s = byStep.get(k);
    const spec = format?.byLevel[k - 1];
    if (s) out.push(stepBits(s));
    else if (spec) out.push({ level: k, label: spec.label, hi: spec.indexLo + spec.indexBits - 1, lo: spec.indexLo });
  }
  return out;
}

/** The level whose entry is the leaf, when the walk translated. */
export function leafLevel(walk: Walk): number | null {
  for (const s of walk.steps) if (s.entry.kind === 'leaf') return s.level;
  return null;
}

/** The 64 bits of `walkedAddress(walk)` cut into groups, most significant first. */
export function bitGroups(walk: Walk, layout: readonly LevelBits[]): BitGroup[] {
  const x = walkedAddress(walk);
  if (layout.length === 0) return [{ role: 'plain', hi: 63, lo: 0, level: null, label: walk.window ? 'window offset' : 'address', value: x }];
  const groups: BitGroup[] = [];
  const top = layout[0]!.hi;
  if (top < 63) {
    groups.push({ role: 'above', hi: 63, lo: top + 1, level: null, label: walk.kind === 'tce' ? 'unused' : 'must be 0', value: field(x, 63, top + 1) });
  }
  const visited = new Set(walk.steps.map((s) => s.level));
  const leaf = leafLevel(walk);
  for (const l of layout) {
    const role: GroupRole = visited.has(l.level) ? 'index' : leaf !== null && l.level < leaf ? 'leaf-offset' : 'unreached';
    groups.push({ role, hi: l.hi, lo: l.lo, level: l.level, label: l.label, value: field(x, l.hi, l.lo) });
  }
  const bottom = layout[layout.length - 1]!.lo;
  if (bottom > 0) groups.push({ role: 'offset', hi: bottom - 1, lo: 0, level: null, label: 'page offset', value: field(x, bottom - 1, 0) });
  return groups;
}

/** The offset inside the leaf that translated the walk: bits [log2(size) - 1 : 0]. */
export function leafOffsetBits(walk: Walk): { hi: number; lo: 0; value: bigint } | null {
  if (walk.result.kind !== 'translated') return null;
  const hi = walk.result.leafSize.toString(2).length - 2;
  return { hi, lo: 0, value: walk.result.offset };
}
