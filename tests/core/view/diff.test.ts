// Step changes two ways: from states (B-tree diff) and from snapshots (typed-array merge).
import { describe, expect, it } from 'vitest';
import { diffSnapshots, stepChanges } from '../../../src/core/view';
import type { StepChanges } from '../../../src/core/view/types';
import { scenario, scenarioFile, stepThrough } from './helpers';

const norm = (c: StepChanges) => ({
  added: [...c.addedNodes].sort(), removed: [...c.removedNodes].sort(), changed: [...c.changedNodes].sort(),
  ranges: c.ranges.map((r) => ({ ...r, added: [...r.added], removed: [...r.removed] })),
  summary: c.summary,
  edges: [[...(c.addedEdges ?? [])].sort(), [...(c.removedEdges ?? [])].sort()],
});

describe('diffSnapshots agrees with the state diff', () => {
  for (const f of ['seed004-last-group-leaves', 'iommufd-group-one-domain', 'spapr-map-past-window-end-bug', 'iommufd-copy', 'type1-unmap-all', 'type1-vaddr-live-update']) {
    it(f, () => {
      const run = stepThrough(scenarioFile(f));
      for (let i = 1; i < run.snaps.length; i++) {
        expect(norm(diffSnapshots(run.snaps[i - 1]!, run.snaps[i]!))).toEqual(norm(run.snaps[i]!.changes));
        expect(norm(stepChanges(run.sims[i - 1]!, run.sims[i]!))).toEqual(norm(run.snaps[i]!.changes));
      }
    });
  }

  it('diffs any two snapshots, not only neighbours', () => {
    const run = stepThrough(scenarioFile('seed004-last-group-leaves'));
    const c = diffSnapshots(run.snap(7), run.snap(16));
    expect(c.ranges.find((r) => r.kind === 'mapping')).toMatchObject({ removedCount: 2, addedCount: 0 });
    expect(c.summary).toContain('group 27 left container 1');
  });
});

describe('capped change lists', () => {
  it('unmap-all of 100 mappings lists 64, counts 100, and says it in one line', () => {
    const maps = Array.from({ length: 100 }, (_, i) => ({
      op: 'VFIO_IOMMU_MAP_DMA', fd: 'container', iova: `0x${(0x100000 + i * 0x2000).toString(16)}`, size: '0x1000',
      vaddr: `0x${(0x7f0000000000 + i * 0x1000).toString(16)}`, flags: ['READ', 'WRITE'],
    }));
    const run = stepThrough(scenario('x86-vtd-48', [
      { op: 'open', path: '/dev/vfio/vfio', as: 'container' },
      { op: 'open', path: '/dev/vfio/1', as: 'group' },
      { op: 'VFIO_GROUP_SET_CONTAINER', fd: 'group', container: 'container' },
      { op: 'VFIO_SET_IOMMU', fd: 'container', type: 'VFIO_TYPE1v2_IOMMU' },
      ...maps,
      { op: 'VFIO_IOMMU_UNMAP_DMA', fd: 'container', iova: '0x0', size: '0x0', flags: ['ALL'] },
    ]));
    const c = run.snap(104).changes;
    expect(c.ranges).toHaveLength(1);
    expect(c.ranges[0]).toMatchObject({ kind: 'mapping', truncated: true, removedCount: 100, addedCount: 0 });
    expect(c.ranges[0]!.removed).toHaveLength(64);
    expect(c.summary).toEqual(['container 1: -100 mappings in [0x100000, 0x1c6fff]']);
  });
});
