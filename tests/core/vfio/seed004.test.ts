// Seed 004 (Williamson/Gibson/Kardashevskiy, 2016): a container reference keeps nothing of the
// IOMMU backend alive. When the last group detaches, driver->ops->release runs: every mapping
// goes, iommu_data is NULL, and MAP is EINVAL until SET_CONTAINER + SET_IOMMU again.
import { describe, expect, it } from 'vitest';
import { errnoOf, info, inspect, json, map, run, scenario, setup } from './helpers';

const two = [{ id: 'nic0', group: 26 }, { id: 'nic1', group: 27 }];

describe('seed 004: the backend lives only as long as a group is attached', () => {
  it('last group leaving releases type1: mappings gone, MAP EINVAL, container fd still open', () => {
    const { results, sim } = run(scenario('x86-vtd-48', two, [
      ...setup([26, 27]),
      map('0x100000', '0x200000'), map('0x400000', '0x1000'),
      { op: 'VFIO_GROUP_UNSET_CONTAINER', fd: 'g27' },
      inspect('c'),
      { op: 'VFIO_GROUP_UNSET_CONTAINER', fd: 'g26' },
      inspect('c'),
      map('0x100000', '0x200000'),
      info(),
      { op: 'VFIO_GROUP_SET_CONTAINER', fd: 'g26', container: 'c' },
      map('0x100000', '0x200000'),
      { op: 'VFIO_SET_IOMMU', fd: 'c', type: 'VFIO_TYPE1v2_IOMMU' },
      info(),
      inspect('c'),
    ]));
    // One group leaving of two: nothing released.
    expect(json(results[9]!).out).toMatchObject({ iommu: 'VFIO_TYPE1v2_IOMMU', groups: [26] });
    expect(json(results[9]!).out.mappings).toHaveLength(2);
    // The last one: backend gone although the container fd is open.
    expect(json(results[11]!).out).toEqual({ iommu: null, groups: [], mappings: [], windows: [] });
    expect(errnoOf(results[12]!)).toBe('EINVAL');
    expect(errnoOf(results[13]!)).toBe('EINVAL');
    // A group alone does not bring the backend back: SET_IOMMU is needed again.
    expect(errnoOf(results[14]!)).toBe(null);
    expect(errnoOf(results[15]!)).toBe('EINVAL');
    expect(errnoOf(results[16]!)).toBe(null);
    // Fresh backend: full dma_avail, no mappings.
    expect(json(results[17]!).out.dma_avail).toBe(65535);
    expect(json(results[18]!).out.mappings).toEqual([]);
    const c = sim.state.containers.get(1)!;
    expect(c.history).toEqual([
      'VFIO_TYPE1v2_IOMMU set with groups 26, 27',
      'type1v2 released: last group 26 left, 2 mappings dropped',
      'VFIO_TYPE1v2_IOMMU set with group 26',
    ]);
  });

  it('closing the last group fd releases the backend the same way', () => {
    const { results } = run(scenario('x86-vtd-48', two, [
      ...setup([26]), map('0x100000', '0x1000'), { op: 'close', fd: 'g26' }, inspect('c'), map('0x100000', '0x1000'),
    ]));
    expect(json(results[6]!).out.iommu).toBe(null);
    expect(errnoOf(results[7]!)).toBe('EINVAL');
  });

  it('closing the container fd first keeps everything until the last group goes', () => {
    const { results, sim } = run(scenario('x86-vtd-48', two, [
      ...setup([26, 27]), map('0x100000', '0x1000'),
      { op: 'close', fd: 'c' },
      inspect('g26'),
      { op: 'close', fd: 'g26' },
      inspect('g27'),
    ]));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(json(results[8]!).out.container).toBe('container#1');
    expect(json(results[10]!).out.container).toBe('container#1');
    const c = sim.state.containers.get(1)!;
    expect(c.iommu?.kind === 'type1' && c.iommu.dmas.size).toBe(1);
    // Group 27 leaves: the container has neither groups nor fds and is freed with its backend.
    const after = run(scenario('x86-vtd-48', two, [
      ...setup([26, 27]), map('0x100000', '0x1000'), { op: 'close', fd: 'c' },
      { op: 'close', fd: 'g26' }, { op: 'close', fd: 'g27' },
    ])).sim;
    expect(after.state.containers.size).toBe(0);
  });
});
