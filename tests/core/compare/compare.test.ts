// compareRuns on the example scenarios and on small built scenarios: the first divergence, its
// kind and sentence, the state comparison, and what is refused or warned about before running.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareRuns, defaultVariants, onPlatform, variantOf } from '../../../src/core/compare';
import type { Variant } from '../../../src/core/compare';
import { parseScenarioText, parseScenarioValue } from '../../../src/core/scenario/parse';
import type { Scenario } from '../../../src/core/scenario/types';

const DIR = join(__dirname, '../../../public/scenarios');

function load(file: string): Scenario {
  const r = parseScenarioText(readFileSync(join(DIR, file), 'utf8'));
  if (!r.ok) throw new Error(`${file}: ${JSON.stringify(r.issues)}`);
  return r.scenario;
}

function build(doc: Record<string, unknown>): Scenario {
  const r = parseScenarioValue({ format: 'iova-atlas.scenario', version: 1, ...doc });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.scenario;
}

const container = (s: Scenario, vfio_container: 'legacy' | 'iommufd'): Variant => ({ ...variantOf(s), kernel: { ...variantOf(s).kernel, vfio_container } });

describe('seed 002 on x86-vtd-48 and ppc-powernv', () => {
  it('an x86-style guest written for PPC: the first divergence is the sPAPR container type x86 has no driver for', () => {
    const s = load('seed002-x86-style-guest-on-ppc.json');
    const { a, b } = defaultVariants(s);
    expect([a.platform, b.platform]).toEqual(['x86-vtd-48', 'ppc-powernv']);
    const r = compareRuns(s, a, b);
    expect(r.first).toBe(3);
    const row = r.rows[3]!;
    expect(row.verdict).toEqual({ kind: 'one-fails', failed: 'a' });
    expect(row.a).toMatchObject({ ok: false, errno: 'ENODEV', source: 'drivers/vfio/container.c: vfio_ioctl_set_iommu' });
    expect(row.b).toMatchObject({ ok: true });
    expect(r.headline).toMatch(/^step 3: x86-vtd-48 ENODEV \(.*: drivers\/vfio\/container\.c: vfio_ioctl_set_iommu\), ppc-powernv ok$/);
    // Said before running: the step is a host-specific uAPI, not a geometry difference.
    const w = r.incompatibilities.find((x) => x.step === 3);
    expect(w).toMatchObject({ side: 'a', severity: 'warning' });
    expect(w!.message).toContain('VFIO_TYPE1v2_IOMMU');
    // Steps 0..2 agree; the map past 4 GiB is ENXIO on PPC and EINVAL (no backend) on x86.
    expect(r.rows.slice(0, 3).every((x) => x.verdict.kind === 'same')).toBe(true);
    expect(r.rows[7]!.verdict.kind).toBe('errno');
    expect(r.rows[7]!.b).toMatchObject({ errno: 'ENXIO' });
  });

  it('a PPC guest on an x86 host through iommufd: ppc-powernv has no device cdev (ENOENT at step 2)', () => {
    const s = load('seed002-ppc-style-guest-on-x86.json');
    const r = compareRuns(s, variantOf(s), onPlatform(s, 'ppc-powernv'));
    expect(r.first).toBe(2);
    expect(r.rows[2]!.b).toMatchObject({ errno: 'ENOENT', source: 'drivers/vfio/Kconfig: VFIO_DEVICE_CDEV' });
    expect(r.headline.startsWith('step 2: x86-vtd-48 ok, ppc-powernv ENOENT (')).toBe(true);
  });

  it('the same guest on x86-vtd-48 and arm-smmuv3: the MSI window is only x86 (step 9), after the ranges differ (step 5)', () => {
    const s = load('seed002-ppc-style-guest-on-x86.json');
    const r = compareRuns(s, variantOf(s), onPlatform(s, 'arm-smmuv3'));
    expect(r.first).toBe(5);
    expect(r.rows[5]!.verdict).toEqual({ kind: 'out', fields: ['allowed_iovas'] });
    expect(r.rows[9]!.verdict).toEqual({ kind: 'one-fails', failed: 'a' });
    expect(r.rows[9]!.state).toBe('diverged');
    expect(r.rows[9]!.differences[0]).toMatchObject({ key: 'handle ioas', iova: 0xfee00000n, a: null, b: { first: 0xfee00000n, last: 0xfee0ffffn, va: 0x7f2000000000n } });
    // The difference is carried by the later steps, which do the same on both sides.
    expect(r.rows[10]!).toMatchObject({ verdict: { kind: 'same' }, state: 'differs', differsSince: 9 });
  });
});

describe('legacy container against iommufd compat', () => {
  it('bisecting unmap: EINVAL (type1 v2) against ENOENT (iopt_unmap_iova_range) is the first divergence', () => {
    const s = load('type1-unmap-bisect-v2.json');
    const { a, b } = defaultVariants(s);
    expect([a.kernel.vfio_container, b.kernel.vfio_container]).toEqual(['legacy', 'iommufd']);
    const r = compareRuns(s, a, b);
    expect(r.first).toBe(6);
    expect(r.rows[6]!.verdict).toEqual({ kind: 'errno' });
    expect(r.rows[6]!.a).toMatchObject({ errno: 'EINVAL', source: 'drivers/vfio/vfio_iommu_type1.c: vfio_dma_do_unmap' });
    expect(r.rows[6]!.b).toMatchObject({ errno: 'ENOENT', source: 'drivers/iommu/iommufd/io_pagetable.c: iopt_unmap_iova_range' });
    expect(r.headline.startsWith('step 6: legacy container EINVAL (')).toBe(true);
    expect(r.headline).toContain(', iommufd container ENOENT (');
    // The device was never opened: legacy attaching the group at SET_IOMMU is not a DMA difference.
    expect(r.rows.slice(0, 6).every((x) => x.state === 'same')).toBe(true);
  });

  it('mappings outliving the groups under iommufd: a state divergence with the same results', () => {
    const s = load('seed004-iommufd-compat-contrast.json');
    const r = compareRuns(s, container(s, 'legacy'), container(s, 'iommufd'));
    const row = r.rows[6]!;
    expect(row.verdict).toEqual({ kind: 'state' });
    expect(row.a?.ok && row.b?.ok).toBe(true);
    expect(row.differences[0]).toMatchObject({ key: 'handle container', a: null, b: { first: 0x100000n, last: 0x2fffffn, va: 0x7f0000000000n } });
    expect(r.divergences).toContain(6);
  });

  it('an inspect of a legacy container and of an iommufd context is not compared (different objects)', () => {
    const s = load('type1-unmap-bisect-v2.json');
    const r = compareRuns(s, container(s, 'legacy'), container(s, 'iommufd'));
    const inspects = r.rows.filter((x) => x.op === 'inspect');
    expect(inspects.length).toBeGreaterThan(0);
    for (const x of inspects) expect(x.inspectNotComparable).toBe(true);
  });
});

describe('kernel options and platforms of the same family', () => {
  it('dma_entry_limit 3 against the default: GET_INFO first, then ENOSPC on one side only', () => {
    const s = load('type1-dma-entry-limit-reached.json');
    const own = variantOf(s);
    const r = compareRuns(s, own, { ...own, kernel: { vfio_container: 'legacy' } });
    expect([r.a.label, r.b.label]).toEqual(['dma_entry_limit 3', 'dma_entry_limit 65535']);
    expect(r.first).toBe(4);
    expect(r.rows[4]!.verdict).toEqual({ kind: 'out', fields: ['dma_avail'] });
    expect(r.rows[9]!.verdict).toEqual({ kind: 'one-fails', failed: 'a' });
    expect(r.rows[9]!.a).toMatchObject({ errno: 'ENOSPC' });
  });

  it('ppc-powernv against ppc-pseries: the same translations, but a kernel bug only on pseries (1 GiB default window)', () => {
    const s = load('seed002-x86-style-guest-on-ppc.json');
    const r = compareRuns(s, onPlatform(s, 'ppc-powernv'), onPlatform(s, 'ppc-pseries'));
    expect(r.first).toBe(6);
    const row = r.rows[6]!;
    expect(row.verdict).toEqual({ kind: 'state' });
    expect(row.differences[0]!.bug?.side).toBe('b');
    expect(row.differences[0]!.bug?.message).toMatch(/^KERNEL BUG: MAP_DMA/);
  });

  it('identical variants agree everywhere', () => {
    const s = load('seed002-ppc-guest-on-ppc-host.json');
    const r = compareRuns(s, variantOf(s), variantOf(s));
    expect(r.first).toBeNull();
    expect(r.divergences).toEqual([]);
    expect([r.a.label, r.b.label]).toEqual(['ppc-powernv (A)', 'ppc-powernv (B)']);
    expect(r.headline).toBe(`No divergence: all ${s.steps.length} steps give the same results and the same DMA state on ppc-powernv (A) and ppc-powernv (B).`);
  });
});

describe('before running', () => {
  const twoInOneGroup = build({
    platform: 'x86-vtd-48',
    devices: [{ id: 'fn0', group: 7 }, { id: 'fn1', group: 7 }],
    steps: [{ op: 'open', path: '/dev/iommu', as: 'ifd' }],
  });

  it('selftest-mock cannot take two devices in one group: blocked, nothing runs, the headline says why', () => {
    const r = compareRuns(twoInOneGroup, variantOf(twoInOneGroup), onPlatform(twoInOneGroup, 'selftest-mock'));
    expect(r.blocked).toBe(true);
    expect(r.rows).toEqual([]);
    expect(r.incompatibilities[0]).toMatchObject({ side: 'b', severity: 'blocker' });
    expect(r.headline).toMatch(/^Not compared: selftest-mock gives every mock device its own iommu_group, but group 7 has "fn0" and "fn1"/);
  });

  it('overrides travel only to the same platform, and say so', () => {
    const s = build({
      platform: 'x86-vtd-48', platform_overrides: { aperture: { start: '0x0', end: '0xffffffff' } },
      devices: [{ id: 'nic0', group: 1 }], steps: [{ op: 'open', path: '/dev/iommu', as: 'ifd' }],
    });
    expect(onPlatform(s, 'x86-vtd-48').platform_overrides).not.toBeNull();
    const ppc = onPlatform(s, 'ppc-powernv');
    expect(ppc.platform_overrides).toBeNull();
    const r = compareRuns(s, variantOf(s), ppc);
    expect(r.incompatibilities.some((x) => x.side === 'b' && x.message.includes('were written for x86-vtd-48'))).toBe(true);
    const kept = compareRuns(s, variantOf(s), onPlatform(s, 'ppc-powernv', { keepOverrides: true }));
    expect(kept.incompatibilities.some((x) => x.side === 'b' && x.message.includes('no paging domain'))).toBe(true);
  });

  it('defaults: a PPC scenario against x86-vtd-48, a container scenario legacy against iommufd, others against ppc-powernv', () => {
    expect(defaultVariants(load('spapr-default-window-and-ddw.json')).a.platform).toBe('x86-vtd-48');
    const c = defaultVariants(load('compat-unmap-bisect-enoent.json'));
    expect([c.a.kernel.vfio_container, c.b.kernel.vfio_container, c.a.platform, c.b.platform]).toEqual(['legacy', 'iommufd', 'x86-vtd-48', 'x86-vtd-48']);
    expect(defaultVariants(load('iommufd-copy.json')).b.platform).toBe('ppc-powernv');
    expect(defaultVariants(load('iommufd-map-overlap-eexist.json')).b.platform).toBe('x86-vtd-48');
  });
});

describe('the state comparison budget', () => {
  it('stops comparing the state when the budget is spent and says up to where', () => {
    const s = load('type1-unmap-bisect-v2.json');
    const r = compareRuns(s, container(s, 'legacy'), container(s, 'iommufd'), { stateBudget: 12 });
    expect(r.stateComparedUpTo).toBeLessThan(r.rows.length);
    expect(r.stateNote).toMatch(/^the state was compared up to step/);
    expect(r.rows[r.rows.length - 1]!.state).toBe('unknown');
    // Outcomes are still compared past the budget.
    expect(r.first).toBe(6);
  });
});
