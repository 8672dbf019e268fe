import { describe, expect, it } from 'vitest';
import { amdV1, armLpae, mockFormat, pageTableFormat, tceCreateChargeBytes, tceFormat, tceShapeProblem, vtdSecondStage } from '../../../src/core/pagetable/formats';
import { PLATFORMS } from '../../../src/core/platform/presets';

const KiB = 1024n;
const MiB = 1024n * KiB;
const GiB = 1024n * MiB;
const TiB = 1024n * GiB;

describe('radix formats (kernel-semantics part 2 §5)', () => {
  it('VT-d second stage: agaw 2 is 4 levels / 48 bits, agaw 3 is 5 levels / 57 bits, 4 KiB tables of 512 entries', () => {
    const v4 = vtdSecondStage(2);
    expect(v4.levels).toBe(4);
    expect(v4.maxIova).toBe((1n << 48n) - 1n);
    expect(v4.byLevel.map((l) => [l.indexLo, l.indexBits, l.spanShift])).toEqual([[12, 9, 21], [21, 9, 30], [30, 9, 39], [39, 9, 48]]);
    expect(v4.byLevel.every((l) => l.tableBytes === 4096n && l.entries === 512n)).toBe(true);
    expect(v4.leaves.map((l) => [l.size, l.level])).toEqual([[4n * KiB, 1], [2n * MiB, 2], [GiB, 3]]);
    const v5 = vtdSecondStage(3);
    expect(v5.levels).toBe(5);
    expect(v5.maxIova).toBe(0x01ff_ffff_ffff_ffffn);
    expect(v5.byLevel[4]!.label).toBe('SL-PML5E');
  });

  it('every preset with a paging domain names a format that exists and agrees with its aperture', () => {
    for (const p of Object.values(PLATFORMS)) {
      if (!p.domain || p.domain.format === 'ppc-tce') continue;
      const f = pageTableFormat(p.domain.format);
      expect(f.name).toBe(p.domain.format);
      expect(p.domain.apertureEnd <= f.maxIova).toBe(true);
      // Every page size the format writes is one the domain advertises.
      for (const l of f.leaves) expect(p.domain.pgsizeBitmap & l.size).toBe(l.size);
    }
  });

  it('AMD v1: starts at 3 levels, grows to 4; 512G is not a page size; odd sizes are replicated PTEs', () => {
    const f = amdV1();
    expect(f.initialLevels).toBe(3);
    expect(f.levels).toBe(4);
    expect(f.leaves.some((l) => l.size === 512n * GiB)).toBe(false);
    const at = (size: bigint) => f.leaves.find((l) => l.size === size)!;
    expect([at(4n * KiB).level, at(4n * KiB).ptes]).toEqual([1, 1n]);
    expect([at(8n * KiB).level, at(8n * KiB).ptes]).toEqual([1, 2n]);
    expect([at(1n * MiB).level, at(1n * MiB).ptes]).toEqual([1, 256n]);
    expect([at(2n * MiB).level, at(2n * MiB).ptes]).toEqual([2, 1n]);
    expect([at(GiB).level, at(GiB).ptes]).toEqual([3, 1n]);
    expect([at(TiB).level, at(TiB).ptes]).toEqual([4, 2n]);
    expect(f.leaves[f.leaves.length - 1]!.size).toBe(1n << 47n);
  });

  it('ARM LPAE: 4K/48-bit has a 512-entry pgd; 4K/40-bit a 2-entry pgd; stage 2 concatenates it', () => {
    const a48 = armLpae(12, 48, 1);
    expect(a48.name).toBe('arm-lpae-4k-48');
    expect(a48.levels).toBe(4);
    expect(a48.byLevel[3]!.entries).toBe(512n);
    expect(a48.byLevel.map((l) => l.label)).toEqual(['L3', 'L2', 'L1', 'L0']);
    const s1 = armLpae(12, 40, 1);
    expect(s1.levels).toBe(4);
    expect(s1.byLevel[3]!.indexBits).toBe(1); // pgd_bits = va_bits - bpl * (levels - 1) = 28 - 27
    expect(s1.byLevel[3]!.tableBytes).toBe(4096n); // 16 bytes, allocated as a page
    const s2 = armLpae(12, 40, 2);
    expect(s2.levels).toBe(3);
    expect(s2.byLevel[2]!.entries).toBe(1024n); // 2 concatenated 4 KiB pages
    expect(s2.byLevel[2]!.tableBytes).toBe(8192n);
    expect(s2.byLevel[2]!.label).toBe('L1');
    expect(armLpae(16, 48, 1).levels).toBe(3);
    expect(armLpae(16, 42, 1).levels).toBe(2);
    expect(armLpae(14, 47, 1).levels).toBe(3);
  });

  it('mock: one flat level of 2 KiB IO pages over the whole 64-bit space', () => {
    const m = mockFormat();
    expect(m.kind).toBe('flat');
    expect(m.levels).toBe(1);
    expect(m.leaves).toEqual([{ size: 2048n, shift: 11, level: 1, ptes: 1n }]);
    expect(m.maxIova).toBe((1n << 64n) - 1n);
  });
});

describe('PPC TCE tables (pnv_pci_ioda2_table_alloc_pages)', () => {
  const W1 = 1n << 59n;

  it('1 TiB @64K with 2 levels on a 64K-page kernel: level_shift 16, 8192 TCEs (64 KiB) per table', () => {
    const f = tceFormat({ start: W1, size: TiB, pageShift: 16, levels: 2 }, 16);
    expect(f.tce!.entriesShift).toBe(24);
    expect(f.tce!.levelShift).toBe(16);
    expect(f.tce!.levelSize).toBe(8192n);
    expect(f.byLevel.map((l) => [l.indexLo, l.indexBits, l.tableBytes])).toEqual([[16, 13, 65536n], [29, 13, 65536n]]);
    expect(f.maxIova).toBe(TiB - 1n);
  });

  it('one level: the whole table at once, max(window / page * 8, PAGE_SIZE)', () => {
    expect(tceFormat({ start: 0n, size: 2n * GiB, pageShift: 12, levels: 1 }, 16).byLevel[0]!.tableBytes).toBe(4n * MiB);
    expect(tceFormat({ start: W1, size: TiB, pageShift: 16, levels: 1 }, 16).byLevel[0]!.tableBytes).toBe(128n * MiB);
    expect(tceFormat({ start: 0n, size: GiB, pageShift: 12, levels: 1 }, 12).byLevel[0]!.tableBytes).toBe(2n * MiB);
    // A tiny window still takes one kernel page of TCEs.
    const tiny = tceFormat({ start: 0n, size: 64n * KiB, pageShift: 12, levels: 1 }, 16);
    expect(tiny.byLevel[0]!.tableBytes).toBe(64n * KiB);
    expect(tiny.tce!.itSize).toBe(8192n);
  });

  it('rejects what the kernel rejects: (level_shift - 3) * levels + page_shift >= 55, levels outside 1..5', () => {
    expect(tceShapeProblem({ start: W1, size: TiB, pageShift: 16, levels: 3 }, 16)).toMatch(/>= 55/);
    expect(tceShapeProblem({ start: W1, size: TiB, pageShift: 16, levels: 6 }, 16)).toMatch(/levels/);
    expect(tceShapeProblem({ start: W1, size: 3n * GiB, pageShift: 16, levels: 1 }, 16)).toMatch(/power of two/);
    expect(() => tceFormat({ start: W1, size: TiB, pageShift: 16, levels: 3 }, 16)).toThrow(RangeError);
  });

  it('TCE_CREATE charges the full tree twice: 1 TiB @64K, 2 levels = (2^27 + 2^16) * 2 bytes', () => {
    expect(tceCreateChargeBytes(16, TiB, 2, 16)).toBe(((1n << 27n) + (1n << 16n)) * 2n);
    expect(tceCreateChargeBytes(12, 2n * GiB, 1, 16)).toBe(8n * MiB);
    expect(tceCreateChargeBytes(16, 3n * GiB, 1, 16)).toBeNull();
    expect(tceCreateChargeBytes(16, TiB, 0, 16)).toBeNull();
  });
});
