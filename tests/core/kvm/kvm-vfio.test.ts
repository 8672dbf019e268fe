// The kvm-vfio device: GROUP_ADD / GROUP_DEL (virt/kvm/vfio.c) and SET_SPAPR_TCE with its
// compatibility check (kvm_spapr_tce_attach_iommu_group).
import { describe, expect, it } from 'vitest';
import { containerWithGroup, createTce, DDW, defaultWindowLinked, inspect, link, RAM, Script, tceCreate } from './helpers';

describe('KVM_DEV_VFIO_GROUP_ADD / DEL', () => {
  it('EBADF for a closed fd, EINVAL for a file that is not VFIO, EEXIST twice, ENOENT for a group never added', () => {
    const r = new Script()
      .add(null, { op: 'open', path: '/dev/vfio/vfio', as: 'container' }, { op: 'open', path: '/dev/vfio/1', as: 'group1' })
      .add(null, { op: 'open', path: '/dev/vfio/2', as: 'group2' })
      .add('container', { op: 'KVM_DEV_VFIO_GROUP_ADD', groupfd: 'container' })
      .add(null, { op: 'open', path: '/dev/vfio/vfio', as: 'closed' }, { op: 'close', fd: 'closed' })
      .add('nofd', { op: 'KVM_DEV_VFIO_GROUP_ADD', groupfd: 'closed' })
      .add('add', { op: 'KVM_DEV_VFIO_GROUP_ADD', groupfd: 'group1' })
      .add('again', { op: 'KVM_DEV_VFIO_GROUP_ADD', groupfd: 'group1' })
      .add('delNever', { op: 'KVM_DEV_VFIO_GROUP_DEL', groupfd: 'group2' })
      .add('delContainer', { op: 'KVM_DEV_VFIO_GROUP_DEL', groupfd: 'container' })
      .add('del', { op: 'KVM_DEV_VFIO_GROUP_DEL', groupfd: 'group1' })
      .add('delTwice', { op: 'KVM_DEV_VFIO_GROUP_DEL', groupfd: 'group1' })
      .run();
    expect(r.errno('container')).toBe('EINVAL');
    expect(r.errno('nofd')).toBe('EBADF');
    expect(r.errno('add')).toBeNull();
    expect(r.errno('again')).toBe('EEXIST');
    expect(r.errno('delNever')).toBe('ENOENT');
    expect(r.errno('delContainer')).toBe('ENOENT');
    expect(r.errno('del')).toBeNull();
    expect(r.errno('delTwice')).toBe('ENOENT');
  });

  it('GROUP_DEL of a group never linked warns (WARN_ON_ONCE) but succeeds', () => {
    const r = new Script()
      .add(null, { op: 'open', path: '/dev/vfio/1', as: 'group1' }, { op: 'KVM_DEV_VFIO_GROUP_ADD', groupfd: 'group1' })
      .add('del', { op: 'KVM_DEV_VFIO_GROUP_DEL', groupfd: 'group1' })
      .run();
    expect(r.note('del')).toMatch(/WARN_ON_ONCE/);
  });

  it('works on x86 too (the file list), where SET_SPAPR_TCE does not exist (ENXIO)', () => {
    const r = new Script()
      .add(null, { op: 'open', path: '/dev/vfio/1', as: 'group1' })
      .add('add', { op: 'KVM_DEV_VFIO_GROUP_ADD', groupfd: 'group1' })
      .add('set', link('group1', 'group1'))
      .add('del', { op: 'KVM_DEV_VFIO_GROUP_DEL', groupfd: 'group1' })
      .run({ platform: 'x86-vtd-48', devices: [{ id: 'nic0', group: 1 }] });
    expect(r.errno('add')).toBeNull();
    expect(r.errno('set')).toBe('ENXIO');
    expect(r.errno('del')).toBeNull();
  });

  it('holds the group file: closing the group fd leaves the group in its container, and it cannot be reopened', () => {
    const r = new Script()
      .add(null, ...containerWithGroup(1))
      .add('close', { op: 'close', fd: 'group1' })
      .add('reopen', { op: 'open', path: '/dev/vfio/1', as: 'again' })
      .add('c', inspect('container'))
      .run();
    expect(r.errno('close')).toBeNull();
    expect(r.errno('reopen')).toBe('EBUSY');
    expect(r.out('c')).toMatchObject({ iommu: 'VFIO_SPAPR_TCE_v2_IOMMU', groups: [1] });
    expect(r.sim.state.groups.get(1)!.fd).toBe(-1);
  });

  it('without GROUP_ADD, closing the group fd releases the backend as usual', () => {
    const r = new Script()
      .add(null, ...containerWithGroup(1, 'container', { add: false }))
      .add('close', { op: 'close', fd: 'group1' })
      .add('c', inspect('container'))
      .run();
    expect(r.out('c')).toMatchObject({ iommu: null, groups: [] });
  });
});

describe('KVM_DEV_VFIO_GROUP_SET_SPAPR_TCE', () => {
  const base = () => new Script().add(null, ...containerWithGroup(1));

  it('ENOENT for a group not added, EBADF / EINVAL for a tablefd that is not a TCE table of the VM', () => {
    const r = new Script()
      .add(null, ...containerWithGroup(1, 'container', { add: false }))
      .add(null, createTce('t', 0x80000000n, 12, 0n, RAM >> 12n), tceCreate('container', 12, RAM))
      .add('notAdded', link('group1', 't'))
      .add(null, { op: 'KVM_DEV_VFIO_GROUP_ADD', groupfd: 'group1' })
      .add('notTable', link('group1', 'container'))
      .add(null, createTce('gone', 0x2n, 12, 0n, 1n), { op: 'close', fd: 'gone' })
      .add('closedTable', link('group1', 'gone'))
      .add('ok', link('group1', 't'))
      .run();
    expect(r.errno('notAdded')).toBe('ENOENT');
    expect(r.errno('notTable')).toBe('EINVAL');
    expect(r.errno('closedTable')).toBe('EBADF');
    expect(r.errno('ok')).toBeNull();
  });

  it('EINVAL until the VFIO window exists: the pending default window is not a table', () => {
    const r = new Script()
      .add(null, ...containerWithGroup(1, 'container', { removeDefault: false }))
      .add(null, createTce('t', 0x80000000n, 12, 0n, 0x80000000n >> 12n))
      .add('pending', link('group1', 't'))
      .add(null, { op: 'VFIO_IOMMU_MAP_DMA', fd: 'container', iova: '0x0', size: '0x1000', vaddr: '0x7f0000000000', flags: ['READ'] })
      .add('created', link('group1', 't'))
      .run();
    expect(r.errno('pending')).toBe('EINVAL');
    expect(r.note('pending')).toMatch(/pending/);
    // The first MAP created the default window [0, 2 GiB) of 4 KiB TCEs: it matches a 2 GiB guest window at 0.
    expect(r.errno('created')).toBeNull();
  });

  it('the compatibility check: host page shift <= guest, the same bus start, at least the guest size', () => {
    const r = base()
      .add(null, tceCreate('container', 16, RAM)) // slot 0 at 0, 64 KiB TCEs, 1 GiB
      .add(null, createTce('small4k', 0x1n, 12, 0n, RAM >> 12n))
      .add('pageShift', link('group1', 'small4k'))
      .add(null, createTce('at1g', 0x2n, 16, RAM >> 16n, 1n))
      .add('start', link('group1', 'at1g'))
      .add(null, createTce('big', 0x3n, 16, 0n, (2n * RAM) >> 16n))
      .add('size', link('group1', 'big'))
      .add(null, createTce('exact', 0x4n, 16, 0n, RAM >> 16n))
      .add('exact', link('group1', 'exact'))
      .add(null, createTce('smaller', 0x5n, 16, 0n, 1n))
      .add('smaller', link('group1', 'smaller'))
      .add(null, createTce('bigpage', 0x6n, 24, 0n, RAM >> 24n))
      .add('bigpage', link('group1', 'bigpage'))
      .run();
    expect(r.errno('pageShift')).toBe('EINVAL');
    expect(r.note('pageShift')).toMatch(/page shift 16 > 12/);
    expect(r.errno('start')).toBe('EINVAL');
    expect(r.note('start')).toMatch(/starts at 0x0/);
    expect(r.errno('size')).toBe('EINVAL');
    expect(r.note('size')).toMatch(/covers only 0x40000000/);
    expect(r.errno('exact')).toBeNull();
    expect(r.errno('smaller')).toBeNull();
    expect(r.errno('bigpage')).toBeNull(); // 16 MiB guest TCEs over 64 KiB host TCEs
  });

  it('picks the window at the guest start among the two slots, exactly at 1<<59', () => {
    const r = base()
      .add(null, ...defaultWindowLinked())
      .add(null, createTce('ddw', 0x80000001n, 16, DDW >> 16n, RAM >> 16n), tceCreate('container', 16, RAM))
      .add('link', link('group1', 'ddw'))
      .add('i', inspect('ddw'))
      .run();
    expect(r.errno('link')).toBeNull();
    expect(r.out('i')).toMatchObject({ groups: [1], hw_tables: [{ container: 'container', start: DDW, page_shift: 16, programmed: true, kept_alive_by_kvm: false, kref: 1 }] });
  });

  it('EIO for a VFIO device fd: it has no iommu_group for KVM (WARN_ON_ONCE)', () => {
    const r = base()
      .add(null, { op: 'VFIO_GROUP_GET_DEVICE_FD', fd: 'group1', device: 'nic0', as: 'dev' })
      .add('add', { op: 'KVM_DEV_VFIO_GROUP_ADD', groupfd: 'dev' })
      .add(null, createTce('t', 0x1n, 12, 0n, 1n))
      .add('set', link('dev', 't'))
      .run();
    expect(r.errno('add')).toBeNull();
    expect(r.errno('set')).toBe('EIO');
  });

  it('a second link of the same table bumps the kref and leaks an iommu_table reference (kernel bug, from the code)', () => {
    const r = new Script()
      .add(null, ...containerWithGroup(1))
      .add(null, { op: 'open', path: '/dev/vfio/2', as: 'group2' }, { op: 'VFIO_GROUP_SET_CONTAINER', fd: 'group2', container: 'container' })
      .add(null, { op: 'KVM_DEV_VFIO_GROUP_ADD', groupfd: 'group2' })
      .add(null, ...defaultWindowLinked())
      .add('second', link('group2', 'tce0'))
      .add('i', inspect('tce0'))
      .add('del1', { op: 'KVM_DEV_VFIO_GROUP_DEL', groupfd: 'group1' })
      .add('del2', { op: 'KVM_DEV_VFIO_GROUP_DEL', groupfd: 'group2' })
      .add('i2', inspect('tce0'))
      .run();
    expect(r.errno('second')).toBeNull();
    expect(r.note('second')).toMatch(/KERNEL BUG/);
    expect(r.out('i')).toMatchObject({ groups: [1, 2], hw_tables: [{ kref: 2, leaked_refs: 1 }] });
    expect(r.out('i2')).toMatchObject({ groups: [], hw_tables: [] });
    // The link is gone, but the leaked reference keeps the table object referenced forever.
    expect([...r.kvm.hwTables.values()]).toMatchObject([{ stitRefs: 0, leaked: 1 }]);
  });
});
