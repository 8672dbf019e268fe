// Seek cost with 100k mappings in one space: the snapshot fills typed arrays straight from the
// interval maps, and the step diff walks only the B-tree paths that changed. The numbers are
// printed (the lead's bench measures a seek end to end); the bounds only catch regressions by
// an order of magnitude, not machine noise.
import { describe, expect, it } from 'vitest';
import { runScenario, runStep } from '../../../src/core/sim/run';
import { buildSnapshot, stepChanges } from '../../../src/core/view';
import { layer, scenario, space } from './helpers';

const N = 100_000;

function best(f: () => void, runs = 10): number {
  let t = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    t = Math.min(t, performance.now() - t0);
  }
  return t;
}

const hex = (x: bigint): string => '0x' + x.toString(16);

describe(`snapshot and step diff with ${N} mappings`, () => {
  it('IOAS + HWPT (iommufd, QEMU-style fixed IOVAs)', () => {
    const maps = Array.from({ length: N }, (_, i) => ({
      op: 'IOMMU_IOAS_MAP', fd: 'ifd', ioas_id: 'ioas', user_va: hex(0x7f0000000000n + BigInt(i) * 0x1000n), length: '0x1000',
      iova: hex(0x100000000n + BigInt(i) * 0x2000n), flags: ['FIXED_IOVA', 'READABLE', 'WRITEABLE'],
    }));
    const s = scenario('x86-vtd-48', [
      { op: 'open', path: '/dev/iommu', as: 'ifd' },
      { op: 'IOMMU_IOAS_ALLOC', fd: 'ifd', as: 'ioas' },
      { op: 'open', path: '/dev/vfio/devices/dev0', as: 'cdev' },
      { op: 'VFIO_DEVICE_BIND_IOMMUFD', fd: 'cdev', iommufd: 'ifd', as: 'dev' },
      { op: 'VFIO_DEVICE_ATTACH_IOMMUFD_PT', fd: 'cdev', pt_id: 'ioas' },
      ...maps,
      { op: 'IOMMU_IOAS_MAP', fd: 'ifd', ioas_id: 'ioas', user_va: '0x7e0000000000', length: '0x1000', iova: '0x1000', flags: ['FIXED_IOVA', 'READABLE'] },
    ]);
    const steps = [...s.steps];
    const last = steps.pop()!;
    const { sim: prev, results } = runScenario({ ...s, steps });
    expect(results.every((r) => r.ok)).toBe(true);
    const sim = prev.clone();
    expect(runStep(sim, last, steps.length).ok).toBe(true);

    let snap = buildSnapshot(sim, steps.length);
    const full = best(() => { snap = buildSnapshot(sim, steps.length); });
    expect(layer(space(snap, 'ioas:1:1'), 'mapping').first.length).toBe(N + 1);
    expect(layer(space(snap, 'hwpt:1:3'), 'mapping').first.buffer).toBe(layer(space(snap, 'ioas:1:1'), 'mapping').first.buffer);

    let withDiff = buildSnapshot(sim, steps.length, prev);
    const stepped = best(() => { withDiff = buildSnapshot(sim, steps.length, prev); });
    const diffOnly = best(() => { stepChanges(prev, sim); });
    expect(withDiff.changes.ranges.map((r) => `${r.space} ${r.kind} +${r.addedCount} -${r.removedCount}`)).toEqual(['ioas:1:1 mapping +1 -0', 'hwpt:1:3 mapping +1 -0']);
    expect(withDiff.changes.summary).toEqual(['IOAS 1: +area [0x1000, 0x1fff] -> user 0x7e0000000000']);
    console.log(`[view bench] IOAS+HWPT ${N} areas: snapshot ${full.toFixed(1)} ms, snapshot+step diff ${stepped.toFixed(1)} ms, step diff alone ${diffOnly.toFixed(2)} ms`);
  }, 60_000);

  it('type1 container (dma_entry_limit raised)', () => {
    const maps = Array.from({ length: N }, (_, i) => ({
      op: 'VFIO_IOMMU_MAP_DMA', fd: 'container', iova: hex(0x100000000n + BigInt(i) * 0x2000n), size: '0x1000',
      vaddr: hex(0x7f0000000000n + BigInt(i) * 0x1000n), flags: ['READ', 'WRITE'],
    }));
    const s = scenario('x86-vtd-48', [
      { op: 'open', path: '/dev/vfio/vfio', as: 'container' },
      { op: 'open', path: '/dev/vfio/1', as: 'group' },
      { op: 'VFIO_GROUP_SET_CONTAINER', fd: 'group', container: 'container' },
      { op: 'VFIO_SET_IOMMU', fd: 'container', type: 'VFIO_TYPE1v2_IOMMU' },
      ...maps,
      { op: 'VFIO_IOMMU_UNMAP_DMA', fd: 'container', iova: '0x100002000', size: '0x1000' },
    ], undefined, { dma_entry_limit: 200_000 });
    const steps = [...s.steps];
    const last = steps.pop()!;
    const { sim: prev, results } = runScenario({ ...s, steps });
    expect(results.every((r) => r.ok)).toBe(true);
    const sim = prev.clone();
    expect(runStep(sim, last, steps.length).ok).toBe(true);
    let snap = buildSnapshot(sim, steps.length, prev);
    const t = best(() => { snap = buildSnapshot(sim, steps.length, prev); });
    const diffOnly = best(() => { stepChanges(prev, sim); });
    expect(layer(space(snap, 'container:1'), 'mapping').first.length).toBe(N - 1);
    expect(snap.changes.summary).toEqual(['container 1: -mapping [0x100002000, 0x100002fff] -> vaddr 0x7f0000001000']);
    console.log(`[view bench] type1 ${N} mappings: snapshot+step diff ${t.toFixed(1)} ms, step diff alone ${diffOnly.toFixed(2)} ms`);
  }, 60_000);
});
