// The table twin's rows without materializing them: the ranges of the chosen lanes and kinds are
// segments of the RangeSets, and row r is found by a binary search over the segments' offsets.
// 100k mappings make 100k rows, of which only the ~20 on screen are ever built.

import type { AddressSpaceView, RangeKind } from '../../core/view/types';
import type { RangeRef } from './hit';
import { rangeAt } from './hit';
import { indexOfRange } from './search';

export interface RowSegment {
  readonly space: AddressSpaceView;
  readonly layer: number;
  /** The first row of this segment. */
  readonly offset: number;
  readonly count: number;
}

export interface RowIndex {
  readonly segments: readonly RowSegment[];
  readonly total: number;
}

export interface RowFilter {
  /** A space id, or null for every lane. */
  readonly space: string | null;
  /** A kind, or null for every kind. */
  readonly kind: RangeKind | null;
}

export function buildRowIndex(spaces: readonly AddressSpaceView[], filter: RowFilter): RowIndex {
  const segments: RowSegment[] = [];
  let total = 0;
  for (const space of spaces) {
    if (filter.space !== null && space.id !== filter.space) continue;
    space.layers.forEach((set, layer) => {
      if (filter.kind !== null && set.kind !== filter.kind) return;
      if (set.first.length === 0) return;
      segments.push({ space, layer, offset: total, count: set.first.length });
      total += set.first.length;
    });
  }
  return { segments, total };
}

export interface Row {
  readonly space: AddressSpaceView;
  readonly range: RangeRef;
}

export function rowAt(index: RowIndex, r: number): Row | null {
  if (r < 0 || r >= index.total) return null;
  let a = 0;
  let b = index.segments.length - 1;
  while (a < b) {
    const m = (a + b + 1) >>> 1;
    if (index.segments[m]!.offset <= r) a = m;
    else b = m - 1;
  }
  const seg = index.segments[a]!;
  return { space: seg.space, range: rangeAt(seg.space, seg.layer, r - seg.offset) };
}

/** The row of the range [first, last] in a space (the first layer holding it), or -1. */
export function rowOf(index: RowIndex, space: string, first: bigint, last: bigint): number {
  for (const seg of index.segments) {
    if (seg.space.id !== space) continue;
    const set = seg.space.layers[seg.layer]!;
    const i = indexOfRange(set.first, set.last, first, last);
    if (i >= 0) return seg.offset + i;
  }
  return -1;
}
