// Who goes first: the mm or the fd (reference §3.3, §3.5; seed 000's "FD_pasid closed before
// FD_acc"). The mm's exit tears the PASID entries down (fault_ignore) but keeps handles, domain
// and PASID until the owner unbinds; the PASID is freed by the last mmdrop.
import { describe, expect, it } from 'vitest';
import { bind, dma, exit, fault, inspect, Script, unbind } from './helpers';

describe('mm exit before unbind', () => {
  it('tears the entries down (PASID cache + IOTLB + devTLB, no drain), suppresses faults, keeps handle/domain/PASID until the unbind frees them', () => {
    const run = new Script()
      .add(null, bind('h0', 'acc0', 'worker'), bind('h1', 'acc1', 'worker'))
      .add('dma-before', dma('acc0', 1, '0x7f0000001000'))
      .add('exit', exit('worker'))
      .add('dma-after', dma('acc0', 1, '0x7f0000001000'))
      .add('prq', fault('acc0', 1, '0x7f0000001000', 3))
      .add('newcomer', bind('n', 'acc0', 'newcomer'))
      .add('u0', unbind('h0'))
      .add('u1', unbind('h1'))
      .add('after', bind('n2', 'acc1', 'late'))
      .run();
    expect(run.out('dma-before')).toMatchObject({ result: 'translated', entry: 'first-level' });
    expect(run.out('exit')).toEqual({ mm: 1, torn_down: [{ device: 'acc0', pasid: 1 }, { device: 'acc1', pasid: 1 }], closed: [], pasid_freed: null });
    const atExit = new Script().add(null, bind('h0', 'acc0', 'worker'), exit('worker')).run();
    expect(atExit.dev('acc0').counters).toEqual({ pasid_cache: 1, iotlb: 1, devtlb: 1, prq_drain: 0 });
    expect(atExit.dev('acc0').fpd).toEqual([1]);
    // The freed page tables are never walked: the DMA faults and nothing is reported (FPD).
    expect(run.out('dma-after')).toMatchObject({ result: 'fault', entry: 'first-level', reported: false });
    // A page request still finds the SVA handle; mmget_not_zero fails: INVALID.
    expect(run.out('prq')).toMatchObject({ response: 'INVALID', requests: 1 });
    expect(run.note('prq')).toMatch(/mmget_not_zero/);
    // PASID 1 is still allocated: a new mm gets 2.
    expect(run.out('newcomer')).toMatchObject({ pasid: 2 });
    // The first unbind only clears the FPD entry and drains; the domain survives (acc1 still uses it).
    expect(run.out('u0')).toMatchObject({ users: 0, pasid_freed: null });
    expect(run.dev('acc0').counters).toEqual({ pasid_cache: 1, iotlb: 1, devtlb: 1, prq_drain: 1 });
    expect(run.dev('acc0').fpd).toEqual([]);
    // The last unbind frees the domain: mmdrop -> __mmdrop -> mm_pasid_drop frees PASID 1.
    expect(run.out('u1')).toMatchObject({ users: 0, pasid_freed: 1 });
    expect(run.out('after')).toMatchObject({ pasid: 1 });
  });

  it('inspect of the mm shows it dead but holding its PASID while bound, then freed', () => {
    const run = new Script()
      .add(null, { op: 'execve', mm: 'worker', as: 'mm' }, bind('h', 'acc0', 'worker'), exit('worker'))
      .add('held', inspect('mm'))
      .add(null, unbind('h'))
      .add('freed', inspect('mm'))
      .run();
    expect(run.out('held')).toMatchObject({ process: 'worker', pasid: 1, alive: false, freed: false, mm_count: 1, bound: [{ device: 'acc0', users: 1 }], domains: [{ id: 1, users: 1 }] });
    expect(run.out('freed')).toMatchObject({ pasid: null, alive: false, freed: true, mm_count: 0, bound: [], domains: [] });
  });

  it('execve replaces the mm: the old one exits (entries torn down), the new one binds afresh', () => {
    const run = new Script()
      .add(null, bind('h', 'acc0', 'app'))
      .add('exec', { op: 'execve', mm: 'app', as: 'newmm' })
      .add('rebind', bind('h2', 'acc0', 'app'))
      .run();
    expect(run.out('exec')).toMatchObject({ old_mm: 1, mm: 2, torn_down: [{ device: 'acc0', pasid: 1 }], pasid_freed: null });
    // The old mm still holds PASID 1 (its handle is bound): the new mm gets 2.
    expect(run.out('rebind')).toMatchObject({ pasid: 2 });
  });
});

describe('seed 000: FD_acc (uacce queue) vs the PASID owner', () => {
  it('open binds current->mm (two opens: one handle, users 2); close unbinds', () => {
    const run = new Script()
      .add('q0', { op: 'open', path: '/dev/hisi_zip-0', as: 'q0' })
      .add('q1', { op: 'open', path: '/dev/hisi_zip-0', as: 'q1' })
      .add('queue', inspect('q0'))
      .add(null, { op: 'close', fd: 'q0' })
      .add('after1', inspect('q1'))
      .add(null, { op: 'close', fd: 'q1' })
      .run();
    expect(run.out('q0')).toEqual({ fd: 3 });
    expect(run.out('queue')).toMatchObject({ device: 'acc0', node: '/dev/hisi_zip-0', pasid: 1, handle: { id: 1, users: 2 } });
    expect(run.out('after1')).toMatchObject({ handle: { id: 1, users: 1 } });
    expect(run.sim.state.sva.handles.size).toBe(0);
    expect(run.ida()).toEqual([1]); // "self" still runs: its PASID stays
  });

  it('process exit: exit_mm runs before exit_files, so the mm goes first and the queue fd after; the PASID is freed only then', () => {
    const run = new Script()
      .add(null, { op: 'open', path: '/dev/hisi_zip-0', as: 'acc' }, { op: 'open', path: '/dev/hisi_zip-1', as: 'acc1' })
      .add('exit', exit('self'))
      .run();
    expect(run.out('exit')).toEqual({
      mm: 1, torn_down: [{ device: 'acc0', pasid: 1 }, { device: 'acc1', pasid: 1 }], closed: [3, 4], pasid_freed: 1,
    });
    // Teardown at exit_mmap (fault_ignore), then the release's unbind only clears and drains.
    expect(run.dev('acc0').counters).toEqual({ pasid_cache: 1, iotlb: 1, devtlb: 1, prq_drain: 1 });
    expect(run.ida()).toEqual([]);
    expect(run.sim.state.files.size).toBe(0);
  });

  it('execve without O_CLOEXEC: FD_acc outlives its mm; the PASID is not reused while the fd is open', () => {
    const run = new Script()
      .add(null, { op: 'open', path: '/dev/hisi_zip-0', as: 'acc' })
      .add('exec', { op: 'execve', mm: 'self' })
      .add('dma', dma('acc0', 1, '0x7f0000000000'))
      .add('other', bind('o', 'acc1', 'other'))
      .add('reopen', { op: 'open', path: '/dev/hisi_zip-1', as: 'acc1q' })
      .add('close', { op: 'close', fd: 'acc' })
      .add('fresh', bind('f', 'nic0', 'fresh'))
      .run();
    expect(run.out('exec')).toMatchObject({ torn_down: [{ device: 'acc0', pasid: 1 }], pasid_freed: null });
    expect(run.out('dma')).toMatchObject({ result: 'fault', reported: false });
    expect(run.out('other')).toMatchObject({ pasid: 2 });
    // The new image's mm gets a PASID of its own on its first open.
    expect(run.inspect('acc1q')).toMatchObject({ pasid: 3 });
    expect(run.failures()).toEqual([]);
    // Closing FD_acc was the old mm's last reference: PASID 1 comes back.
    expect(run.out('fresh')).toMatchObject({ pasid: 1 });
  });
});

describe('seed 000 with iommufd: closing the iommufd (the PASID\'s page table) before the device fd', () => {
  const setup = [
    { op: 'open', path: '/dev/iommu', as: 'iommufd' },
    { op: 'IOMMU_IOAS_ALLOC', fd: 'iommufd', as: 'ioas' },
    { op: 'IOMMU_IOAS_MAP', fd: 'iommufd', ioas_id: 'ioas', user_va: '0x7f0000000000', length: '0x200000', iova: '0x100000', flags: ['FIXED_IOVA', 'READABLE', 'WRITEABLE'] },
    { op: 'open', path: '/dev/vfio/devices/nic0', as: 'dev' },
    { op: 'VFIO_DEVICE_BIND_IOMMUFD', fd: 'dev', iommufd: 'iommufd', as: 'devid' },
    { op: 'IOMMU_HWPT_ALLOC', fd: 'iommufd', dev_id: 'devid', pt_id: 'ioas', flags: ['PASID'], as: 'hwpt' },
    { op: 'VFIO_DEVICE_ATTACH_IOMMUFD_PT', fd: 'dev', pt_id: 'hwpt', flags: ['PASID'], pasid: 7 },
  ];

  it('the bound device keeps the iommufd alive: the PASID keeps translating until the device fd closes', () => {
    const run = new Script()
      .add(null, ...setup)
      .add('close-iommufd', { op: 'close', fd: 'iommufd' })
      .add('dma', dma('nic0', 7, '0x100000'))
      .add('close-dev', { op: 'close', fd: 'dev' })
      .add('dma2', dma('nic0', 7, '0x100000'))
      .run();
    expect(run.failures()).toEqual([]);
    expect(run.out('dma')).toMatchObject({ result: 'translated', entry: 'second-level', to: 0x7f0000000000n });
    expect(run.sim.state.ictxs.size).toBe(0);
    expect(run.out('dma2')).toMatchObject({ result: 'fault', entry: 'not-present', reported: true });
    // Detach at the device's release: PASID cache + IOTLB + devTLB + drain.
    expect(run.dev('nic0').counters).toEqual({ pasid_cache: 1, iotlb: 1, devtlb: 1, prq_drain: 1 });
  });
});
