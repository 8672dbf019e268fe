// VFIO_IOMMU_MAP_DMA on type1 (vfio_dma_do_map): the full check order of reference §3.3.
import { describe, expect, it } from 'vitest';
import { parseScenarioValue } from '../../../src/core/scenario/parse';
import { runScenario } from '../../../src/core/sim/run';
import { errnoOf, info, inspect, json, map, run, scenario, setup } from './helpers';

const one = [{ id: 'nic0', group: 26 }];

function mapResults(steps: unknown[], platform = 'x86-vtd-48') {
  return run(scenario(platform, one, [...setup([26]), ...steps])).results.slice(4);
}

describe('MAP_DMA argument checks', () => {
  it('needs READ or WRITE, and VADDR alone only updates an invalidated mapping', () => {
    const r = mapResults([
      map('0x100000', '0x1000', '0x7f0000000000', []),
      map('0x100000', '0x1000', '0x7f0000000000', ['READ', 'VADDR']),
      map('0x100000', '0x1000', '0x7f0000000000', ['VADDR']),
      map('0x100000', '0x1000', '0x7f0000000000', ['WRITE']),
    ]);
    expect(r.map(errnoOf)).toEqual(['EINVAL', 'EINVAL', 'ENOENT', null]);
  });

  it('size 0 and anything not 4 KiB aligned is EINVAL', () => {
    const r = mapResults([
      map('0x100000', '0'), map('0x100800', '0x1000'), map('0x100000', '0x800'), map('0x100000', '0x1000', '0x7f0000000800'),
    ]);
    expect(r.map(errnoOf)).toEqual(['EINVAL', 'EINVAL', 'EINVAL', 'EINVAL']);
  });

  it('iova or vaddr wrapping past 2^64 is EINVAL', () => {
    const r = mapResults([
      map('0xfffffffffffff000', '0x2000'),
      map('0x100000', '0x2000', '0xfffffffffffff000'),
    ]);
    expect(r.map(errnoOf)).toEqual(['EINVAL', 'EINVAL']);
  });
});

describe('MAP_DMA placement', () => {
  it('overlap is EEXIST, adjacency is fine and mappings are never merged', () => {
    const r = mapResults([
      map('0x100000', '0x200000'),
      map('0x200000', '0x1000'),
      map('0xff000', '0x2000'),
      map('0x300000', '0x1000'),
      map('0xff000', '0x1000'),
      inspect('c'),
    ]);
    expect(r.map(errnoOf)).toEqual([null, 'EEXIST', 'EEXIST', null, null, null]);
    expect(json(r[5]!).out.mappings.map((m: { iova: string }) => m.iova)).toEqual(['0xff000', '0x100000', '0x300000']);
  });

  it('the MSI window and anything past the 48-bit aperture are EINVAL', () => {
    const r = mapResults([
      map('0xfee00000', '0x1000'),
      map('0xfed00000', '0x200000'), // straddles 0xfee00000: must fit ONE iova-list node
      map('0xfef00000', '0x1000'),
      map('0xfffffffff000', '0x1000'),
      map('0x1000000000000', '0x1000'),
      map('0xffffffffe000', '0x2000'), // overlaps the previous one first
      map('0xfffffffff000', '0x2000', '0x7e0000000000', ['READ'], 'c'),
    ]);
    expect(r.map(errnoOf)).toEqual(['EINVAL', 'EINVAL', null, null, 'EINVAL', 'EEXIST', 'EEXIST']);
    expect(r[0]!.ok ? '' : r[0]!.source).toMatch(/vfio_iommu_iova_dma_valid/);
  });

  it('ARM SW_MSI and AMD HT windows are excluded too', () => {
    expect(mapResults([map('0x8000000', '0x1000'), map('0x8100000', '0x1000')], 'arm-smmuv3').map(errnoOf)).toEqual(['EINVAL', null]);
    expect(mapResults([map('0xfd00000000', '0x1000'), map('0xfcfffff000', '0x1000'), map('0x10000000000', '0x1000')], 'amd-vi').map(errnoOf))
      .toEqual(['EINVAL', null, null]);
  });

  it('each MAP takes one dma_avail slot', () => {
    const r = mapResults([map('0x100000', '0x1000'), map('0x200000', '0x200000'), info()]);
    expect(json(r[2]!).out.dma_avail).toBe(65533);
  });
});

describe('dma_entry_limit', () => {
  it('the 65536th mapping is ENOSPC, an overlapping one still EEXIST, an invalid one ENOSPC', () => {
    const steps: unknown[] = [...setup([26])];
    for (let i = 0; i < 65535; i++) steps.push(map('0x' + (0x100000 + i * 0x1000).toString(16), '0x1000'));
    steps.push(info());
    steps.push(map('0x40000000', '0x1000')); // fresh range: ENOSPC
    steps.push(map('0x100000', '0x1000')); // overlaps: EEXIST is checked first
    steps.push(map('0xfee00000', '0x1000')); // in the MSI hole: the limit is checked before the IOVA list
    steps.push({ op: 'VFIO_IOMMU_UNMAP_DMA', fd: 'c', iova: '0x100000', size: '0x1000' });
    steps.push(map('0x40000000', '0x1000'));
    const p = parseScenarioValue(scenario('x86-vtd-48', one, steps));
    if (!p.ok) throw new Error('bad scenario');
    const r = runScenario(p.scenario).results;
    const n = r.length;
    expect(r.slice(4, 4 + 65535).every((x) => x.ok)).toBe(true);
    expect(json(r[n - 6]!).out.dma_avail).toBe(0);
    expect(r.slice(n - 5).map(errnoOf)).toEqual(['ENOSPC', 'EEXIST', 'ENOSPC', null, null]);
  }, 60_000);
});

describe('EFAULT (pinning) comes after every other check', () => {
  it('unmapped user memory is EFAULT only once the range is otherwise valid', () => {
    const { results } = run(scenario('x86-vtd-48', one, [
      ...setup([26]),
      { op: 'mmap', length: '0x10000', addr: '0x7f0000000000', as: 'buf' },
      map('0x100000', '0x10000', '0x7f0000000000'),
      map('0x200000', '0x1000', '0x7e0000000000'),
      map('0x100000', '0x1000', '0x7e0000000000'), // EEXIST beats EFAULT
      map('0xfee00000', '0x1000', '0x7e0000000000'), // EINVAL beats EFAULT
      map('0x300000', '0x20000', '0x7f0000000000'), // runs past the mmap
      info(),
    ]));
    expect(results.slice(4).map(errnoOf)).toEqual([null, null, 'EFAULT', 'EEXIST', 'EINVAL', 'EFAULT', null]);
    expect(json(results[10]!).out.dma_avail).toBe(65534);
  });
});

describe('a mapping ending at 2^64 - 1 (fixed inclusive-end lookups)', () => {
  it('is outside every 48-bit iova list: EINVAL, or EEXIST when it overlaps', () => {
    const r = mapResults([
      map('0x100000', '0x1000'),
      map('0xfffffffffffff000', '0x1000'),
      map('0x100000', '0xfffffffffff00000', '0x0'),
      map('0x200000', '0xfffffffffff00000', '0x0'),
    ]);
    expect(r.map(errnoOf)).toEqual([null, 'EINVAL', 'EEXIST', 'EINVAL']);
  });
});
