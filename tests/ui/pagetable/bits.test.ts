import { describe, expect, it } from 'vitest';
import { amdV1, pageTableFormat } from '../../../src/core/pagetable/formats';
import { arrayLookup, walk, walkTce } from '../../../src/core/pagetable/walk';
import { bitGroups, field, leafOffsetBits, levelLayout, walkedAddress } from '../../../src/ui/pagetable/bits';
import { fixedFormat, formatInfo, leafSizesText } from '../../../src/ui/pagetable/formatInfo';

const GiB = 1n << 30n;
const VA = 0x7f00_0000_0000n;
const brief = (gs: ReturnType<typeof bitGroups>) => gs.map((g) => [g.role, g.hi, g.lo, g.level, g.value]);

describe('bit groups of a VT-d 4-level walk', () => {
  const vtd = pageTableFormat('vtd-ss-4');
  const look = arrayLookup([
    { first: 0x4000_0000n, last: 0x7fff_ffffn, userVa: VA },
    { first: 0x1_0000_0000n, last: 0x1_0000_0fffn, userVa: 0x5555_0000_0000n },
  ]);

  it('4K leaf: [63:48] must be 0, four 9-bit indexes, [11:0] offset; values are the IOVA fields', () => {
    const w = walk(vtd, look, 0x4000_1234n);
    const layout = levelLayout(w, fixedFormat(w));
    expect(layout.map((l) => [l.level, l.hi, l.lo])).toEqual([[4, 47, 39], [3, 38, 30], [2, 29, 21], [1, 20, 12]]);
    expect(brief(bitGroups(w, layout))).toEqual([
      ['above', 63, 48, null, 0n],
      ['index', 47, 39, 4, 0n],
      ['index', 38, 30, 3, 1n],
      ['index', 29, 21, 2, 0n],
      ['index', 20, 12, 1, 1n],
      ['offset', 11, 0, null, 0x234n],
    ]);
    // The groups tile all 64 bits, without gaps or overlaps.
    const gs = bitGroups(w, layout);
    for (let i = 1; i < gs.length; i++) expect(gs[i]!.hi).toBe(gs[i - 1]!.lo - 1);
    expect(gs[0]!.hi).toBe(63);
    expect(gs[gs.length - 1]!.lo).toBe(0);
    // 4K leaf: no bracket needed beyond the page offset group, but the offset is known.
    expect(leafOffsetBits(w)).toEqual({ hi: 11, lo: 0, value: 0x234n });
  });

  it('1G leaf: the walk stops at level 3, levels 2 and 1 are part of the 1 GiB page offset [29:0]', () => {
    const w = walk(vtd, look, 0x7fff_fff0n, { maxLeaf: GiB });
    const gs = bitGroups(w, levelLayout(w, fixedFormat(w)));
    expect(gs.map((g) => g.role)).toEqual(['above', 'index', 'index', 'leaf-offset', 'leaf-offset', 'offset']);
    expect(leafOffsetBits(w)).toEqual({ hi: 29, lo: 0, value: 0x3fff_fff0n });
  });

  it('fault at level 3: levels 2 and 1 are unreached, still drawn from the format', () => {
    const w = walk(vtd, look, 0x8000_0000n);
    const gs = bitGroups(w, levelLayout(w, fixedFormat(w)));
    expect(gs.map((g) => [g.role, g.level])).toEqual([
      ['above', null], ['index', 4], ['index', 3], ['unreached', 2], ['unreached', 1], ['offset', null],
    ]);
    expect(leafOffsetBits(w)).toBeNull();
  });

  it('beyond the table (no steps): the layout still comes from the format, and bits [63:48] are not 0', () => {
    const w = walk(vtd, look, 1n << 59n);
    expect(w.steps).toEqual([]);
    const gs = bitGroups(w, levelLayout(w, fixedFormat(w)));
    expect(gs[0]).toMatchObject({ role: 'above', hi: 63, lo: 48, value: 1n << 11n });
    expect(gs.slice(1, 5).map((g) => g.role)).toEqual(['unreached', 'unreached', 'unreached', 'unreached']);
  });

  it('5-level VT-d: [56:48] indexes level 5, [63:57] must be 0', () => {
    const w = walk(pageTableFormat('vtd-ss-5'), look, 0x4000_1234n);
    const layout = levelLayout(w, fixedFormat(w));
    expect(layout[0]).toMatchObject({ level: 5, hi: 56, lo: 48, label: 'SL-PML5E' });
    expect(bitGroups(w, layout)[0]).toMatchObject({ role: 'above', hi: 63, lo: 57 });
  });
});

describe('AMD v1 (grows) and the mock (flat)', () => {
  it('AMD at 3 levels: the root is level 3 [38:30], [63:39] above; format says 3 of up to 4 levels', () => {
    const look = arrayLookup([{ first: 0x1000n, last: 0x1fffn, userVa: VA + 0x1000n }]);
    const w = walk(amdV1(), look, 0x1234n);
    expect(w.levels).toBe(3);
    const f = fixedFormat(w);
    const layout = levelLayout(w, f);
    expect(layout.map((l) => [l.level, l.hi, l.lo])).toEqual([[3, 38, 30], [2, 29, 21], [1, 20, 12]]);
    expect(bitGroups(w, layout)[0]).toMatchObject({ role: 'above', hi: 63, lo: 39 });
    expect(formatInfo(w, f, layout, null).levels).toBe('3 of up to 4 levels');
    expect(formatInfo(w, f, layout, null).leaves).toBe('every power of two from 4 KiB to 128 TiB except 512 GiB');
  });

  it('mock: one 53-bit index [63:11] and an 11-bit offset, exact at 2^64 - 1', () => {
    const top = (1n << 64n) - 2048n;
    const look = arrayLookup([{ first: top, last: (1n << 64n) - 1n, userVa: 0x1000n }]);
    const w = walk(pageTableFormat('mock'), look, (1n << 64n) - 1n);
    const gs = bitGroups(w, levelLayout(w, fixedFormat(w)));
    expect(brief(gs)).toEqual([['index', 63, 11, 1, (1n << 53n) - 1n], ['offset', 10, 0, null, 0x7ffn]]);
  });

  it('leaf size lists: short ones spelled out', () => {
    expect(leafSizesText([4096n, 2n << 20n, 1n << 30n])).toBe('4 KiB, 2 MiB, 1 GiB');
  });
});

describe('TCE walks: bits of the window offset', () => {
  const start = 1n << 59n; // powernv window slot 1
  const windows = [
    { slot: 1, start, size: 1n << 40n, pageShift: 16, levels: 2, mapped: arrayLookup([{ first: start + 0x1_0000n, last: start + 0x4_ffffn, userVa: VA }]) },
  ];

  it('2 levels of 8192 TCEs (64K kernel pages): offset bits [28:16] and [41:29]; the strip draws iova - start', () => {
    const iova = start + 0x2_1234n;
    const w = walkTce(windows, iova, 16);
    expect(walkedAddress(w)).toBe(0x2_1234n);
    const layout = levelLayout(w, fixedFormat(w));
    expect(fixedFormat(w)).toBeNull();
    expect(layout.map((l) => [l.level, l.hi, l.lo, l.label])).toEqual([[2, 41, 29, 'indirect TCE'], [1, 28, 16, 'TCE']]);
    expect(brief(bitGroups(w, layout))).toEqual([
      ['above', 63, 42, null, 0n],
      ['index', 41, 29, 2, 0n],
      ['index', 28, 16, 1, 2n],
      ['offset', 15, 0, null, 0x1234n],
    ]);
    expect(w.result).toMatchObject({ kind: 'translated', userAddr: VA + 0x1_1234n });
    // Exact past 2^53: the walked IOVA is 2^59 + 0x21234.
    expect(w.iova).toBe(0x0800_0000_0002_1234n);
  });

  it('a fault at the top level still lays out the lower level by extrapolation', () => {
    const w = walkTce(windows, start + (1n << 35n), 16);
    expect(w.result).toMatchObject({ kind: 'fault', level: 2 });
    const gs = bitGroups(w, levelLayout(w, null));
    expect(gs.map((g) => [g.role, g.hi, g.lo])).toEqual([['above', 63, 42], ['index', 41, 29], ['unreached', 28, 16], ['offset', 15, 0]]);
    expect(field(walkedAddress(w), 41, 29)).toBe(64n); // 2^35 >> 29
  });

  it('outside every window: no layout, the bare 64 bits', () => {
    const w = walkTce(windows, 0x1000n, 16);
    expect(levelLayout(w, null)).toEqual([]);
    expect(brief(bitGroups(w, []))).toEqual([['plain', 63, 0, null, 0x1000n]]);
  });

  it('format info of a TCE window reads the TCE page size from the walk', () => {
    const w = walkTce(windows, start, 16);
    const info = formatInfo(w, null, levelLayout(w, null), null);
    expect(info.title).toBe('powernv IODA2 TCE table, 64 KiB TCE pages');
    expect(info.levels).toBe('2 levels');
    expect(info.granule).toBe(65536n);
  });
});
