// The draw list of one layer for one frame: pixel rectangles [x0, x1) built from the typed arrays.
// Only the visible slice is visited, and runs of ranges narrower than a pixel are merged into one
// rectangle by jumping (binary search) to the first range that reaches the next pixel column, so
// the cost is O(width x log n) whatever the number of mappings: 100k mappings at full zoom-out
// cost about as much as 100. Ranges wide enough to see stay separate rectangles even when they
// abut, so that the boundary between two adjacent mappings (two separate kernel objects) shows.

import type { Viewport } from './viewport';
import { lastVisible } from './viewport';
import { firstEndingAtOrAfter } from './search';

/** Ranges starting less than this many pixels after a rectangle's end join it... */
export const MERGE_GAP_PX = 1;
/** ...unless both it and the rectangle are at least this wide (then both are drawn, apart). */
export const WIDE_PX = 3;

export interface RectList {
  readonly x0: Float64Array;
  readonly x1: Float64Array;
  /** The first range of each rectangle and how many ranges it stands for (1: it is one range). */
  readonly idx: Int32Array;
  readonly cnt: Int32Array;
  readonly n: number;
}

export function buildRects(first: BigUint64Array, last: BigUint64Array, vp: Viewport, width: number): RectList {
  const cap = Math.ceil(width) * 2 + 8;
  const x0 = new Float64Array(cap);
  const x1 = new Float64Array(cap);
  const idx = new Int32Array(cap);
  const cnt = new Int32Array(cap);
  let n = 0;
  const count = first.length;
  const end = lastVisible(vp);
  const scale = width / Number(vp.span);
  const px = (a: bigint): number => Number(a - vp.start) * scale;
  // The first address at least MERGE_GAP_PX right of pixel offset x.
  const boundary = (x: number): bigint => vp.start + BigInt(Math.ceil((x + MERGE_GAP_PX) / scale));

  let i = firstEndingAtOrAfter(last, vp.start);
  while (i < count && n < cap) {
    const f = first[i] as bigint;
    if (f > end) break;
    const from = i;
    const rx0 = px(f);
    let rx1 = px((last[i] as bigint) + 1n);
    i++;
    while (i < count && rx1 < width) {
      const b = boundary(rx1);
      const nf = first[i] as bigint;
      if (nf >= b) break;
      const nextWide = px((last[i] as bigint) + 1n) - px(nf) >= WIDE_PX;
      if (nextWide && rx1 - rx0 >= WIDE_PX) break;
      // Every range ending before b lies within the gap: all of them join, in one jump.
      const j = firstEndingAtOrAfter(last, b, i, count);
      if (j > i) {
        rx1 = Math.max(rx1, px((last[j - 1] as bigint) + 1n));
        i = j;
        continue;
      }
      // Range i starts within the gap and reaches past it.
      rx1 = Math.max(rx1, px((last[i] as bigint) + 1n));
      i++;
    }
    x0[n] = Math.max(rx0, -1);
    x1[n] = Math.min(rx1, width + 1);
    idx[n] = from;
    cnt[n] = i - from;
    n++;
  }
  return { x0, x1, idx, cnt, n };
}
