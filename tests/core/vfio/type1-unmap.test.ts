// VFIO_IOMMU_UNMAP_DMA on type1 (vfio_dma_do_unmap): v2 no-bisect, v1 semantics, ALL, empty
// ranges, out.size and dma_avail accounting, VADDR invalidation.
import { describe, expect, it } from 'vitest';
import { errnoOf, info, inspect, json, map, run, scenario, setup, unmap } from './helpers';

const one = [{ id: 'nic0', group: 26 }];

function go(type: string, steps: unknown[]) {
  return run(scenario('x86-vtd-48', one, [...setup([26], type), ...steps])).results.slice(4);
}

const sizes = (r: { ok: boolean }) => json(r).out.size;
const iovas = (r: unknown) => json(r).out.mappings.map((m: { iova: string; size: string }) => `${m.iova}+${m.size}`);

describe('type1 v2', () => {
  it('refuses to bisect a mapping at either end, with nothing unmapped', () => {
    const r = go('VFIO_TYPE1v2_IOMMU', [
      map('0x100000', '0x200000'),
      unmap('0x100000', '0x100000'),
      unmap('0x200000', '0x100000'),
      unmap('0x0', '0x200000'),
      inspect('c'),
    ]);
    expect(r.slice(1, 4).map(errnoOf)).toEqual(['EINVAL', 'EINVAL', 'EINVAL']);
    expect(iovas(r[4])).toEqual(['0x100000+0x200000']);
  });

  it('removes every mapping fully inside, holes allowed; out.size = bytes removed', () => {
    const r = go('VFIO_TYPE1v2_IOMMU', [
      map('0x100000', '0x1000'), map('0x200000', '0x2000'), map('0x400000', '0x1000'),
      unmap('0x0', '0x400000'),
      info(),
      inspect('c'),
    ]);
    expect(sizes(r[3]!)).toBe('0x3000');
    expect(json(r[4]!).out.dma_avail).toBe(65534);
    expect(iovas(r[5])).toEqual(['0x400000+0x1000']);
  });

  it('an empty range succeeds with size 0', () => {
    const r = go('VFIO_TYPE1v2_IOMMU', [map('0x100000', '0x1000'), unmap('0x800000', '0x1000')]);
    expect(r[1]!.ok).toBe(true);
    expect(sizes(r[1]!)).toBe('0x0');
  });

  it('rejects misaligned iova/size, size 0 and wrap with EINVAL', () => {
    const r = go('VFIO_TYPE1v2_IOMMU', [
      unmap('0x100800', '0x1000'), unmap('0x100000', '0x800'), unmap('0x100000', '0'), unmap('0xfffffffffffff000', '0x2000'),
    ]);
    expect(r.map(errnoOf)).toEqual(['EINVAL', 'EINVAL', 'EINVAL', 'EINVAL']);
  });
});

describe('type1 v1', () => {
  it('an unmap offset into a mapping unmaps nothing and says size 0', () => {
    const r = go('VFIO_TYPE1_IOMMU', [
      map('0x100000', '0x200000'), map('0x400000', '0x1000'),
      unmap('0x200000', '0x400000'), // starts inside the first mapping: stops there, the second stays too
      inspect('c'),
    ]);
    expect(r[2]!.ok).toBe(true);
    expect(sizes(r[2]!)).toBe('0x0');
    expect(iovas(r[3])).toEqual(['0x100000+0x200000', '0x400000+0x1000']);
  });

  it('covering the first page of a mapping unmaps the whole mapping', () => {
    const r = go('VFIO_TYPE1_IOMMU', [
      map('0x100000', '0x200000'), map('0x400000', '0x1000'),
      unmap('0x100000', '0x1000'),
      inspect('c'),
      unmap('0x0', '0x401000'),
      inspect('c'),
    ]);
    expect(sizes(r[2]!)).toBe('0x200000');
    expect(iovas(r[3])).toEqual(['0x400000+0x1000']);
    expect(sizes(r[4]!)).toBe('0x1000');
    expect(iovas(r[5])).toEqual([]);
  });
});

describe('VFIO_DMA_UNMAP_FLAG_ALL', () => {
  it('removes everything, on v1 and v2, and needs iova = size = 0', () => {
    for (const t of ['VFIO_TYPE1v2_IOMMU', 'VFIO_TYPE1_IOMMU']) {
      const r = go(t, [
        map('0x100000', '0x200000'), map('0x400000', '0x1000'),
        unmap('0x0', '0x1000', ['ALL']), unmap('0x1000', '0', ['ALL']),
        unmap('0x0', '0x0', ['ALL']),
        info(), unmap('0', '0', ['ALL']),
      ]);
      expect(r.slice(2, 4).map(errnoOf), t).toEqual(['EINVAL', 'EINVAL']);
      expect(sizes(r[4]!)).toBe('0x201000');
      expect(json(r[5]!).out.dma_avail).toBe(65535);
      expect(sizes(r[6]!)).toBe('0x0');
    }
  });
});

describe('other UNMAP flags', () => {
  it('GET_DIRTY_BITMAP is EINVAL (no dirty tracking, and never with ALL/VADDR)', () => {
    const r = go('VFIO_TYPE1v2_IOMMU', [unmap('0x0', '0x1000', ['GET_DIRTY_BITMAP']), unmap('0', '0', ['ALL', 'GET_DIRTY_BITMAP'])]);
    expect(r.map(errnoOf)).toEqual(['EINVAL', 'EINVAL']);
  });

  it('VADDR invalidates the user address, blocks attach, and MAP VADDR restores it', () => {
    const { results } = run(scenario('x86-vtd-48', [{ id: 'a', group: 26 }, { id: 'b', group: 27 }], [
      ...setup([26]),
      map('0x100000', '0x2000'),
      unmap('0x100000', '0x2000', ['VADDR']),
      unmap('0x100000', '0x2000', ['VADDR']), // already invalid
      inspect('c'),
      { op: 'open', path: '/dev/vfio/27', as: 'g27' },
      { op: 'VFIO_GROUP_SET_CONTAINER', fd: 'g27', container: 'c' },
      map('0x100000', '0x1000', '0x7e0000000000', ['VADDR']), // must name the exact mapping
      map('0x100000', '0x2000', '0x7e0000000000', ['VADDR']),
      { op: 'VFIO_GROUP_SET_CONTAINER', fd: 'g27', container: 'c' },
      inspect('c'),
    ]));
    const r = results.slice(4);
    expect(sizes(r[1]!)).toBe('0x2000');
    expect(errnoOf(r[2]!)).toBe('EINVAL');
    expect(json(r[3]!).out.mappings).toEqual([{ iova: '0x100000', size: '0x2000', vaddr: '0x7f0000000000', vaddr_invalid: true }]);
    expect(errnoOf(r[5]!)).toBe('EBUSY');
    expect(errnoOf(r[6]!)).toBe('EINVAL');
    expect(errnoOf(r[7]!)).toBe(null);
    expect(errnoOf(r[8]!)).toBe(null);
    expect(json(r[9]!).out.mappings).toEqual([{ iova: '0x100000', size: '0x2000', vaddr: '0x7e0000000000' }]);
  });
});

describe('a range ending at 2^64 - 1 (fixed inclusive-end lookups; unverified on older kernels)', () => {
  it('removes the mappings inside it', () => {
    const r = go('VFIO_TYPE1v2_IOMMU', [
      map('0x100000', '0x1000'), map('0x200000', '0x1000'),
      unmap('0x200000', '0xffffffffffe00000'),
      inspect('c'),
    ]);
    expect(sizes(r[2]!)).toBe('0x1000');
    expect(iovas(r[3])).toEqual(['0x100000+0x1000']);
  });
});
