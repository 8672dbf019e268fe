// vhost-vdpa in the view model: the device, its parent and ASIDs in the graph, one lane per ASID
// with the vhost IOTLB beside what the device translates, and seed 001's reset told as it is.
import { describe, expect, it } from 'vitest';
import { walkSpace } from '../../../src/core/view';
import { layer, node, ranges, scenario, scenarioFile, space, stepThrough } from './helpers';

const U64_MAX = (1n << 64n) - 1n;
const IOTLB = [[0x0n, 0x9ffffn, 0x7f0000000000n], [0x100000n, 0x1fffffffn, 0x7f0000100000n]];

describe('seed 001 on mlx5: a reset without IOTLB_PERSIST, then with it', () => {
  const run = stepThrough(scenarioFile('seed001-reset-mlx5'));

  it('open: the vDPA device, its parent and ASID 0 (identity) with stable ids; no VFIO group for an on-chip parent', () => {
    const s = run.snap(0);
    expect(node(s, 'vdpa:vdpa0')).toMatchObject({ kind: 'vdpa', label: 'vdpa0', badges: ['identity'], handles: ['v'], spaces: ['asid:vdpa0:0'] });
    expect(node(s, 'vdpa-parent:mlx5')).toMatchObject({ kind: 'vdpa-parent', label: 'mlx5_vdpa', attrs: { map_ops: 'set_map', nas: 2, reset_map: true } });
    expect(node(s, 'asid:vdpa0:0')).toMatchObject({ kind: 'asid', badges: ['identity'], attrs: { device_translation: 'identity', iotlb_entries: 0 } });
    expect(s.nodes.some((n) => n.id === 'group:40' || n.id === 'device:vdpa0')).toBe(false);
    const edges = s.edges.map((e) => e.id);
    expect(edges).toEqual(expect.arrayContaining([
      'parent:vdpa:vdpa0->vdpa-parent:mlx5', 'owns:vdpa:vdpa0->asid:vdpa0:0', 'fd:fd:3@vdpa:vdpa0->vdpa:vdpa0',
    ]));
    expect(s.changes.summary).toEqual(['open /dev/vhost-vdpa-0 = fd 3']);
  });

  it('UPDATEs inside a batch are pending on a set_map parent; BATCH_END puts the device in sync', () => {
    const inBatch = run.snap(3);
    expect(node(inBatch, 'asid:vdpa0:0').badges).toEqual(['pending 1']);
    expect(inBatch.changes.summary).toEqual([
      "vdpa0 ASID 0: batch open: 1 entry wait for BATCH_END's set_map to reach the device",
      'vdpa0 ASID 0: +IOTLB entry [0x0, 0x9ffff] -> uaddr 0x7f0000000000',
    ]);
    const s = run.snap(5);
    expect(node(s, 'vdpa:vdpa0').badges).toEqual(['in sync']);
    expect(node(s, 'asid:vdpa0:0')).toMatchObject({ badges: ['in sync'], detail: 'IOTLB 2 · device 2' });
    const sp = space(s, 'asid:vdpa0:0');
    expect(sp).toMatchObject({ kind: 'vdpa-iotlb', node: 'asid:vdpa0:0', walkable: false, extent: { first: 0n, last: 0x1fffffffn } });
    expect(ranges(layer(sp, 'mapping'), true)).toEqual(IOTLB);
    expect(ranges(layer(sp, 'device-map'), true)).toEqual(IOTLB);
    expect(ranges(layer(sp, 'identity'))).toEqual([]);
    expect(ranges(layer(sp, 'stale'))).toEqual([]);
    expect(s.changes.summary).toEqual(['vdpa0: batch ended', 'vdpa0 ASID 0: device map set (2 entries), replacing identity']);
  });

  it('SET_STATUS 0 (CLEAN_MAP): the IOTLB keeps its entries, the device map is gone and identity is back; the lane shows both', () => {
    const before = run.snap(6);
    const s = run.snap(7);
    expect(node(s, 'vdpa:vdpa0')).toMatchObject({ badges: ['stale 2'], detail: 'status 0 (reset)' });
    expect(node(s, 'asid:vdpa0:0')).toMatchObject({
      badges: ['stale 2'],
      attrs: { device_translation: 'identity', iotlb_entries: 2, untranslated: 2, extra: 0 },
    });
    const sp = space(s, 'asid:vdpa0:0');
    expect(ranges(layer(sp, 'mapping'), true)).toEqual(ranges(layer(space(before, 'asid:vdpa0:0'), 'mapping'), true));
    expect(ranges(layer(sp, 'device-map'))).toEqual([]);
    expect(ranges(layer(sp, 'identity'))).toEqual([[0n, U64_MAX]]);
    // The device-map layer now differs from the IOTLB layer: every IOTLB entry is stale.
    expect(ranges(layer(sp, 'stale'), true)).toEqual(IOTLB);
    expect(layer(sp, 'stale').label![0]).toMatch(/does not translate: the device is back to identity/);
    expect(s.changes.summary).toEqual(['vdpa0: device reset (status 0)', 'vdpa0 ASID 0: device translation reset to identity; vhost IOTLB keeps 2 entries']);
    expect(s.changes.changedNodes).toEqual(expect.arrayContaining(['vdpa:vdpa0', 'asid:vdpa0:0']));
    // No range line for the IOTLB: it did not change.
    expect(s.changes.ranges.find((r) => r.kind === 'mapping')).toBeUndefined();
    expect(s.nodes.map((n) => n.id).sort()).toEqual(before.nodes.map((n) => n.id).sort());
  });

  it('the walk of an IOTLB space is a flat lookup in words: entry found, and what the device does with the address', () => {
    const w = walkSpace(run.sims[8]!, 'asid:vdpa0:0', 0x1000n);
    expect(w.walk).toBeNull();
    expect(w.why).toContain('entry [0x0, 0x9ffff] -> uaddr 0x7f0000001000 (RW)');
    expect(w.why).toContain('the device translates it as identity: its DMA goes to address 0x1000');
    const miss = walkSpace(run.sims[6]!, 'asid:vdpa0:0', 0xa0000n);
    expect(miss.why).toContain('the vhost IOTLB has no entry for it');
    expect(miss.why).toContain("the device's own map has no entry for it");
  });

  it('close releases the IOTLB (ASID gone, one summary line); with IOTLB_PERSIST the reset keeps the device map', () => {
    const closed = run.snap(10);
    expect(closed.changes.removedNodes).toEqual(expect.arrayContaining(['asid:vdpa0:0', 'fd:3@vdpa:vdpa0']));
    expect(closed.changes.summary).toContain('vdpa0 ASID 0: vhost IOTLB released, 2 entries unmapped');
    expect(node(closed, 'vdpa:vdpa0').detail).toBe('closed');
    expect(node(closed, 'vdpa:vdpa0').badges).toBeUndefined();
    const persisted = run.snap(17);
    expect(node(persisted, 'vdpa:vdpa0')).toMatchObject({ badges: ['in sync'], attrs: { iotlb_persist: true } });
    const sp = space(persisted, 'asid:vdpa0:0');
    expect(ranges(layer(sp, 'device-map'), true)).toEqual(ranges(layer(sp, 'mapping'), true));
    expect(persisted.changes.summary.some((l) => l.includes('device translation'))).toBe(false);
  });
});

describe('seed 001 on vdpa_sim and on a platform-IOMMU parent', () => {
  it('vdpa_sim without IOTLB_PERSIST: a reset makes the one entry stale; INVALIDATE + UPDATE bring the device back in sync', () => {
    const run = stepThrough(scenarioFile('seed001-reset-vdpa-sim'));
    expect(node(run.snap(2), 'asid:vdpa0:0').badges).toEqual(['in sync']);
    expect(node(run.snap(4), 'asid:vdpa0:0').badges).toEqual(['stale 1']);
    expect(ranges(layer(space(run.snap(4), 'asid:vdpa0:0'), 'stale'), true)).toEqual([[0x200000n, 0x203fffn, 0x7f0000000000n]]);
    // The INVALIDATE's set_map gives the device a map of its own again (empty), the UPDATE fills it.
    expect(run.snap(9).changes.summary).toContain('vdpa0 ASID 0: device map set (0 entries), replacing identity');
    expect(node(run.snap(10), 'asid:vdpa0:0').badges).toEqual(['in sync']);
    expect(ranges(layer(space(run.snap(10), 'asid:vdpa0:0'), 'device-map'), true)).toEqual([[0x200000n, 0x203fffn, 0x7f0000000000n]]);
  });

  it('platform IOMMU: the domain is vhost-vdpa\'s, the reset keeps it; the device sits in its IOMMU group', () => {
    const run = stepThrough(scenarioFile('seed001-reset-platform-iommu'));
    const s = run.snap(7);
    expect(node(s, 'vdpa-parent:platform-iommu')).toMatchObject({ label: 'platform IOMMU', attrs: { map_ops: 'iommu', nas: 1 } });
    expect(node(s, 'asid:vdpa0:0').badges).toEqual(['in sync']);
    expect(s.edges.map((e) => e.id)).toContain('member:vdpa:vdpa0->group:40');
    // Status was already 0 and the domain is untouched: nothing a developer would call a change.
    expect(s.changes.summary).toEqual([]);
    expect(ranges(layer(space(s, 'asid:vdpa0:0'), 'identity'))).toEqual([]);
    expect(ranges(layer(space(s, 'asid:vdpa0:0'), 'device-map'))).toEqual(ranges(layer(space(s, 'asid:vdpa0:0'), 'mapping')));
  });
});

describe('a device map the IOTLB no longer holds', () => {
  it('an INVALIDATE inside a batch is pending (the device still translates the entry until BATCH_END)', () => {
    const run = stepThrough(scenario('x86-vtd-48', [
      { op: 'open', path: '/dev/vhost-vdpa-0', as: 'v' },
      { op: 'VHOST_SET_BACKEND_FEATURES', fd: 'v', features: ['IOTLB_MSG_V2', 'IOTLB_BATCH'] },
      { op: 'VHOST_IOTLB_UPDATE', fd: 'v', iova: '0x1000', size: '0x1000', uaddr: '0x7f0000001000', perm: 'RW' },
      { op: 'VHOST_IOTLB_BATCH_BEGIN', fd: 'v' },
      { op: 'VHOST_IOTLB_INVALIDATE', fd: 'v', iova: '0x1000', size: '0x1000' },
      { op: 'VHOST_IOTLB_BATCH_END', fd: 'v' },
    ], [{ id: 'vdpa0', group: 40, kind: 'vdpa', parent: 'mlx5' }]));
    expect(run.results.every((r) => r.ok)).toBe(true);
    const s = run.snap(4);
    expect(node(s, 'asid:vdpa0:0')).toMatchObject({ badges: ['pending 1'], attrs: { untranslated: 0, extra: 1 } });
    const sp = space(s, 'asid:vdpa0:0');
    expect(ranges(layer(sp, 'mapping'))).toEqual([]);
    expect(ranges(layer(sp, 'device-map'), true)).toEqual([[0x1000n, 0x1fffn, 0x7f0000001000n]]);
    expect(layer(sp, 'stale').label).toEqual(["the device still translates this until BATCH_END's set_map; the vhost IOTLB no longer holds it"]);
    expect(node(run.snap(5), 'asid:vdpa0:0').badges).toEqual(['in sync']);
    expect(run.snap(5).changes.summary).toContain('vdpa0 ASID 0: device map in sync again (0 entries)');
  });
});
