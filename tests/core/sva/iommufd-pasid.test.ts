// VFIO_DEVICE_ATTACH_IOMMUFD_PT / DETACH with VFIO_DEVICE_ATTACH_PASID (v6.15; reference §3.4):
// the VMM chooses the PASID; PASID-flagged HWPTs only; errno per vfio_df_ioctl_attach_pt,
// iommufd_hwpt_pasid_compat and iommu_attach_device_pasid.
import { describe, expect, it } from 'vitest';
import type { RawStep } from './helpers';
import { bind, inspect, iommufdWith, Script } from './helpers';

const hwpt = (as: string, flags: string[] = ['PASID']): RawStep => ({ op: 'IOMMU_HWPT_ALLOC', fd: 'iommufd', dev_id: 'dev_id', pt_id: 'ioas', flags, as });
const attach = (pt: string, pasid?: number, flags: string[] = ['PASID']): RawStep => ({ op: 'VFIO_DEVICE_ATTACH_IOMMUFD_PT', fd: 'dev', pt_id: pt, flags, ...(pasid === undefined ? {} : { pasid }) });
const detach = (pasid?: number): RawStep => ({ op: 'VFIO_DEVICE_DETACH_IOMMUFD_PT', fd: 'dev', flags: ['PASID'], ...(pasid === undefined ? {} : { pasid }) });

describe('iommufd PASID attach', () => {
  it('attaches a PASID-flagged HWPT at the PASID user space chose; the entry is second-level; the HWPT and device hold references', () => {
    const run = new Script()
      .add(null, ...iommufdWith('nic0'), hwpt('hwpt'))
      .add('attach', { ...attach('hwpt', 5), flags: ['VFIO_DEVICE_ATTACH_PASID'] })
      .add('destroy', { op: 'IOMMU_DESTROY', fd: 'iommufd', id: 'hwpt' })
      .add('dev', inspect('dev'))
      .add('hwpt', inspect('hwpt'))
      .add('devobj', inspect('dev_id'))
      .add('detach', detach(5))
      .add('destroy2', { op: 'IOMMU_DESTROY', fd: 'iommufd', id: 'hwpt' })
      .run();
    expect(run.out('attach')).toEqual({ pt_id: 3 });
    expect(run.errno('destroy')).toBe('EBUSY');
    expect(run.note('destroy')).toMatch(/PASID 5 of group 7 is attached/);
    const pasid = run.out('dev').pasid as Record<string, unknown>;
    expect(pasid.pasid_table).toEqual([
      { pasid: 0, kind: 'second-level', present: false, domain: 'blocked (VFIO owns the device, nothing attached)' },
      { pasid: 5, kind: 'second-level', present: true, ictx: 1, hwpt: 3, ioas: 1, domain: 'iommufd HWPT 3' },
    ]);
    expect(run.out('hwpt')).toMatchObject({ users: 2, devices: [], pasids: [{ device: 'nic0', pasid: 5 }] });
    expect(run.out('devobj')).toMatchObject({ users: 3, hwpt: null, pasids: [5] });
    expect(run.out('detach')).toEqual({});
    expect(run.out('destroy2')).toEqual({});
    expect(run.dev('nic0').counters).toEqual({ pasid_cache: 1, iotlb: 1, devtlb: 1, prq_drain: 1 });
  });

  it('errno: EINVAL without pasid (short argsz), EOPNOTSUPP without pasid_attach_ioas, EINVAL for an IOAS or a HWPT without the PASID flag, EINVAL while the RID sits on a non-PASID HWPT', () => {
    const run = new Script()
      .add(null, ...iommufdWith('nic0'), hwpt('plain', []), hwpt('hwpt'))
      .add('no-pasid', attach('hwpt'))
      .add('ioas', attach('ioas', 3))
      .add('plain', attach('plain', 3))
      .add('rid', attach('plain', undefined, []))
      .add('rid-blocks', attach('hwpt', 3))
      .add('rid-pasid-hwpt', attach('hwpt', undefined, []))
      .add('now-ok', attach('hwpt', 3))
      .add('rid-back', attach('plain', undefined, []))
      .run();
    expect(run.errno('no-pasid')).toBe('EINVAL');
    expect(run.errno('ioas')).toBe('EINVAL');
    expect(run.note('ioas')).toMatch(/automatic domains/);
    expect(run.errno('plain')).toBe('EINVAL');
    expect(run.out('rid')).toEqual({ pt_id: 3 });
    expect(run.errno('rid-blocks')).toBe('EINVAL');
    expect(run.note('rid-blocks')).toMatch(/RID/);
    expect(run.out('rid-pasid-hwpt')).toEqual({ pt_id: 4 });
    expect(run.out('now-ok')).toEqual({ pt_id: 4 });
    // Replacing the RID with a non-PASID HWPT while PASID 3 is attached: EINVAL.
    expect(run.errno('rid-back')).toBe('EINVAL');

    const noop = new Script().add(null, ...iommufdWith('nic0'), hwpt('hwpt')).add('eopnotsupp', attach('hwpt', 3))
      .run({ devices: [{ id: 'nic0', group: 7, pasid_attach_ioas: false }] });
    expect(noop.errno('eopnotsupp')).toBe('EOPNOTSUPP');
  });

  it('EBUSY when the PASID holds an SVA domain; EINVAL beyond max_pasids; a second attach replaces (old entry flushed, no drain)', () => {
    const run = new Script()
      .add(null, bind('sva', 'nic0', 'qemu'), ...iommufdWith('nic0'), hwpt('h1'), hwpt('h2'))
      .add('busy', attach('h1', 1))
      .add('beyond', attach('h1', 1 << 20))
      .add('a', attach('h1', 2))
      .add('replace', attach('h2', 2))
      .add('same', attach('h2', 2))
      .run();
    expect(run.errno('busy')).toBe('EBUSY');
    expect(run.note('busy')).toMatch(/SVA domain of process qemu/);
    expect(run.errno('beyond')).toBe('EINVAL');
    expect(run.out('replace')).toEqual({ pt_id: 4 });
    expect(run.out('same')).toEqual({ pt_id: 4 });
    expect(run.dev('nic0').counters).toEqual({ pasid_cache: 1, iotlb: 1, devtlb: 1, prq_drain: 0 });
  });

  it('detach of a PASID never attached is quiet; closing the device fd detaches every PASID first', () => {
    const run = new Script()
      .add(null, ...iommufdWith('nic0'), hwpt('hwpt'), attach('hwpt', 4), attach('hwpt', 9))
      .add('quiet', detach(5))
      .add('close', { op: 'close', fd: 'dev' })
      .add('destroy', { op: 'IOMMU_DESTROY', fd: 'iommufd', id: 'hwpt' })
      .run();
    expect(run.out('quiet')).toEqual({});
    expect(run.failures()).toEqual([]);
    expect(run.sim.state.sva.groups.size).toBe(0);
    expect(run.dev('nic0').counters.prq_drain).toBe(2);
  });

  it('pasid 0 with the PASID flag is IOMMU_NO_PASID: a RID attach (EBUSY when the RID is already attached) - unverified', () => {
    const run = new Script()
      .add(null, ...iommufdWith('nic0'), hwpt('hwpt'))
      .add('zero', attach('hwpt', 0))
      .add('plain-detach', { op: 'VFIO_DEVICE_DETACH_IOMMUFD_PT', fd: 'dev' })
      .add('still', inspect('dev_id'))
      .add('zero-detach', detach(0))
      .add('rid', attach('hwpt', undefined, []))
      .add('zero-busy', attach('hwpt', 0))
      .run();
    expect(run.out('zero')).toEqual({ pt_id: 3 });
    expect(run.out('still')).toMatchObject({ hwpt: 3 });
    expect(run.out('zero-detach')).toEqual({});
    expect(run.out('rid')).toEqual({ pt_id: 3 });
    expect(run.errno('zero-busy')).toBe('EBUSY');
  });
});
