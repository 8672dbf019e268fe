// What is under the pointer in one lane: the range containing the address at the cursor (the
// front-most kind first), or, when the cursor is on empty space next to ranges too small to hit
// (a 4 KiB mapping at full zoom-out), the nearest range within a few pixels. Pure: the address
// is found by binary search in the typed arrays, never by scanning.

import type { AddressSpaceView, RangeKind } from '../../core/view/types';
import type { Role } from './lanes';
import { HIT_ORDER, ROLE, roleBox } from './lanes';
import { firstEndingAtOrAfter, indexContaining, indicesIntersecting } from './search';
import type { Viewport } from './viewport';
import { pxToAddr } from './viewport';

/** How far (in pixels) the pointer may be from a range and still pick it. */
export const HIT_SLOP_PX = 3;

export interface RangeRef {
  readonly kind: RangeKind;
  readonly first: bigint;
  readonly last: bigint;
  readonly backing: bigint | null;
  readonly label: string | null;
}

export interface Hit {
  readonly space: AddressSpaceView;
  /** The address under the cursor (at its sub-pixel position). */
  readonly addr: bigint;
  /** The range picked, or null over empty space. */
  readonly range: RangeRef | null;
  /** How many ranges of the picked range's layer share its pixel column (1 when it is alone). */
  readonly inPixel: number;
  /** Ranges of the other layers that contain the address (a mapping's window, its usable range). */
  readonly also: readonly RangeRef[];
}

export function rangeAt(space: AddressSpaceView, layer: number, i: number): RangeRef {
  const set = space.layers[layer]!;
  return {
    kind: set.kind,
    first: set.first[i] as bigint,
    last: set.last[i] as bigint,
    backing: set.backing ? (set.backing[i] as bigint) : null,
    label: set.label?.[i] ?? null,
  };
}

const TIERS: readonly (readonly Role[])[] = [['bar'], ['band', 'frame'], ['strip', 'underlay']];

function containing(space: AddressSpaceView, layers: readonly number[], addr: bigint): { layer: number; i: number } | null {
  for (const l of layers) {
    const set = space.layers[l]!;
    const i = indexContaining(set.first, set.last, addr);
    if (i >= 0) return { layer: l, i };
  }
  return null;
}

/** The range nearest addr among those intersecting [lo, hi]. */
function nearest(space: AddressSpaceView, layers: readonly number[], addr: bigint, lo: bigint, hi: bigint): { layer: number; i: number } | null {
  let best: { layer: number; i: number } | null = null;
  let bestDist: bigint | null = null;
  for (const l of layers) {
    const set = space.layers[l]!;
    const [from, to] = indicesIntersecting(set.first, set.last, lo, hi);
    if (from >= to) continue;
    // The candidates nearest the address are the last one before it and the first after it.
    const after = firstEndingAtOrAfter(set.last, addr, from, to);
    for (const i of [after - 1, after]) {
      if (i < from || i >= to) continue;
      const f = set.first[i] as bigint;
      const la = set.last[i] as bigint;
      const d = addr < f ? f - addr : addr > la ? addr - la : 0n;
      if (bestDist === null || d < bestDist) {
        bestDist = d;
        best = { layer: l, i };
      }
    }
  }
  return best;
}

/**
 * Layer indices of a space, front-most kind first. A thin strip (allowed IOVAs) answers only
 * when the pointer is on it (`y`, relative to the lane's top), not over the whole lane.
 */
function layersFrontToBack(space: AddressSpaceView, y: number | null): number[] {
  const onStrip = y === null || y >= roleBox('strip')[0] - 4;
  const idx = space.layers.map((_, i) => i).filter((i) => onStrip || ROLE[space.layers[i]!.kind] !== 'strip');
  return idx.sort((a, b) => HIT_ORDER.indexOf(space.layers[a]!.kind) - HIT_ORDER.indexOf(space.layers[b]!.kind));
}

/** What is at pixel x of a lane; `y` (from the lane's top) decides only whether a thin strip is hit. */
export function hitTest(space: AddressSpaceView, vp: Viewport, width: number, x: number, y: number | null = null): Hit {
  const addr = pxToAddr(vp, width, x);
  const order = layersFrontToBack(space, y);
  const pixelLo = pxToAddr(vp, width, Math.floor(x));
  const nextPixel = pxToAddr(vp, width, Math.floor(x) + 1);
  const pixelHi = nextPixel > pixelLo ? nextPixel - 1n : pixelLo;
  // Tiers, front to back: the bars (mappings), then bands and frames (reserved regions,
  // windows), then the underlays. In each tier a range containing the pointer wins, then the
  // nearest one within the slop: a merged bar of sub-pixel mappings is drawn solid, so the
  // pointer on it names a mapping, not the usable range showing through a 4 KiB gap.
  const lo = pxToAddr(vp, width, x - HIT_SLOP_PX);
  const hi = pxToAddr(vp, width, x + HIT_SLOP_PX);
  let picked: { layer: number; i: number } | null = null;
  for (const tier of TIERS) {
    const layers = order.filter((l) => tier.includes(ROLE[space.layers[l]!.kind]));
    picked = containing(space, layers, addr) ?? (tier.includes('underlay') ? null : nearest(space, layers, addr, lo, hi));
    if (picked) break;
  }
  const range = picked ? rangeAt(space, picked.layer, picked.i) : null;
  let inPixel = 0;
  if (picked) {
    const set = space.layers[picked.layer]!;
    const [from, to] = indicesIntersecting(set.first, set.last, pixelLo, pixelHi);
    inPixel = Math.max(1, to - from);
  }
  // The other layers at the pointer; for a range picked next to the pointer, at its start.
  const also: RangeRef[] = [];
  const at = range && (addr < range.first || addr > range.last) ? range.first : addr;
  for (const l of layersFrontToBack(space, null)) {
    if (picked && l === picked.layer) continue;
    const set = space.layers[l]!;
    const i = indexContaining(set.first, set.last, at);
    if (i >= 0) also.push(rangeAt(space, l, i));
  }
  return { space, addr, range, inPixel, also };
}
