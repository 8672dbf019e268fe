import { describe, expect, it } from 'vitest';
import {
  FULL_SPAN, MIN_SPAN, WHOLE_SPACE, addrToPx, applyGesture, clampViewport, fitRange, lastVisible, panPx, pxToAddr, reveal, zoomAt,
} from '../../../src/ui/map/viewport';

const U64_MAX = (1n << 64n) - 1n;

describe('viewport over 2^64', () => {
  it('the whole space is [0, 2^64 - 1] and maps its ends to the edges', () => {
    expect(lastVisible(WHOLE_SPACE)).toBe(U64_MAX);
    expect(addrToPx(WHOLE_SPACE, 1000, 0n)).toBe(0);
    expect(addrToPx(WHOLE_SPACE, 1000, 1n << 63n)).toBe(500);
    expect(addrToPx(WHOLE_SPACE, 1000, FULL_SPAN)).toBe(1000);
  });

  it('keeps exact pixel offsets near the top of the space (bigint origin, float offset)', () => {
    // A 4 KiB page at 0xffff_ffff_ffff_f000: past 2^53 a float cannot hold these addresses.
    const vp = clampViewport(0xffff_ffff_ffff_f000n, MIN_SPAN);
    expect(vp).toEqual({ start: 0xffff_ffff_ffff_f000n, span: 0x1000n });
    expect(addrToPx(vp, 1024, 0xffff_ffff_ffff_f800n)).toBe(512);
    expect(addrToPx(vp, 1024, 0xffff_ffff_ffff_f001n)).toBe(0.25);
    expect(pxToAddr(vp, 1024, 512)).toBe(0xffff_ffff_ffff_f800n);
    expect(pxToAddr(vp, 1024, 1023.99)).toBe(0xffff_ffff_ffff_ffffn);
  });

  it('clamps to [4 KiB, 2^64] and inside the space', () => {
    expect(clampViewport(-5n, 10n)).toEqual({ start: 0n, span: MIN_SPAN });
    expect(clampViewport(U64_MAX, MIN_SPAN)).toEqual({ start: FULL_SPAN - MIN_SPAN, span: MIN_SPAN });
    expect(clampViewport(7n, FULL_SPAN * 2n)).toEqual(WHOLE_SPACE);
  });

  it('zooms about an anchor and stops at one 4 KiB page', () => {
    let vp = WHOLE_SPACE;
    const anchor = 0x7fff_ffff_f000n;
    vp = fitRange(anchor, anchor + 0xfffn, 0);
    expect(vp).toEqual({ start: anchor, span: 0x1000n });
    // Further zoom in is refused: still one page, the anchor stays put.
    expect(zoomAt(vp, 4, 0.5)).toEqual(vp);
    // Zooming out from the whole space changes nothing.
    expect(zoomAt(WHOLE_SPACE, 0.5, 0.3)).toEqual(WHOLE_SPACE);
  });

  it('zooming in then out about the same anchor keeps the anchor address under it', () => {
    const vp0 = { start: 0x1000_0000n, span: 0x100_0000n };
    const a = pxToAddr(vp0, 800, 200);
    const vp1 = zoomAt(vp0, 16, 0.25);
    expect(vp1.span).toBe(0x10_0000n);
    expect(pxToAddr(vp1, 800, 200)).toBe(a);
    const vp2 = zoomAt(vp1, 1 / 16, 0.25);
    expect(vp2).toEqual(vp0);
  });

  it('can go from the whole space down to one page (52 doublings) by repeated zoom', () => {
    let vp = WHOLE_SPACE;
    for (let i = 0; i < 60; i++) vp = zoomAt(vp, 2, 0.5);
    expect(vp.span).toBe(MIN_SPAN);
    expect(vp.start).toBe((1n << 63n) - 0x800n);
  });

  it('pans by pixels and stops at the ends of the space', () => {
    const vp = { start: 0x10000n, span: 0x1000n };
    expect(panPx(vp, 1024, -256)).toEqual({ start: 0x10400n, span: 0x1000n });
    expect(panPx(vp, 1024, 1e9).start).toBe(0n);
    expect(panPx({ start: FULL_SPAN - 0x2000n, span: 0x1000n }, 1024, -1e9).start).toBe(FULL_SPAN - 0x1000n);
  });

  it('applies a d3 gesture delta: a pure translate pans, a scale zooms about its fixed point', () => {
    const vp = { start: 0x100000n, span: 0x10000n };
    expect(applyGesture(vp, 1000, { x: 0, k: 1 }, { x: -100, k: 1 })).toEqual(panPx(vp, 1000, -100));
    // A wheel zoom x2 at pixel 250: d3 gives x' = 250 - 2 * 250 = -250, k' = 2.
    const z = applyGesture(vp, 1000, { x: 0, k: 1 }, { x: -250, k: 2 });
    expect(z.span).toBe(0x8000n);
    expect(pxToAddr(z, 1000, 250)).toBe(pxToAddr(vp, 1000, 250));
  });

  it('fits a range with a margin and reveals a range with the least movement', () => {
    const f = fitRange(0x1000_0000n, 0x1fff_ffffn);
    expect(f.start).toBeLessThan(0x1000_0000n);
    expect(lastVisible(f)).toBeGreaterThan(0x1fff_ffffn);
    const vp = { start: 0n, span: 0x10_0000n };
    expect(reveal(vp, 0x1000n, 0x1fffn)).toBe(vp);
    const moved = reveal(vp, 0x100_0000n, 0x100_0fffn);
    expect(moved.span).toBe(vp.span);
    expect(moved.start).toBeLessThanOrEqual(0x100_0000n);
    expect(lastVisible(moved)).toBeGreaterThanOrEqual(0x100_0fffn);
    // Ends are rounded out to a power of two (a 512th of the span or less): readable, still covering.
    const r = fitRange(0x10_1234n, 0x30_5677n);
    expect(r.start % 0x1000n).toBe(0n);
    expect(r.start).toBeLessThan(0x10_1234n);
    expect(lastVisible(r)).toBeGreaterThan(0x30_5677n);
    // The whole 64-bit space fits exactly.
    expect(fitRange(0n, U64_MAX)).toEqual(WHOLE_SPACE);
  });
});

describe('fitRange near 0', () => {
  it('starts at 0 and ends on a round boundary (not 0x8a5_eb85_28f5_c28f)', () => {
    const vp = fitRange(0n, 0x0800_0000_ffff_ffffn);
    expect(vp.start).toBe(0n);
    expect((vp.start + vp.span) % (1n << 48n)).toBe(0n);
    expect(vp.start + vp.span).toBeGreaterThan(0x0800_0000_ffff_ffffn);
  });
});
