// The explorer's snapshot of a state: topology, address spaces as typed arrays, stable ids.
import { describe, expect, it } from 'vitest';
import { snapshotTransferables } from '../../../src/core/view';
import { layer, node, ranges, scenario, scenarioFile, space, stepThrough } from './helpers';

const TOP48 = (1n << 48n) - 1n;
const U64_MAX = (1n << 64n) - 1n;

describe('type1 container (seed 004: the container fd keeps nothing alive)', () => {
  const run = stepThrough(scenarioFile('seed004-last-group-leaves'));

  it('two groups, one domain, two mappings: nodes, edges and the container space', () => {
    const s = run.snap(7);
    expect(node(s, 'container:1')).toMatchObject({
      kind: 'container', label: 'container 1', handles: ['container'], spaces: ['container:1'],
      attrs: { iommu: 'VFIO_TYPE1v2_IOMMU', groups: '26, 27' },
    });
    expect(node(s, 'iommu-backend:1')).toMatchObject({ kind: 'iommu-backend', label: 'type1 v2', attrs: { mappings: 2, dma_avail: 65533 } });
    expect(node(s, 'domain:1:1').attrs).toMatchObject({ aperture_start: 0n, aperture_end: TOP48, pgsize_bitmap: 0x40201000n, groups: '26, 27' });
    const edges = s.edges.map((e) => `${e.kind} ${e.source} ${e.target}`);
    expect(edges).toEqual(expect.arrayContaining([
      'member device:nic0 group:26', 'set-container group:26 container:1', 'set-container group:27 container:1',
      'backend container:1 iommu-backend:1', 'owns iommu-backend:1 domain:1:1', 'attached group:26 domain:1:1', 'fd fd:3@container:1 container:1',
    ]));
    const sp = space(s, 'container:1');
    expect(sp).toMatchObject({ kind: 'type1', node: 'iommu-backend:1', walkable: true, extent: { first: 0n, last: TOP48 } });
    expect(ranges(layer(sp, 'mapping'), true)).toEqual([[0x100000n, 0x2fffffn, 0x7f0000000000n], [0x40000000n, 0x4000ffffn, 0x7f0000200000n]]);
    expect(ranges(layer(sp, 'usable'))).toEqual([[0n, 0xfedfffffn], [0xfef00000n, TOP48]]);
    expect(ranges(layer(sp, 'reserved'))).toEqual([[0xfee00000n, 0xfeefffffn]]);
    expect(layer(sp, 'reserved').label).toEqual(['MSI region of groups 26, 27: x86 MSI window (IOAPIC_RANGE)']);
    expect(ranges(layer(sp, 'excluded'))).toEqual([[1n << 48n, U64_MAX]]);
  });

  it('one MAP is one added range and one summary line', () => {
    const c = run.snap(6).changes;
    expect(c.ranges).toEqual([{
      space: 'container:1', kind: 'mapping', added: [{ first: 0x100000n, last: 0x2fffffn, backing: 0x7f0000000000n }], removed: [],
      truncated: false, addedCount: 1, removedCount: 0,
    }]);
    expect(c.summary).toEqual(['container 1: +mapping [0x100000, 0x2fffff] -> vaddr 0x7f0000000000']);
    expect(c.changedNodes).toEqual(['iommu-backend:1']);
    expect([c.addedNodes, c.removedNodes]).toEqual([[], []]);
  });

  it('the first group leaving changes the group, not the backend', () => {
    const c = run.snap(8).changes;
    expect(c.summary).toEqual(['group 27 left container 1']);
    expect(c.removedNodes).toEqual([]);
    expect(c.ranges).toEqual([]);
  });

  it('the last group leaving releases the backend: removed nodes, removed ranges, one summary line, the story on the container', () => {
    const s = run.snap(10);
    const c = s.changes;
    expect(c.removedNodes).toEqual(expect.arrayContaining(['iommu-backend:1', 'domain:1:1', 'fd:4@group:26']));
    expect(c.summary[0]).toBe('container 1: type1v2 backend released (last group 26 left), 2 mappings dropped');
    expect(c.summary).toContain('close fd 4 (/dev/vfio/26)');
    expect(c.summary.some((l) => l.startsWith('group 26 left'))).toBe(false);
    const mapping = c.ranges.find((r) => r.space === 'container:1' && r.kind === 'mapping')!;
    expect(mapping.removed.map((r) => [r.first, r.last])).toEqual([[0x100000n, 0x2fffffn], [0x40000000n, 0x4000ffffn]]);
    expect(mapping.removedCount).toBe(2);
    expect(c.ranges.map((r) => r.kind).sort()).toEqual(['excluded', 'mapping', 'reserved', 'usable']);
    expect(s.spaces).toEqual([]);
    const container = node(s, 'container:1');
    expect(container.badges).toEqual(['released']);
    expect(container.detail).toBe('no IOMMU · backend type1v2 released: last group 26 left, 2 mappings dropped');
    expect(container.spaces).toBeUndefined();
    expect(container.handles).toEqual(['container']);
  });

  it('a failing step changes nothing', () => {
    const c = run.snap(12).changes;
    expect(run.results[12]).toMatchObject({ ok: false, errno: 'EINVAL' });
    expect(c).toMatchObject({ addedNodes: [], removedNodes: [], changedNodes: [], ranges: [], summary: [] });
  });

  it('SET_IOMMU again: a new, empty backend under the same id', () => {
    const s = run.snap(16);
    expect(s.changes.addedNodes).toEqual(expect.arrayContaining(['iommu-backend:1', 'domain:1:1']));
    expect(s.changes.summary[0]).toBe('container 1: VFIO_TYPE1v2_IOMMU set (group 26)');
    expect(node(s, 'iommu-backend:1').attrs).toMatchObject({ mappings: 0, dma_avail: 65535 });
    expect(node(s, 'container:1').badges).toBeUndefined();
    expect(node(s, 'container:1').attrs['history 3']).toBe('VFIO_TYPE1v2_IOMMU set with group 26');
  });
});

describe('ids are stable and changes agree with the snapshots', () => {
  const files = [
    'seed004-last-group-leaves', 'iommufd-group-one-domain', 'iommufd-replace-and-reuse', 'spapr-default-window-and-ddw',
    'seed004-iommufd-compat-contrast', 'spapr-map-past-window-end-bug', 'seed004-spapr-windows-released', 'iommufd-copy',
  ];
  for (const f of files) {
    it(f, () => {
      const run = stepThrough(scenarioFile(f));
      for (let i = 1; i < run.snaps.length; i++) {
        const before = run.snaps[i - 1]!;
        const after = run.snaps[i]!;
        const ids = after.nodes.map((n) => n.id);
        expect(new Set(ids).size).toBe(ids.length);
        for (const n of after.nodes) expect(n.id.split(':')[0]).toBe(n.kind);
        const was = new Set(before.nodes.map((n) => n.id));
        const now = new Set(ids);
        expect([...after.changes.addedNodes].sort()).toEqual(ids.filter((x) => !was.has(x)).sort());
        expect([...after.changes.removedNodes].sort()).toEqual([...was].filter((x) => !now.has(x)).sort());
        for (const e of after.edges) expect(now.has(e.source) && now.has(e.target)).toBe(true);
        for (const sp of after.spaces) {
          expect(now.has(sp.node)).toBe(true);
          expect(sp.extent.first <= sp.extent.last).toBe(true);
        }
        // Devices and groups exist from the start under the same ids.
        for (const d of before.nodes.filter((n) => n.kind === 'device' || n.kind === 'group')) expect(now.has(d.id)).toBe(true);
      }
    });
  }
});

describe('iommufd: IOAS, automatic HWPT, bindings and attachments', () => {
  const run = stepThrough(scenarioFile('iommufd-group-one-domain'));

  it('attach to an IOAS creates the automatic HWPT; the IOAS reserves the aperture complement and the MSI window', () => {
    const s = run.snap(4);
    expect(node(s, 'hwpt:1:3')).toMatchObject({ kind: 'hwpt', badges: ['auto'], handles: ['hwpt'], spaces: ['hwpt:1:3'] });
    expect(node(s, 'hwpt:1:3').attrs).toMatchObject({ aperture_start: 0n, aperture_end: TOP48, auto: true, ioas: 1, format: 'vtd-ss-4' });
    expect(node(s, 'ioas:1:1')).toMatchObject({ handles: ['ioas'], attrs: { iova_alignment: 0x1000n } });
    const edges = s.edges.map((e) => `${e.kind} ${e.source} ${e.target} ${e.label ?? ''}`.trim());
    expect(edges).toEqual(expect.arrayContaining([
      'owns iommufd:1 ioas:1:1', 'owns iommufd:1 hwpt:1:3', 'on-ioas hwpt:1:3 ioas:1:1',
      'bound device:fn0 iommufd:1 dev_id 2', 'attached group:7 hwpt:1:3 fn0 (dev_id 2)',
    ]));
    const ioas = space(s, 'ioas:1:1');
    expect(ioas).toMatchObject({ kind: 'ioas', walkable: false, extent: { first: 0n, last: TOP48 } });
    expect(ranges(layer(ioas, 'excluded'))).toEqual([[1n << 48n, U64_MAX]]);
    expect(layer(ioas, 'excluded').label).toEqual(['outside the aperture of HWPT 3']);
    expect(ranges(layer(ioas, 'reserved'))).toEqual([[0xfee00000n, 0xfeefffffn]]);
    expect(layer(ioas, 'reserved').label).toEqual(['MSI region of device fn0 (dev_id 2)']);
    expect(ranges(layer(ioas, 'usable'))).toEqual([[0n, 0xfedfffffn], [0xfef00000n, TOP48]]);
    expect(space(s, 'hwpt:1:3')).toMatchObject({ kind: 'hwpt', walkable: true, extent: { first: 0n, last: TOP48 } });
    expect(s.changes.summary).toEqual(expect.arrayContaining([
      'iommufd 1: +HWPT 3 (automatic) on IOAS 1, aperture [0x0, 0xffffffffffff] · 4K|2M|1G',
      'fn0 attached to HWPT 3',
      'IOAS 1: +excluded [0x1000000000000, 0xffffffffffffffff] (outside the aperture of HWPT 3)',
    ]));
  });

  it('replacing the group\'s HWPT moves both devices and frees the automatic domain', () => {
    const c = run.snap(11).changes;
    expect(c.removedNodes).toContain('hwpt:1:3');
    expect(c.addedNodes).toContain('hwpt:1:6');
    expect(c.summary).toEqual(expect.arrayContaining(['fn0 replaced HWPT 3 with HWPT 6', 'fn1 replaced HWPT 3 with HWPT 6', 'iommufd 1: -HWPT 3 (automatic, on IOAS 1)']));
  });

  it('a HWPT shows its IOAS\'s areas from the same buffers; the transfer list names each buffer once', () => {
    const r = stepThrough(scenario('x86-vtd-48', [
      { op: 'open', path: '/dev/iommu', as: 'ifd' },
      { op: 'IOMMU_IOAS_ALLOC', fd: 'ifd', as: 'ioas' },
      { op: 'open', path: '/dev/vfio/devices/dev0', as: 'cdev' },
      { op: 'VFIO_DEVICE_BIND_IOMMUFD', fd: 'cdev', iommufd: 'ifd', as: 'dev' },
      { op: 'VFIO_DEVICE_ATTACH_IOMMUFD_PT', fd: 'cdev', pt_id: 'ioas', as: 'hwpt' },
      { op: 'IOMMU_IOAS_MAP', fd: 'ifd', ioas_id: 'ioas', user_va: '0x7f0000000000', length: '0x2000', iova: '0x1000000', flags: ['FIXED_IOVA', 'READABLE', 'WRITEABLE'] },
    ]));
    const s = r.snap(5);
    const a = layer(space(s, 'ioas:1:1'), 'mapping');
    const h = layer(space(s, 'hwpt:1:3'), 'mapping');
    expect(ranges(h, true)).toEqual([[0x1000000n, 0x1001fffn, 0x7f0000000000n]]);
    expect(h.first.buffer).toBe(a.first.buffer);
    const buffers = snapshotTransferables(s);
    expect(new Set(buffers).size).toBe(buffers.length);
    expect(s.changes.summary).toEqual(['IOAS 1: +area [0x1000000, 0x1001fff] -> user 0x7f0000000000']);
    expect(s.changes.ranges.map((c) => `${c.space} ${c.kind} +${c.addedCount}`)).toEqual(['ioas:1:1 mapping +1', 'hwpt:1:3 mapping +1']);
  });
});

describe('sPAPR: windows, TCE runs, the past-the-end kernel bug, 64-bit exactness', () => {
  it('default window dropped, then two created windows; window 1 at 1<<59 exactly', () => {
    const run = stepThrough(scenarioFile('spapr-default-window-and-ddw'));
    expect(run.snap(3).changes.summary).toEqual(['container 1: VFIO_SPAPR_TCE_v2_IOMMU set (group 1); default window pending (the first MAP, UNMAP or TCE_CREATE creates it)']);
    expect(run.snap(6).changes.summary).toEqual(['container 1: pending default window dropped before it was created']);
    const s = run.snap(9);
    const sp = space(s, 'container:1');
    expect(sp).toMatchObject({ kind: 'spapr', walkable: true, node: 'iommu-backend:1' });
    const w1 = 1n << 59n;
    expect(ranges(layer(sp, 'window'))).toEqual([[0n, 0x3fffffffn], [w1, w1 + (1n << 40n) - 1n]]);
    expect(layer(sp, 'window').label).toEqual(['window 0 · 4K TCEs · 1 level · created', 'window 1 · 64K TCEs · 2 levels · DDW']);
    expect(sp.extent).toEqual({ first: 0n, last: w1 + (1n << 40n) - 1n });
    expect(node(s, 'window:1:1')).toMatchObject({ badges: ['DDW'], attrs: { start: w1, size: 1n << 40n, page_shift: 16, levels: 2 } });
    expect(run.snap(9).changes.summary).toEqual(['container 1: +window 1 [0x800000000000000, 0x80000ffffffffff] · 64K TCEs · 2 levels (TCE_CREATE)']);
  });

  it('TCEs written past a window\'s end are a bug range, flagged on the window and in the summary', () => {
    const run = stepThrough(scenarioFile('spapr-map-past-window-end-bug'));
    const s = run.snap(5);
    const sp = space(s, 'container:1');
    expect(ranges(layer(sp, 'mapping'), true)).toEqual([[0x7fff0000n, 0x7fffffffn, 0x7f0000000000n]]);
    expect(ranges(layer(sp, 'bug'), true)).toEqual([[0x80000000n, 0x8000ffffn, 0x7f0000010000n]]);
    expect(node(s, 'window:1:0').badges).toEqual(['default', 'kernel bug']);
    expect(node(s, 'iommu-backend:1').badges).toContain('kernel bug');
    expect(layer(sp, 'bug').label).toEqual(['written past the end of window 0']);
    expect(s.changes.summary).toContain('container 1: +TCEs (KERNEL BUG) [0x80000000, 0x8000ffff] -> ua 0x7f0000010000 (written past the end of window 0)');
    expect(s.changes.summary.some((l) => l.startsWith('container 1: KERNEL BUG: MAP_DMA [0x7fff0000, +0x20000)'))).toBe(true);
    // The release keeps the finding on the container, and says what leaked.
    const rel = run.snap(10);
    expect(node(rel, 'container:1').badges).toEqual(['released', 'kernel bug']);
    expect(rel.changes.summary[0]).toBe('container 1: sPAPR TCE v2 backend released (last group 1 left), 2 windows and 2 TCE runs dropped');
    expect(rel.changes.summary.some((l) => l.includes('tce_iommu_prereg_free') && l.includes('the pinned pages leak'))).toBe(true);
  });
});

describe('VFIO compat on iommufd (seed 004 contrast)', () => {
  const run = stepThrough(scenarioFile('seed004-iommufd-compat-contrast'));

  it('the group joins the iommufd, whose compat IOAS keeps the mapping after the group leaves', () => {
    const s2 = run.snap(2);
    expect(space(s2, 'ioas:1:1').kind).toBe('compat-ioas');
    expect(node(s2, 'ioas:1:1').badges).toEqual(['compat']);
    expect(s2.edges.some((e) => e.kind === 'set-container' && e.source === 'group:26' && e.target === 'iommufd:1')).toBe(true);
    expect(node(s2, 'iommufd:1')).toMatchObject({ badges: ['compat'], handles: ['container'] });
    expect(run.snap(4).changes.summary).toEqual(['IOAS 1: +area [0x100000, 0x2fffff] -> user 0x7f0000000000']);
    const s6 = run.snap(6);
    expect(s6.changes.summary).toEqual(['group 26 left iommufd 1']);
    expect(ranges(layer(space(s6, 'ioas:1:1'), 'mapping'))).toEqual([[0x100000n, 0x2fffffn]]);
  });
});

describe('the process', () => {
  it('appears when the scenario mmaps, with its vmas and the mmap handle', () => {
    const run = stepThrough(scenario('x86-vtd-48', [{ op: 'mmap', length: '0x200000', as: 'buf' }]));
    const s = run.snap(0);
    const sp = space(s, 'process');
    expect(sp.kind).toBe('process');
    const [vma] = ranges(layer(sp, 'vma'));
    expect(vma![1]! - vma![0]! + 1n).toBe(0x200000n);
    expect(sp.extent).toEqual({ first: vma![0], last: vma![1] });
    expect(node(s, 'process').handles).toEqual(['buf']);
    expect(s.changes.summary).toEqual([`process: +vma [0x${vma![0]!.toString(16)}, 0x${vma![1]!.toString(16)}] (buf)`]);
  });
});
