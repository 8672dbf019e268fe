// The map's x axis: a window onto the 64-bit address space kept in bigint (Perfetto's model).
// A viewport shows the addresses [start, start + span - 1]. Pixels are computed relative to the
// bigint origin, `Number(addr - start) / Number(span) * width`, so a float only ever holds an
// offset within the window: exact enough at every zoom, from the whole 2^64 space (where one
// pixel is ~2^54 bytes and a float's rounding of 2^11 bytes is invisible) down to one 4 KiB page.

/** The whole 64-bit space is 2^64 addresses: one more than U64_MAX, so a span can be 2^64. */
export const FULL_SPAN = 1n << 64n;
/** The deepest zoom: one 4 KiB page across the map's width. */
export const MIN_SPAN = 0x1000n;

export interface Viewport {
  readonly start: bigint;
  readonly span: bigint;
}

export const WHOLE_SPACE: Viewport = { start: 0n, span: FULL_SPAN };

/** Keeps a viewport inside [MIN_SPAN, 2^64] and inside the address space. */
export function clampViewport(start: bigint, span: bigint): Viewport {
  const s = span < MIN_SPAN ? MIN_SPAN : span > FULL_SPAN ? FULL_SPAN : span;
  const maxStart = FULL_SPAN - s;
  const st = start < 0n ? 0n : start > maxStart ? maxStart : start;
  return { start: st, span: s };
}

/** The last address the viewport shows. */
export function lastVisible(vp: Viewport): bigint {
  return vp.start + vp.span - 1n;
}

/** A float pixel offset for an address (may be outside [0, width] for addresses off screen). */
export function addrToPx(vp: Viewport, width: number, addr: bigint): number {
  return (Number(addr - vp.start) / Number(vp.span)) * width;
}

/** The address at a pixel offset (the first address the pixel column covers), clamped to u64. */
export function pxToAddr(vp: Viewport, width: number, px: number): bigint {
  const a = vp.start + floorBig((px / width) * Number(vp.span));
  return a < 0n ? 0n : a >= FULL_SPAN ? FULL_SPAN - 1n : a;
}

/** Bytes one pixel covers (a float: for display and gap thresholds only). */
export function bytesPerPx(vp: Viewport, width: number): number {
  return Number(vp.span) / width;
}

/**
 * Zooms by `factor` (> 1 zooms in) keeping the address under `anchor` (a fraction of the width,
 * possibly outside [0, 1]) where it is on screen.
 */
export function zoomAt(vp: Viewport, factor: number, anchor: number): Viewport {
  if (!(factor > 0) || !Number.isFinite(factor)) return vp;
  const spanF = Number(vp.span) / factor;
  const newSpan = spanF >= Number(FULL_SPAN) ? FULL_SPAN : spanF <= Number(MIN_SPAN) ? MIN_SPAN : roundBig(spanF);
  const fixed = vp.start + floorBig(anchor * Number(vp.span));
  return clampViewport(fixed - floorBig(anchor * Number(newSpan)), newSpan);
}

/** Pans by `dx` pixels (positive moves the content right, i.e. shows lower addresses). */
export function panPx(vp: Viewport, width: number, dx: number): Viewport {
  return clampViewport(vp.start - roundBig((dx / width) * Number(vp.span)), vp.span);
}

/** A 1-D view of a d3-zoom transform: screen = x + k * world. */
export interface PxTransform {
  readonly x: number;
  readonly k: number;
}

/**
 * Applies the change between two gesture transforms (d3-zoom's, in pixels) to the bigint
 * viewport. Any change of scale has a fixed point on screen; zooming about it reproduces the
 * gesture exactly, without ever handing a bigint to d3. Scale changes below one part in a
 * million (a pinch that mostly pans) are taken as a pure pan, where the fixed point would be
 * far away and numerically poor.
 */
export function applyGesture(vp: Viewport, width: number, prev: PxTransform, next: PxTransform): Viewport {
  const r = prev.k / next.k;
  if (!Number.isFinite(r) || r <= 0) return vp;
  if (Math.abs(1 - r) < 1e-6) return panPx(vp, width, next.x - prev.x);
  const fixedPx = (prev.x - r * next.x) / (1 - r);
  return zoomAt(vp, 1 / r, fixedPx / width);
}

/**
 * A viewport showing [first, last] with a margin of `margin` (a fraction of the range) on each
 * side, at least MIN_SPAN wide, centred when the range is smaller than that.
 */
export function fitRange(first: bigint, last: bigint, margin = 0.04): Viewport {
  const size = last - first + 1n;
  const pad = roundBig(Number(size) * margin);
  let span = size + 2n * pad;
  if (span < MIN_SPAN) span = MIN_SPAN;
  if (span > FULL_SPAN) span = FULL_SPAN;
  let start = first - (span - size) / 2n;
  // Round the ends out to a power of two near a 512th of the span, so that the readout and
  // the first tick read "0xe_b800", not "0xe_b852".
  const q = span >= 1024n ? 1n << BigInt((span / 512n).toString(2).length - 1) : 1n;
  // A window that would start below 0 starts at 0 (the clamp below would keep its span and
  // leave the end unrounded: "0x0 – 0x8a5_eb85_28f5_c28f").
  if (start < 0n) start = 0n;
  if (start > 0n) start -= start % q;
  let end = start + span;
  if (end % q !== 0n) end += q - (end % q);
  span = end - start;
  return clampViewport(start, span > FULL_SPAN ? FULL_SPAN : span);
}

/**
 * Moves the viewport the least to show [first, last]: unchanged when it is already in view,
 * centred at the same zoom when it fits, fitted otherwise.
 */
export function reveal(vp: Viewport, first: bigint, last: bigint): Viewport {
  if (first >= vp.start && last <= lastVisible(vp)) return vp;
  const size = last - first + 1n;
  if (size * 10n <= vp.span * 9n) return clampViewport(first + size / 2n - vp.span / 2n, vp.span);
  return fitRange(first, last);
}

export function sameViewport(a: Viewport, b: Viewport): boolean {
  return a.start === b.start && a.span === b.span;
}

function floorBig(x: number): bigint {
  return Number.isFinite(x) ? BigInt(Math.floor(x)) : 0n;
}

function roundBig(x: number): bigint {
  return Number.isFinite(x) ? BigInt(Math.round(x)) : 0n;
}
