// Devices, HWPTs and object lifetimes (kernel-semantics.md §1.2-§1.5, §2.2-§2.4, §4.4).
import { describe, expect, it } from 'vitest';
import { attachDev0, iommufdWithIoas, map, run } from './helpers';

const U64_MAX = (1n << 64n) - 1n;
const ranges = { op: 'IOMMU_IOAS_IOVA_RANGES', fd: 'ifd', ioas_id: 'ioas' };
const twoDevs = [{ id: 'dev0', group: 1 }, { id: 'dev1', group: 2 }];
const attachDev1 = [
  { op: 'open', path: '/dev/vfio/devices/dev1', as: 'cdev1' },
  { op: 'VFIO_DEVICE_BIND_IOMMUFD', fd: 'cdev1', iommufd: 'ifd', as: 'd1' },
  { op: 'VFIO_DEVICE_ATTACH_IOMMUFD_PT', fd: 'cdev1', pt_id: 'ioas', as: 'hwpt1' },
];

describe('IOMMU_IOAS_IOVA_RANGES', () => {
  it('a fresh IOAS has one range [0, U64_MAX] and alignment 1', () => {
    const r = run('x86-vtd-48', [...iommufdWithIoas, ranges]);
    expect(r.out(2)).toEqual({ num_iovas: 1, allowed_iovas: [{ start: 0n, last: U64_MAX }], out_iova_alignment: 1n });
  });

  it('mock domain: [0x1000000, 0x7fffffff], alignment 2048; detach widens it again', () => {
    const r = run('selftest-mock', [...iommufdWithIoas, ...attachDev0, ranges, { op: 'VFIO_DEVICE_DETACH_IOMMUFD_PT', fd: 'cdev0' }, ranges]);
    expect(r.out(5)).toEqual({ num_iovas: 1, allowed_iovas: [{ start: 0x1000000n, last: 0x7fffffffn }], out_iova_alignment: 0x800n });
    expect(r.out(7)).toEqual({ num_iovas: 1, allowed_iovas: [{ start: 0n, last: U64_MAX }], out_iova_alignment: 1n });
  });

  it('x86 VT-d 48-bit: the MSI window splits the aperture', () => {
    const r = run('x86-vtd-48', [...iommufdWithIoas, ...attachDev0, ranges]);
    expect(r.out(5)).toEqual({
      num_iovas: 2,
      allowed_iovas: [{ start: 0n, last: 0xfedfffffn }, { start: 0xfef00000n, last: 0xffffffffffffn }],
      out_iova_alignment: 0x1000n,
    });
  });

  it('EMSGSIZE when num_iovas is too small, naming the count needed', () => {
    const r = run('x86-vtd-48', [...iommufdWithIoas, ...attachDev0, { ...ranges, num_iovas: 1 }, { ...ranges, num_iovas: 2 }]);
    const f = r.r(5);
    expect(f.ok).toBe(false);
    if (!f.ok) {
      expect(f.errno).toBe('EMSGSIZE');
      expect(f.reason).toMatch(/num_iovas = 2/);
    }
    expect(r.out(6).num_iovas).toBe(2);
  });
});

describe('IOMMU_IOAS_ALLOW_IOVAS', () => {
  const allow = (list: [string, string][]) => ({ op: 'IOMMU_IOAS_ALLOW_IOVAS', fd: 'ifd', ioas_id: 'ioas', allowed_iovas: list.map(([start, last]) => ({ start, last })) });

  it('start >= last and overlapping ranges are EINVAL', () => {
    const r = run('x86-vtd-48', [...iommufdWithIoas, allow([['0x1000', '0x1000']]), allow([['0x1000', '0x1fff'], ['0x1800', '0x2fff']])]);
    expect(r.errno(2)).toBe('EINVAL');
    expect(r.errno(3)).toBe('EINVAL');
  });

  it('an allowed range over a reserved one is EADDRINUSE and the old list stays', () => {
    const r = run('x86-vtd-48', [...iommufdWithIoas, ...attachDev0, allow([['0x100000', '0x1fffff']]), allow([['0xfee00000', '0xfee0ffff']]), { op: 'inspect', target: 'ioas' }]);
    expect(r.errno(6)).toBe('EADDRINUSE');
    expect(r.out(7).allowed).toEqual([{ start: 0x100000n, last: 0x1fffffn }]);
  });

  it('a device whose reserved region hits an allowed range cannot attach (EADDRINUSE)', () => {
    const r = run('x86-vtd-48', [...iommufdWithIoas, allow([['0xfe000000', '0xfeffffff']]), ...attachDev0, ranges]);
    expect(r.errno(5)).toBe('EADDRINUSE');
    expect(r.out(6).num_iovas).toBe(1); // nothing was reserved
  });

  it('allowed ranges do not show in IOVA_RANGES (only reserved ones do)', () => {
    const r = run('x86-vtd-48', [...iommufdWithIoas, allow([['0x100000', '0x1fffff']]), ranges]);
    expect(r.out(3).allowed_iovas).toEqual([{ start: 0n, last: U64_MAX }]);
  });
});

describe('attach', () => {
  it('refuses a domain whose aperture would exclude an existing area (EADDRINUSE), changing nothing', () => {
    const r = run('selftest-mock', [...iommufdWithIoas, map(0x100000n, 0x1000n), ...attachDev0, ranges, { op: 'inspect', target: 'ifd' }]);
    expect(r.errno(5)).toBe('EADDRINUSE');
    expect(r.out(6).num_iovas).toBe(1);
    expect((r.out(7).objects as { type: string }[]).map((o) => o.type)).toEqual(['IOAS', 'SELFTEST', 'DEVICE']);
  });

  it('refuses a device whose MSI window holds a mapping (EADDRINUSE)', () => {
    const r = run('x86-vtd-48', [...iommufdWithIoas, map(0xfee00000n, 0x1000n), ...attachDev0]);
    expect(r.errno(5)).toBe('EADDRINUSE');
  });

  it('refuses a domain whose page size the existing areas do not respect (EADDRINUSE)', () => {
    const r = run('x86-vtd-48', [...iommufdWithIoas, map(0x100800n, 0x800n), ...attachDev0]);
    expect(r.errno(5)).toBe('EADDRINUSE');
  });

  it('on selftest-mock ids follow IOMMU_TEST_OP_MOCK_DOMAIN: stdev, idev, hwpt', () => {
    const r = run('selftest-mock', [...iommufdWithIoas, ...attachDev0]);
    expect(r.out(1)).toEqual({ out_ioas_id: 1 });
    expect(r.out(3)).toEqual({ out_devid: 3 }); // id 2 is the hidden selftest object
    expect(r.out(4)).toEqual({ pt_id: 4 });
  });

  it('a second device attached to the same IOAS reuses the automatic HWPT', () => {
    const r = run('x86-vtd-48', [...iommufdWithIoas, ...attachDev0, ...attachDev1, { op: 'inspect', target: 'hwpt' }], { devices: twoDevs });
    expect(r.out(4)).toEqual({ pt_id: 3 });
    expect(r.out(6)).toEqual({ out_devid: 4 });
    expect(r.out(7)).toEqual({ pt_id: 3 });
    expect(r.out(8).devices).toEqual(['dev0', 'dev1']);
  });

  it('automatic selection never picks a manual HWPT', () => {
    const r = run('x86-vtd-48', [
      ...iommufdWithIoas,
      { op: 'open', path: '/dev/vfio/devices/dev0', as: 'cdev0' },
      { op: 'VFIO_DEVICE_BIND_IOMMUFD', fd: 'cdev0', iommufd: 'ifd', as: 'd0' },
      { op: 'IOMMU_HWPT_ALLOC', fd: 'ifd', dev_id: 'd0', pt_id: 'ioas', as: 'manual' },
      { op: 'VFIO_DEVICE_ATTACH_IOMMUFD_PT', fd: 'cdev0', pt_id: 'ioas', as: 'auto' },
    ]);
    expect(r.out(4)).toEqual({ out_hwpt_id: 3 });
    expect(r.out(5)).toEqual({ pt_id: 4 });
  });

  it('attaching an already attached device replaces; the unused automatic HWPT goes away', () => {
    const r = run('x86-vtd-48', [
      ...iommufdWithIoas, ...attachDev0,
      { op: 'IOMMU_IOAS_ALLOC', fd: 'ifd', as: 'ioas2' },
      { op: 'VFIO_DEVICE_ATTACH_IOMMUFD_PT', fd: 'cdev0', pt_id: 'ioas2', as: 'hwpt2' },
      { op: 'inspect', target: 'ifd' },
      { ...ranges },
    ]);
    expect(r.out(4)).toEqual({ pt_id: 3 });
    expect(r.out(6)).toEqual({ pt_id: 5 });
    expect((r.out(7).objects as { id: number; type: string }[])).toEqual([
      { id: 1, type: 'IOAS' }, { id: 2, type: 'DEVICE' }, { id: 4, type: 'IOAS' }, { id: 5, type: 'HWPT_PAGING' },
    ]);
    expect(r.out(8).num_iovas).toBe(1); // the first IOAS lost the device's MSI window and the aperture
  });

  it('pt_id missing is ENOENT; pt_id of a device is EINVAL; attach before bind is EINVAL', () => {
    const r = run('x86-vtd-48', [
      ...iommufdWithIoas,
      { op: 'open', path: '/dev/vfio/devices/dev0', as: 'cdev0' },
      { op: 'VFIO_DEVICE_ATTACH_IOMMUFD_PT', fd: 'cdev0', pt_id: 'ioas' },
      { op: 'VFIO_DEVICE_BIND_IOMMUFD', fd: 'cdev0', iommufd: 'ifd', as: 'd0' },
      { op: 'IOMMU_IOAS_ALLOC', fd: 'ifd', as: 'gone' },
      { op: 'IOMMU_DESTROY', fd: 'ifd', id: 'gone' },
      { op: 'VFIO_DEVICE_ATTACH_IOMMUFD_PT', fd: 'cdev0', pt_id: 'gone' },
      { op: 'VFIO_DEVICE_ATTACH_IOMMUFD_PT', fd: 'cdev0', pt_id: 'd0' },
      { op: 'VFIO_DEVICE_BIND_IOMMUFD', fd: 'cdev0', iommufd: 'ifd', as: 'again' },
    ]);
    expect(r.errno(3)).toBe('EINVAL');
    expect(r.errno(7)).toBe('ENOENT');
    expect(r.errno(8)).toBe('EINVAL');
    expect(r.errno(9)).toBe('EINVAL');
  });
});

describe('IOMMU_DESTROY and IOMMU_HWPT_ALLOC', () => {
  it('EBUSY while referenced (naming the holder), ENOENT when missing, and success once free', () => {
    const r = run('x86-vtd-48', [
      ...iommufdWithIoas, ...attachDev0,
      { op: 'IOMMU_DESTROY', fd: 'ifd', id: 'ioas' },
      { op: 'IOMMU_DESTROY', fd: 'ifd', id: 'hwpt' },
      { op: 'IOMMU_DESTROY', fd: 'ifd', id: 'd0' },
      { op: 'VFIO_DEVICE_DETACH_IOMMUFD_PT', fd: 'cdev0' },
      { op: 'IOMMU_DESTROY', fd: 'ifd', id: 'hwpt' },
      { op: 'IOMMU_DESTROY', fd: 'ifd', id: 'ioas' },
      { op: 'IOMMU_DESTROY', fd: 'ifd', id: 'ioas' },
    ]);
    const busy = r.r(5);
    expect(busy.ok ? null : busy.errno).toBe('EBUSY');
    if (!busy.ok) expect(busy.reason).toMatch(/HWPT 3/);
    expect(r.errno(6)).toBe('EBUSY');
    expect(r.errno(7)).toBe('EBUSY');
    expect(r.errno(9)).toBe('ENOENT'); // the automatic HWPT died with the detach
    expect(r.errno(10)).toBe(null);
    expect(r.errno(11)).toBe('ENOENT');
  });

  it('a manual HWPT holds the IOAS until destroyed; HWPT_ALLOC checks the aperture at allocation', () => {
    const r = run('selftest-mock', [
      ...iommufdWithIoas,
      { op: 'open', path: '/dev/vfio/devices/dev0', as: 'cdev0' },
      { op: 'VFIO_DEVICE_BIND_IOMMUFD', fd: 'cdev0', iommufd: 'ifd', as: 'd0' },
      { op: 'IOMMU_HWPT_ALLOC', fd: 'ifd', dev_id: 'd0', pt_id: 'ioas', as: 'manual' },
      { op: 'IOMMU_DESTROY', fd: 'ifd', id: 'ioas' },
      { op: 'IOMMU_DESTROY', fd: 'ifd', id: 'manual' },
      map(0x100000n, 0x1000n),
      { op: 'IOMMU_HWPT_ALLOC', fd: 'ifd', dev_id: 'd0', pt_id: 'ioas', as: 'manual2' },
      { op: 'IOMMU_HWPT_ALLOC', fd: 'ifd', dev_id: 'd0', pt_id: 'manual', as: 'manual3' },
    ]);
    expect(r.out(4)).toEqual({ out_hwpt_id: 4 });
    expect(r.errno(5)).toBe('EBUSY');
    expect(r.errno(6)).toBe(null);
    expect(r.errno(8)).toBe('EADDRINUSE');
    expect(r.errno(9)).toBe('EINVAL'); // HWPT_ALLOC reports a bad (destroyed) pt_id as EINVAL, not ENOENT
  });

  it('closing the iommufd with a cdev device bound releases nothing until the device fd closes', () => {
    const r = run('x86-vtd-48', [
      ...iommufdWithIoas, ...attachDev0,
      { op: 'close', fd: 'ifd' },
      { op: 'inspect', target: 'ioas' },
      { op: 'close', fd: 'cdev0' },
      { op: 'inspect', target: 'ioas' },
    ]);
    expect(r.out(6).hwpts).toEqual([3]);
    expect(r.errno(8)).toBe('EBADF'); // released with the last reference
    expect(r.sim.state.ictxs.size).toBe(0);
    expect(r.sim.state.devices.get('dev0')!.bound).toBe(null);
  });

  it('selftest-mock: closing the iommufd destroys the mock device with everything else', () => {
    const r = run('selftest-mock', [...iommufdWithIoas, ...attachDev0, map(null, 0x1000n), { op: 'close', fd: 'ifd' }]);
    expect(r.errno(6)).toBe(null);
    expect(r.sim.state.ictxs.size).toBe(0);
    expect(r.sim.state.devices.get('dev0')!.bound).toBe(null);
  });
});
