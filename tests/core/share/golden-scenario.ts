// The scenario behind the golden links (golden.test.ts): one step of every token kind the v1
// body has (u64, int, str, flags, enum, ranges, json), meta fields (as, expect, note), a macro
// (carried as JSON) and a device list. Never change it: the golden strings were made from it.

export const GOLDEN_DOC = {
  format: 'iova-atlas.scenario',
  version: 1,
  title: 'Golden link scenario',
  description: 'Every kind of field a v1 link packs.',
  platform: 'x86-vtd-48',
  kernel: { dma_entry_limit: 8 },
  devices: [
    { id: 'nic0', bdf: '0000:01:00.0', group: 26 },
    { id: 'vdpa0', group: 40, kind: 'vdpa', parent: 'vdpa_sim' },
  ],
  steps: [
    { op: 'open', path: '/dev/vfio/vfio', as: 'container' },
    { op: 'open', path: '/dev/vfio/26', as: 'group26' },
    { op: 'VFIO_GROUP_SET_CONTAINER', fd: 'group26', container: 'container', expect: { ok: true } },
    { op: 'VFIO_SET_IOMMU', fd: 'container', type: 'VFIO_TYPE1v2_IOMMU' },
    { op: 'VFIO_IOMMU_MAP_DMA', fd: 'container', iova: '0xfffffffffffff000', size: '0x1000', vaddr: '0x7f0000000000', flags: ['READ', 'WRITE'] },
    { op: 'VFIO_IOMMU_UNMAP_DMA', fd: 'container', iova: '0x100000', size: '0x1000', expect: { errno: 'EINVAL' }, note: 'Type1 v2 refuses to split a mapping (vfio_dma_do_unmap).' },
    { op: 'VFIO_IOMMU_SPAPR_TCE_CREATE', fd: 'container', page_shift: 16, window_size: '0x40000000', levels: 1 },
    { op: 'open', path: '/dev/iommu', as: 'iommufd' },
    { op: 'IOMMU_IOAS_ALLOC', fd: 'iommufd', as: 'ioas' },
    { op: 'IOMMU_IOAS_ALLOW_IOVAS', fd: 'iommufd', ioas_id: 'ioas', allowed_iovas: [{ start: '0x0', last: '0xffffffff' }, { start: '0x100000000', last: '0xffffffffffffffff' }] },
    { op: 'open', path: '/dev/vhost-vdpa-0', as: 'v' },
    { op: 'VHOST_VDPA_SET_STATUS', fd: 'v', status: ['ACKNOWLEDGE', 'DRIVER'] },
    { op: 'qemu.vdpa_guest_boot', fd: 'v', ram_size: '0x80000000', expect: { ok: true } },
    { op: 'inspect', target: 'container', expect: { ok: true, out: { groups: [26] } } },
  ],
};
