import { describe, expect, it } from 'vitest';
import { buildRects } from '../../../src/ui/map/drawlist';
import { WHOLE_SPACE, addrToPx, fitRange } from '../../../src/ui/map/viewport';
import { mappings, set } from './fixtures';

describe('draw list', () => {
  it('one rectangle per visible range when they are wide, boundaries kept between abutting ranges', () => {
    // Two abutting 4 KiB mappings (two kernel objects) and one apart.
    const s = set('mapping', [[0x1000n, 0x1fffn], [0x2000n, 0x2fffn], [0x5000n, 0x5fffn]]);
    const vp = { start: 0n, span: 0x8000n };
    const r = buildRects(s.first, s.last, vp, 800);
    expect(r.n).toBe(3);
    expect([...r.x0.slice(0, 3)]).toEqual([100, 200, 500]);
    expect([...r.x1.slice(0, 3)]).toEqual([200, 300, 600]);
  });

  it('skips ranges outside the window', () => {
    const s = set('mapping', [[0x0n, 0xfffn], [0x10_0000n, 0x10_0fffn], [0x20_0000n, 0x20_0fffn]]);
    const vp = { start: 0x10_0000n, span: 0x1000n };
    const r = buildRects(s.first, s.last, vp, 1000);
    expect(r.n).toBe(1);
    expect(r.x0[0]).toBe(0);
    expect(r.x1[0]).toBe(1000);
  });

  it('merges sub-pixel neighbours: 100k mappings at full zoom-out make a handful of rectangles', () => {
    const m = mappings(100_000, 0x1_0000_0000n, 0x1000n, 0x2000n);
    const r = buildRects(m.first, m.last, WHOLE_SPACE, 1600);
    expect(r.n).toBe(1);
    expect(r.x0[0]).toBeCloseTo(addrToPx(WHOLE_SPACE, 1600, 0x1_0000_0000n), 6);
  });

  it('at a middle zoom, merged rectangles cover every range and never overlap', () => {
    // 100k mappings spread so that ~30 share a pixel: the merge must be by jumps, not a walk.
    const m = mappings(100_000, 0x4000_0000n, 0x1000n, 0x3000n);
    const vp = fitRange(m.first[0]!, m.last[99_999]!, 0.1);
    const r = buildRects(m.first, m.last, vp, 1000);
    expect(r.n).toBeGreaterThan(0);
    expect(r.n).toBeLessThanOrEqual(1000 + 4);
    for (let i = 1; i < r.n; i++) expect(r.x0[i]!).toBeGreaterThanOrEqual(r.x1[i - 1]!);
    // Every mapping lies inside some rectangle.
    let k = 0;
    for (let i = 0; i < 100_000; i += 997) {
      const x0 = addrToPx(vp, 1000, m.first[i]!);
      while (k < r.n - 1 && r.x1[k]! < x0) k++;
      expect(r.x0[k]! <= x0 + 1e-6 && x0 <= r.x1[k]! + 1e-6).toBe(true);
    }
  });

  it('a range wider than the window is clipped to just outside the edges', () => {
    const s = set('usable', [[0n, (1n << 64n) - 1n]]);
    const r = buildRects(s.first, s.last, { start: 0x1000n, span: 0x1000n }, 500);
    expect(r.n).toBe(1);
    expect(r.x0[0]).toBe(-1);
    expect(r.x1[0]).toBe(501);
  });
});
