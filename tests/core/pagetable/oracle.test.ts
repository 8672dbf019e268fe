// The closed-form occupancy against a literal page-by-page model: iommufd maps each
// physically contiguous run with __iommu_map, which splits it with iommu_pgsize() exactly as
// drivers/iommu/iommu.c does; tables are the distinct floor(leaf / C_k) per level.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PageTableFormat } from '../../../src/core/pagetable/formats';
import { amdV1, pageTableFormat } from '../../../src/core/pagetable/formats';
import type { MappedRange } from '../../../src/core/pagetable/occupancy';
import { levelsInUse, occupancy } from '../../../src/core/pagetable/occupancy';
import { arrayLookup, walk } from '../../../src/core/pagetable/walk';

const fls = (x: bigint): number => x.toString(2).length - 1;
const ffs = (x: bigint): number => fls(x & -x);
const genmask = (hi: number): bigint => (1n << BigInt(hi + 1)) - 1n;

/** iommu_pgsize() from drivers/iommu/iommu.c (v5.14+), with its count. */
function iommuPgsize(bitmap: bigint, iova: bigint, paddr: bigint, size: bigint): { pgsize: bigint; count: bigint } {
  const addrMerge = paddr | iova;
  let pgsizes = bitmap & genmask(fls(size));
  if (addrMerge !== 0n) pgsizes &= genmask(ffs(addrMerge));
  if (pgsizes === 0n) throw new Error('BUG_ON(!pgsizes)');
  const idx = fls(pgsizes);
  const pgsize = 1n << BigInt(idx);
  const bigger = bitmap & ~genmask(idx);
  if (bigger === 0n) return { pgsize, count: size >> BigInt(idx) };
  const next = 1n << BigInt(ffs(bigger));
  if (((iova ^ paddr) & (next - 1n)) !== 0n) return { pgsize, count: size >> BigInt(idx) };
  const offset = next - (addrMerge & (next - 1n));
  const s = offset + next <= size ? offset : size;
  return { pgsize, count: s >> BigInt(idx) };
}

function bruteForce(format: PageTableFormat, ranges: MappedRange[], maxLeaf: bigint) {
  const bitmap = format.leaves.reduce((m, l) => m | l.size, 0n);
  const leaves = new Map<bigint, bigint>();
  const highest = ranges.reduce<bigint | null>((h, x) => (h === null || x.last > h ? x.last : h), null);
  const levels = levelsInUse(format, highest);
  const sets: Set<bigint>[] = Array.from({ length: levels }, () => new Set<bigint>());
  for (let k = format.initialLevels; k < levels; k++) sets[k - 1]!.add(0n);
  for (const rg of ranges) {
    let iova = rg.first;
    let pa = rg.userVa;
    const end = rg.last + 1n;
    while (iova < end) {
      // One physically contiguous run: up to the next maxLeaf boundary of the backing.
      const runEnd = iova + ((pa / maxLeaf + 1n) * maxLeaf - pa);
      let size = (runEnd < end ? runEnd : end) - iova;
      while (size > 0n) {
        const { pgsize, count } = iommuPgsize(bitmap, iova, pa, size);
        const leaf = format.leaves.find((l) => l.size === pgsize)!;
        leaves.set(pgsize, (leaves.get(pgsize) ?? 0n) + count);
        for (let i = 0n; i < count; i++) {
          const a = iova + i * pgsize;
          for (let k = leaf.level; k < levels; k++) sets[k - 1]!.add(a >> BigInt(format.byLevel[k - 1]!.spanShift));
        }
        iova += pgsize * count;
        pa += pgsize * count;
        size -= pgsize * count;
      }
    }
  }
  const tables = sets.reduce((t, s, i) => t + (i === levels - 1 ? 1n : BigInt(s.size)), 0n);
  return { tables, leaves: [...leaves.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)) };
}

const P = 4096n;
/** Disjoint page-aligned ranges of up to 600 pages in the first 2 TiB, with a VA offset. */
const rangesArb = fc
  .array(fc.record({ gap: fc.bigInt({ min: 0n, max: 3000n }), len: fc.bigInt({ min: 1n, max: 600n }), far: fc.boolean(), vaOff: fc.bigInt({ min: 0n, max: 1023n }) }), { minLength: 0, maxLength: 5 })
  .map((xs) => {
    const out: MappedRange[] = [];
    let cur = 0n;
    for (const x of xs) {
      // Sometimes jump far ahead (crosses 1G / 512G boundaries) while staying page-aligned.
      cur += x.far ? (x.gap << 27n) + x.gap * P : x.gap * P;
      const first = cur;
      const last = first + x.len * P - 1n;
      out.push({ first, last, userVa: 0x7f00_0000_0000n + first + (x.vaOff % 4n === 0n ? 0n : x.vaOff * P) });
      cur = last + 1n;
    }
    return out;
  });

describe('closed-form occupancy = the kernel page by page', () => {
  for (const [name, format] of [['vtd-ss-4', pageTableFormat('vtd-ss-4')], ['amd-v1', amdV1()]] as const) {
    for (const maxLeaf of [4096n, 2n << 20n]) {
      it(`${name}, maxLeaf ${maxLeaf}`, () => {
        fc.assert(
          fc.property(rangesArb, (ranges) => {
            const o = occupancy(format, ranges, { maxLeaf });
            const b = bruteForce(format, ranges, maxLeaf);
            expect(o.tables).toBe(b.tables);
            expect(o.leaves.map((l) => [l.size, l.count])).toEqual(b.leaves);
          }),
          { numRuns: 60 },
        );
      });
    }
  }

  it('the walk agrees: every mapped page translates to its user address, every leaf size matches', () => {
    const format = pageTableFormat('vtd-ss-4');
    fc.assert(
      fc.property(rangesArb, fc.bigInt({ min: 0n, max: 1n << 41n }), (ranges, probe) => {
        const look = arrayLookup(ranges);
        const x = ranges.length > 0 ? ranges[Number(probe % BigInt(ranges.length))]!.first + (probe % 4096n) : probe;
        const w = walk(format, look, x, { maxLeaf: 2n << 20n });
        const hit = look.containing(x);
        if (hit) {
          expect(w.result.kind).toBe('translated');
          if (w.result.kind === 'translated') expect(w.result.userAddr).toBe(hit.userVa + (x - hit.first));
        } else {
          expect(w.result.kind).toBe('fault');
        }
      }),
      { numRuns: 100 },
    );
  });
});
