import { describe, expect, it } from 'vitest';
import { tceCreateChargeBytes, tceFormat, tceShapeProblem } from '../../../src/core/pagetable/formats';
import { occupancy } from '../../../src/core/pagetable/occupancy';
import { arrayLookup, walkTce } from '../../../src/core/pagetable/walk';
import { levelLayout } from '../../../src/ui/pagetable/bits';
import { tceSizes } from '../../../src/ui/pagetable/tce';

const GiB = 1n << 30n;
const TiB = 1n << 40n;
const VA = 0x7fff_0000_0000n;

function sizesFor(start: bigint, size: bigint, pageShift: number, levels: number, kps: number, mapped: { first: bigint; last: bigint }[], hypervisor = false) {
  const ranges = mapped.map((m, i) => ({ ...m, userVa: VA + BigInt(i) * GiB }));
  const format = tceFormat({ start, size, pageShift, levels }, kps, hypervisor);
  const occ = occupancy(format, ranges);
  const w = walkTce([{ slot: 1, start, size, pageShift, levels, mapped: arrayLookup(ranges) }], start, kps, hypervisor);
  return tceSizes(w, levelLayout(w, null), occ);
}

describe('TCE one level vs multi-level (kernel-semantics part 2 §5, PPC TCE sizes)', () => {
  it('1 TiB @64K, 2 levels, 64K kernel pages, first 16 GiB mapped: 32 leaf tables + top = 2.06 MiB vs 128 MiB one-level', () => {
    const start = 1n << 59n;
    const t = sizesFor(start, TiB, 16, 2, 16, [{ first: start, last: start + 16n * GiB - 1n }])!;
    expect(t.tces).toBe(1n << 24n);
    expect(t.oneLevel).toBe(128n << 20n);
    expect(t.now).toBe(33n * 65536n);
    // pnv_pci_ioda2_get_table_size: (2^27 + 2^16), charged twice to locked_vm.
    expect(t.full).toBe((1n << 27n) + (1n << 16n));
    expect(t.lockedVm).toBe(((1n << 27n) + (1n << 16n)) * 2n);
  });

  it('a small window: the one-level table is at least one kernel page (256 MiB @64K = 32 KiB of TCEs -> 64 KiB)', () => {
    const t = sizesFor(0n, 256n << 20n, 16, 2, 16, [])!;
    expect(t.tces).toBe(4096n);
    expect(t.oneLevel).toBe(65536n);
    expect(t.now).toBe(65536n); // only the top table
  });

  it('one level: the window array is allocated in full; now = one-level = full', () => {
    const t = sizesFor(0n, 2n * GiB, 12, 1, 12, [{ first: 0n, last: 0xfffn }])!;
    expect(t.oneLevel).toBe(4n << 20n); // 2 GiB @4K: 524,288 TCEs, 4 MiB
    expect(t.now).toBe(4n << 20n);
    expect(t.full).toBe(4n << 20n);
  });

  it('pseries: the hypervisor holds the table, no guest memory', () => {
    const t = sizesFor(0n, GiB, 12, 1, 16, [], true)!;
    expect(t.hypervisor).toBe(true);
    expect(t.oneLevel).toBe(2n << 20n); // QEMU-guest default 1 GiB @4K: 2 MiB
    expect(t.lockedVm).toBe(0n);
  });

  it('agrees with the core computation that knows PAGE_SHIFT, for every valid shape', () => {
    let checked = 0;
    for (const kps of [12, 16]) {
      for (const pageShift of [12, 16, 21, 24, 30]) {
        for (let sizeShift = pageShift; sizeShift <= 50; sizeShift += 3) {
          for (let levels = 1; levels <= 5; levels++) {
            const size = 1n << BigInt(sizeShift);
            if (tceShapeProblem({ start: 0n, size, pageShift, levels }, kps)) continue;
            const t = sizesFor(0n, size, pageShift, levels, kps, [])!;
            const es = sizeShift - pageShift;
            const array = 1n << BigInt(es + 3);
            const page = 1n << BigInt(kps);
            expect(t.oneLevel).toBe(array > page ? array : page);
            expect(t.lockedVm).toBe(tceCreateChargeBytes(pageShift, size, levels, kps));
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('no comparison outside every window', () => {
    const format = tceFormat({ start: 0n, size: GiB, pageShift: 12, levels: 1 }, 16);
    const w = walkTce([{ slot: 0, start: 0n, size: GiB, pageShift: 12, levels: 1, mapped: arrayLookup([]) }], 2n * GiB, 16);
    expect(tceSizes(w, levelLayout(w, null), occupancy(format, []))).toBeNull();
  });
});
