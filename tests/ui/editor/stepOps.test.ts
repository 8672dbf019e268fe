import { describe, it, expect } from 'vitest';
import { changeOp, deleteStep, duplicateStep, insertStep, moveStep, newStep, uniqueName } from '../../../src/ui/editor/stepOps';
import type { Rows } from '../../../src/ui/editor/stepOps';

const rows = (...ops: string[]): Rows => ({ steps: ops.map((op) => ({ op })), keys: ops.map((_, i) => `k${i}`) });
const ops = (r: Rows) => r.steps.map((s) => (s as { op: string }).op);

describe('step list operations keep each row with its key', () => {
  it('moves a step down and up (the key travels with it)', () => {
    const r = moveStep(rows('a', 'b', 'c', 'd'), 0, 2);
    expect(ops(r)).toEqual(['b', 'c', 'a', 'd']);
    expect(r.keys).toEqual(['k1', 'k2', 'k0', 'k3']);
    const back = moveStep(r, 2, 0);
    expect(ops(back)).toEqual(['a', 'b', 'c', 'd']);
    expect(back.keys).toEqual(['k0', 'k1', 'k2', 'k3']);
  });

  it('clamps a move past either end and ignores a move to the same place', () => {
    expect(ops(moveStep(rows('a', 'b', 'c'), 0, 99))).toEqual(['b', 'c', 'a']);
    const same = rows('a', 'b');
    expect(moveStep(same, 1, 1)).toBe(same);
  });

  it('inserts at an index (after the current step is index + 1) and deletes', () => {
    const r = insertStep(rows('a', 'b'), 1, { op: 'x' }, 'kx');
    expect(ops(r)).toEqual(['a', 'x', 'b']);
    expect(r.keys).toEqual(['k0', 'kx', 'k1']);
    expect(ops(deleteStep(r, 0))).toEqual(['x', 'b']);
    expect(ops(insertStep(rows(), 0, { op: 'first' }))).toEqual(['first']);
  });

  it('duplicates right after the original, renaming a handle the copy would define twice', () => {
    const r: Rows = { steps: [{ op: 'IOMMU_IOAS_ALLOC', fd: 'ifd', as: 'ioas' }], keys: ['k0'] };
    const d = duplicateStep(r, 0);
    expect(d.steps).toEqual([{ op: 'IOMMU_IOAS_ALLOC', fd: 'ifd', as: 'ioas' }, { op: 'IOMMU_IOAS_ALLOC', fd: 'ifd', as: 'ioas2' }]);
    expect(d.keys[0]).toBe('k0');
    expect(d.keys[1]).not.toBe('k0');
  });
});

describe('newStep / changeOp', () => {
  it('starts required flag lists empty and names what the op must create', () => {
    expect(newStep('VFIO_IOMMU_MAP_DMA', [])).toEqual({ op: 'VFIO_IOMMU_MAP_DMA', flags: [] });
    expect(newStep('IOMMU_IOAS_ALLOC', [{ op: 'IOMMU_IOAS_ALLOC', as: 'ioas' }])).toEqual({ op: 'IOMMU_IOAS_ALLOC', as: 'ioas2' });
    // Optional flags are simply absent.
    expect(newStep('VFIO_IOMMU_UNMAP_DMA', [])).toEqual({ op: 'VFIO_IOMMU_UNMAP_DMA' });
  });

  it('keeps the fields both ops have, and expect/note; drops the rest', () => {
    const map = { op: 'VFIO_IOMMU_MAP_DMA', fd: 'c', iova: '0x1000', size: '0x2000', vaddr: '0x7f0000000000', flags: ['READ'], expect: { errno: 'EINVAL' }, note: 'n' };
    expect(changeOp(map, 'VFIO_IOMMU_UNMAP_DMA', [])).toEqual({ op: 'VFIO_IOMMU_UNMAP_DMA', fd: 'c', iova: '0x1000', size: '0x2000', expect: { errno: 'EINVAL' }, note: 'n' });
  });

  it('carries flags only when the new op knows them', () => {
    const map = { op: 'IOMMU_IOAS_MAP', flags: ['FIXED_IOVA', 'READABLE'] };
    expect(changeOp(map, 'IOMMU_IOAS_COPY', []).flags).toEqual(['FIXED_IOVA', 'READABLE']);
    expect(changeOp({ op: 'VFIO_IOMMU_MAP_DMA', flags: ['READ'] }, 'VFIO_IOMMU_UNMAP_DMA', []).flags).toBeUndefined();
  });

  it('drops `as` when the new op creates nothing', () => {
    expect(changeOp({ op: 'open', path: '/dev/iommu', as: 'ifd' }, 'close', [])).toEqual({ op: 'close' });
  });

  it('uniqueName replaces a trailing number', () => {
    expect(uniqueName('ioas2', new Set(['ioas2']))).toBe('ioas3');
    expect(uniqueName('ioas', new Set(['ioas', 'ioas2']))).toBe('ioas3');
    expect(uniqueName('dev', new Set())).toBe('dev');
  });
});
