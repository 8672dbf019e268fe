import { describe, expect, it } from 'vitest';
import { DDW, errnoOf, GiB, MiB, Rig } from './rig';

const DEFAULT_WINDOW = { start: 0n, size: 2n * GiB, page_shift: 12, levels: 1 };

describe('sPAPR v2 GET_INFO on powernv9 (observed values)', () => {
  it('reports the 2 GiB 32-bit window and the DDW capabilities', () => {
    const r = new Rig().ioctl('VFIO_IOMMU_GET_INFO');
    expect(r).toEqual({
      ok: true,
      out: {
        flags: 1n, dma32_window_start: 0n, dma32_window_size: 0x80000000n,
        ddw: { pgsizes: 0x40211000n, max_dynamic_windows_supported: 2, levels: 5 },
      },
    });
  });

  it('is still reported after window 0 is removed', () => {
    const rig = new Rig();
    expect(rig.remove(0n).ok).toBe(true);
    const r = rig.ioctl('VFIO_IOMMU_GET_INFO');
    expect(r.ok && r.out.dma32_window_size).toBe(0x80000000n);
  });

  it('a v1 container gets flags 0 and a zeroed ddw', () => {
    const r = new Rig({ v2: false }).ioctl('VFIO_IOMMU_GET_INFO');
    expect(r.ok && r.out.flags).toBe(0n);
    expect(r.ok && r.out.ddw).toEqual({ pgsizes: 0n, max_dynamic_windows_supported: 0, levels: 0 });
  });

  it('is ENXIO without a group', () => {
    expect(errnoOf(new Rig({ attach: false }).ioctl('VFIO_IOMMU_GET_INFO'))).toBe('ENXIO');
  });
});

describe('the pending default window', () => {
  it('is not created by SET_IOMMU (attach): no window yet', () => {
    const rig = new Rig();
    expect(rig.st.defWindowPending).toBe(true);
    expect(rig.windows()).toEqual([]);
  });

  it('the first MAP creates it: [0, 2 GiB), 4 KiB TCEs, 1 level', () => {
    const rig = new Rig();
    rig.register();
    expect(rig.map(0x100000n, 0x10000n).ok).toBe(true);
    expect(rig.windows()).toEqual([DEFAULT_WINDOW]);
    expect(rig.st.defWindowPending).toBe(false);
  });

  it('the first UNMAP creates it too', () => {
    const rig = new Rig();
    rig.register();
    expect(rig.unmap(0n, 0x1000n).ok).toBe(true);
    expect(rig.windows()).toEqual([DEFAULT_WINDOW]);
  });

  it('a MAP that then fails keeps the window it created (partial, and said so)', () => {
    const rig = new Rig();
    rig.register();
    const r = rig.map(3n * GiB, 0x10000n);
    expect(errnoOf(r)).toBe('ENXIO');
    expect(!r.ok && r.partial).toBe(true);
    expect(!r.ok && r.reason).toMatch(/default window was created first/);
    expect(rig.windows()).toEqual([DEFAULT_WINDOW]);
  });

  it('TCE_CREATE while pending creates it in slot 0 and returns 1<<59 for the new window', () => {
    const rig = new Rig();
    const r = rig.create(16, 4n * GiB, 1);
    expect(r).toMatchObject({ ok: true, out: { start_addr: DDW } });
    expect(rig.windows()).toEqual([DEFAULT_WINDOW, { start: DDW, size: 4n * GiB, page_shift: 16, levels: 1 }]);
  });

  it('TCE_CREATE that fails after creating it leaves it created (partial)', () => {
    const rig = new Rig();
    const r = rig.create(24, 4n * GiB, 1); // 16 MiB TCEs are not in pgsizes
    expect(errnoOf(r)).toBe('EINVAL');
    expect(!r.ok && r.partial).toBe(true);
    expect(rig.windows()).toEqual([DEFAULT_WINDOW]);
  });

  it('TCE_REMOVE(0) while pending just drops it; nothing is created later', () => {
    const rig = new Rig();
    expect(rig.remove(0n).ok).toBe(true);
    expect(rig.st.defWindowPending).toBe(false);
    rig.register();
    expect(errnoOf(rig.map(0n, 0x10000n))).toBe('ENXIO');
    expect(rig.windows()).toEqual([]);
  });

  it('TCE_REMOVE of a non-zero address while pending is EINVAL and keeps it pending', () => {
    const rig = new Rig();
    expect(errnoOf(rig.remove(0x1000n))).toBe('EINVAL');
    expect(rig.st.defWindowPending).toBe(true);
  });
});

describe('window slots (QEMU sequence: remove the default, create)', () => {
  it('with slot 0 free CREATE returns 0x0, the next 1<<59, a third ENOSPC (before the page size check)', () => {
    const rig = new Rig();
    rig.remove(0n);
    expect(rig.create(16, 1n << 40n, 2)).toMatchObject({ ok: true, out: { start_addr: 0n } });
    expect(rig.create(16, 1n << 40n, 2)).toMatchObject({ ok: true, out: { start_addr: DDW } });
    expect(errnoOf(rig.create(16, 1n << 30n, 1))).toBe('ENOSPC');
    expect(errnoOf(rig.create(24, 1n << 30n, 1))).toBe('ENOSPC');
  });

  it('TCE_REMOVE takes any address inside the window, then the slot is free again', () => {
    const rig = new Rig();
    rig.create(16, 4n * GiB, 1);
    expect(rig.remove(DDW + 0x12345000n).ok).toBe(true);
    expect(rig.windows()).toEqual([DEFAULT_WINDOW]);
    expect(rig.create(21, 64n * GiB, 1)).toMatchObject({ ok: true, out: { start_addr: DDW } });
  });

  it('TCE_REMOVE outside every window is EINVAL', () => {
    const rig = new Rig();
    rig.create(16, 4n * GiB, 1);
    expect(errnoOf(rig.remove(DDW + 4n * GiB))).toBe('EINVAL');
    expect(errnoOf(rig.remove(2n * GiB))).toBe('EINVAL');
  });

  it('removing a window clears its TCEs', () => {
    const rig = new Rig();
    rig.register();
    rig.create(16, 4n * GiB, 1);
    expect(rig.map(DDW, 0x100000n).ok).toBe(true);
    expect(rig.remove(DDW).ok).toBe(true);
    expect(rig.mappings()).toEqual([]);
    expect(rig.st.prereg.toArray()[0]!.mapped).toBe(0n);
  });
});

describe('TCE_CREATE table shapes on powernv (64 KiB kernel pages)', () => {
  const fresh = () => {
    const rig = new Rig();
    rig.remove(0n);
    return rig;
  };

  it('levels 0 and levels above 5 are EINVAL', () => {
    expect(errnoOf(fresh().create(16, 1n << 30n, 0))).toBe('EINVAL');
    expect(errnoOf(fresh().create(16, 1n << 30n, 6))).toBe('EINVAL');
    expect(fresh().create(16, 1n << 30n, 1).ok).toBe(true);
  });

  it('a window size that is not a power of two is EINVAL', () => {
    expect(errnoOf(fresh().create(16, 3n * GiB, 1))).toBe('EINVAL');
    expect(errnoOf(fresh().create(16, 0n, 1))).toBe('EINVAL');
  });

  it('a page size outside pgsizes (16 MiB) is EINVAL; 4K, 64K, 2M, 1G are accepted', () => {
    expect(errnoOf(fresh().create(24, 1n << 34n, 1))).toBe('EINVAL');
    for (const ps of [12, 16, 21, 30]) expect(fresh().create(ps, 1n << 40n, 1).ok).toBe(true);
  });

  it('(level_shift - 3) * levels + page_shift must stay below 55: 3+ levels of 64 KiB TCEs always fail', () => {
    expect(errnoOf(fresh().create(16, 4n << 40n, 3))).toBe('EINVAL'); // 4 TiB, 3 levels: observed EINVAL
    expect(errnoOf(fresh().create(16, 1n << 30n, 3))).toBe('EINVAL'); // even a small window
    expect(fresh().create(16, 4n << 40n, 2).ok).toBe(true);
    expect(errnoOf(fresh().create(12, 1n << 56n, 5))).toBe('EINVAL');
    // 4 KiB TCEs: 13 * levels + 12 < 55 allows at most 3 levels.
    expect(fresh().create(12, 1n << 30n, 3).ok).toBe(true);
    expect(errnoOf(fresh().create(12, 1n << 30n, 4))).toBe('EINVAL');
    expect(errnoOf(fresh().create(16, 1n << 59n, 2))).toBe('EINVAL');
  });

  it('a 2-level 1 TiB window of 64 KiB TCEs uses 64 KiB level tables (8192 TCEs each)', () => {
    const rig = fresh();
    expect(rig.create(16, 1n << 40n, 2).ok).toBe(true);
    expect(rig.st.windows[0]).toMatchObject({ size: 1n << 40n, levels: 2, levelShift: 16 });
  });

  it('unverified: a table is at least one kernel page, so a 16 MiB window of 4 KiB TCEs covers 32 MiB', () => {
    const rig = fresh();
    const r = rig.create(12, 16n * MiB, 1);
    expect(r.ok && r.note).toMatch(/unverified/);
    expect(rig.windows()).toEqual([{ start: 0n, size: 32n * MiB, page_shift: 12, levels: 1 }]);
  });

  it('v1 containers have no TCE_CREATE / TCE_REMOVE (ENOTTY)', () => {
    const rig = new Rig({ v2: false });
    expect(errnoOf(rig.create(16, 1n << 30n, 1))).toBe('ENOTTY');
    expect(errnoOf(rig.remove(0n))).toBe('ENOTTY');
  });

  it('CREATE and REMOVE without a group are ENXIO', () => {
    const rig = new Rig({ attach: false });
    expect(errnoOf(rig.create(16, 1n << 30n, 1))).toBe('ENXIO');
    expect(errnoOf(rig.remove(0n))).toBe('ENXIO');
  });
});
