// Container and group lifecycle: open/close, SET/UNSET_CONTAINER and VFIO_SET_IOMMU ordering
// (drivers/vfio/container.c, group.c), with the errno the kernel returns.
import { describe, expect, it } from 'vitest';
import { errnoOf, info, inspect, json, map, run, scenario, setup } from './helpers';

const one = [{ id: 'nic0', group: 26 }];
const two = [{ id: 'nic0', group: 26 }, { id: 'nic1', group: 27 }];

describe('opening VFIO nodes', () => {
  it('opens an empty container and a group; a second open of the group is EBUSY', () => {
    const { results } = run(scenario('x86-vtd-48', one, [
      { op: 'open', path: '/dev/vfio/vfio', as: 'c' },
      { op: 'open', path: '/dev/vfio/26', as: 'g' },
      { op: 'open', path: '/dev/vfio/26', as: 'g2' },
      inspect('c'), inspect('g'),
    ]));
    expect(results.slice(0, 2).every((r) => r.ok)).toBe(true);
    expect(errnoOf(results[2]!)).toBe('EBUSY');
    expect(json(results[3]!).out).toEqual({ iommu: null, groups: [], mappings: [], windows: [] });
    expect(json(results[4]!).out).toEqual({ container: null, devices: ['nic0'], viable: true });
  });

  it('refuses an unknown group with ENOENT', () => {
    const { results } = run(scenario('x86-vtd-48', one, [{ op: 'open', path: '/dev/vfio/99', as: 'g' }]));
    expect(errnoOf(results[0]!)).toBe('ENOENT');
  });

  it('is EBUSY while a device of the group is bound through its cdev (vfio_device_block_group)', () => {
    const { results } = run(scenario('x86-vtd-48', one, [
      { op: 'open', path: '/dev/vfio/devices/nic0', as: 'd' },
      { op: 'open', path: '/dev/iommu', as: 'i' },
      { op: 'VFIO_DEVICE_BIND_IOMMUFD', fd: 'd', iommufd: 'i', as: 'dev' },
      { op: 'open', path: '/dev/vfio/26', as: 'g' },
    ]));
    expect(results.map(errnoOf)).toEqual([null, null, null, 'EBUSY']);
  });

  it('lets a group be opened again after its fd is closed', () => {
    const { results } = run(scenario('x86-vtd-48', one, [
      { op: 'open', path: '/dev/vfio/26', as: 'g' }, { op: 'close', fd: 'g' },
      { op: 'open', path: '/dev/vfio/26', as: 'g' },
    ]));
    expect(results.map((r) => r.ok)).toEqual([true, true, true]);
  });
});

describe('VFIO_GROUP_SET_CONTAINER / UNSET_CONTAINER', () => {
  it('attaches a group and names the container handle in the group inspect', () => {
    const { results } = run(scenario('x86-vtd-48', one, [...setup([26], null), inspect('g26'), inspect('c')]));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(json(results[3]!).out.container).toBe('c');
    expect(json(results[4]!).out.groups).toEqual([26]);
  });

  it('is EINVAL when the group already has a container', () => {
    const { results } = run(scenario('x86-vtd-48', one, [
      ...setup([26], null),
      { op: 'open', path: '/dev/vfio/vfio', as: 'c2' },
      { op: 'VFIO_GROUP_SET_CONTAINER', fd: 'g26', container: 'c2' },
      { op: 'VFIO_GROUP_SET_CONTAINER', fd: 'g26', container: 'c' },
    ]));
    expect(errnoOf(results[4]!)).toBe('EINVAL');
    expect(errnoOf(results[5]!)).toBe('EINVAL');
  });

  it('is EBADF for a closed container fd (checked before "already set")', () => {
    const { results } = run(scenario('x86-vtd-48', one, [
      ...setup([26], null),
      { op: 'open', path: '/dev/vfio/vfio', as: 'c2' }, { op: 'close', fd: 'c2' },
      { op: 'VFIO_GROUP_SET_CONTAINER', fd: 'g26', container: 'c2' },
    ]));
    expect(errnoOf(results[5]!)).toBe('EBADF');
  });

  it('is EBADFD when the container argument is a group fd', () => {
    const { results } = run(scenario('x86-vtd-48', two, [
      { op: 'open', path: '/dev/vfio/26', as: 'g26' }, { op: 'open', path: '/dev/vfio/27', as: 'g27' },
      { op: 'VFIO_GROUP_SET_CONTAINER', fd: 'g26', container: 'g27' },
    ]));
    expect(errnoOf(results[2]!)).toBe('EBADFD');
  });

  it('is EBADF when the group fd itself is closed, ENOTTY when it is not a group', () => {
    const { results } = run(scenario('x86-vtd-48', one, [
      ...setup([26]), { op: 'close', fd: 'g26' },
      { op: 'VFIO_GROUP_SET_CONTAINER', fd: 'g26', container: 'c' },
      { op: 'open', path: '/dev/vfio/vfio', as: 'c2' },
      { op: 'VFIO_GROUP_UNSET_CONTAINER', fd: 'c2' },
    ]));
    expect(errnoOf(results[5]!)).toBe('EBADF');
    // A group ioctl on a container without a backend: vfio_fops_unl_ioctl's default -EINVAL.
    expect(errnoOf(results[7]!)).toBe('EINVAL');
  });

  it('UNSET_CONTAINER without a container is EINVAL', () => {
    const { results } = run(scenario('x86-vtd-48', one, [
      { op: 'open', path: '/dev/vfio/26', as: 'g' }, { op: 'VFIO_GROUP_UNSET_CONTAINER', fd: 'g' },
    ]));
    expect(errnoOf(results[1]!)).toBe('EINVAL');
  });

  it('a group set on a container that already has type1 is attached at once', () => {
    const { results } = run(scenario('x86-vtd-48', two, [
      ...setup([26]),
      { op: 'open', path: '/dev/vfio/27', as: 'g27' },
      { op: 'VFIO_GROUP_SET_CONTAINER', fd: 'g27', container: 'c' },
      inspect('c'),
    ]));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(json(results[6]!).out.groups).toEqual([26, 27]);
  });
});

describe('VFIO_SET_IOMMU ordering', () => {
  it('is EINVAL without a group, then works once a group is set, then EINVAL when already set', () => {
    const { results } = run(scenario('x86-vtd-48', one, [
      { op: 'open', path: '/dev/vfio/vfio', as: 'c' },
      { op: 'VFIO_SET_IOMMU', fd: 'c', type: 'VFIO_TYPE1v2_IOMMU' },
      { op: 'open', path: '/dev/vfio/26', as: 'g' },
      { op: 'VFIO_GROUP_SET_CONTAINER', fd: 'g', container: 'c' },
      { op: 'VFIO_SET_IOMMU', fd: 'c', type: 'VFIO_TYPE1v2_IOMMU' },
      { op: 'VFIO_SET_IOMMU', fd: 'c', type: 'VFIO_TYPE1_IOMMU' },
      inspect('c'),
    ]));
    expect(results.map(errnoOf)).toEqual([null, 'EINVAL', null, null, null, 'EINVAL', null]);
    expect(json(results[6]!).out.iommu).toBe('VFIO_TYPE1v2_IOMMU');
  });

  it('MAP, UNMAP and GET_INFO before SET_IOMMU are EINVAL (no driver)', () => {
    const { results } = run(scenario('x86-vtd-48', one, [
      ...setup([26], null), map('0x100000', '0x1000'), { op: 'VFIO_IOMMU_UNMAP_DMA', fd: 'c', iova: '0', size: '0x1000' }, info(),
    ]));
    expect(results.slice(3).map(errnoOf)).toEqual(['EINVAL', 'EINVAL', 'EINVAL']);
  });

  it('is ENODEV for types no registered driver takes', () => {
    const x86 = run(scenario('x86-vtd-48', one, [
      ...setup([26], 'VFIO_SPAPR_TCE_v2_IOMMU'),
      { op: 'VFIO_SET_IOMMU', fd: 'c', type: 'VFIO_NOIOMMU_IOMMU' },
      { op: 'VFIO_SET_IOMMU', fd: 'c', type: 'VFIO_TYPE1_IOMMU' },
    ])).results;
    expect(x86.slice(3).map(errnoOf)).toEqual(['ENODEV', 'ENODEV', null]);
    const ppc = run(scenario('ppc-powernv', one, setup([26], 'VFIO_TYPE1v2_IOMMU'))).results;
    expect(errnoOf(ppc[3]!)).toBe('ENODEV');
  });

  it('accepts type1 on amd-vi, arm-smmuv3 and the selftest mock platform', () => {
    for (const p of ['amd-vi', 'arm-smmuv3', 'selftest-mock']) {
      const { results } = run(scenario(p, one, setup([26], 'VFIO_TYPE1_IOMMU')));
      expect(results.every((r) => r.ok), p).toBe(true);
    }
  });

  it('a failing SET_IOMMU leaves the container without a backend', () => {
    // An aperture that is exactly the MSI window leaves no usable IOVA: vfio_iommu_resv_exclude.
    const { results } = run(scenario('x86-vtd-48', one, [...setup([26]), inspect('c')], {
      platform_overrides: { aperture: { start: '0xfee00000', end: '0xfeefffff' } },
    }));
    expect(errnoOf(results[3]!)).toBe('EINVAL');
    expect(results[3]!.ok ? '' : results[3]!.source).toMatch(/vfio_iommu_resv_exclude/);
    expect(json(results[4]!).out.iommu).toBe(null);
  });

  it('container ioctls on a group fd are ENOTTY; sPAPR ioctls on type1 are ENOTTY except number 17', () => {
    const { results } = run(scenario('x86-vtd-48', one, [
      ...setup([26]),
      { op: 'VFIO_SET_IOMMU', fd: 'g26', type: 'VFIO_TYPE1v2_IOMMU' },
      map('0x100000', '0x1000', '0x7f0000000000', ['READ'], 'g26'),
      { op: 'VFIO_IOMMU_SPAPR_REGISTER_MEMORY', fd: 'c', vaddr: '0x7f0000000000', size: '0x10000' },
      { op: 'VFIO_IOMMU_SPAPR_TCE_CREATE', fd: 'c', page_shift: 12, window_size: '0x40000000', levels: 1 },
    ]));
    // SPAPR_REGISTER_MEMORY shares its number with VFIO_IOMMU_DIRTY_PAGES: v2 rejects flags 0.
    expect(results.slice(4).map(errnoOf)).toEqual(['ENOTTY', 'ENOTTY', 'EINVAL', 'ENOTTY']);
  });

  it('sPAPR ioctls on a container without a backend are EINVAL', () => {
    const { results } = run(scenario('x86-vtd-48', one, [
      { op: 'open', path: '/dev/vfio/vfio', as: 'c' },
      { op: 'VFIO_IOMMU_SPAPR_TCE_REMOVE', fd: 'c', start_addr: '0' },
    ]));
    expect(errnoOf(results[1]!)).toBe('EINVAL');
  });
});

describe('closing fds', () => {
  it('closing the group fd detaches it like UNSET_CONTAINER', () => {
    const { results } = run(scenario('x86-vtd-48', two, [
      ...setup([26, 27]), map('0x100000', '0x1000'),
      { op: 'close', fd: 'g27' }, inspect('c'),
    ]));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(json(results[8]!).out).toMatchObject({ iommu: 'VFIO_TYPE1v2_IOMMU', groups: [26], mappings: [{ iova: '0x100000', size: '0x1000' }] });
  });

  it('closing the container fd keeps the backend and mappings while a group holds it', () => {
    const { results, sim } = run(scenario('x86-vtd-48', one, [
      ...setup([26]), map('0x100000', '0x1000'), { op: 'close', fd: 'c' }, inspect('g26'),
    ]));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(json(results[6]!).out.container).toBe('container#1');
    const c = sim.state.containers.get(1)!;
    expect(c.fdRefs).toBe(0);
    expect(c.iommu?.kind).toBe('type1');
    expect(c.iommu?.kind === 'type1' && c.iommu.dmas.size).toBe(1);
  });

  it('the container object is freed once neither an fd nor a group refers to it', () => {
    const { sim } = run(scenario('x86-vtd-48', one, [
      ...setup([26]), { op: 'close', fd: 'c' }, { op: 'close', fd: 'g26' },
    ]));
    expect(sim.state.containers.size).toBe(0);
    expect(sim.state.groups.get(26)!.container).toBe(null);
    expect(sim.state.groups.get(26)!.fd).toBe(null);
  });
});

// VFIO ioctl numbers carry no size: the same number means different ioctls to different files.
// Device-fd results below were observed on the oracle's 6.12 kernel (vfio-pci, QEMU e1000e).
describe('ioctl numbers shared between VFIO files', () => {
  it('container and group ioctls on a device cdev: EINVAL before bind, then what vfio-pci makes of the number', () => {
    const { results } = run(scenario('x86-vtd-48', two, [
      { op: 'open', path: '/dev/vfio/devices/nic1', as: 'd' },
      info('d'),
      { op: 'VFIO_IOMMU_UNMAP_DMA', fd: 'd', iova: '0', size: '0x1000' },
      { op: 'open', path: '/dev/iommu', as: 'i' },
      { op: 'VFIO_DEVICE_BIND_IOMMUFD', fd: 'd', iommufd: 'i', as: 'dev' },
      { op: 'VFIO_SET_IOMMU', fd: 'd', type: 'VFIO_TYPE1v2_IOMMU' },
      { op: 'VFIO_GROUP_SET_CONTAINER', fd: 'd', container: 'i' },
      { op: 'VFIO_GROUP_UNSET_CONTAINER', fd: 'd' },
      info('d'),
      { op: 'VFIO_IOMMU_UNMAP_DMA', fd: 'd', iova: '0', size: '0x1000' },
      map('0x0', '0x1000', '0x7f0000000000', ['READ'], 'd'),
    ]));
    expect(results.map(errnoOf)).toEqual([null, 'EINVAL', 'EINVAL', null, null, 'ENOTTY', 'ENOTTY', 'ENOTTY', 'ENODEV', 'ENOTTY', 'EINVAL']);
    expect(results[10]!.ok ? '' : results[10]!.source).toMatch(/vfio_pci_ioctl_pci_hot_reset/);
  });

  it('SPAPR_UNREGISTER_MEMORY on a device cdev is VFIO_DEVICE_BIND_IOMMUFD with vaddr\'s low half as the iommufd', () => {
    const un = (vaddr: string) => ({ op: 'VFIO_IOMMU_SPAPR_UNREGISTER_MEMORY', fd: 'd', vaddr, size: '0x1000' });
    const { results } = run(scenario('x86-vtd-48', one, [
      { op: 'open', path: '/dev/vfio/devices/nic0', as: 'd' }, // fd 3
      un('0x7f0000000000'), // fd 0: not open
      un('0x7f0000000003'), // fd 3: the device cdev itself
      un('0x7f00f0000000'), // negative
      { op: 'open', path: '/dev/iommu', as: 'i' },
      { op: 'VFIO_DEVICE_BIND_IOMMUFD', fd: 'd', iommufd: 'i', as: 'dev' },
      un('0x7f0000000004'), // bound already
    ]));
    expect(results.map(errnoOf)).toEqual([null, 'EBADF', 'EBADFD', 'EINVAL', null, null, 'EINVAL']);
  });

  it('SPAPR_REGISTER_MEMORY on type1 is VFIO_IOMMU_DIRTY_PAGES: v1 refuses it (EACCES in the kernel)', () => {
    const { results } = run(scenario('x86-vtd-48', one, [
      ...setup([26], 'VFIO_TYPE1_IOMMU'),
      { op: 'VFIO_IOMMU_SPAPR_REGISTER_MEMORY', fd: 'c', vaddr: '0x7f0000000000', size: '0x10000' },
      { op: 'VFIO_IOMMU_SPAPR_UNREGISTER_MEMORY', fd: 'c', vaddr: '0x7f0000000000', size: '0x10000' },
    ]));
    expect(errnoOf(results[4]!)).toBe('EACCES');
    expect(errnoOf(results[5]!)).toBe('ENOTTY');
  });
});
