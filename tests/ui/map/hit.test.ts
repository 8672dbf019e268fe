import { describe, expect, it } from 'vitest';
import { hitTest } from '../../../src/ui/map/hit';
import { buildRowIndex, rowAt, rowOf } from '../../../src/ui/map/tableRows';
import { WHOLE_SPACE, addrToPx } from '../../../src/ui/map/viewport';
import { mappings, set, space } from './fixtures';

// An IOAS with an MSI reserved region, a usable range and two mappings with their user VAs.
const ioas = space('ioas:1:2', [
  set('usable', [[0n, 0xfedf_ffffn], [0xfef0_0000n, 0xffff_ffff_ffffn]]),
  set('reserved', [[0xfee0_0000n, 0xfeef_ffffn]], { label: ['msi'] }),
  set('mapping', [[0x10_0000n, 0x10_1fffn], [0x20_0000n, 0x20_0fffn]], { backing: [0x7f00_0000_0000n, 0x7f00_0001_0000n] }),
]);

describe('hit test', () => {
  it('picks the mapping under the cursor with its backing and the ranges that contain it', () => {
    const vp = { start: 0x10_0000n, span: 0x4000n };
    const h = hitTest(ioas, vp, 1024, addrToPx(vp, 1024, 0x10_1000n) + 0.25);
    expect(h.addr).toBe(0x10_1004n); // 16 bytes per pixel: a quarter pixel in
    expect(h.range).toEqual({ kind: 'mapping', first: 0x10_0000n, last: 0x10_1fffn, backing: 0x7f00_0000_0000n, label: null });
    expect(h.inPixel).toBe(1);
    expect(h.also.map((r) => r.kind)).toEqual(['usable']);
  });

  it('a reserved region answers before the usable underlay, with its owner label', () => {
    const vp = { start: 0xfe00_0000n, span: 0x200_0000n };
    const h = hitTest(ioas, vp, 1000, addrToPx(vp, 1000, 0xfee8_0000n));
    expect(h.range?.kind).toBe('reserved');
    expect(h.range?.label).toBe('msi');
    expect(h.also).toEqual([]);
  });

  it('a tiny mapping at full zoom-out is still picked within a few pixels', () => {
    const lone = space('container:1', [set('mapping', [[0x8000_0000_0000n, 0x8000_0000_0fffn]])]);
    const x = addrToPx(WHOLE_SPACE, 1000, 0x8000_0000_0000n);
    const h = hitTest(lone, WHOLE_SPACE, 1000, x + 2);
    expect(h.range?.first).toBe(0x8000_0000_0000n);
    expect(hitTest(lone, WHOLE_SPACE, 1000, x + 10).range).toBeNull();
  });

  it('counts how many ranges share the pixel at full zoom-out', () => {
    const dense = space('ioas:1:9', [mappings(1000, 0x1000_0000n, 0x1000n, 0x1000n)]);
    const h = hitTest(dense, WHOLE_SPACE, 1000, addrToPx(WHOLE_SPACE, 1000, 0x1000_0000n));
    expect(h.range?.kind).toBe('mapping');
    expect(h.inPixel).toBe(1000);
  });
});

describe('table rows', () => {
  const spaces = [ioas, space('process', [set('vma', [[0x7f00_0000_0000n, 0x7f00_0fff_ffffn]])])];

  it('lists every range of every lane, in lane and layer order', () => {
    const idx = buildRowIndex(spaces, { space: null, kind: null });
    expect(idx.total).toBe(6);
    expect(rowAt(idx, 0)?.range.kind).toBe('usable');
    expect(rowAt(idx, 3)?.range).toMatchObject({ kind: 'mapping', first: 0x10_0000n });
    expect(rowAt(idx, 5)?.space.id).toBe('process');
    expect(rowAt(idx, 6)).toBeNull();
  });

  it('filters by lane and kind and finds a selected range', () => {
    const idx = buildRowIndex(spaces, { space: 'ioas:1:2', kind: 'mapping' });
    expect(idx.total).toBe(2);
    expect(rowOf(idx, 'ioas:1:2', 0x20_0000n, 0x20_0fffn)).toBe(1);
    expect(rowOf(idx, 'ioas:1:2', 0x20_0000n, 0x20_1fffn)).toBe(-1);
  });

  it('indexes 100k rows without building them', () => {
    const big = space('ioas:1:3', [mappings(100_000, 0n, 0x1000n, 0x2000n)]);
    const idx = buildRowIndex([big, ...spaces], { space: null, kind: null });
    expect(idx.total).toBe(100_006);
    expect(rowAt(idx, 99_999)?.range.first).toBe(99_999n * 0x2000n);
    expect(rowOf(idx, 'ioas:1:3', 50_000n * 0x2000n, 50_000n * 0x2000n + 0xfffn)).toBe(50_000);
  });
});

describe('hit test and the allowed strip', () => {
  const withAllowed = space('ioas:1:5', [
    set('usable', [[0n, 0xffff_ffffn]]),
    set('allowed', [[0x1000_0000n, 0x1fff_ffffn]]),
    set('mapping', [[0x1000_0000n, 0x1000_0fffn]]),
  ]);
  const vp = { start: 0n, span: 0x4000_0000n };

  it('the thin allowed strip answers only on it; elsewhere the usable range does', () => {
    const x = addrToPx(vp, 1000, 0x1800_0000n);
    expect(hitTest(withAllowed, vp, 1000, x, 20).range?.kind).toBe('usable');
    expect(hitTest(withAllowed, vp, 1000, x, 38).range?.kind).toBe('allowed');
    expect(hitTest(withAllowed, vp, 1000, x).range?.kind).toBe('allowed');
  });

  it('lists the other layers at the pointer, not at the start of the range picked', () => {
    const h = hitTest(withAllowed, vp, 1000, addrToPx(vp, 1000, 0x1800_0000n), 38);
    expect(h.also.map((r) => r.kind)).toEqual(['usable']);
  });
});

describe('hit test tiers', () => {
  it('on a solid bar of merged 4 KiB mappings the pointer names a mapping, even in a gap', () => {
    const s = space('ioas:1:6', [set('usable', [[0n, (1n << 48n) - 1n]]), mappings(3000, 0x1_0000_0000n, 0x1000n, 0x2000n)]);
    const vp = { start: 0xfff1_0000n, span: 0x195_0000n };
    // 0x1_003f_f800 is in the gap after the mapping at 0x1_003f_e000.
    const h = hitTest(s, vp, 900, addrToPx(vp, 900, 0x1_003f_f800n), 20);
    expect(h.range?.kind).toBe('mapping');
    expect(h.inPixel).toBeGreaterThan(1);
  });

  it('a window holding the pointer does not hide a mapping one pixel away', () => {
    const s = space('container:2', [set('window', [[0n, 0x7fff_ffffn]]), set('mapping', [[0x1000_0000n, 0x1000_0fffn]])]);
    const vp = { start: 0n, span: 0x8000_0000n };
    const x = addrToPx(vp, 1000, 0x1000_0000n);
    expect(hitTest(s, vp, 1000, x + 1.5, 20).range?.kind).toBe('mapping');
    expect(hitTest(s, vp, 1000, x + 40, 20).range?.kind).toBe('window');
  });
});
