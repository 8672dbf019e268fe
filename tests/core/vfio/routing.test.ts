// Who answers what: container ioctls on an iommufd fd go to iommufd/compat.ts, on a sPAPR
// container to vfio/spapr.ts. Both are other engineers' modules: mocked here so that this file
// checks only the VFIO side's routing and bookkeeping.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { errnoOf, info, inspect, json, map, run, scenario, setup, unmap } from './helpers';

const calls: string[] = [];

vi.mock('../../../src/core/iommufd/compat', () => ({
  compatIoctl: (_sim: unknown, op: string, _step: unknown, ictx: number) => {
    calls.push(`compatIoctl ${op} ${ictx}`);
    return { ok: true, out: {} };
  },
  // Like the real one, a successful SET_CONTAINER records the group's iommufd itself.
  compatSetContainer: (sim: { state: { groups: Map<number, { container: unknown }> } }, group: number, ictx: number) => {
    calls.push(`compatSetContainer ${group} ${ictx}`);
    if (group === 99) return { ok: false, errno: 'EPERM', reason: 'mock refusal', source: 'mock' };
    sim.state.groups.get(group)!.container = { kind: 'iommufd', ictx };
    return { ok: true, out: {} };
  },
  compatOpenDevice: () => {
    throw new Error('not used by these tests');
  },
  compatUnsetContainer: (_sim: unknown, group: number) => {
    calls.push(`compatUnsetContainer ${group}`);
  },
}));

vi.mock('../../../src/core/iommufd/files', () => ({
  openIommufd: (sim: { allocFd: (f: unknown) => number }, via: boolean) => {
    calls.push(`openIommufd ${via}`);
    return sim.allocFd({ kind: 'iommufd', ictx: 7 });
  },
  closeIommufdFile: () => undefined,
  openDeviceCdev: () => -1,
  closeDeviceFile: () => undefined,
}));

vi.mock('../../../src/core/vfio/spapr', () => ({
  spaprOpen: (_sim: unknown, v2: boolean) => {
    calls.push(`spaprOpen ${v2}`);
    return { kind: 'spapr', v2, defWindowPending: false, windows: [null, null], prereg: null, enabled: false, mmSet: false, bugs: [] };
  },
  spaprAttachGroup: (_sim: unknown, _st: unknown, group: number, others: number[]) => {
    calls.push(`spaprAttachGroup ${group} [${others.join(',')}]`);
    return null;
  },
  spaprDetachGroup: (_sim: unknown, _st: unknown, group: number, last: boolean) => {
    calls.push(`spaprDetachGroup ${group} ${last}`);
  },
  spaprRelease: () => {
    calls.push('spaprRelease');
  },
  spaprIoctl: (_sim: unknown, _st: unknown, op: string, _step: unknown, groups: number[]) => {
    calls.push(`spaprIoctl ${op} [${groups.join(',')}]`);
    return { ok: true, out: {} };
  },
  spaprWindows: () => [{ start: 0n, size: 0x80000000n, page_shift: 12, levels: 1 }],
  spaprMappings: () => [],
  spaprDetails: () => ({ details: 'mocked' }),
}));

beforeEach(() => {
  calls.length = 0;
});

const two = [{ id: 'a', group: 26 }, { id: 'b', group: 27 }];

describe('iommufd as the container', () => {
  it('/dev/vfio/vfio in iommufd mode: SET_CONTAINER, ioctls and UNSET go to the compat layer', () => {
    const { results } = run(scenario('x86-vtd-48', two, [
      ...setup([26], 'VFIO_TYPE1v2_IOMMU'),
      map('0x100000', '0x1000'), unmap('0x100000', '0x1000'), info(),
      inspect('g26'),
      { op: 'VFIO_IOMMU_SPAPR_TCE_CREATE', fd: 'c', page_shift: 12, window_size: '0x40000000', levels: 1 },
      { op: 'VFIO_GROUP_SET_CONTAINER', fd: 'g26', container: 'c' },
      { op: 'VFIO_GROUP_UNSET_CONTAINER', fd: 'g26' },
      inspect('g26'),
    ], { kernel: { vfio_container: 'iommufd' } }));
    expect(results.map(errnoOf)).toEqual([null, null, null, null, null, null, null, null, 'ENOTTY', 'EINVAL', null, null]);
    expect(json(results[7]!).out.container).toBe('c');
    expect(json(results[11]!).out.container).toBe(null);
    expect(calls).toEqual([
      'openIommufd true', 'compatSetContainer 26 7', 'compatIoctl VFIO_SET_IOMMU 7', 'compatIoctl VFIO_IOMMU_MAP_DMA 7',
      'compatIoctl VFIO_IOMMU_UNMAP_DMA 7', 'compatIoctl VFIO_IOMMU_GET_INFO 7', 'compatUnsetContainer 26',
    ]);
  });

  it('a /dev/iommu fd given to SET_CONTAINER; a compat refusal leaves the group unattached; close detaches', () => {
    const { results, sim } = run(scenario('x86-vtd-48', [...two, { id: 'z', group: 99 }], [
      { op: 'open', path: '/dev/iommu', as: 'i' },
      { op: 'open', path: '/dev/vfio/99', as: 'g99' },
      { op: 'VFIO_GROUP_SET_CONTAINER', fd: 'g99', container: 'i' },
      { op: 'open', path: '/dev/vfio/27', as: 'g27' },
      { op: 'VFIO_GROUP_SET_CONTAINER', fd: 'g27', container: 'i' },
      { op: 'close', fd: 'g27' },
    ]));
    expect(results.map(errnoOf)).toEqual([null, null, 'EPERM', null, null, null]);
    expect(sim.state.groups.get(99)!.container).toBe(null);
    expect(sim.state.groups.get(27)!.container).toBe(null);
    expect(calls).toContain('compatUnsetContainer 27');
    expect(calls).not.toContain('compatUnsetContainer 99');
  });
});

describe('sPAPR backend', () => {
  it('SET_IOMMU opens it and attaches groups newest first; ioctls and release are routed', () => {
    const { results } = run(scenario('ppc-powernv', two, [
      ...setup([26, 27], 'VFIO_SPAPR_TCE_v2_IOMMU'),
      { op: 'VFIO_IOMMU_SPAPR_REGISTER_MEMORY', fd: 'c', vaddr: '0x7f0000000000', size: '0x10000' },
      map('0x0', '0x10000'), info(),
      inspect('c'),
      { op: 'close', fd: 'g27' },
      { op: 'close', fd: 'g26' },
      inspect('c'),
    ]));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(json(results[9]!).out).toEqual({
      iommu: 'VFIO_SPAPR_TCE_v2_IOMMU', groups: [26, 27], mappings: [],
      windows: [{ start: '0x0', size: '0x80000000', page_shift: 12, levels: 1 }],
      spapr: { details: 'mocked' },
    });
    expect(json(results[12]!).out.iommu).toBe(null);
    expect(calls).toEqual([
      'spaprOpen true', 'spaprAttachGroup 27 []', 'spaprAttachGroup 26 [27]',
      'spaprIoctl VFIO_IOMMU_SPAPR_REGISTER_MEMORY [26,27]', 'spaprIoctl VFIO_IOMMU_MAP_DMA [26,27]', 'spaprIoctl VFIO_IOMMU_GET_INFO [26,27]',
      'spaprDetachGroup 27 false', 'spaprDetachGroup 26 true', 'spaprRelease',
    ]);
  });

  it('a group joining a sPAPR container is attached with the current groups as "others"', () => {
    run(scenario('ppc-powernv', two, [
      ...setup([26], 'VFIO_SPAPR_TCE_IOMMU'),
      { op: 'open', path: '/dev/vfio/27', as: 'g27' },
      { op: 'VFIO_GROUP_SET_CONTAINER', fd: 'g27', container: 'c' },
    ]));
    expect(calls).toEqual(['spaprOpen false', 'spaprAttachGroup 26 []', 'spaprAttachGroup 27 [26]']);
  });
});
