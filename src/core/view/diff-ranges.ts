// What changed in the address spaces between two states (or two snapshots), per space and
// range kind. Between states the big layers are diffed on the interval maps' B-trees
// (IntervalMap.diff skips the subtrees a checkpoint still shares with its successor), so one
// MAP in a space of 100k mappings costs O(log n), not O(n). Lists are capped; counts are not.

import type { Interval } from '../intervals';
import type { u64 } from '../u64';
import type { Labeled, LayerModel, MapPart, SpaceModel } from './layers';
import { coversWhole, layerList } from './layers';
import type { AddressSpaceView, RangeChange, RangeKind, RangeRef, RangeSet } from './types';

/** Ranges listed per change list; the counts go on past it. */
export const RANGE_LIST_CAP = 64;

/** A range whose extent stayed while its backing or attributes changed (type1 vaddr update). */
export interface InPlace {
  readonly first: u64;
  readonly last: u64;
  readonly was?: u64;
  readonly now?: u64;
}

/** A RangeChange with what the summary needs: totals, bounds of the changes, in-place changes. */
export interface RangeDelta {
  readonly space: string;
  readonly kind: RangeKind;
  /** The lowest RANGE_LIST_CAP of each, by address. */
  readonly added: readonly RangeRef[];
  readonly removed: readonly RangeRef[];
  readonly addedCount: number;
  readonly removedCount: number;
  /** Lowest first / highest last of everything added (or removed), beyond the cap too. */
  readonly addedSpan: Interval | null;
  readonly removedSpan: Interval | null;
  readonly inPlace: readonly InPlace[];
  readonly inPlaceCount: number;
}

function ref(first: u64, last: u64, backing: u64 | undefined, label: string | undefined): RangeRef {
  const r: { first: u64; last: u64; backing?: u64; label?: string } = { first, last };
  if (backing !== undefined) r.backing = backing;
  if (label !== undefined && label !== '') r.label = label;
  return r;
}

const widen = (s: Interval | null, first: u64, last: u64): Interval =>
  s ? { first: first < s.first ? first : s.first, last: last > s.last ? last : s.last } : { first, last };

/**
 * Keeps the lowest RANGE_LIST_CAP ranges of a side whatever order they arrive in (the B-tree
 * diff walks from the top), in amortized O(1): collect up to twice the cap, then sort and cut.
 */
class Lowest {
  readonly items: RangeRef[] = [];
  private threshold: RangeRef | null = null;

  offer(first: u64, last: u64, make: () => RangeRef): void {
    const t = this.threshold;
    if (t && (first > t.first || (first === t.first && last >= t.last))) return;
    this.items.push(make());
    if (this.items.length >= 2 * RANGE_LIST_CAP) this.cut();
  }

  cut(): RangeRef[] {
    byAddress(this.items);
    if (this.items.length > RANGE_LIST_CAP) {
      this.items.length = RANGE_LIST_CAP;
      this.threshold = this.items[RANGE_LIST_CAP - 1]!;
    }
    return this.items;
  }
}

function byAddress<T extends Interval>(xs: T[]): T[] {
  return xs.sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : a.last < b.last ? -1 : a.last > b.last ? 1 : 0));
}

class DeltaAcc {
  private readonly added = new Lowest();
  private readonly removed = new Lowest();
  private readonly changed: InPlace[] = [];
  private addedCount = 0;
  private removedCount = 0;
  private inPlaceCount = 0;
  private addedSpan: Interval | null = null;
  private removedSpan: Interval | null = null;

  constructor(private readonly space: string, private readonly kind: RangeKind) {}

  add(first: u64, last: u64, backing?: u64, label?: () => string | undefined): void {
    this.addedCount++;
    this.addedSpan = widen(this.addedSpan, first, last);
    this.added.offer(first, last, () => ref(first, last, backing, label?.()));
  }

  remove(first: u64, last: u64, backing?: u64, label?: () => string | undefined): void {
    this.removedCount++;
    this.removedSpan = widen(this.removedSpan, first, last);
    this.removed.offer(first, last, () => ref(first, last, backing, label?.()));
  }

  inPlace(first: u64, last: u64, was: u64 | undefined, now: u64 | undefined): void {
    this.inPlaceCount++;
    this.changed.push({ first, last, ...(was !== undefined ? { was } : {}), ...(now !== undefined ? { now } : {}) });
    if (this.changed.length >= 2 * RANGE_LIST_CAP) byAddress(this.changed).length = RANGE_LIST_CAP;
  }

  get empty(): boolean {
    return this.addedCount === 0 && this.removedCount === 0 && this.inPlaceCount === 0;
  }

  done(): RangeDelta {
    const inPlace = byAddress(this.changed);
    if (inPlace.length > RANGE_LIST_CAP) inPlace.length = RANGE_LIST_CAP;
    return {
      space: this.space, kind: this.kind, added: this.added.cut(), removed: this.removed.cut(),
      addedCount: this.addedCount, removedCount: this.removedCount, addedSpan: this.addedSpan, removedSpan: this.removedSpan,
      inPlace, inPlaceCount: this.inPlaceCount,
    };
  }
}

// ---------------------------------------------------------------- sequences (lists, typed arrays)

/** Sorted ranges behind indices: a small list or a snapshot's typed arrays. */
interface Seq {
  readonly n: number;
  first(i: number): u64;
  last(i: number): u64;
  backing(i: number): u64 | undefined;
  label(i: number): string | undefined;
}

function listSeq(xs: readonly Labeled[]): Seq {
  return {
    n: xs.length,
    first: (i) => xs[i]!.first,
    last: (i) => xs[i]!.last,
    backing: (i) => xs[i]!.backing,
    label: (i) => xs[i]!.label,
  };
}

function setSeq(r: RangeSet): Seq {
  return {
    n: r.first.length,
    first: (i) => r.first[i]!,
    last: (i) => r.last[i]!,
    backing: (i) => r.backing?.[i],
    label: (i) => r.label?.[i],
  };
}

/** Merge of two sequences sorted by (first, last): O(n + m). */
function mergeDiff(before: Seq, after: Seq, acc: DeltaAcc): void {
  let i = 0;
  let j = 0;
  while (i < before.n || j < after.n) {
    if (j >= after.n) {
      acc.remove(before.first(i), before.last(i), before.backing(i), () => before.label(i));
      i++;
      continue;
    }
    if (i >= before.n) {
      acc.add(after.first(j), after.last(j), after.backing(j), () => after.label(j));
      j++;
      continue;
    }
    const a0 = before.first(i);
    const a1 = before.last(i);
    const b0 = after.first(j);
    const b1 = after.last(j);
    if (a0 === b0 && a1 === b1) {
      const was = before.backing(i);
      const now = after.backing(j);
      if (was !== now) acc.inPlace(a0, a1, was, now);
      i++;
      j++;
    } else if (a0 < b0 || (a0 === b0 && a1 < b1)) {
      acc.remove(a0, a1, before.backing(i), () => before.label(i));
      i++;
    } else {
      acc.add(b0, b1, after.backing(j), () => after.label(j));
      j++;
    }
  }
}

// ---------------------------------------------------------------- interval maps

type Side = 'add' | 'remove';

/** One interval of a part, clipped, into the accumulator. */
function emit(acc: DeltaAcc, p: MapPart, v: Interval, side: Side): void {
  const first = v.first > p.clip.first ? v.first : p.clip.first;
  const last = v.last < p.clip.last ? v.last : p.clip.last;
  if (first > last) return;
  const backing = p.backing ? p.backing(v) + (first - v.first) : undefined;
  const label = p.label ? (): string => p.label!(v) : undefined;
  if (side === 'add') acc.add(first, last, backing, label);
  else acc.remove(first, last, backing, label);
}

function enumeratePart(acc: DeltaAcc, p: MapPart, side: Side): void {
  if (coversWhole(p)) p.map.forEach((v) => emit(acc, p, v, side));
  else for (const v of p.map.intersecting(p.clip.first, p.clip.last)) emit(acc, p, v, side);
}

/** Field-by-field equality of two interval values (flat records, one level of nested records). */
function sameValue(a: unknown, b: unknown, depth = 0): boolean {
  if (a === b) return true;
  if (depth > 1 || typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], depth + 1));
}

const sameClip = (a: MapPart, b: MapPart): boolean => a.clip.first === b.clip.first && a.clip.last === b.clip.last;

function diffParts(before: readonly MapPart[], after: readonly MapPart[], acc: DeltaAcc): void {
  const old = new Map(before.map((p) => [p.key, p]));
  for (const p of after) {
    const q = old.get(p.key);
    old.delete(p.key);
    if (!q || !sameClip(p, q)) {
      if (q) enumeratePart(acc, q, 'remove');
      enumeratePart(acc, p, 'add');
      continue;
    }
    p.map.diff(
      q.map,
      (v) => emit(acc, p, v, 'add'),
      (v) => emit(acc, q, v, 'remove'),
      (now, was) => {
        // Maps that share no nodes (not cloned from each other) report every equal value here.
        if (sameValue(now, was)) return;
        const n0 = now.first > p.clip.first ? now.first : p.clip.first;
        const n1 = now.last < p.clip.last ? now.last : p.clip.last;
        const w1 = was.last < q.clip.last ? was.last : q.clip.last;
        if (n0 <= n1 && n1 === w1 && now.first === was.first) {
          // Same visible extent, replaced in place. A new backing (type1 MAP_DMA with
          // VFIO_DMA_MAP_FLAG_VADDR) is a range change; other attributes (vaddr invalidated)
          // are not in the snapshot's arrays, so the owning node's attrs tell them instead.
          const b0 = q.backing ? q.backing(was) + (n0 - was.first) : undefined;
          const b1 = p.backing ? p.backing(now) + (n0 - now.first) : undefined;
          if (b0 !== b1) acc.inPlace(n0, n1, b0, b1);
          return;
        }
        emit(acc, q, was, 'remove');
        emit(acc, p, now, 'add');
      },
    );
  }
  for (const q of old.values()) enumeratePart(acc, q, 'remove');
}

function enumerateLayer(acc: DeltaAcc, l: LayerModel, side: Side): void {
  if (l.source === 'maps') {
    for (const p of l.parts) enumeratePart(acc, p, side);
    return;
  }
  for (const r of l.ranges) {
    if (side === 'add') acc.add(r.first, r.last, r.backing, () => r.label);
    else acc.remove(r.first, r.last, r.backing, () => r.label);
  }
}

function diffLayer(before: LayerModel | undefined, after: LayerModel | undefined, acc: DeltaAcc): void {
  if (!before && after) enumerateLayer(acc, after, 'add');
  else if (before && !after) enumerateLayer(acc, before, 'remove');
  else if (before && after) {
    if (before.source === 'maps' && after.source === 'maps') diffParts(before.parts, after.parts, acc);
    else mergeDiff(listSeq(layerList(before)), listSeq(layerList(after)), acc);
  }
}

function layersByKind<L extends { readonly kind: RangeKind }>(layers: readonly L[]): Map<RangeKind, L> {
  return new Map(layers.map((l) => [l.kind, l]));
}

/** Visits every (space, kind) present on either side, in the order of `after` then the vanished ones. */
function pairSpaces<S extends { readonly id: string; readonly layers: readonly { readonly kind: RangeKind }[] }>(
  before: readonly S[], after: readonly S[], visit: (space: string, kind: RangeKind, b: S | undefined, a: S | undefined) => void,
): void {
  const old = new Map(before.map((s) => [s.id, s]));
  const seen = new Set<string>();
  const kinds = (s: S | undefined): RangeKind[] => (s ? s.layers.map((l) => l.kind) : []);
  for (const a of after) {
    const b = old.get(a.id);
    seen.add(a.id);
    for (const kind of new Set([...kinds(a), ...kinds(b)])) visit(a.id, kind, b, a);
  }
  for (const b of before) if (!seen.has(b.id)) for (const kind of kinds(b)) visit(b.id, kind, b, undefined);
}

/** Range changes between two states' space models (B-tree diff for the big layers). */
export function diffSpaceModels(before: readonly SpaceModel[], after: readonly SpaceModel[]): RangeDelta[] {
  const out: RangeDelta[] = [];
  pairSpaces(before, after, (space, kind, b, a) => {
    const acc = new DeltaAcc(space, kind);
    diffLayer(b ? layersByKind(b.layers).get(kind) : undefined, a ? layersByKind(a.layers).get(kind) : undefined, acc);
    if (!acc.empty) out.push(acc.done());
  });
  return out;
}

/** Range changes between two snapshots (a merge of their typed arrays: O(n) per layer). */
export function diffSpaceViews(before: readonly AddressSpaceView[], after: readonly AddressSpaceView[]): RangeDelta[] {
  const out: RangeDelta[] = [];
  const empty: Seq = { n: 0, first: () => 0n, last: () => 0n, backing: () => undefined, label: () => undefined };
  pairSpaces(before, after, (space, kind, b, a) => {
    const acc = new DeltaAcc(space, kind);
    const lb = b ? layersByKind(b.layers).get(kind) : undefined;
    const la = a ? layersByKind(a.layers).get(kind) : undefined;
    mergeDiff(lb ? setSeq(lb) : empty, la ? setSeq(la) : empty, acc);
    if (!acc.empty) out.push(acc.done());
  });
  return out;
}

/** The public, capped form. */
export function toRangeChange(d: RangeDelta): RangeChange {
  return {
    space: d.space, kind: d.kind, added: d.added, removed: d.removed,
    truncated: d.addedCount > d.added.length || d.removedCount > d.removed.length,
    addedCount: d.addedCount, removedCount: d.removedCount,
  };
}
