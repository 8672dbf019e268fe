import { describe, expect, it } from 'vitest';
import { DDW, errnoOf, GiB, Rig } from './rig';

describe('ppc-pseries (PAPR guest; DDW through RTAS, QEMU as hypervisor)', () => {
  it('GET_INFO: 1 GiB default window, 4K|64K, single-level tables', () => {
    const r = new Rig({ platform: 'ppc-pseries' }).ioctl('VFIO_IOMMU_GET_INFO');
    expect(r).toMatchObject({ ok: true, out: { dma32_window_size: 0x40000000n, ddw: { pgsizes: 0x11000n, levels: 1 } } });
  });

  it('multi-level tables are EINVAL', () => {
    const rig = new Rig({ platform: 'ppc-pseries' });
    rig.remove(0n);
    expect(errnoOf(rig.create(16, 1n << 40n, 2))).toBe('EINVAL');
  });

  it('the hypervisor places the DDW at 0 when no window is active, else at 1<<59', () => {
    const a = new Rig({ platform: 'ppc-pseries' });
    a.remove(0n);
    expect(a.create(16, 64n * GiB, 1)).toMatchObject({ ok: true, out: { start_addr: 0n } });
    const b = new Rig({ platform: 'ppc-pseries' });
    expect(b.create(16, 64n * GiB, 1)).toMatchObject({ ok: true, out: { start_addr: DDW } });
    expect(b.windows()[0]).toEqual({ start: 0n, size: GiB, page_shift: 12, levels: 1 });
  });

  it('a big window #0 while the 64-bit window exists is EPERM', () => {
    const rig = new Rig({ platform: 'ppc-pseries' });
    rig.create(16, 64n * GiB, 1); // default (slot 0) + DDW (slot 1)
    expect(rig.remove(0n).ok).toBe(true);
    expect(errnoOf(rig.create(16, 128n * GiB, 1))).toBe('EPERM');
  });
});
