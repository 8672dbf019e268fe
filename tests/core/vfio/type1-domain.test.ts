// type1 domains: apertures, reserved regions, page sizes and GET_INFO per platform
// (vfio_iommu_type1_attach_group / detach_group, vfio_iommu_type1_get_info).
import { describe, expect, it } from 'vitest';
import { IntervalMap } from '../../../src/core/intervals';
import type { ResvRegion } from '../../../src/core/platform/presets';
import type { Dma } from '../../../src/core/sim/state';
import { aperConflict, aperExpand, aperResize, resvConflict, resvExclude, resvRefresh } from '../../../src/core/vfio/iovalist';
import { errnoOf, info, inspect, json, map, run, scenario, setup } from './helpers';

const one = [{ id: 'nic0', group: 26 }];
const R = (start: string, end: string) => ({ start, end });

function getInfo(platform: string, extra: Record<string, unknown> = {}) {
  const { results } = run(scenario(platform, one, [...setup([26]), info()], extra));
  expect(results.every((r) => r.ok)).toBe(true);
  return json(results[4]!).out;
}

describe('GET_INFO per platform', () => {
  it('x86-vtd-48: the MSI hole splits the 48-bit aperture (as seen on the oracle\'s 6.12 kernel)', () => {
    expect(getInfo('x86-vtd-48')).toEqual({
      flags: 3, iova_pgsizes: '0x40201000', dma_avail: 65535,
      migration: { flags: 0, pgsize_bitmap: '0x1000', max_dirty_bitmap_size: '0x10000000' },
      iova_ranges: [R('0x0', '0xfedfffff'), R('0xfef00000', '0xffffffffffff')],
    });
  });

  it('x86-vtd-57: a 57-bit aperture', () => {
    expect(getInfo('x86-vtd-57').iova_ranges).toEqual([R('0x0', '0xfedfffff'), R('0xfef00000', '0x1ffffffffffffff')]);
  });

  it('amd-vi: MSI hole and the HyperTransport hole', () => {
    const out = getInfo('amd-vi');
    expect(out.iova_ranges).toEqual([R('0x0', '0xfedfffff'), R('0xfef00000', '0xfcffffffff'), R('0x10000000000', '0xffffffffffff')]);
    // GENMASK_ULL(51, 12) ^ SZ_512G
    expect(out.iova_pgsizes).toBe('0xfff7ffffff000');
  });

  it('arm-smmuv3: the SW_MSI window at 0x8000000', () => {
    expect(getInfo('arm-smmuv3').iova_ranges).toEqual([R('0x0', '0x7ffffff'), R('0x8100000', '0xffffffffffff')]);
  });

  it('sub-PAGE_SIZE page sizes are hidden behind PAGE_SIZE (selftest mock, 2 KiB IO pages)', () => {
    const out = getInfo('selftest-mock');
    expect(out.iova_pgsizes).toBe('0x1000');
    expect(out.iova_ranges).toEqual([R('0x1000000', '0x7fffffff')]);
  });

  it('DIRECT_RELAXABLE regions stay usable; others are cut out', () => {
    const out = getInfo('x86-vtd-48', {
      platform_overrides: { reserved: [
        { start: '0x0', last: '0xffffff', type: 'DIRECT_RELAXABLE' },
        { start: '0xfee00000', last: '0xfeefffff', type: 'MSI' },
        { start: '0x80000000', last: '0x8fffffff', type: 'DIRECT' },
      ] },
    });
    expect(out.iova_ranges).toEqual([R('0x0', '0x7fffffff'), R('0x90000000', '0xfedfffff'), R('0xfef00000', '0xffffffffffff')]);
  });
});

describe('groups sharing a container', () => {
  it('compatible groups share one domain; mappings survive one of them leaving', () => {
    const two = [{ id: 'a', group: 26 }, { id: 'b', group: 27 }, { id: 'c', group: 27 }];
    const { results, sim } = run(scenario('x86-vtd-48', two, [
      ...setup([26, 27]), map('0x100000', '0x1000'),
      { op: 'VFIO_GROUP_UNSET_CONTAINER', fd: 'g26' },
      info(), inspect('c'),
    ]));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(json(results[8]!).out.iova_ranges).toEqual([R('0x0', '0xfedfffff'), R('0xfef00000', '0xffffffffffff')]);
    expect(json(results[8]!).out.dma_avail).toBe(65534);
    expect(json(results[9]!).out.groups).toEqual([27]);
    const c = sim.state.containers.get(1)!;
    expect(c.iommu?.kind === 'type1' && c.iommu.domains.map((d) => d.groups)).toEqual([[27]]);
  });

  it('a group joining an in-use container gets the existing mappings (replay), no error', () => {
    const two = [{ id: 'a', group: 26 }, { id: 'b', group: 27 }];
    const { results } = run(scenario('x86-vtd-48', two, [
      ...setup([26]), map('0x100000', '0x1000'),
      { op: 'open', path: '/dev/vfio/27', as: 'g27' },
      { op: 'VFIO_GROUP_SET_CONTAINER', fd: 'g27', container: 'c' },
      { op: 'VFIO_GROUP_UNSET_CONTAINER', fd: 'g26' },
      inspect('c'),
    ]));
    expect(results.map(errnoOf).every((e) => e === null)).toBe(true);
    expect(json(results[8]!).out.mappings).toHaveLength(1);
  });
});

// Conflicts that no scenario on one platform can produce (every group reports the same regions and
// aperture), checked on the list functions that implement them.
describe('iova list rules (vfio_iommu_aper_* / vfio_iommu_resv_*)', () => {
  const dmas = new IntervalMap<Dma>();
  dmas.insert({ first: 0x100000n, last: 0x1fffffn, vaddr: 0n, read: true, write: true });
  const list = [{ first: 0n, last: 0xfedfffffn }, { first: 0xfef00000n, last: 0xffffffffffffn }];
  const msi: ResvRegion = { first: 0xfee00000n, last: 0xfeefffffn, type: 'MSI', name: 'msi', source: '' };

  it('aperture conflicts: disjoint, or excluding a mapping', () => {
    expect(aperConflict([], dmas, 5n, 6n)).toBe(false);
    expect(aperConflict(list, dmas, 0x1000000000000n, 0x2000000000000n)).toBe(true);
    expect(aperConflict(list, dmas, 0x200000n, 0xffffffffffffn)).toBe(true);
    expect(aperConflict(list, dmas, 0x0n, 0xfffffn)).toBe(true);
    expect(aperConflict(list, dmas, 0x0n, 0x7fffffffffn)).toBe(false);
  });

  it('aperture resize narrows the list node by node', () => {
    expect(aperResize(list, 0x1000n, 0x7fffffffffn)).toEqual([{ first: 0x1000n, last: 0xfedfffffn }, { first: 0xfef00000n, last: 0x7fffffffffn }]);
    expect(aperResize(list, 0xff000000n, 0xffffffffffffn)).toEqual([{ first: 0xff000000n, last: 0xffffffffffffn }]);
    expect(aperResize([], 0n, 0xffn)).toEqual([{ first: 0n, last: 0xffn }]);
  });

  it('a reserved region over a mapping conflicts unless DIRECT_RELAXABLE', () => {
    const r = { ...msi, first: 0x180000n, last: 0x180fffn };
    expect(resvConflict(dmas, [r])).toBe(r);
    expect(resvConflict(dmas, [{ ...r, type: 'DIRECT_RELAXABLE' }])).toBe(undefined);
  });

  it('exclusion that empties the list fails', () => {
    expect(resvExclude([{ first: 0xfee00000n, last: 0xfeefffffn }], [msi])).toBe(null);
    expect(resvExclude([{ first: 0n, last: 0xffffffffn }], [msi])).toEqual([{ first: 0n, last: 0xfedfffffn }, { first: 0xfef00000n, last: 0xffffffffn }]);
  });

  it('after a domain leaves the bounds widen to the remaining apertures, and regions are re-derived', () => {
    const widened = aperExpand(list, []);
    expect(widened).toEqual([{ first: 0n, last: 0xfedfffffn }, { first: 0xfef00000n, last: (1n << 64n) - 1n }]);
    expect(resvRefresh(widened, [])).toEqual([{ first: 0n, last: (1n << 64n) - 1n }]);
    expect(resvRefresh([], [])).toBe(null);
  });
});
