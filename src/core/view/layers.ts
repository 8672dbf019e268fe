// The address-space layers before they become typed arrays. A layer is either a small sorted
// list (reserved regions, windows, IOVA ranges) or parts of the state's own interval maps
// (type1 dmas, IOAS areas, TCE runs, vmas), kept by reference: the snapshot copies them into
// BigUint64Arrays in one pass, and the step diff compares the maps' B-trees directly, so a
// space of 100k mappings costs no per-mapping object either way.

import type { Interval, IntervalMap } from '../intervals';
import type { u64 } from '../u64';
import { U64_MAX } from '../u64';
import type { AddressSpaceView, RangeKind, RangeSet, SpaceKind } from './types';

/** A range of a small list, with its words for the map's tooltip. */
export interface Labeled extends Interval {
  readonly label?: string;
  readonly backing?: u64;
}

/** Only [clip.first, clip.last] of each interval is shown (a HWPT's aperture, a TCE window). */
export interface MapPart {
  /** Pairs the part with the same part one step earlier ("areas", "slot1@0x800000000000000"). */
  readonly key: string;
  readonly map: IntervalMap<Interval>;
  readonly backing: ((v: Interval) => u64) | null;
  readonly label: ((v: Interval) => string) | null;
  readonly clip: Interval;
}

export type LayerModel =
  | { readonly kind: RangeKind; readonly source: 'list'; readonly ranges: readonly Labeled[] }
  | { readonly kind: RangeKind; readonly source: 'maps'; readonly parts: readonly MapPart[] };

export interface SpaceModel {
  readonly id: string;
  readonly kind: SpaceKind;
  /** Short name for change summaries: "container 1", "IOAS 2", "HWPT 3", "process". */
  readonly name: string;
  readonly title: string;
  readonly node: string;
  readonly extent: Interval;
  readonly walkable: boolean;
  readonly layers: readonly LayerModel[];
}

export const ALL: Interval = { first: 0n, last: U64_MAX };

/** Per-range labels are kept for sets up to this size (tooltips); larger sets drop them. */
export const LABEL_LIMIT = 512;

export function mapPart(
  key: string, map: IntervalMap<Interval>, backing: MapPart['backing'], clip: Interval = ALL, label: MapPart['label'] = null,
): MapPart {
  return { key, map, backing, label, clip };
}

/** Does the part show every interval of its map whole (no clipping needed)? */
export function coversWhole(p: MapPart): boolean {
  if (p.map.size === 0) return true;
  if (p.clip.first === 0n && p.clip.last === U64_MAX) return true;
  const lo = p.map.atOrAfter(0n);
  const hi = p.map.lastIntersecting(0n, U64_MAX);
  return !!lo && !!hi && lo.first >= p.clip.first && hi.last <= p.clip.last;
}

/** The part's visible piece of interval v, or null when v lies outside the clip. */
export function clipped(p: MapPart, v: Interval): Labeled | null {
  const first = v.first > p.clip.first ? v.first : p.clip.first;
  const last = v.last < p.clip.last ? v.last : p.clip.last;
  if (first > last) return null;
  const out: { first: u64; last: u64; backing?: u64; label?: string } = { first, last };
  if (p.backing) out.backing = p.backing(v) + (first - v.first);
  if (p.label) out.label = p.label(v);
  return out;
}

/** The layer as a sorted list (small layers, and the rare unsorted multi-part case). */
export function layerList(l: LayerModel): Labeled[] {
  if (l.source === 'list') return [...l.ranges];
  const out: Labeled[] = [];
  for (const p of l.parts) {
    for (const v of p.map.intersecting(p.clip.first, p.clip.last)) {
      const c = clipped(p, v);
      if (c) out.push(c);
    }
  }
  return sortRanges(out);
}

export function sortRanges<T extends Interval>(xs: T[]): T[] {
  return xs.sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : a.last < b.last ? -1 : a.last > b.last ? 1 : 0));
}

/** Highest `last` of a layer (for extents), or null when empty. */
export function layerHull(l: LayerModel): Interval | null {
  let lo: u64 | null = null;
  let hi: u64 | null = null;
  const see = (a: u64, b: u64): void => {
    if (lo === null || a < lo) lo = a;
    if (hi === null || b > hi) hi = b;
  };
  if (l.source === 'list') for (const r of l.ranges) see(r.first, r.last);
  else {
    for (const p of l.parts) {
      const a = p.map.firstIntersecting(p.clip.first, p.clip.last);
      const b = p.map.lastIntersecting(p.clip.first, p.clip.last);
      if (!a || !b) continue;
      see(a.first > p.clip.first ? a.first : p.clip.first, b.last < p.clip.last ? b.last : p.clip.last);
    }
  }
  return lo === null || hi === null ? null : { first: lo, last: hi };
}

// ---------------------------------------------------------------- typed arrays

interface Arrays {
  readonly first: BigUint64Array;
  readonly last: BigUint64Array;
  readonly backing?: BigUint64Array;
  readonly label?: readonly string[];
}

/**
 * Typed arrays shared within one snapshot: a HWPT shows its IOAS's areas whole, so both
 * layers point at the same buffers (see snapshotTransferables: transfer each buffer once).
 */
export type ArrayCache = Map<IntervalMap<Interval>, Arrays>;

function fromList(ranges: readonly Labeled[]): Arrays {
  const n = ranges.length;
  const first = new BigUint64Array(n);
  const last = new BigUint64Array(n);
  const hasBacking = ranges.some((r) => r.backing !== undefined);
  const backing = hasBacking ? new BigUint64Array(n) : undefined;
  const withLabels = n <= LABEL_LIMIT && ranges.some((r) => r.label !== undefined);
  ranges.forEach((r, i) => {
    first[i] = r.first;
    last[i] = r.last;
    if (backing) backing[i] = r.backing ?? 0n;
  });
  return {
    first, last,
    ...(backing ? { backing } : {}),
    ...(withLabels ? { label: ranges.map((r) => r.label ?? '') } : {}),
  };
}

/**
 * The parts' visible intervals, straight from the B-trees into the arrays: no object per
 * interval (a clipped part costs one iterator step each). null when the parts do not come out
 * in ascending order (windows overlapping each other's overflow), which the caller sorts.
 */
function fromParts(parts: readonly MapPart[]): Arrays | null {
  let upper = 0;
  for (const p of parts) upper += p.map.size;
  let first = new BigUint64Array(upper);
  let last = new BigUint64Array(upper);
  let backing = parts.some((p) => p.backing) ? new BigUint64Array(upper) : undefined;
  const label: string[] | undefined = upper <= LABEL_LIMIT && parts.some((p) => p.label) ? [] : undefined;
  let n = 0;
  let sorted = true;
  // The previous first, kept as a bigint: reading it back from the typed array would allocate.
  let prev: u64 = -1n;
  for (const p of parts) {
    const get = p.backing;
    const name = p.label;
    if (coversWhole(p)) {
      // The hot path (100k areas): three stores per interval, nothing allocated.
      p.map.forEach((v) => {
        if (v.first < prev) sorted = false;
        prev = v.first;
        first[n] = v.first;
        last[n] = v.last;
        if (backing) backing[n] = get ? get(v) : 0n;
        if (label) label.push(name ? name(v) : '');
        n++;
      });
      continue;
    }
    const { first: lo, last: hi } = p.clip;
    for (const v of p.map.intersecting(lo, hi)) {
      const f = v.first > lo ? v.first : lo;
      if (f < prev) sorted = false;
      prev = f;
      first[n] = f;
      last[n] = v.last < hi ? v.last : hi;
      if (backing) backing[n] = get ? get(v) + (f - v.first) : 0n;
      if (label) label.push(name ? name(v) : '');
      n++;
    }
  }
  if (!sorted) return null;
  if (n < upper) {
    first = first.slice(0, n);
    last = last.slice(0, n);
    backing = backing?.slice(0, n);
  }
  return { first, last, ...(backing ? { backing } : {}), ...(label ? { label } : {}) };
}

function arraysOf(l: LayerModel, cache: ArrayCache): Arrays {
  if (l.source === 'list') return fromList(l.ranges);
  const only = l.parts.length === 1 && coversWhole(l.parts[0]!) ? l.parts[0]! : null;
  if (only) {
    const hit = cache.get(only.map);
    if (hit && !!hit.backing === !!only.backing && (!only.label || hit.label || only.map.size > LABEL_LIMIT)) return hit;
  }
  const a = fromParts(l.parts) ?? fromList(layerList(l));
  if (only) cache.set(only.map, a);
  return a;
}

export function toRangeSet(l: LayerModel, cache: ArrayCache): RangeSet {
  const a = arraysOf(l, cache);
  return {
    kind: l.kind, first: a.first, last: a.last,
    ...(a.backing ? { backing: a.backing } : {}),
    ...(a.label ? { label: a.label } : {}),
  };
}

export function toView(s: SpaceModel, cache: ArrayCache): AddressSpaceView {
  return {
    id: s.id, kind: s.kind, title: s.title, node: s.node,
    extent: { first: s.extent.first, last: s.extent.last },
    layers: s.layers.map((l) => toRangeSet(l, cache)),
    walkable: s.walkable,
  };
}
