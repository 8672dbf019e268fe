// A VFIO ioctl sent to a file that does not implement it. VFIO ioctl numbers are
// _IO(VFIO_TYPE, VFIO_BASE + n): they encode no size or direction, so the container, group and
// device interfaces reuse the same numbers for different ioctls (include/uapi/linux/vfio.h).
// A "wrong" ioctl therefore runs whatever its number means to the receiving file: MAP_DMA on a
// device fd is VFIO_DEVICE_PCI_HOT_RESET, SPAPR_REGISTER_MEMORY on type1 is VFIO_IOMMU_DIRTY_PAGES.

import type { StepFail, StepOutcome } from '../errno';
import { fail } from '../errno';
import { iommufdHandlers } from '../iommufd/handlers';
import type { Step } from '../scenario/types';
import type { Sim } from '../sim/sim';
import type { FileState } from '../sim/state';
import { cdevBinding } from '../iommufd/device';
import { groupFileOpen } from './group-users';

/** VFIO_BASE + n for the ops this module can receive. */
export const VFIO_IOCTL_NR = {
  VFIO_SET_IOMMU: 2,
  VFIO_GROUP_SET_CONTAINER: 4,
  VFIO_GROUP_UNSET_CONTAINER: 5,
  VFIO_GROUP_GET_DEVICE_FD: 6,
  VFIO_IOMMU_GET_INFO: 12, // = VFIO_IOMMU_SPAPR_TCE_GET_INFO = VFIO_DEVICE_GET_PCI_HOT_RESET_INFO
  VFIO_IOMMU_MAP_DMA: 13, // = VFIO_DEVICE_PCI_HOT_RESET
  VFIO_IOMMU_UNMAP_DMA: 14, // = VFIO_DEVICE_QUERY_GFX_PLANE
  VFIO_IOMMU_SPAPR_REGISTER_MEMORY: 17, // = VFIO_IOMMU_DIRTY_PAGES = VFIO_DEVICE_FEATURE
  VFIO_IOMMU_SPAPR_UNREGISTER_MEMORY: 18, // = VFIO_DEVICE_BIND_IOMMUFD
  VFIO_IOMMU_SPAPR_TCE_CREATE: 19, // = VFIO_DEVICE_ATTACH_IOMMUFD_PT
  VFIO_IOMMU_SPAPR_TCE_REMOVE: 20, // = VFIO_DEVICE_DETACH_IOMMUFD_PT
} as const;

export type ForeignOp = keyof typeof VFIO_IOCTL_NR;

const TYPE1 = 'drivers/vfio/vfio_iommu_type1.c';
const MAIN = 'drivers/vfio/vfio_main.c: vfio_device_fops_unl_ioctl';
const PCI = 'drivers/vfio/pci/vfio_pci_core.c';

/** What `file`'s own ioctl handler does with `op`'s number. */
export function foreignIoctl(sim: Sim, file: FileState, op: ForeignOp, step: Step): StepOutcome {
  const nr = VFIO_IOCTL_NR[op];
  switch (file.kind) {
    case 'vfio-container': {
      const c = sim.state.containers.get(file.container);
      // vfio_fops_unl_ioctl: 0-2 are its own; anything else goes to the driver, or is -EINVAL.
      if (!c?.iommu) return fail('EINVAL', `${op} is not a container ioctl, and with no IOMMU backend set the container answers EINVAL`, 'drivers/vfio/container.c: vfio_fops_unl_ioctl');
      if (c.iommu.kind === 'spapr') return fail('ENOTTY', `${op} is not a sPAPR TCE container ioctl`, 'drivers/vfio/vfio_iommu_spapr_tce.c: tce_iommu_ioctl');
      if (nr === 17) return type1DirtyPagesAlias(c.iommu.v2, op);
      return fail('ENOTTY', `${op} is not a type1 container ioctl`, `${TYPE1}: vfio_iommu_type1_ioctl`);
    }
    case 'iommufd':
      return fail('ENOTTY', `${op} is not handled by iommufd's VFIO compatibility (-ENOIOCTLCMD)`, 'drivers/iommu/iommufd/vfio_compat.c: iommufd_vfio_ioctl');
    case 'vfio-group':
      return fail('ENOTTY', `${op} is not a VFIO group ioctl`, 'drivers/vfio/group.c: vfio_group_fops_unl_ioctl');
    case 'vfio-device':
      return deviceAlias(sim, file, op, nr, step);
    case 'kvm-spapr-tce':
      // kvm_spapr_tce_fops has no unlocked_ioctl: vfs_ioctl answers ENOTTY.
      return fail('ENOTTY', `${op} on a KVM TCE table fd, which has no ioctls`, 'fs/ioctl.c: vfs_ioctl');
    case 'vhost-vdpa':
      // Unknown numbers go through vhost_dev_ioctl, then vhost_vdpa_vring_ioctl, which first reads
      // a u32 vring index from the argument: unverified, that may answer ENOBUFS or EFAULT first.
      return fail('ENOTTY', `${op} is not a vhost-vdpa ioctl (unverified: vhost_vdpa_vring_ioctl reads a vring index from the argument first and may answer ENOBUFS or EFAULT)`, 'drivers/vhost/vdpa.c: vhost_vdpa_unlocked_ioctl');
    case 'uacce':
      // Unknown commands go to the accelerator driver's ioctl (hisi_qm: -EINVAL); unverified per driver.
      return fail('EINVAL', `${op} is not a uacce queue ioctl (the driver's ops->ioctl answers EINVAL; unverified per driver)`, 'drivers/misc/uacce/uacce.c: uacce_fops_unl_ioctl');
    default: {
      const never: never = file;
      return never;
    }
  }
}

/**
 * On a type1 container, number 17 is VFIO_IOMMU_DIRTY_PAGES: v1 refuses it outright (EACCES);
 * v2 reads flags = 0 from the sPAPR struct, which is not exactly one of START / STOP /
 * GET_BITMAP, so EINVAL.
 */
function type1DirtyPagesAlias(v2: boolean, op: string): StepFail {
  const src = `${TYPE1}: vfio_iommu_type1_dirty_pages`;
  if (v2) return fail('EINVAL', `${op} has the number of VFIO_IOMMU_DIRTY_PAGES, whose flags (0 here) must name exactly one action`, src);
  // "if (!iommu->v2) return -EACCES"
  return fail('EACCES', `${op} has the number of VFIO_IOMMU_DIRTY_PAGES, which type1 v1 refuses`, src);
}

/**
 * vfio_device_fops_unl_ioctl for a VFIO device fd (vfio-pci behind it). A cdev fd is granted
 * access by its own VFIO_DEVICE_BIND_IOMMUFD; a fd from VFIO_GROUP_GET_DEVICE_FD from the start.
 */
function deviceAlias(sim: Sim, file: Extract<FileState, { kind: 'vfio-device' }>, op: ForeignOp, nr: number, step: Step): StepOutcome {
  const device = file.device;
  if (nr === 18) return bindAlias(sim, file, op, step);
  const fd = sim.fdOf(step.fd);
  const granted = file.via === 'group' || cdevBinding(sim, device)?.fd === fd;
  if (!granted) return fail('EINVAL', `${op} on a device cdev that is not bound yet (access not granted)`, MAIN);
  switch (nr) {
    case 2: case 4: case 5: case 14:
      return fail('ENOTTY', `${op} is not a VFIO device ioctl${nr === 14 ? ' (its number is VFIO_DEVICE_QUERY_GFX_PLANE, which vfio-pci does not implement)' : ''}`, `${PCI}: vfio_pci_core_ioctl`);
    case 12:
      // Observed on the oracle (a QEMU e1000e on the root bus, no slot or bus reset): ENODEV.
      return fail('ENODEV', `${op} has the number of VFIO_DEVICE_GET_PCI_HOT_RESET_INFO; with no slot or bus reset for this device it is ENODEV (topology-dependent)`, `${PCI}: vfio_pci_ioctl_get_pci_hot_reset_info`);
    case 13:
      return fail('EINVAL', `${op} has the number of VFIO_DEVICE_PCI_HOT_RESET, which rejects the non-zero flags of a DMA map request`, `${PCI}: vfio_pci_ioctl_pci_hot_reset`);
    case 17:
      return fail('ENOTTY', `${op} has the number of VFIO_DEVICE_FEATURE; flags 0 selects feature 0 (PCI_VF_TOKEN), which a device without a VF token refuses (unverified)`, `${PCI}: vfio_pci_core_feature_token`);
    case 19:
      if (file.via === 'group') return fail('ENOTTY', `${op} has the number of VFIO_DEVICE_ATTACH_IOMMUFD_PT, a cdev-only ioctl; on a device fd from the group it reaches vfio-pci, which does not know it`, `${PCI}: vfio_pci_core_ioctl`);
      return fail('ENOENT', `${op} has the number of VFIO_DEVICE_ATTACH_IOMMUFD_PT; page_shift (${String(step.page_shift)}) is read as pt_id, which names no object (unverified: not run through the attach path)`, 'drivers/vfio/device_cdev.c: vfio_df_ioctl_attach_pt');
    case 20:
      if (file.via === 'group') return fail('ENOTTY', `${op} has the number of VFIO_DEVICE_DETACH_IOMMUFD_PT, a cdev-only ioctl; on a device fd from the group it reaches vfio-pci, which does not know it`, `${PCI}: vfio_pci_core_ioctl`);
      // The sPAPR struct passes VFIO_DEVICE_DETACH_IOMMUFD_PT's checks (argsz >= 8, flags 0):
      // the device really is detached.
      return iommufdHandlers.VFIO_DEVICE_DETACH_IOMMUFD_PT(sim, { op: 'VFIO_DEVICE_DETACH_IOMMUFD_PT', fd: step.fd });
    default:
      return fail('ENOTTY', `${op} is not a VFIO device ioctl`, `${PCI}: vfio_pci_core_ioctl`);
  }
}

/**
 * Number 18 on a device cdev is VFIO_DEVICE_BIND_IOMMUFD, tried before the access check. The
 * sPAPR struct {argsz, flags = 0, vaddr, size} puts the low 32 bits of vaddr in bind.iommufd.
 */
function bindAlias(sim: Sim, file: Extract<FileState, { kind: 'vfio-device' }>, op: string, step: Step): StepFail {
  const src = 'drivers/vfio/device_cdev.c: vfio_df_ioctl_bind_iommufd';
  const what = `${op} has the number of VFIO_DEVICE_BIND_IOMMUFD`;
  const low = Number((step.vaddr as bigint) & 0xffffffffn);
  const fdnum = low >= 0x80000000 ? low - 0x100000000 : low;
  if (fdnum < 0) return fail('EINVAL', `${what}; the low half of vaddr, read as bind.iommufd, is negative`, src);
  if (file.via === 'group') return fail('EINVAL', `${what}, which is refused on a device fd obtained through the group (cdev fds only)`, src);
  const d = sim.state.devices.get(file.device);
  const g = d ? sim.state.groups.get(d.group) : undefined;
  if (g && groupFileOpen(sim, g)) return fail('EBUSY', `${what}; the device's group ${g.num} is open (/dev/vfio/${g.num} or a device fd obtained through it)`, 'drivers/vfio/group.c: vfio_device_block_group');
  // df->access_granted: this very fd is bound already.
  if (cdevBinding(sim, file.device)?.fd === sim.fdOf(step.fd)) return fail('EINVAL', `${what}; one device cannot be bound twice`, src);
  const f = sim.file(fdnum);
  if (!f) return fail('EBADF', `${what}; bind.iommufd (the low half of vaddr) is fd ${fdnum}, which is not open`, 'drivers/iommu/iommufd/main.c: iommufd_ctx_from_fd');
  if (f.kind !== 'iommufd') return fail('EBADFD', `${what}; bind.iommufd (the low half of vaddr) is fd ${fdnum}, not an iommufd`, 'drivers/iommu/iommufd/main.c: iommufd_ctx_from_fd');
  // It would really bind the device to that iommufd; not simulated.
  return fail('EINVAL', `${what}; fd ${fdnum} (the low half of vaddr) is an iommufd, and the kernel would bind the device to it: not simulated (unverified)`, src);
}
