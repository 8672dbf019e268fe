import { describe, expect, it } from 'vitest';
import { DDW, errnoOf, GiB, MEM, MEM_SIZE, MiB, Rig } from './rig';

/** A v2 container with 256 MiB registered, the default window created and a 4 GiB DDW of 64 KiB TCEs at 1<<59. */
function ready() {
  const rig = new Rig();
  expect(rig.register().ok).toBe(true);
  expect(rig.create(16, 4n * GiB, 1)).toMatchObject({ ok: true, out: { start_addr: DDW } });
  return rig;
}

describe('MAP_DMA errno in kernel order (observed on powernv9)', () => {
  it('MAP and UNMAP before any REGISTER_MEMORY are EPERM', () => {
    const rig = new Rig();
    expect(errnoOf(rig.map(0n, 0x10000n))).toBe('EPERM');
    expect(errnoOf(rig.unmap(0n, 0x10000n))).toBe('EPERM');
    expect(rig.st.defWindowPending).toBe(true); // EPERM comes before the default window is made
  });

  it('MAP outside every window is ENXIO: between windows, past the DDW, just past the default window', () => {
    const rig = ready();
    expect(errnoOf(rig.map(1n << 58n, 0x10000n))).toBe('ENXIO');
    expect(errnoOf(rig.map(DDW + 4n * GiB, 0x10000n))).toBe('ENXIO');
    expect(errnoOf(rig.map(2n * GiB, 0x1000n))).toBe('ENXIO');
    expect(errnoOf(rig.map(DDW - 0x10000n, 0x10000n))).toBe('ENXIO');
  });

  it('size or vaddr not a multiple of the window page size is EINVAL (64 KiB in the DDW, 4 KiB in the default)', () => {
    const rig = ready();
    expect(errnoOf(rig.map(DDW, 0x1000n))).toBe('EINVAL');
    expect(errnoOf(rig.map(DDW, 0x10000n, MEM + 0x1000n))).toBe('EINVAL');
    expect(rig.map(0n, 0x1000n, MEM + 0x1000n).ok).toBe(true);
  });

  it('no READ/WRITE flag is EINVAL; a VADDR flag is EINVAL', () => {
    const rig = ready();
    expect(errnoOf(rig.map(DDW, 0x10000n, MEM, []))).toBe('EINVAL');
    expect(errnoOf(rig.map(DDW, 0x10000n, MEM, ['READ', 'VADDR']))).toBe('EINVAL');
    expect(rig.map(DDW, 0x10000n, MEM, ['READ']).ok).toBe(true);
    expect(rig.map(DDW + 0x10000n, 0x10000n, MEM, ['WRITE']).ok).toBe(true);
  });

  it('vaddr outside registered memory is EINVAL, and so is a range running off its end', () => {
    const rig = ready();
    expect(errnoOf(rig.map(DDW, 0x10000n, MEM + MEM_SIZE))).toBe('EINVAL');
    const r = rig.map(DDW, 0x20000n, MEM + MEM_SIZE - 0x10000n);
    expect(errnoOf(r)).toBe('EINVAL');
    expect(rig.mappings()).toEqual([]);
  });

  it('MAP of size 0 succeeds and maps nothing', () => {
    const rig = ready();
    expect(rig.map(DDW, 0n)).toEqual({ ok: true, out: {} });
    expect(rig.mappings()).toEqual([]);
  });

  it('a misaligned IOVA returns 1 (user space sees success) and maps nothing', () => {
    const rig = ready();
    const r = rig.map(DDW + 0x1000n, 0x10000n);
    expect(r).toMatchObject({ ok: true, ret: 1, out: { ret: 1 } });
    expect(r.ok && r.note).toMatch(/returned 1/);
    expect(rig.mappings()).toEqual([]);
  });

  it('unverified (code): 2 MiB TCEs over ordinary (non-hugetlbfs) memory are EINVAL', () => {
    const rig = new Rig();
    rig.register();
    rig.remove(0n);
    rig.create(21, 4n * GiB, 1);
    const r = rig.map(0n, 2n * MiB);
    expect(errnoOf(r)).toBe('EINVAL');
    expect(!r.ok && r.reason).toMatch(/hugetlbfs/);
  });
});

describe('v2 exchange: MAP over set TCEs succeeds and replaces them exactly', () => {
  it('splits the old run around the new one; no merge', () => {
    const rig = ready();
    expect(rig.map(DDW, 0x100000n, MEM).ok).toBe(true);
    expect(rig.map(DDW + 0x40000n, 0x20000n, MEM + 0x800000n).ok).toBe(true);
    expect(rig.mappings()).toEqual([
      { iova: DDW, size: 0x40000n, vaddr: MEM },
      { iova: DDW + 0x40000n, size: 0x20000n, vaddr: MEM + 0x800000n },
      { iova: DDW + 0x60000n, size: 0xa0000n, vaddr: MEM + 0x60000n },
    ]);
    expect(rig.st.prereg.toArray()[0]!.mapped).toBe(16n); // 14 old + 2 new TCEs of 64 KiB
  });

  it('a MAP whose later pages are not registered fails, and the pages it had exchanged are cleared (partial)', () => {
    const rig = ready();
    rig.map(DDW, 0x40000n, MEM);
    const r = rig.map(DDW, 0x40000n, MEM + MEM_SIZE - 0x20000n); // pages 2 and 3 are past the region
    expect(errnoOf(r)).toBe('EINVAL');
    expect(!r.ok && r.partial).toBe(true);
    expect(rig.mappings()).toEqual([{ iova: DDW + 0x20000n, size: 0x20000n, vaddr: MEM + 0x20000n }]);
  });
});

describe('the past-the-end MAP kernel bug (only the first TCE is range-checked)', () => {
  it('a MAP starting in window 0 and running past 2 GiB succeeds and is flagged', () => {
    const rig = ready();
    const r = rig.map(2n * GiB - 0x10000n, 0x20000n);
    expect(r.ok).toBe(true);
    expect(r.ok && r.note).toMatch(/^KERNEL BUG/);
    expect(rig.st.bugs).toHaveLength(1);
    expect(rig.st.bugs[0]).toMatch(/16 TCEs past its end/);
    expect(rig.mappings()).toEqual([{ iova: 2n * GiB - 0x10000n, size: 0x20000n, vaddr: MEM }]);
  });

  it('also in the 1<<59 DDW (2-level windows alike)', () => {
    const rig = new Rig();
    rig.register();
    rig.create(16, 1n << 40n, 2);
    const last = DDW + (1n << 40n) - 0x10000n;
    expect(rig.map(last, 0x30000n).ok).toBe(true);
    expect(rig.st.bugs[0]).toMatch(/2 TCEs past its end/);
  });

  it('removing the window leaves the past-the-end TCEs pinned (flagged as leaked)', () => {
    const rig = ready();
    rig.map(2n * GiB - 0x10000n, 0x20000n);
    const r = rig.remove(0n);
    expect(r.ok && r.note).toMatch(/never released/);
    expect(rig.st.prereg.toArray()[0]!.mapped).toBe(16n);
  });
});

describe('UNMAP_DMA', () => {
  it('never-mapped TCEs are fine; the result has no size (sPAPR does not write it back)', () => {
    const rig = ready();
    const r = rig.unmap(DDW, 0x100000n);
    expect(r).toMatchObject({ ok: true, out: {} });
    expect(r.ok && 'size' in r.out).toBe(false);
  });

  it('flags are EINVAL, outside windows ENXIO, a size not a page multiple EINVAL, misaligned iova returns 1', () => {
    const rig = ready();
    rig.map(DDW, 0x20000n);
    expect(errnoOf(rig.unmap(DDW, 0x20000n, ['ALL']))).toBe('EINVAL');
    expect(errnoOf(rig.unmap(3n * GiB, 0x10000n))).toBe('ENXIO');
    expect(errnoOf(rig.unmap(DDW, 0x1000n))).toBe('EINVAL');
    expect(rig.unmap(DDW + 0x1000n, 0x10000n)).toMatchObject({ ok: true, ret: 1 });
    expect(rig.mappings()).toHaveLength(1);
  });

  it('clears part of a run exactly and drops the region references', () => {
    const rig = ready();
    rig.map(DDW, 0x100000n);
    expect(rig.unmap(DDW + 0x10000n, 0x10000n).ok).toBe(true);
    expect(rig.mappings()).toEqual([
      { iova: DDW, size: 0x10000n, vaddr: MEM },
      { iova: DDW + 0x20000n, size: 0xe0000n, vaddr: MEM + 0x20000n },
    ]);
    expect(rig.st.prereg.toArray()[0]!.mapped).toBe(15n);
  });
});

describe('64-bit exactness at 1<<59', () => {
  it('keeps IOVAs past 2^53 exact through MAP, inspect and UNMAP', () => {
    const rig = ready();
    const iova = DDW + 0xfffe0000n; // 0x08000000fffe0000, not representable as a double
    expect(Number(iova) === Number(iova + 1n)).toBe(true); // a double cannot tell iova from iova + 1
    expect(rig.map(iova, 0x20000n, MEM + 0x30000n).ok).toBe(true);
    expect(rig.mappings()).toEqual([{ iova: 0x08000000fffe0000n, size: 0x20000n, vaddr: MEM + 0x30000n }]);
    expect(rig.unmap(0x08000000ffff0000n, 0x10000n).ok).toBe(true);
    expect(rig.mappings()).toEqual([{ iova: 0x08000000fffe0000n, size: 0x10000n, vaddr: MEM + 0x30000n }]);
    expect(errnoOf(rig.map(0x0800000100000000n, 0x10000n))).toBe('ENXIO'); // first byte past the DDW
  });
});
