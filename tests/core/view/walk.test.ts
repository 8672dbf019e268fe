// Page walks of a space's IOVA: the platform domain format (type1, HWPT) or the window's TCE table.
import { describe, expect, it } from 'vitest';
import { walkSpace } from '../../../src/core/view';
import { layer, ranges, scenario, space, stepThrough } from './helpers';

const type1 = [
  { op: 'open', path: '/dev/vfio/vfio', as: 'container' },
  { op: 'open', path: '/dev/vfio/1', as: 'group' },
  { op: 'VFIO_GROUP_SET_CONTAINER', fd: 'group', container: 'container' },
  { op: 'VFIO_SET_IOMMU', fd: 'container', type: 'VFIO_TYPE1v2_IOMMU' },
  { op: 'VFIO_IOMMU_MAP_DMA', fd: 'container', iova: '0x100000', size: '0x200000', vaddr: '0x7f0000000000', flags: ['READ', 'WRITE'] },
];

describe('walkSpace: VT-d second stage (type1 container, HWPT)', () => {
  const run = stepThrough(scenario('x86-vtd-48', type1));
  const sim = run.sims[5]!;

  it('a mapped IOVA walks four levels to the user address', () => {
    const r = walkSpace(sim, 'container:1', 0x100123n);
    expect(r.walk?.format).toBe('vtd-ss-4');
    expect(r.walk?.steps.map((s) => s.label)).toEqual(['SL-PML4E', 'SL-PDPE', 'SL-PDE', 'SL-PTE']);
    expect(r.walk?.result).toMatchObject({ kind: 'translated', userAddr: 0x7f0000000123n, leafIova: 0x100000n, leafSize: 0x1000n, offset: 0x123n });
    expect(r.occupancy).toMatchObject({ format: 'vtd-ss-4', mappedBytes: 0x200000n, levels: 4 });
  });

  it('a hole faults at the level with no table; past the aperture faults before the walk', () => {
    expect(walkSpace(sim, 'container:1', 0x40000000n).walk?.result).toMatchObject({ kind: 'fault', reason: 'not-present', level: 3 });
    expect(walkSpace(sim, 'container:1', 1n << 48n).walk?.result).toMatchObject({ kind: 'fault', reason: 'outside-aperture' });
  });

  it('a HWPT walks its IOAS\'s areas; the bare IOAS and the process have no table', () => {
    const r = stepThrough(scenario('x86-vtd-48', [
      { op: 'open', path: '/dev/iommu', as: 'ifd' },
      { op: 'IOMMU_IOAS_ALLOC', fd: 'ifd', as: 'ioas' },
      { op: 'open', path: '/dev/vfio/devices/dev0', as: 'cdev' },
      { op: 'VFIO_DEVICE_BIND_IOMMUFD', fd: 'cdev', iommufd: 'ifd', as: 'dev' },
      { op: 'VFIO_DEVICE_ATTACH_IOMMUFD_PT', fd: 'cdev', pt_id: 'ioas', as: 'hwpt' },
      // With an mmap step, memory is strict: map what the process mmapped.
      { op: 'mmap', addr: '0x7f0000200000', length: '0x400000', as: 'buf' },
      { op: 'IOMMU_IOAS_MAP', fd: 'ifd', ioas_id: 'ioas', user_va: '0x7f0000200000', length: '0x400000', iova: '0x40000000', flags: ['FIXED_IOVA', 'READABLE', 'WRITEABLE'] },
    ]));
    expect(r.results[6]).toMatchObject({ ok: true });
    const s = r.sims[7]!;
    const w = walkSpace(s, 'hwpt:1:3', 0x40201000n);
    expect(w.walk?.result).toMatchObject({ kind: 'translated', userAddr: 0x7f0000401000n });
    expect(walkSpace(s, 'ioas:1:1', 0x40201000n)).toMatchObject({ walk: null, occupancy: null });
    expect(walkSpace(s, 'ioas:1:1', 0n).why).toMatch(/walk one of the HWPTs/);
    expect(walkSpace(s, 'process', 0n)).toMatchObject({ walk: null });
    expect(walkSpace(s, 'hwpt:1:9', 0n).why).toBe('HWPT 9 does not exist at this step');
    expect(walkSpace(s, 'nonsense', 0n).why).toMatch(/not an address space id/);
  });

  it('a container whose backend was released has nothing to walk', () => {
    const r = stepThrough(scenario('x86-vtd-48', [...type1, { op: 'close', fd: 'group' }]));
    expect(walkSpace(r.sims[6]!, 'container:1', 0x100000n).why).toMatch(/released when its last group left/);
  });
});

describe('walkSpace: sPAPR TCE windows, exact at 1<<59', () => {
  const W1 = 1n << 59n;
  const run = stepThrough(scenario('ppc-powernv', [
    { op: 'open', path: '/dev/vfio/vfio', as: 'container' },
    { op: 'open', path: '/dev/vfio/1', as: 'group' },
    { op: 'VFIO_GROUP_SET_CONTAINER', fd: 'group', container: 'container' },
    { op: 'VFIO_SET_IOMMU', fd: 'container', type: 'VFIO_SPAPR_TCE_v2_IOMMU' },
    { op: 'VFIO_IOMMU_SPAPR_REGISTER_MEMORY', fd: 'container', vaddr: '0x7f0000000000', size: '0x1000000' },
    { op: 'VFIO_IOMMU_SPAPR_TCE_CREATE', fd: 'container', page_shift: 16, window_size: '0x100000000', levels: 2 },
    { op: 'VFIO_IOMMU_MAP_DMA', fd: 'container', iova: '0x800000000010000', size: '0x20000', vaddr: '0x7f0000100000', flags: ['READ', 'WRITE'] },
    { op: 'VFIO_IOMMU_MAP_DMA', fd: 'container', iova: '0x0', size: '0x1000', vaddr: '0x7f0000000000', flags: ['READ'] },
  ], [{ id: 'eth0', group: 1 }]));
  const sim = run.sims[8]!;

  it('the run in window 1 is stored and shown to the last bit', () => {
    const sp = space(run.snap(7), 'container:1');
    expect(ranges(layer(sp, 'mapping'), true)).toEqual([[0n, 0xfffn, 0x7f0000000000n], [W1 + 0x10000n, W1 + 0x2ffffn, 0x7f0000100000n]]);
    expect(ranges(layer(sp, 'window'))).toEqual([[0n, 0x7fffffffn], [W1, W1 + 0xffffffffn]]);
  });

  it('a bus address in window 1 walks the 2-level TCE table', () => {
    const r = walkSpace(sim, 'container:1', W1 + 0x21234n);
    expect(r.walk).toMatchObject({ format: 'ppc-tce', kind: 'tce', levels: 2, window: { slot: 1, start: W1, size: 0x100000000n } });
    expect(r.walk?.result).toMatchObject({ kind: 'translated', userAddr: 0x7f0000111234n, leafIova: W1 + 0x20000n, leafSize: 0x10000n });
    expect(r.walk?.steps.map((s) => s.label)).toEqual(['indirect TCE', 'TCE']);
    expect(r.tables?.map((t) => t.label)).toEqual(['window 0 · 4K TCEs · 1 level · default', 'window 1 · 64K TCEs · 2 levels · DDW']);
    expect(r.occupancy).toBe(r.tables?.[1]?.occupancy);
    expect(r.occupancy?.mappedBytes).toBe(0x20000n);
  });

  it('the default window walks one level; an address between windows is outside both', () => {
    expect(walkSpace(sim, 'container:1', 0x10n).walk?.result).toMatchObject({ kind: 'translated', userAddr: 0x7f0000000010n });
    const out = walkSpace(sim, 'container:1', 0x80000000n);
    expect(out.walk?.result).toMatchObject({ kind: 'fault', reason: 'outside-windows' });
    expect(out.occupancy).toBe(out.tables?.[0]?.occupancy);
  });

  it('before any window exists, the pending default window is the reason', () => {
    expect(walkSpace(run.sims[4]!, 'container:1', 0n).why).toMatch(/default window is pending/);
  });
});
