import { describe, expect, it } from 'vitest';
import { spaprDetachGroup, spaprRelease } from '../../../src/core/vfio/spapr';
import { DDW, errnoOf, GiB, Rig } from './rig';

describe('attach rules (v6.4+)', () => {
  it('v2 takes several groups; the same group twice is EBUSY', () => {
    const rig = new Rig({ groups: [1, 2] });
    expect(rig.groups).toEqual([1, 2]);
    expect(rig.attach(2)).toMatchObject({ ok: false, errno: 'EBUSY' });
  });

  it('v1 takes one group: a second is EBUSY', () => {
    const rig = new Rig({ v2: false, groups: [1, 2] });
    expect(rig.groups).toEqual([1]);
    expect(rig.attach(2)).toMatchObject({ ok: false, errno: 'EBUSY' });
  });

  it('v1 MAP is EPERM: VFIO_IOMMU_ENABLE has no op in the scenario format', () => {
    const r = new Rig({ v2: false }).map(0n, 0x1000n);
    expect(errnoOf(r)).toBe('EPERM');
    expect(!r.ok && r.reason).toMatch(/VFIO_IOMMU_ENABLE/);
  });

  it('only the first group makes the default window pending; later groups get the existing windows', () => {
    const rig = new Rig({ groups: [1], attach: true });
    rig.create(16, 4n * GiB, 1);
    expect(rig.attach(2)).toBeNull();
    expect(rig.windows().map((w) => w.start)).toEqual([0n, DDW]);
  });

  it('a platform without sPAPR tables refuses (ENODEV)', () => {
    const rig = new Rig();
    const x86 = { ...rig.sim.state, platform: { ...rig.sim.state.platform, spapr: null } };
    rig.sim.state = x86;
    expect(rig.attach(7)).toMatchObject({ ok: false, errno: 'ENODEV' });
  });
});

describe('detach and release', () => {
  it('the last group leaving unsets the windows but the tables stay until release', () => {
    const rig = new Rig();
    rig.register();
    rig.create(16, 4n * GiB, 1);
    rig.map(DDW, 0x10000n);
    spaprDetachGroup(rig.sim, rig.st, 1, true);
    expect(rig.st.windows.every((w) => w === null || w.programmed === false)).toBe(true);
    expect(rig.mappings()).toHaveLength(1);
    spaprRelease(rig.sim, rig.st);
    expect(rig.windows()).toEqual([]);
    expect(rig.st.prereg.size).toBe(0);
    expect(rig.st.bugs).toEqual([]);
  });

  it('release after the past-the-end bug flags the leaked pins', () => {
    const rig = new Rig();
    rig.register();
    rig.map(2n * GiB - 0x1000n, 0x2000n);
    spaprRelease(rig.sim, rig.st);
    expect(rig.st.bugs.some((b) => /tce_iommu_prereg_free .* fails with EBUSY/.test(b))).toBe(true);
  });
});
