// VFIO_GROUP_GET_DEVICE_FD with a legacy container (drivers/vfio/group.c, container.c): the
// refusals in the kernel's order, and a device fd keeping its group in use. Every errno here was
// also observed on the oracle's 6.12 kernel (public/scenarios/vfio-get-device-fd.json).
import { describe, expect, it } from 'vitest';
import { errnoOf, info, inspect, json, map, run, scenario, setup } from './helpers';

const devs = [{ id: 'nic0', group: 26, bdf: '0000:00:02.0' }, { id: 'nic1', group: 27, bdf: '0000:00:03.0' }];
const getFd = (device = 'nic0', as = 'd', fd = 'g26') => ({ op: 'VFIO_GROUP_GET_DEVICE_FD', fd, device, as });

describe('refusals, in the kernel order', () => {
  it('ENODEV for a name outside the group, checked before the container; EINVAL without a container', () => {
    const { results } = run(scenario('x86-vtd-48', devs, [
      { op: 'open', path: '/dev/vfio/26', as: 'g26' },
      getFd('nic1'), getFd('nosuch'), getFd('nic0'),
    ]));
    expect(results.map(errnoOf)).toEqual([null, 'ENODEV', 'ENODEV', 'EINVAL']);
    expect(!results[1]!.ok && results[1]!.reason).toMatch(/group 27/);
    expect(!results[3]!.ok && results[3]!.source).toBe('drivers/vfio/group.c: vfio_df_group_open');
  });

  it('EINVAL before VFIO_SET_IOMMU (vfio_group_use_container); the failed open leaves no fd behind', () => {
    const { results, sim } = run(scenario('x86-vtd-48', devs, [...setup([26], null), getFd()]));
    expect(errnoOf(results[3]!)).toBe('EINVAL');
    expect(!results[3]!.ok && results[3]!.source).toBe('drivers/vfio/container.c: vfio_group_use_container');
    expect([...sim.state.files.values()].some((f) => f.kind === 'vfio-device')).toBe(false);
  });

  it('matches the BDF too (the name vfio-pci compares), and returns the new fd', () => {
    const { results } = run(scenario('x86-vtd-48', devs, [...setup([26]), getFd('0000:00:02.0'), inspect('d')]));
    expect(json(results[4]!).out).toEqual({ fd: 5 });
    expect(json(results[5]!).out).toEqual({ device: 'nic0', bdf: '0000:00:02.0', group: 26, via: 'group', bound: null, access: true, open_count: 1 });
  });

  it('on any other file the number means something else: container EINVAL/ENOTTY, iommufd and device ENOTTY', () => {
    const { results } = run(scenario('x86-vtd-48', devs, [
      { op: 'open', path: '/dev/vfio/vfio', as: 'c' },
      { op: 'VFIO_GROUP_GET_DEVICE_FD', fd: 'c', device: 'nic0' },
      ...setup([26]).slice(1),
      { op: 'VFIO_GROUP_GET_DEVICE_FD', fd: 'c', device: 'nic0' },
      getFd(),
      { op: 'VFIO_GROUP_GET_DEVICE_FD', fd: 'd', device: 'nic0' },
      { op: 'open', path: '/dev/iommu', as: 'i' },
      { op: 'VFIO_GROUP_GET_DEVICE_FD', fd: 'i', device: 'nic0' },
    ]));
    expect(results.map(errnoOf)).toEqual([null, 'EINVAL', null, null, null, 'ENOTTY', null, 'ENOTTY', null, 'ENOTTY']);
  });
});

describe('a device fd keeps its group in the container', () => {
  const open2 = [...setup([26]), map('0x100000', '0x200000'), getFd('nic0', 'd'), getFd('nic0', 'd2')];

  it('UNSET_CONTAINER is EBUSY until the last device fd closes (container_users counts devices, not fds)', () => {
    const { results } = run(scenario('x86-vtd-48', devs, [
      ...open2,
      { op: 'VFIO_GROUP_UNSET_CONTAINER', fd: 'g26' },
      { op: 'close', fd: 'd2' },
      { op: 'VFIO_GROUP_UNSET_CONTAINER', fd: 'g26' },
      { op: 'close', fd: 'd' },
      { op: 'VFIO_GROUP_UNSET_CONTAINER', fd: 'g26' },
    ]));
    expect(results.slice(5).map(errnoOf)).toEqual([null, null, 'EBUSY', null, 'EBUSY', null, null]);
    expect(!results[7]!.ok && results[7]!.reason).toMatch(/container_users = 2/);
  });

  it('closing the group fd defers the release to the last device close; the node stays busy meanwhile', () => {
    const { results, sim } = run(scenario('x86-vtd-48', devs, [
      ...open2,
      { op: 'close', fd: 'g26' },
      { op: 'open', path: '/dev/vfio/26', as: 'again' },
      info(),
      { op: 'close', fd: 'd' },
      inspect('c'),
      { op: 'close', fd: 'd2' },
      inspect('c'),
      { op: 'open', path: '/dev/vfio/26', as: 'again2' },
    ]));
    expect(results.slice(7).map(errnoOf)).toEqual([null, 'EBUSY', null, null, null, null, null, null]);
    expect(json(results[9]!).out.dma_avail).toBe(65534);
    expect(json(results[11]!).out).toMatchObject({ iommu: 'VFIO_TYPE1v2_IOMMU', groups: [26] });
    expect(json(results[13]!).out).toEqual({ iommu: null, groups: [], mappings: [], windows: [] });
    const c = [...sim.state.containers.values()][0]!;
    expect(c.history.at(-1)).toBe('type1v2 released: last group 26 left, 1 mapping dropped');
  });

  it('another group of the container is not held by this device', () => {
    const { results } = run(scenario('x86-vtd-48', devs, [
      ...setup([26, 27]), getFd('nic0', 'd'),
      { op: 'VFIO_GROUP_UNSET_CONTAINER', fd: 'g27' },
      { op: 'VFIO_GROUP_UNSET_CONTAINER', fd: 'g26' },
    ]));
    expect(results.slice(6).map(errnoOf)).toEqual([null, null, 'EBUSY']);
  });

  it('the cdev of a device whose group file is held cannot bind (vfio_device_block_group: EBUSY)', () => {
    const { results } = run(scenario('x86-vtd-48', devs, [
      ...setup([26]), getFd('nic0', 'd'), { op: 'close', fd: 'g26' },
      { op: 'open', path: '/dev/vfio/devices/nic0', as: 'cdev' },
      { op: 'open', path: '/dev/iommu', as: 'i' },
      { op: 'VFIO_DEVICE_BIND_IOMMUFD', fd: 'cdev', iommufd: 'i', as: 'x' },
    ]));
    expect(errnoOf(results[8]!)).toBe('EBUSY');
  });

  it('device ioctls: granted at once (no BIND needed); the cdev-only BIND/ATTACH/DETACH are refused', () => {
    const { results } = run(scenario('x86-vtd-48', devs, [
      ...setup([26]), getFd('nic0', 'd'),
      { op: 'open', path: '/dev/iommu', as: 'i' },
      { op: 'IOMMU_IOAS_ALLOC', fd: 'i', as: 'ioas' },
      { op: 'VFIO_DEVICE_BIND_IOMMUFD', fd: 'd', iommufd: 'i', as: 'x' },
      { op: 'VFIO_DEVICE_ATTACH_IOMMUFD_PT', fd: 'd', pt_id: 'ioas' },
      { op: 'VFIO_DEVICE_DETACH_IOMMUFD_PT', fd: 'd' },
      // Number 13 on a device fd is VFIO_DEVICE_PCI_HOT_RESET: reached because access is granted.
      map('0x0', '0x1000', '0x7f0000000000', ['READ', 'WRITE'], 'd'),
    ]));
    expect(results.slice(7).map(errnoOf)).toEqual(['EINVAL', 'ENOTTY', 'ENOTTY', 'EINVAL']);
    expect(!results[10]!.ok && results[10]!.source).toMatch(/vfio_pci_ioctl_pci_hot_reset/);
  });
});

describe('sPAPR and the selftest', () => {
  it('a sPAPR container needs its IOMMU set too, then hands out the device', () => {
    const { results } = run(scenario('ppc-powernv', [{ id: 'eth0', group: 1 }], [
      { op: 'open', path: '/dev/vfio/vfio', as: 'c' },
      { op: 'open', path: '/dev/vfio/1', as: 'g' },
      { op: 'VFIO_GROUP_SET_CONTAINER', fd: 'g', container: 'c' },
      getFd('eth0', 'd', 'g'),
      { op: 'VFIO_SET_IOMMU', fd: 'c', type: 'VFIO_SPAPR_TCE_v2_IOMMU' },
      getFd('eth0', 'd', 'g'),
      { op: 'VFIO_GROUP_UNSET_CONTAINER', fd: 'g' },
    ]));
    expect(results.map(errnoOf)).toEqual([null, null, null, 'EINVAL', null, null, 'EBUSY']);
  });

  it('selftest-mock groups have no VFIO device to open (simulator convention): ENODEV', () => {
    const { results } = run(scenario('selftest-mock', [{ id: 'mock0', group: 1 }], [
      { op: 'open', path: '/dev/vfio/vfio', as: 'c' },
      { op: 'open', path: '/dev/vfio/1', as: 'g' },
      getFd('mock0', 'd', 'g'),
    ], { kernel: { vfio_container: 'iommufd' } }));
    expect(errnoOf(results[2]!)).toBe('ENODEV');
  });
});
