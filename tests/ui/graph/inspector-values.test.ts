// The inspector's spelling of values and its range look-ups (src/ui/inspector/values.ts,
// ranges.ts): exact hex, human sizes, page sizes, and finding ranges in typed-array layers.
import { describe, expect, it } from 'vitest';
import { layerCounts, rangeChange, rangeChangesOf, rangesContaining, rangesEqual } from '../../../src/ui/inspector/ranges';
import { attrText, hex, humanSize, isSizeKey, pageSizes, rangeSize } from '../../../src/ui/inspector/values';
import { type1Story } from './fixtures';

describe('inspector values', () => {
  it('spells sizes exactly in the largest unit that divides them', () => {
    expect(humanSize(0n)).toBe('0 B');
    expect(humanSize(0x800n)).toBe('2 KiB');
    expect(humanSize(0x200000n)).toBe('2 MiB');
    expect(humanSize(0xfee00000n)).toBe('4078 MiB');
    expect(humanSize(1n << 48n)).toBe('256 TiB');
    expect(humanSize(1n << 64n)).toBe('16 EiB');
    expect(humanSize(0x180000n)).toBe('1536 KiB');
    // Not a multiple of anything: about so much, from integer arithmetic.
    expect(humanSize(0x1fffffn)).toBe('≈ 1.99 MiB');
    expect(humanSize((1n << 64n) - 1n)).toBe('≈ 15.99 EiB');
  });

  it('lists the page sizes of a pgsize bitmap', () => {
    expect(pageSizes(0x40201000n)).toBe('4 KiB, 2 MiB, 1 GiB');
    expect(pageSizes(0n)).toBe('none');
    // ~0xfff: every power of two from 4 KiB up to 2^63.
    expect(pageSizes(0xfffffffffffff000n)).toBe('4 KiB, 8 KiB, 16 KiB, 32 KiB, 64 KiB, … 8 EiB (52 sizes)');
  });

  it('shows 64-bit attributes in exact hex, with a size or page sizes where they are ones', () => {
    expect(attrText('aperture_end', 0xffffffffffffn)).toEqual({ text: '0xffffffffffff', hex: 0xffffffffffffn, note: null });
    expect(attrText('window_size', 0x40000000n)).toMatchObject({ text: '0x40000000', note: '1 GiB' });
    expect(attrText('pgsize_bitmap', 0x40201000n)).toMatchObject({ note: '4 KiB, 2 MiB, 1 GiB' });
    expect(attrText('tableBytes', 0x10000n).note).toBe('64 KiB');
    expect(attrText('dma_avail', 65535)).toEqual({ text: '65535', hex: null, note: null });
    expect(attrText('auto', true).text).toBe('true');
    expect(attrText('ioas', null).text).toBe('—');
    expect(hex(0n)).toBe('0x0');
    // 2^64 - 1 survives: no float on the way.
    expect(hex(0xffffffffffffffffn)).toBe('0xffffffffffffffff');
  });

  it('knows which names are sizes', () => {
    for (const k of ['size', 'length', 'window_size', 'dma32_window_size', 'tableBytes', 'requestedSize']) expect(isSizeKey(k)).toBe(true);
    for (const k of ['pgsize_bitmap', 'iova_pgsizes', 'page_shift', 'levels', 'dma_avail', 'users']) expect(isSizeKey(k)).toBe(false);
  });

  it('measures a range as last - first + 1, the whole space included', () => {
    expect(rangeSize(0x100000n, 0x2fffffn)).toBe(0x200000n);
    expect(rangeSize(0n, 0xffffffffffffffffn)).toBe(1n << 64n);
  });
});

describe('inspector range look-ups', () => {
  const space = type1Story(4).spaces.find((s) => s.id === 'container:1')!;

  it('finds the ranges equal to a span, with their backing', () => {
    expect(rangesEqual(space, 0x100000n, 0x2fffffn)).toEqual([
      { kind: 'mapping', first: 0x100000n, last: 0x2fffffn, backing: 0x7f0000000000n, label: null },
    ]);
    expect(rangesEqual(space, 0x100000n, 0x2ffffen)).toEqual([]);
  });

  it('finds every layer that holds an address', () => {
    expect(rangesContaining(space, 0x1ff000n).map((r) => r.kind)).toEqual(['usable', 'mapping']);
    expect(rangesContaining(space, 0xfee00000n).map((r) => [r.kind, r.label])).toEqual([['reserved', 'msi']]);
    expect(rangesContaining(space, 0x1000000000000n)).toEqual([]);
  });

  it('counts ranges per kind and tells what the step did to one', () => {
    expect(layerCounts(space)).toEqual([
      { kind: 'usable', count: 2 },
      { kind: 'reserved', count: 1 },
      { kind: 'mapping', count: 1 },
    ]);
    const s = type1Story(4);
    expect(rangeChange(s.changes, 'container:1', 0x100000n, 0x2fffffn)).toBe('added');
    expect(rangeChange(s.changes, 'container:1', 0n, 0xfedfffffn)).toBeNull();
  });

  it('names the layer a range left when it stays in another (a reset drops the device copy, not the IOTLB entry)', () => {
    const changes = {
      addedNodes: [], removedNodes: [], changedNodes: [], summary: [],
      ranges: [{ space: 'asid', kind: 'device-map' as const, added: [], removed: [{ first: 0x100000n, last: 0x1fffffn }], truncated: false }],
    };
    expect(rangeChangesOf(changes, 'asid', 0x100000n, 0x1fffffn)).toEqual([{ kind: 'device-map', what: 'removed' }]);
    expect(rangeChangesOf(changes, 'asid', 0x100000n, 0x1ffffen)).toEqual([]);
  });
});
