// The container view of a sPAPR backend: `spapr` details in inspect, and kernel-bug findings that
// outlive the backend (the container keeps them when the last group leaves), run through the
// real parser, container code and sPAPR backend.

import { describe, expect, it } from 'vitest';
import { parseScenarioValue } from '../../../src/core/scenario/parse';
import { runScenario } from '../../../src/core/sim/run';

const MEM = '0x7f0000000000';

function run(steps: unknown[], groups = [1]) {
  const doc = {
    format: 'iova-atlas.scenario', version: 1, platform: 'ppc-powernv',
    devices: groups.map((g, i) => ({ id: `eth${i}`, group: g })), steps,
  };
  const p = parseScenarioValue(doc);
  if (!p.ok) throw new Error(JSON.stringify(p.issues));
  const { results, sim } = runScenario(p.scenario);
  const out = (i: number): Record<string, any> => {
    const r = results[i]!;
    if (!r.ok) throw new Error(`step ${i}: ${r.errno} ${r.reason}`);
    return r.out;
  };
  return { results, sim, out };
}

const setup = [
  { op: 'open', path: '/dev/vfio/vfio', as: 'c' },
  { op: 'open', path: '/dev/vfio/1', as: 'g' },
  { op: 'VFIO_GROUP_SET_CONTAINER', fd: 'g', container: 'c' },
  { op: 'VFIO_SET_IOMMU', fd: 'c', type: 'VFIO_SPAPR_TCE_v2_IOMMU' },
];
const register = { op: 'VFIO_IOMMU_SPAPR_REGISTER_MEMORY', fd: 'c', vaddr: MEM, size: '0x10000000' };
const map = (iova: string, size: string) => ({ op: 'VFIO_IOMMU_MAP_DMA', fd: 'c', iova, size, vaddr: MEM, flags: ['READ', 'WRITE'] });
const inspect = { op: 'inspect', target: 'c' };

describe('container inspect: spapr details', () => {
  it('after SET_IOMMU: the default window is pending, nothing is registered, no bug', () => {
    const r = run([...setup, inspect]);
    expect(r.out(4).spapr).toEqual({ v2: true, def_window_pending: true, enabled: false, prereg: [], window_tables: [], bugs: [] });
    expect(r.out(4).bugs).toBeUndefined();
    expect(r.out(4).windows).toEqual([]);
  });

  it('the first MAP creates the default window; the region counts the TCEs pointing into it', () => {
    const r = run([...setup, register, map('0x0', '0x30000'), inspect]);
    const sp = r.out(6).spapr;
    expect(sp.def_window_pending).toBe(false);
    // 0x30000 of 4 KiB TCEs = 48 TCEs into the 256 MiB region.
    expect(sp.prereg).toEqual([{ vaddr: BigInt(MEM), size: 0x10000000n, mapped: 48n, registered: true }]);
    expect(sp.window_tables).toHaveLength(1);
    expect(sp.window_tables[0]).toMatchObject({ start: 0n, requested_size: 0x80000000n, origin: 'default', programmed: true });
  });

  it('a type1 container has no spapr key and no bugs', () => {
    const doc = {
      format: 'iova-atlas.scenario', version: 1, platform: 'x86-vtd-48', devices: [{ id: 'n', group: 1 }],
      steps: [setup[0], setup[1], setup[2], { op: 'VFIO_SET_IOMMU', fd: 'c', type: 'VFIO_TYPE1v2_IOMMU' }, inspect],
    };
    const p = parseScenarioValue(doc);
    if (!p.ok) throw new Error(JSON.stringify(p.issues));
    const res = runScenario(p.scenario).results[4]!;
    expect(res.ok && Object.keys(res.out).sort()).toEqual(['groups', 'iommu', 'mappings', 'windows']);
  });
});

describe('kernel-bug findings outlive the backend', () => {
  // [2 GiB - 64 KiB, +128 KiB): the second half lies past the default window (16 TCEs past it).
  const pastTheEnd = map('0x7fff0000', '0x20000');

  it('the last group leaving releases sPAPR but the container keeps the findings, and says so in its history', () => {
    const r = run([...setup, register, pastTheEnd, inspect, { op: 'VFIO_GROUP_UNSET_CONTAINER', fd: 'g' }, inspect]);
    const live = r.out(6);
    expect(live.spapr.bugs).toHaveLength(1);
    expect(live.bugs).toEqual(live.spapr.bugs);
    const after = r.out(8);
    expect(after.iommu).toBe(null);
    expect(after.spapr).toBeUndefined();
    // The MAP's finding, the table freed with TCEs past its end, and tce_iommu_prereg_free's EBUSY.
    expect(after.bugs).toHaveLength(3);
    expect(after.bugs[0]).toBe(live.bugs[0]);
    expect(after.bugs[2]).toMatch(/tce_iommu_prereg_free .* fails with EBUSY/);
    const c = [...r.sim.state.containers.values()][0]!;
    expect(c.bugs).toEqual(after.bugs);
    expect(c.history.at(-1)).toBe('spapr-tce-v2 released: last group 1 left, 3 kernel bugs flagged');
  });

  it('findings accumulate across backends: a new SET_IOMMU starts clean but the old ones stay listed', () => {
    const r = run([
      ...setup, register, pastTheEnd, { op: 'VFIO_GROUP_UNSET_CONTAINER', fd: 'g' },
      { op: 'VFIO_GROUP_SET_CONTAINER', fd: 'g', container: 'c' },
      { op: 'VFIO_SET_IOMMU', fd: 'c', type: 'VFIO_SPAPR_TCE_v2_IOMMU' },
      inspect,
    ]);
    const out = r.out(9);
    expect(out.spapr.bugs).toEqual([]);
    expect(out.bugs).toHaveLength(3);
  });

  it('a clean release flags nothing', () => {
    const r = run([...setup, register, map('0x0', '0x10000'), { op: 'VFIO_GROUP_UNSET_CONTAINER', fd: 'g' }, inspect]);
    expect(r.out(7).bugs).toBeUndefined();
    expect([...r.sim.state.containers.values()][0]!.history.at(-1)).toBe('spapr-tce-v2 released: last group 1 left');
  });
});
