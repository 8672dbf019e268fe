// The v1 preset deflate dictionary, FROZEN like dict-v1.ts: a v1 link inflates only with exactly
// these bytes. Deflate can refer back into it from the first byte of a body, which is where short
// links lose the most: the document header's JSON, paths, handle names, expect objects and the
// words notes use. Most frequent last (deflate codes near distances in fewer bits).

import { strToU8 } from 'fflate';

const TEXT = [
  'arch/powerpc/kvm/book3s_64_vio.c drivers/vfio/vfio_iommu_spapr_tce.c arch/powerpc/platforms/powernv/pci-ioda-tce.c ',
  'drivers/vhost/vdpa.c drivers/vhost/iotlb.c drivers/iommu/iommu-sva.c drivers/iommu/io-pgfault.c virt/kvm/vfio.c ',
  'drivers/iommu/iommufd/io_pagetable.c drivers/iommu/iommufd/ioas.c drivers/iommu/iommufd/device.c drivers/iommu/iommufd/vfio_compat.c ',
  'drivers/vfio/container.c drivers/vfio/group.c drivers/vfio/vfio_iommu_type1.c: vfio_dma_do_map vfio_dma_do_unmap ',
  'iopt_map_pages iopt_unmap_iova iopt_area vfio_dma ',
  '"platform_overrides":{"aperture":{"start":"0x","end":"0x"},"pgsize_bitmap":"0x","reserved":[{"start":"0x","last":"0x","type":"MSI"}]},',
  '"kernel":{"vfio_container":"iommufd","dma_entry_limit":},',
  '"platform":"selftest-mock"  "platform":"ppc-pseries" "platform":"ppc-powernv" "platform":"arm-smmuv3" "platform":"amd-vi" "platform":"x86-vtd-57" ',
  '{"id":"vdpa0","group":,"kind":"vdpa","parent":"mlx5"},{"id":"vdpa1","group":,"kind":"vdpa","parent":"platform-iommu"},',
  '{"id":"vdpa0","group":,"kind":"vdpa","parent":"vdpa_sim"},{"id":"mock0","group":,"kind":"mock"},{"id":"gpu0","bdf":"0000:00:02.0","group":',
  '/dev/vhost-vdpa-0 /dev/vfio/devices/vfio0 /dev/iommu /dev/vfio/vfio /dev/vfio/ container iommufd ioas hwpt dev0 group ',
  '{"ok":true,"out":{"iova":"0x"}} {"ok":true,"out":{"size":"0x"}} {"ok":true,"out":{"dma_avail":}} ',
  '{"errno":"EPERM"} {"errno":"ENODEV"} {"errno":"EFAULT"} {"errno":"ENOSPC"} {"errno":"EBUSY"} {"errno":"ENOENT"} {"errno":"EEXIST"} {"errno":"EINVAL"} {"ok":true} ',
  'QEMU guest PASID IOAS HWPT TCE window domain device group container mapping reserved returns refuses the kernel: ',
  ' is not in the same one page table entry address memory with for has to on its no so in at of it a and is The the ',
  '{"format":"iova-atlas.scenario","version":1,"title":"","description":"","platform":"x86-vtd-48","devices":[{"id":"nic0","bdf":"0000:01:00.0","group":',
].join('');

export const DEFLATE_DICT_V1: Uint8Array = strToU8(TEXT);
