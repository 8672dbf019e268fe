// iommu_sva_bind_device / unbind: one PASID per mm from the global IDA (lowest free from 1),
// shared by the mm's devices; one attach handle per (device, PASID) with a users count; the PASID
// lives as long as the mm (reference §3.1, §3.2, §4.3).
import { describe, expect, it } from 'vitest';
import { bind, exit, Script, unbind } from './helpers';

describe('PASID allocation and sharing', () => {
  it('each mm gets the lowest free PASID from 1; a second device of the same mm gets the same PASID', () => {
    const run = new Script()
      .add('a0', bind('qa0', 'acc0', 'qemu'))
      .add('b0', bind('wb0', 'acc0', 'worker'))
      .add('a1', bind('qa1', 'acc1', 'qemu'))
      .run();
    expect(run.out('a0')).toMatchObject({ pasid: 1, users: 1 });
    expect(run.out('b0')).toMatchObject({ pasid: 2, users: 1 });
    expect(run.out('a1')).toMatchObject({ pasid: 1, users: 1 });
    expect(run.ida()).toEqual([1, 2]);
    // One SVA domain for qemu, shared by both devices (domain->users 2).
    const qemu = run.inspect('qa0')!.mm as Record<string, unknown>;
    expect(qemu.domains).toEqual([{ id: 1, users: 2 }]);
    expect(qemu.bound).toEqual([{ device: 'acc0', users: 1 }, { device: 'acc1', users: 1 }]);
  });

  it('binding the same mm to the same device again returns the same handle with users 2; one unbind keeps it attached', () => {
    const run = new Script()
      .add('first', bind('h1', 'acc0', 'qemu'))
      .add('second', bind('h2', 'acc0', 'qemu'))
      .add('u1', unbind('h1'))
      .add('u2', unbind('h2'))
      .run();
    expect(run.out('first')).toEqual({ pasid: 1, users: 1 });
    expect(run.out('second')).toEqual({ pasid: 1, users: 2 });
    expect(run.sim.idOf('h1')).toBe(run.sim.idOf('h2'));
    expect(run.out('u1')).toMatchObject({ users: 1 });
    expect(run.out('u2')).toMatchObject({ users: 0, pasid_freed: null });
    // Detached, domain freed, but the PASID stays with the running process.
    expect(run.sim.state.sva.handles.size).toBe(0);
    expect(run.sim.state.sva.domains.size).toBe(0);
    expect(run.ida()).toEqual([1]);
  });

  it('the PASID is freed with the mm, not with the unbind: a rebind while the process lives gets the same PASID', () => {
    const run = new Script()
      .add(null, bind('h', 'acc0', 'qemu'), unbind('h'))
      .add('other', bind('w', 'acc1', 'worker'))
      .add('rebind', bind('h2', 'acc0', 'qemu'))
      .add(null, unbind('h2'))
      .add('exit', exit('qemu'))
      .add('worker2', bind('w2', 'acc0', 'late'))
      .run();
    expect(run.out('other')).toMatchObject({ pasid: 2 });
    expect(run.out('rebind')).toMatchObject({ pasid: 1 });
    expect(run.out('exit')).toMatchObject({ pasid_freed: 1, torn_down: [] });
    // PASID 1 is free again: the next new mm gets it.
    expect(run.out('worker2')).toMatchObject({ pasid: 1 });
  });

  it('a kernel driver\'s iommu_alloc_global_pasid shares the IDA: SVA skips its PASIDs', () => {
    const run = new Script()
      .add('drv', { op: 'iommu_alloc_global_pasid', device: 'nic0', as: 'kpasid' })
      .add('sva', bind('h', 'acc0', 'qemu'))
      .add('free', { op: 'iommu_free_global_pasid', handle: 'kpasid' })
      .add('sva2', bind('h2', 'acc1', 'worker'))
      .add('again', { op: 'iommu_free_global_pasid', handle: 'kpasid' })
      .run();
    expect(run.out('drv')).toEqual({ pasid: 1 });
    expect(run.out('sva')).toMatchObject({ pasid: 2 });
    expect(run.out('free')).toEqual({ pasid: 1 });
    expect(run.out('sva2')).toMatchObject({ pasid: 1 });
    expect(run.errno('again')).toBe('EINVAL');
  });
});

describe('bind errors (§4.3)', () => {
  it('ENOSPC when the device has no PASID capability (max_pasids 0) or the range is exhausted; EOVERFLOW when the mm\'s PASID is beyond the device', () => {
    const devices = [
      { id: 'nopasid', group: 1, max_pasids: 0 },
      { id: 'two', group: 2, max_pasids: 2 }, // PASIDs [1, 1] only
      { id: 'big', group: 3 },
    ];
    const run = new Script()
      .add('enospc0', bind('x', 'nopasid', 'a'))
      .add('p1', bind('y', 'two', 'b'))
      .add('full', bind('z', 'two', 'c'))
      .add('c-big', bind('cb', 'big', 'c'))
      .add('overflow', bind('z2', 'two', 'c'))
      .run({ devices });
    expect(run.errno('enospc0')).toBe('ENOSPC');
    expect(run.out('p1')).toMatchObject({ pasid: 1 });
    expect(run.errno('full')).toBe('ENOSPC');
    expect(run.out('c-big')).toMatchObject({ pasid: 2 });
    expect(run.errno('overflow')).toBe('EOVERFLOW');
    expect(run.sim.state.sva.handles.size).toBe(2);
  });

  it('EBUSY when the PASID of the device already holds a non-SVA domain (a VMM attached a paging HWPT there through iommufd)', () => {
    const run = new Script()
      .add(null,
        { op: 'open', path: '/dev/iommu', as: 'iommufd' },
        { op: 'IOMMU_IOAS_ALLOC', fd: 'iommufd', as: 'ioas' },
        { op: 'open', path: '/dev/vfio/devices/acc0', as: 'dev' },
        { op: 'VFIO_DEVICE_BIND_IOMMUFD', fd: 'dev', iommufd: 'iommufd', as: 'devid' },
        { op: 'IOMMU_HWPT_ALLOC', fd: 'iommufd', dev_id: 'devid', pt_id: 'ioas', flags: ['PASID'], as: 'hwpt' },
        { op: 'VFIO_DEVICE_ATTACH_IOMMUFD_PT', fd: 'dev', pt_id: 'hwpt', flags: ['PASID'], pasid: 1 })
      .add('busy', bind('h', 'acc0', 'qemu'))
      .run();
    expect(run.failures()).toEqual([`6 iommu_sva_bind_device EBUSY ${run.note('busy')}`]);
    expect(run.note('busy')).toMatch(/iommufd HWPT/);
    // iommu_alloc_mm_data is not undone: the mm keeps PASID 1.
    expect(run.r('busy')).toMatchObject({ partial: true });
    expect(run.ida()).toEqual([1]);
  });

  it('EBUSY when the PASID slot holds the SVA handle of another mm (defensive check; the global IDA never hands one PASID to two mms)', async () => {
    const { Sim } = await import('../../../src/core/sim/sim');
    const { bindSva } = await import('../../../src/core/sva/bind');
    const { parseScenarioValue } = await import('../../../src/core/scenario/parse');
    const p = parseScenarioValue({ format: 'iova-atlas.scenario', version: 1, platform: 'x86-vtd-48', devices: [{ id: 'acc0', group: 5 }], steps: [] });
    if (!p.ok) throw new Error('bad');
    const sim = Sim.create(p.scenario);
    const a = bindSva(sim, 'acc0', 'qemu');
    if ('ok' in a) throw new Error(a.reason);
    // Forge what the IDA prevents: another mm that claims PASID 1.
    const { currentMm } = await import('../../../src/core/sva/mm');
    currentMm(sim, 'intruder').mm.pasid = 1;
    const b = bindSva(sim, 'acc0', 'intruder');
    expect('ok' in b && b.errno).toBe('EBUSY');
  });

  it('ENODEV without an iommu group (a vDPA device); EOPNOTSUPP without domain_alloc_sva (mock IOMMU, PPC) once a PASID exists', () => {
    const vdpa = new Script().add('nogroup', bind('h', 'v0', 'qemu')).run({ devices: [{ id: 'v0', group: 9, kind: 'vdpa', parent: 'vdpa_sim' }] });
    expect(vdpa.errno('nogroup')).toBe('ENODEV');
    const mock = new Script().add('nopasid', bind('h', 'm0', 'qemu')).add('nosva', bind('h2', 'm1', 'qemu'))
      .run({ platform: 'selftest-mock', devices: [{ id: 'm0', group: 1 }, { id: 'm1', group: 2, max_pasids: 1048576 }] });
    expect(mock.errno('nopasid')).toBe('ENOSPC');
    expect(mock.errno('nosva')).toBe('EOPNOTSUPP');
    const ppc = new Script().add('ppc', bind('h', 'p0', 'qemu')).add('ppc2', bind('h2', 'p1', 'qemu'))
      .run({ platform: 'ppc-powernv', devices: [{ id: 'p0', group: 1 }, { id: 'p1', group: 2, max_pasids: 1024 }] });
    expect(ppc.errno('ppc')).toBe('ENOSPC');
    expect(ppc.errno('ppc2')).toBe('EOPNOTSUPP');
  });

  it('EBUSY for an mm with LAM enabled, unless ARCH_FORCE_TAGGED_SVA came first; LAM cannot be enabled while the mm has a PASID', () => {
    const run = new Script()
      .add('lam', { op: 'arch_prctl', mm: 'tagged', option: 'ARCH_ENABLE_TAGGED_ADDR', arg2: 6 })
      .add('refused', bind('h', 'acc0', 'tagged'))
      .add(null, { op: 'arch_prctl', mm: 'forced', option: 'ARCH_FORCE_TAGGED_SVA' }, { op: 'arch_prctl', mm: 'forced', option: 'ARCH_ENABLE_TAGGED_ADDR', arg2: 6 })
      .add('forced', bind('h2', 'acc0', 'forced'))
      .add(null, bind('h3', 'acc1', 'sva-first'), unbind('h3'))
      .add('lam-late', { op: 'arch_prctl', mm: 'sva-first', option: 'ARCH_ENABLE_TAGGED_ADDR', arg2: 6 })
      .add('bits', { op: 'arch_prctl', mm: 'other', option: 'ARCH_ENABLE_TAGGED_ADDR', arg2: 7 })
      .run();
    expect(run.out('lam')).toEqual({});
    expect(run.errno('refused')).toBe('EBUSY');
    expect(run.out('forced')).toMatchObject({ pasid: 1 });
    // mm_valid_pasid: the PASID stays after the unbind, so LAM is still refused.
    expect(run.errno('lam-late')).toBe('EINVAL');
    expect(run.errno('bits')).toBe('EINVAL');
    const amd = new Script().add('nolam', { op: 'arch_prctl', mm: 'x', option: 'ARCH_ENABLE_TAGGED_ADDR', arg2: 6 }).run({ platform: 'amd-vi' });
    expect(amd.errno('nolam')).toBe('ENODEV');
  });

  it('a group device with a smaller max_pasids refuses the attach (EINVAL from iommu_attach_device_pasid)', () => {
    const run = new Script().add('small', bind('h', 'big', 'qemu')).add(null, bind('a', 'other', 'a'), bind('b', 'other', 'b'))
      .add('big2', bind('h2', 'big', 'b'))
      .run({ devices: [{ id: 'big', group: 1 }, { id: 'small', group: 1, max_pasids: 2 }, { id: 'other', group: 2 }] });
    expect(run.out('small')).toMatchObject({ pasid: 1 });
    expect(run.errno('big2')).toBe('EINVAL');
  });

  it('unbinding a released handle is refused (the kernel would use freed memory)', () => {
    const run = new Script().add(null, bind('h', 'acc0', 'qemu'), unbind('h')).add('twice', unbind('h')).run();
    expect(run.errno('twice')).toBe('EINVAL');
  });
});
