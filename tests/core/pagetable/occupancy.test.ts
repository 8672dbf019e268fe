import { describe, expect, it } from 'vitest';
import { amdV1, armLpae, mockFormat, pageTableFormat, tceFormat } from '../../../src/core/pagetable/formats';
import { leafRuns } from '../../../src/core/pagetable/leaves';
import type { MappedRange } from '../../../src/core/pagetable/occupancy';
import { occupancy } from '../../../src/core/pagetable/occupancy';

const KiB = 1024n;
const MiB = 1024n * KiB;
const GiB = 1024n * MiB;
const TiB = 1024n * GiB;
const U64_MAX = (1n << 64n) - 1n;
const VA = 0x7f00_0000_0000n; // 1 GiB aligned, so the VA never limits the leaf size

const r = (first: bigint, last: bigint, userVa = VA + first): MappedRange => ({ first, last, userVa });
const perLevel = (o: ReturnType<typeof occupancy>) => o.perLevel.map((l) => [l.level, l.tables]);
const ONE_GIB = r(0x4000_0000n, 0x7fff_ffffn);

describe('worked numbers (4K granule, 4 levels: VT-d SS and ARM S1 48-bit)', () => {
  const vtd = pageTableFormat('vtd-ss-4');

  it('1 GiB at 1 GiB with 4K leaves: 512 + 1 + 1 + root = 515 tables = 2,109,440 bytes', () => {
    const o = occupancy(vtd, [ONE_GIB]);
    expect(perLevel(o)).toEqual([[4, 1n], [3, 1n], [2, 1n], [1, 512n]]);
    expect(o.tables).toBe(515n);
    expect(o.bytes).toBe(2_109_440n);
    expect(o.leaves).toEqual([{ size: 4n * KiB, level: 1, count: 262_144n, ptes: 262_144n }]);
    expect(o.mappedBytes).toBe(GiB);
    expect(o.maxLeaf).toBe(4n * KiB);
    expect(o.assumptions.join(' ')).toMatch(/user VA stands in for the physical alignment/);
    expect(occupancy(armLpae(12, 48, 1), [ONE_GIB]).tables).toBe(515n);
  });

  it('with 2M leaves (hugepage-backed): 3 tables (12 KiB); with 1G leaves: 2 tables', () => {
    const o2 = occupancy(vtd, [ONE_GIB], { maxLeaf: 2n * MiB });
    expect(o2.tables).toBe(3n);
    expect(o2.bytes).toBe(12n * KiB);
    expect(o2.leaves).toEqual([{ size: 2n * MiB, level: 2, count: 512n, ptes: 512n }]);
    const o1 = occupancy(vtd, [ONE_GIB], { maxLeaf: GiB });
    expect(o1.tables).toBe(2n);
    expect(o1.leaves).toEqual([{ size: GiB, level: 3, count: 1n, ptes: 1n }]);
  });

  it('one more 4K page at 4 GiB adds one L1 and one L2 table (L3 shared): +2', () => {
    expect(occupancy(vtd, [ONE_GIB, r(0x1_0000_0000n, 0x1_0000_0fffn)]).tables).toBe(517n);
    // Order of the input does not matter.
    expect(occupancy(vtd, [r(0x1_0000_0000n, 0x1_0000_0fffn), ONE_GIB]).tables).toBe(517n);
  });

  it('5-level VT-d: one more root level', () => {
    expect(occupancy(pageTableFormat('vtd-ss-5'), [ONE_GIB]).tables).toBe(516n);
  });

  it('an empty domain still has its root', () => {
    const o = occupancy(vtd, []);
    expect(o.tables).toBe(1n);
    expect(o.bytes).toBe(4096n);
  });

  it('the VA limits leaves: 2M-backed memory at an IOVA 4K off the VA alignment gets 4K leaves only', () => {
    const o = occupancy(vtd, [r(0x4000_0000n, 0x7fff_ffffn, VA + 0x1000n)], { maxLeaf: 2n * MiB });
    expect(o.leaves.map((l) => l.size)).toEqual([4n * KiB]);
    expect(o.tables).toBe(515n);
  });

  it('a domain without superpage capability (pgsize_bitmap 4K) maps 4K leaves even when hugepage-backed', () => {
    expect(occupancy(vtd, [ONE_GIB], { maxLeaf: GiB, pgsizeBitmap: 4096n }).tables).toBe(515n);
  });

  it('head, body and tail: 4K..2M..4K around 2M boundaries', () => {
    // [2M - 8K, 6M + 12K): head 2 x 4K, body 2 x 2M, tail 3 x 4K.
    const o = occupancy(vtd, [r(2n * MiB - 8n * KiB, 6n * MiB + 12n * KiB - 1n)], { maxLeaf: 2n * MiB });
    expect(o.leaves.map((l) => [l.size, l.count])).toEqual([[4n * KiB, 5n], [2n * MiB, 2n]]);
    // L1 tables: the one for [0, 2M) and the one for [6M, 8M).
    expect(perLevel(o)).toEqual([[4, 1n], [3, 1n], [2, 1n], [1, 2n]]);
  });

  it('1 TiB with 4K leaves: 2^19 + 2^10 + 2 + 1 tables, without a loop over pages', () => {
    // A loop over the 2^28 pages would not finish within the test's timeout; speed itself is
    // measured by `npm run bench` (pt_occupancy_1tib_4k_ms).
    const o = occupancy(vtd, [r(TiB, 2n * TiB - 1n)]);
    expect(o.tables).toBe((1n << 19n) + (1n << 10n) + 2n + 1n);
    expect(o.leaves[0]!.count).toBe(1n << 28n);
  });
});

describe('exactness at the top of the 64-bit space', () => {
  it('the mock maps up to 2^64 - 1: 2^53 leaves of 2 KiB for the whole space', () => {
    const o = occupancy(mockFormat(), [r(0n, U64_MAX, 0n)]);
    expect(o.leaves).toEqual([{ size: 2048n, level: 1, count: 1n << 53n, ptes: 1n << 53n }]);
    expect(o.mappedBytes).toBe(1n << 64n);
    expect(o.tables).toBe(1n);
    expect(o.bytes).toBe(0n);
  });

  it('leaf runs ending exactly at 2^64: head 4K, one 1G body', () => {
    const f = pageTableFormat('vtd-ss-4');
    const first = (1n << 64n) - GiB - 4096n;
    const runs = leafRuns(first, 1n << 64n, f.leaves);
    expect(runs.map((x) => [x.first, x.size, x.count])).toEqual([[first, 4096n, 1n], [(1n << 64n) - GiB, GiB, 1n]]);
  });

  it('ranges beyond a 48-bit table are clipped and said so', () => {
    const o = occupancy(pageTableFormat('vtd-ss-4'), [r(0n, U64_MAX, 0n)]);
    expect(o.mappedBytes).toBe(1n << 48n);
    expect(perLevel(o)).toEqual([[4, 1n], [3, 512n], [2, 1n << 18n], [1, 1n << 27n]]);
    expect(o.assumptions.join(' ')).toMatch(/beyond the table's reach/);
  });

  it('a TCE window at 1<<59 counts in window offsets', () => {
    const f = tceFormat({ start: 1n << 59n, size: TiB, pageShift: 16, levels: 2 }, 16);
    const o = occupancy(f, [r((1n << 59n) + 512n * MiB - 64n * KiB, (1n << 59n) + 512n * MiB + 64n * KiB - 1n, 0x1000_0000n)]);
    // Two TCEs straddling the first 512 MiB leaf-table boundary: two leaf tables + top.
    expect(perLevel(o)).toEqual([[2, 1n], [1, 2n]]);
    expect(o.leaves).toEqual([{ size: 64n * KiB, level: 1, count: 2n, ptes: 2n }]);
  });
});

describe('PPC TCE (powernv, 64 KiB kernel pages)', () => {
  const W1 = 1n << 59n;

  it('1 TiB @64K, 2 levels, first 16 GiB mapped: 32 leaf tables + top = 2.06 MiB (vs 128 MiB one-level)', () => {
    const f = tceFormat({ start: W1, size: TiB, pageShift: 16, levels: 2 }, 16);
    const o = occupancy(f, [r(W1, W1 + 16n * GiB - 1n, 0x1_0000_0000n)]);
    expect(perLevel(o)).toEqual([[2, 1n], [1, 32n]]);
    expect(o.bytes).toBe(33n * 64n * KiB); // 2,162,688 bytes
    expect(o.leaves[0]!.count).toBe(1n << 18n);
    const one = occupancy(tceFormat({ start: W1, size: TiB, pageShift: 16, levels: 1 }, 16), [r(W1, W1 + 16n * GiB - 1n)]);
    expect(one.bytes).toBe(128n * MiB);
  });

  it('an empty window holds only its top table; a pseries window holds no guest memory', () => {
    expect(occupancy(tceFormat({ start: 0n, size: 2n * GiB, pageShift: 12, levels: 2 }, 16), []).bytes).toBe(64n * KiB);
    expect(occupancy(tceFormat({ start: 0n, size: GiB, pageShift: 12, levels: 1 }, 16, true), [r(0n, GiB - 1n)]).bytes).toBe(0n);
  });

  it('TCEs written past the window end (the MAP_DMA range-check bug) are not counted, and that is said', () => {
    const f = tceFormat({ start: 0n, size: 2n * GiB, pageShift: 12, levels: 1 }, 16);
    const o = occupancy(f, [r(2n * GiB - 8192n, 2n * GiB + 8191n)]);
    expect(o.leaves[0]!.count).toBe(2n);
    expect(o.assumptions.join(' ')).toMatch(/outside the window/);
  });
});

describe('AMD v1 (3 levels, grows)', () => {
  const amd = amdV1();

  it('below 512 GiB the table keeps 3 levels', () => {
    const o = occupancy(amd, [r(0n, 4095n)]);
    expect(o.levels).toBe(3);
    expect(o.tables).toBe(3n);
  });

  it('a page at 512 GiB grows it to 4 levels; the old root stays as entry 0 of the new one', () => {
    const o = occupancy(amd, [r(512n * GiB, 512n * GiB + 4095n)]);
    expect(o.levels).toBe(4);
    expect(perLevel(o)).toEqual([[4, 1n], [3, 2n], [2, 1n], [1, 1n]]);
    expect(o.assumptions.join(' ')).not.toMatch(/up to/);
    expect(occupancy(amd, []).assumptions.join(' ')).toMatch(/3 of up to 4 levels/);
  });

  it('sizes between levels are replicated PTEs: 12 KiB at a 2M-aligned IOVA = one 8K page (2 PTEs) + one 4K page', () => {
    const o = occupancy(amd, [r(2n * MiB, 2n * MiB + 12n * KiB - 1n)], { maxLeaf: 2n * MiB });
    expect(o.leaves).toEqual([
      { size: 4n * KiB, level: 1, count: 1n, ptes: 1n },
      { size: 8n * KiB, level: 1, count: 1n, ptes: 2n },
    ]);
    expect(o.tables).toBe(3n);
  });
});
