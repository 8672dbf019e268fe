// Invalidation counts (reference §3.7) for what a scenario step causes; the range flushes of an
// mm (mmu notifier) and of a PASID-attached paging domain are exercised directly (not wired to
// munmap / IOAS_UNMAP yet).
import { describe, expect, it } from 'vitest';
import { invalidateHwptRange, invalidateMmRange } from '../../../src/core/sva/invalidate';
import { bind, exit, iommufdWith, Script, unbind } from './helpers';

describe('invalidation counts', () => {
  it('bind flushes nothing on bare metal; unbind: PASID cache + IOTLB + devTLB + drain, per device of the domain', () => {
    const bound = new Script().add(null, bind('a', 'acc0', 'p'), bind('b', 'acc1', 'p')).run();
    expect(bound.dev('acc0').counters).toEqual({ pasid_cache: 0, iotlb: 0, devtlb: 0, prq_drain: 0 });
    const unbound = new Script().add(null, bind('a', 'acc0', 'p'), bind('b', 'acc1', 'p'), unbind('a')).run();
    expect(unbound.dev('acc0').counters).toEqual({ pasid_cache: 1, iotlb: 1, devtlb: 1, prq_drain: 1 });
    expect(unbound.dev('acc1').counters).toEqual({ pasid_cache: 0, iotlb: 0, devtlb: 0, prq_drain: 0 });
  });

  it('a multi-device group: every PASID-capable device gets the entry, and the flushes; a device without PASID gets neither', () => {
    const run = new Script().add(null, bind('a', 'f0', 'p'), unbind('a')).run({
      devices: [{ id: 'f0', group: 3 }, { id: 'f1', group: 3 }, { id: 'f2', group: 3, max_pasids: 0 }],
    });
    expect(run.dev('f1').counters).toEqual({ pasid_cache: 1, iotlb: 1, devtlb: 1, prq_drain: 1 });
    expect(run.dev('f2').counters).toEqual({ pasid_cache: 0, iotlb: 0, devtlb: 0, prq_drain: 0 });
  });

  it('mm range invalidation: IOTLB + devTLB per attached device, none after the mm exited (entries gone)', () => {
    const run = new Script().add(null, bind('a', 'acc0', 'p'), bind('b', 'acc1', 'p')).run();
    expect(invalidateMmRange(run.sim, 1)).toEqual(['acc0', 'acc1']);
    expect(run.dev('acc0').counters).toMatchObject({ iotlb: 1, devtlb: 1, pasid_cache: 0 });
    const dead = new Script().add(null, bind('a', 'acc0', 'p'), exit('p')).run();
    expect(invalidateMmRange(dead.sim, 1)).toEqual([]);
  });

  it('paging-domain unmap: IOTLB + devTLB for every PASID the HWPT is attached at', () => {
    const run = new Script().add(null, ...iommufdWith('nic0'),
      { op: 'IOMMU_HWPT_ALLOC', fd: 'iommufd', dev_id: 'dev_id', pt_id: 'ioas', flags: ['PASID'], as: 'h' },
      { op: 'VFIO_DEVICE_ATTACH_IOMMUFD_PT', fd: 'dev', pt_id: 'h', flags: ['PASID'], pasid: 3 },
      { op: 'VFIO_DEVICE_ATTACH_IOMMUFD_PT', fd: 'dev', pt_id: 'h', flags: ['PASID'], pasid: 4 }).run();
    expect(run.failures()).toEqual([]);
    expect(invalidateHwptRange(run.sim, 1, 3)).toEqual(['nic0', 'nic0']);
    expect(run.dev('nic0').counters).toEqual({ pasid_cache: 0, iotlb: 2, devtlb: 2, prq_drain: 0 });
  });
});
