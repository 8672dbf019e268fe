// IOMMU_IOAS_COPY (§2.8) and iommufd's VFIO compatibility (§3.4, §4.6, Part 4).
import { describe, expect, it } from 'vitest';
import { attachDev0, iommufdWithIoas, map, run } from './helpers';

const U32_MAX = 0xffffffffn;
const copy = (extra: Record<string, unknown>) => ({ op: 'IOMMU_IOAS_COPY', fd: 'ifd', dst_ioas_id: 'ioas2', src_ioas_id: 'ioas', flags: ['READABLE', 'WRITEABLE'], ...extra });
const withTwo = [...iommufdWithIoas, { op: 'IOMMU_IOAS_ALLOC', fd: 'ifd', as: 'ioas2' }];

describe('IOMMU_IOAS_COPY', () => {
  it('one destination area per source slice; sub-ranges allowed; out dst_iova', () => {
    const r = run('x86-vtd-48', [
      ...withTwo,
      map(0x100000n, 0x2000n, 0x7f0000000000n), map(0x102000n, 0x2000n, 0x7f0000100000n),
      copy({ src_iova: '0x101000', length: '0x2000', dst_iova: '0x500000', flags: ['READABLE', 'WRITEABLE', 'FIXED_IOVA'] }),
      { op: 'inspect', target: 'ioas2' },
    ]);
    expect(r.out(5)).toEqual({ dst_iova: 0x500000n });
    expect((r.out(6).areas as Record<string, unknown>[]).map((a) => [a.iova, a.length, a.user_va])).toEqual([
      [0x500000n, 0x1000n, 0x7f0000001000n],
      [0x501000n, 0x1000n, 0x7f0000100000n],
    ]);
  });

  it('ENOENT when the source range has a hole or starts outside an area; EINVAL for length 0', () => {
    const r = run('x86-vtd-48', [
      ...withTwo,
      map(0x100000n, 0x1000n), map(0x102000n, 0x1000n),
      copy({ src_iova: '0x100000', length: '0x3000' }),
      copy({ src_iova: '0x0ff000', length: '0x2000' }),
      copy({ src_iova: '0x100000', length: '0x0' }),
    ]);
    expect([r.errno(5), r.errno(6), r.errno(7)]).toEqual(['ENOENT', 'ENOENT', 'EINVAL']);
  });

  it('WRITEABLE from read-only pages is EPERM (the pages keep the original MAP\'s permission)', () => {
    const r = run('x86-vtd-48', [
      ...withTwo,
      { op: 'IOMMU_IOAS_MAP', fd: 'ifd', ioas_id: 'ioas', user_va: '0x7f0000000000', length: '0x1000', iova: '0x100000', flags: ['FIXED_IOVA', 'READABLE'] },
      copy({ src_iova: '0x100000', length: '0x1000' }),
      copy({ src_iova: '0x100000', length: '0x1000', flags: ['READABLE'] }),
    ]);
    expect(r.errno(4)).toBe('EPERM');
    expect(r.errno(5)).toBe(null);
  });

  it('automatic destination IOVA follows the source user address; src and dst may be the same IOAS', () => {
    const r = run('x86-vtd-48', [
      ...iommufdWithIoas,
      map(0x100000n, 0x4000n, 0x7f0000200000n),
      { op: 'IOMMU_IOAS_COPY', fd: 'ifd', dst_ioas_id: 'ioas', src_ioas_id: 'ioas', src_iova: '0x100000', length: '0x4000', flags: ['READABLE'] },
    ]);
    expect(r.out(3)).toEqual({ dst_iova: 0x4000n });
  });
});

const compatDoc = { kernel: { vfio_container: 'iommufd' }, devices: [{ id: 'nic0', group: 26 }] };
const container = [
  { op: 'open', path: '/dev/vfio/vfio', as: 'c' },
  { op: 'open', path: '/dev/vfio/26', as: 'g' },
];
const setContainer = { op: 'VFIO_GROUP_SET_CONTAINER', fd: 'g', container: 'c' };
/** Opening the device: where the kernel binds it and attaches it to the compat IOAS. */
const getFd = { op: 'VFIO_GROUP_GET_DEVICE_FD', fd: 'g', device: 'nic0', as: 'dev' };
const setIommu = (type = 'VFIO_TYPE1v2_IOMMU') => ({ op: 'VFIO_SET_IOMMU', fd: 'c', type });
const mapDma = (iova: string, size: string, flags = ['READ', 'WRITE'], vaddr = '0x7f0000000000') => ({ op: 'VFIO_IOMMU_MAP_DMA', fd: 'c', iova, size, vaddr, flags });
const unmapDma = (iova: string, size: string, flags?: string[]) => ({ op: 'VFIO_IOMMU_UNMAP_DMA', fd: 'c', iova, size, ...(flags ? { flags } : {}) });

describe('VFIO compatibility on iommufd', () => {
  it('every container ioctl is ENODEV before a group creates the compat IOAS; SET_IOMMU checks the type first', () => {
    const r = run('x86-vtd-48', [
      ...container,
      setIommu('VFIO_SPAPR_TCE_v2_IOMMU'), setIommu(), mapDma('0x100000', '0x1000'), unmapDma('0x100000', '0x1000'),
      { op: 'VFIO_IOMMU_GET_INFO', fd: 'c' },
    ], compatDoc);
    expect([r.errno(2), r.errno(3), r.errno(4), r.errno(5), r.errno(6)]).toEqual(['EINVAL', 'ENODEV', 'ENODEV', 'ENODEV', 'ENODEV']);
  });

  it('after SET_CONTAINER: maps work even before SET_IOMMU, prot 0 is accepted, SET_IOMMU may repeat', () => {
    const r = run('x86-vtd-48', [
      ...container, setContainer, getFd,
      mapDma('0x100000', '0x1000'),
      mapDma('0x200000', '0x1000', []),
      setIommu(), setIommu(),
      mapDma('0x100000', '0x1000'),
      mapDma('0xfee00000', '0x1000'),
      { op: 'inspect', target: 'c' },
    ], compatDoc);
    expect([r.errno(4), r.errno(5), r.errno(6), r.errno(7)]).toEqual([null, null, null, null]);
    expect(r.errno(8)).toBe('EEXIST');
    expect(r.errno(9)).toBe('EINVAL'); // the device's MSI window, reserved in the compat IOAS
    expect(r.out(10).mappings).toEqual([
      { iova: 0x100000n, size: 0x1000n, vaddr: 0x7f0000000000n },
      { iova: 0x200000n, size: 0x1000n, vaddr: 0x7f0000000000n },
    ]);
    expect(r.out(10).iommu).toBe('VFIO_TYPE1v2_IOMMU');
  });

  it('type1v2 emulation: bisecting a mapping is ENOENT (native type1: EINVAL); an empty range is 0 with size 0', () => {
    const r = run('x86-vtd-48', [
      ...container, setContainer, setIommu(),
      mapDma('0x100000', '0x200000'),
      unmapDma('0x100000', '0x100000'),
      unmapDma('0x800000', '0x1000'),
      unmapDma('0x0', '0x10000000'),
      unmapDma('0x0', '0x0', ['ALL']),
      unmapDma('0x1000', '0x0', ['ALL']),
    ], compatDoc);
    expect(r.errno(5)).toBe('ENOENT');
    expect(r.out(6)).toEqual({ size: 0n });
    expect(r.out(7)).toEqual({ size: 0x200000n });
    expect(r.out(8)).toEqual({ size: 0n });
    expect(r.errno(9)).toBe('EINVAL');
  });

  it('TYPE1 (v1) emulation cuts the areas, so unmapping the middle of a mapping succeeds', () => {
    const r = run('x86-vtd-48', [
      ...container, setContainer, setIommu('VFIO_TYPE1_IOMMU'),
      mapDma('0x100000', '0x4000'),
      unmapDma('0x101000', '0x1000'),
      { op: 'inspect', target: 'c' },
    ], compatDoc);
    expect(r.out(5)).toEqual({ size: 0x1000n });
    expect((r.out(6).mappings as { iova: bigint; size: bigint }[]).map((m) => [m.iova, m.size])).toEqual([[0x100000n, 0x1000n], [0x102000n, 0x2000n]]);
  });

  it('TYPE1 after maps exist in a domain is EINVAL (large pages cannot be disabled any more); with no device open yet it is fine', () => {
    const r = run('x86-vtd-48', [...container, setContainer, getFd, mapDma('0x100000', '0x1000'), setIommu('VFIO_TYPE1_IOMMU')], compatDoc);
    expect(r.errno(5)).toBe('EINVAL');
    const r2 = run('x86-vtd-48', [...container, setContainer, mapDma('0x100000', '0x1000'), setIommu('VFIO_TYPE1_IOMMU')], compatDoc);
    expect(r2.errno(4)).toBe(null);
  });

  it('GET_INFO: page sizes of the domain, the reserved holes as ranges, DMA_AVAIL U32_MAX', () => {
    const r = run('x86-vtd-48', [...container, setContainer, setIommu(), getFd, { op: 'VFIO_IOMMU_GET_INFO', fd: 'c' }], compatDoc);
    expect(r.out(5)).toEqual({
      iova_pgsizes: 0x40201000n,
      iova_ranges: [{ start: 0n, end: 0xfedfffffn }, { start: 0xfef00000n, end: 0xffffffffffffn }],
      dma_avail: U32_MAX,
    });
  });

  it('GET_INFO before any device fd: no domain, so every page size from PAGE_SIZE up and the whole 64-bit space', () => {
    const r = run('x86-vtd-48', [...container, setContainer, setIommu(), { op: 'VFIO_IOMMU_GET_INFO', fd: 'c' }], compatDoc);
    expect(r.out(4)).toEqual({ iova_pgsizes: 0xfffffffffffff000n, iova_ranges: [{ start: 0n, end: 0xffffffffffffffffn }], dma_avail: U32_MAX });
  });

  it('selftest-mock compat: the mock device attaches at SET_CONTAINER (MOCK_DOMAIN on the compat IOAS)', () => {
    const r = run('selftest-mock', [...container, setContainer, setIommu(), { op: 'VFIO_IOMMU_GET_INFO', fd: 'c' }, { op: 'inspect', target: 'c' }], compatDoc);
    expect(r.out(4)).toEqual({ iova_pgsizes: 0x1000n, iova_ranges: [{ start: 0x1000000n, end: 0x7fffffffn }], dma_avail: U32_MAX });
    expect(r.out(5).objects).toEqual([{ id: 1, type: 'IOAS' }, { id: 2, type: 'SELFTEST' }, { id: 3, type: 'DEVICE' }, { id: 4, type: 'HWPT_PAGING' }]);
  });

  it('closing the container fd keeps the compat IOAS alive while the group is set; the group leaving releases it', () => {
    const r = run('x86-vtd-48', [
      ...container, setContainer, mapDma('0x100000', '0x1000'),
      { op: 'close', fd: 'c' },
      { op: 'VFIO_GROUP_UNSET_CONTAINER', fd: 'g' },
    ], compatDoc);
    expect(r.errno(4)).toBe(null);
    expect(r.sim.state.ictxs.size).toBe(0);
  });

  it('an IOMMU_IOAS_* ioctl on the compat fd reaches the same context (same fops)', () => {
    const r = run('x86-vtd-48', [...container, setContainer, { op: 'IOMMU_IOAS_ALLOC', fd: 'c', as: 'other' }], compatDoc);
    expect(r.out(3)).toEqual({ out_ioas_id: 2 }); // 1 compat IOAS; no device is bound before its fd is opened
    const r2 = run('x86-vtd-48', [...container, setContainer, getFd, { op: 'IOMMU_IOAS_ALLOC', fd: 'c', as: 'other' }], compatDoc);
    expect(r2.out(4)).toEqual({ out_ioas_id: 4 }); // 1 compat IOAS, 2 device, 3 automatic HWPT
  });
});

describe('platforms without a paging domain', () => {
  it('PPC with the iommufd container: the group joins, but its device cannot attach (no domain_alloc_paging)', () => {
    const r = run('ppc-powernv', [...container, setContainer, getFd, { op: 'inspect', target: 'c' }], compatDoc);
    expect(r.errno(2)).toBe(null);
    expect(r.errno(3)).toBe('EOPNOTSUPP');
    expect(r.out(4).objects).toEqual([{ id: 1, type: 'IOAS' }]); // the failed open unbound the device again
  });
});

describe('checkpoints', () => {
  it('a cloned sim is independent of the original (gap index, areas, reserved)', () => {
    const r = run('selftest-mock', [...iommufdWithIoas, ...attachDev0, map(null, 0x1000n)]);
    const c = r.sim.clone();
    const ctx = [...c.state.ictxs.values()][0]!;
    const ioas = ctx.objects.get(1);
    if (ioas?.kind !== 'ioas') throw new Error('no IOAS');
    ioas.areas.clear();
    ioas.reserved.removeWhere(() => true);
    const orig = [...r.sim.state.ictxs.values()][0]!.objects.get(1);
    if (orig?.kind !== 'ioas') throw new Error('no IOAS');
    expect(orig.areas.size).toBe(1);
    expect(orig.reserved.size).toBe(2);
  });
});
