// The compat attach point: a group on an iommufd has its devices bound and attached to the compat
// IOAS when VFIO_GROUP_GET_DEVICE_FD opens them (vfio_df_group_open -> vfio_df_iommufd_bind ->
// vfio_iommufd_compat_attach_ioas), not at SET_CONTAINER; and such a device lives until its last
// device fd closes, whatever its group does. Errnos here were observed on the oracle's 6.12 kernel
// (public/scenarios/compat-get-device-fd-attach.json and the runs noted below) unless marked.
import { describe, expect, it } from 'vitest';
import { runStep } from '../../../src/core/sim/run';
import { parseStep } from '../../../src/core/scenario/parse';
import { holders, usersOf } from '../../../src/core/iommufd/objects';
import { run } from './helpers';

const compat = { kernel: { vfio_container: 'iommufd' }, devices: [{ id: 'nic0', group: 26 }] };
const pair = { devices: [{ id: 'fa', group: 30 }, { id: 'fb', group: 30 }] };
const start = [
  { op: 'open', path: '/dev/vfio/vfio', as: 'c' },
  { op: 'open', path: '/dev/vfio/26', as: 'g' },
  { op: 'VFIO_GROUP_SET_CONTAINER', fd: 'g', container: 'c' },
];
const getFd = (as = 'd', fd = 'g', device = 'nic0') => ({ op: 'VFIO_GROUP_GET_DEVICE_FD', fd, device, as });
const mapDma = (iova: string) => ({ op: 'VFIO_IOMMU_MAP_DMA', fd: 'c', iova, size: '0x1000', vaddr: '0x7f0000000000', flags: ['READ', 'WRITE'] });
const objects = { op: 'inspect', target: 'c' };

describe('the device attaches when its fd is opened', () => {
  it('SET_CONTAINER makes only the compat IOAS; GET_DEVICE_FD adds the device (2) and its automatic HWPT (3)', () => {
    const r = run('x86-vtd-48', [...start, objects, getFd(), objects, { op: 'inspect', target: 'd' }], compat);
    expect(r.out(3).objects).toEqual([{ id: 1, type: 'IOAS' }]);
    expect(r.out(5).objects).toEqual([{ id: 1, type: 'IOAS' }, { id: 2, type: 'DEVICE' }, { id: 3, type: 'HWPT_PAGING' }]);
    expect(r.out(6)).toMatchObject({ via: 'group', bound: { dev_id: 2 }, access: true, open_count: 1 });
    const dev = [...r.sim.state.ictxs.values()][0]!.objects.get(2);
    expect(dev).toMatchObject({ kind: 'device', via: 'compat', fd: null, hwpt: 3 });
  });

  it('a mapping over the MSI window, accepted before, makes the open fail with EADDRINUSE and nothing stays', () => {
    const r = run('x86-vtd-48', [...start, mapDma('0xfee00000'), getFd(), objects], compat);
    expect(r.errno(3)).toBe(null);
    expect(r.errno(4)).toBe('EADDRINUSE');
    expect(r.r(4)).toMatchObject({ ok: false, reason: expect.stringMatching(/unbound again/) });
    expect(r.out(5).objects).toEqual([{ id: 1, type: 'IOAS' }]);
    expect(r.sim.state.devices.get('nic0')!.bound).toBe(null);
  });

  it('a second GET_DEVICE_FD of the device only counts: no second binding', () => {
    const r = run('x86-vtd-48', [...start, getFd('d'), getFd('d2'), objects, { op: 'close', fd: 'd' }, objects, { op: 'inspect', target: 'd2' }], compat);
    expect(r.out(5).objects).toHaveLength(3);
    expect(r.out(7).objects).toHaveLength(3);
    expect(r.out(8)).toMatchObject({ bound: { dev_id: 2 }, open_count: 1 });
  });

  it('ENODEV when the compat IOAS is gone by the time the device opens (get_compat_ioas); the device is unbound again', () => {
    const r = run('x86-vtd-48', [...start], compat);
    // IOMMU_VFIO_IOAS_CLEAR (or IOMMU_DESTROY of the compat IOAS) has no handle here: clear it as they would.
    const ctx = [...r.sim.state.ictxs.values()][0]!;
    ctx.vfioIoas = null;
    const p = parseStep(getFd(), 3);
    if ('issues' in p) throw new Error('bad step');
    const res = runStep(r.sim, p.step, 3);
    expect(res).toMatchObject({ ok: false, errno: 'ENODEV', source: 'drivers/iommu/iommufd/vfio_compat.c: get_compat_ioas' });
    expect([...ctx.objects.keys()]).toEqual([1]);
    expect(r.sim.state.devices.get('nic0')!.bound).toBe(null);
  });

  it('the compat device object is held by VFIO while its fd is open (IOMMU_DESTROY would be EBUSY)', () => {
    const r = run('x86-vtd-48', [...start, getFd(), { op: 'IOMMU_IOAS_ALLOC', fd: 'c', as: 'ioas' }], compat);
    expect(r.out(4)).toEqual({ out_ioas_id: 4 });
    const ctx = [...r.sim.state.ictxs.values()][0]!;
    const dev = ctx.objects.get(2)!;
    // The scenario has no handle for id 2 (GET_DEVICE_FD does not return it): ask the table.
    expect(usersOf(ctx, dev, r.sim)).toBe(3);
    expect(holders(ctx, dev, r.sim)).toEqual([
      'VFIO holds it while a device fd from VFIO_GROUP_GET_DEVICE_FD is open (the last close unbinds it)',
      'it is attached to HWPT 3',
    ]);
  });
});

describe('the open device outlives its group on the iommufd', () => {
  it('UNSET_CONTAINER is not busy; the device stays attached (MSI reserved) until its fd closes', () => {
    const r = run('x86-vtd-48', [
      ...start, getFd(),
      { op: 'VFIO_GROUP_UNSET_CONTAINER', fd: 'g' },
      mapDma('0xfee00000'),
      { op: 'close', fd: 'd' },
      mapDma('0xfee00000'),
    ], compat);
    expect([r.errno(4), r.errno(5), r.errno(6), r.errno(7)]).toEqual([null, 'EINVAL', null, null]);
  });

  it('the group node opens again while the device is open (no group file reference on this path)', () => {
    const r = run('x86-vtd-48', [...start, getFd(), { op: 'close', fd: 'g' }, { op: 'open', path: '/dev/vfio/26', as: 'g2' }], compat);
    expect([r.errno(4), r.errno(5)]).toEqual([null, null]);
    expect(r.sim.state.groups.get(26)!.container).toBe(null);
  });

  it('the binding holds the iommufd: closing every fd but the device fd releases nothing; its close releases all', () => {
    const r = run('x86-vtd-48', [...start, mapDma('0x100000'), getFd(), { op: 'close', fd: 'g' }, { op: 'close', fd: 'c' }], compat);
    expect(r.sim.state.ictxs.size).toBe(1);
    const ctx = [...r.sim.state.ictxs.values()][0]!;
    expect(ctx.fdRefs).toBe(0);
    expect(ctx.compatGroups).toEqual([]);
    const after = run('x86-vtd-48', [...start, mapDma('0x100000'), getFd(), { op: 'close', fd: 'g' }, { op: 'close', fd: 'c' }, { op: 'close', fd: 'd' }], compat);
    expect(after.sim.state.ictxs.size).toBe(0);
    expect(after.sim.state.devices.get('nic0')!.bound).toBe(null);
  });

  it('its cdev cannot bind meanwhile (vfio_df_open: the device is open) — EINVAL, not the group EBUSY', () => {
    const r = run('x86-vtd-48', [
      ...start, getFd(), { op: 'close', fd: 'g' },
      { op: 'open', path: '/dev/vfio/devices/nic0', as: 'cdev' },
      { op: 'VFIO_DEVICE_BIND_IOMMUFD', fd: 'cdev', iommufd: 'c', as: 'x' },
      { op: 'inspect', target: 'cdev' },
      { op: 'close', fd: 'd' },
      { op: 'VFIO_DEVICE_BIND_IOMMUFD', fd: 'cdev', iommufd: 'c', as: 'y' },
    ], compat);
    expect(r.errno(6)).toBe('EINVAL');
    expect(r.out(7)).toMatchObject({ via: 'cdev', bound: null, access: false });
    expect(r.out(9)).toEqual({ out_devid: 2 });
  });
});

describe('DMA ownership (iommu_group_claim_dma_owner / iommu_device_claim_dma_owner: EPERM on 6.12)', () => {
  it('a group whose device is still bound to an iommufd cannot join a legacy container (oracle-confirmed)', () => {
    const r = run('x86-vtd-48', [
      { op: 'open', path: '/dev/iommu', as: 'i' },
      { op: 'open', path: '/dev/vfio/26', as: 'g' },
      { op: 'VFIO_GROUP_SET_CONTAINER', fd: 'g', container: 'i' },
      getFd(),
      { op: 'VFIO_GROUP_UNSET_CONTAINER', fd: 'g' },
      { op: 'open', path: '/dev/vfio/vfio', as: 'c' },
      { op: 'VFIO_GROUP_SET_CONTAINER', fd: 'g', container: 'c' },
      { op: 'open', path: '/dev/iommu', as: 'i2' },
      { op: 'VFIO_GROUP_SET_CONTAINER', fd: 'g', container: 'i2' },
      getFd('d2'),
      { op: 'IOMMU_IOAS_ALLOC', fd: 'i2', as: 'q' },
    ], { devices: [{ id: 'nic0', group: 26 }] });
    expect(r.errno(6)).toBe('EPERM');
    expect(r.errno(8)).toBe(null);
    // The device was open already: d2 only counts, so i2 holds just its compat IOAS.
    expect(r.errno(9)).toBe(null);
    expect(r.out(10)).toEqual({ out_ioas_id: 2 });
  });

  it('another device of the group is refused by a second iommufd, through the group and through a cdev (oracle-confirmed)', () => {
    const viaGroup = run('x86-vtd-48', [
      { op: 'open', path: '/dev/iommu', as: 'i1' },
      { op: 'open', path: '/dev/iommu', as: 'i2' },
      { op: 'open', path: '/dev/vfio/30', as: 'g' },
      { op: 'VFIO_GROUP_SET_CONTAINER', fd: 'g', container: 'i1' },
      getFd('da', 'g', 'fa'),
      { op: 'VFIO_GROUP_UNSET_CONTAINER', fd: 'g' },
      { op: 'VFIO_GROUP_SET_CONTAINER', fd: 'g', container: 'i2' },
      getFd('db', 'g', 'fb'),
      getFd('da2', 'g', 'fa'),
    ], pair);
    expect([viaGroup.errno(7), viaGroup.errno(8)]).toEqual(['EPERM', null]);
    const viaCdev = run('x86-vtd-48', [
      { op: 'open', path: '/dev/iommu', as: 'i1' },
      { op: 'open', path: '/dev/iommu', as: 'i2' },
      { op: 'open', path: '/dev/vfio/devices/fa', as: 'ca' },
      { op: 'open', path: '/dev/vfio/devices/fb', as: 'cb' },
      { op: 'VFIO_DEVICE_BIND_IOMMUFD', fd: 'ca', iommufd: 'i1', as: 'a' },
      { op: 'VFIO_DEVICE_BIND_IOMMUFD', fd: 'cb', iommufd: 'i2', as: 'b' },
    ], pair);
    expect(viaCdev.errno(5)).toBe('EPERM');
  });
});
