// The scenario's vDPA devices as vhost-vdpa sees them, and finding the device behind an fd.

import type { StepFail } from '../errno';
import { fail } from '../errno';
import type { Platform } from '../platform/presets';
import type { DeviceSpec } from '../scenario/types';
import type { Sim } from '../sim/sim';
import type { FileState } from '../sim/state';
import { DEFAULT_SECONDS_PER_GIB } from './cost';
import type { ParentSpec } from './parents';
import { PARENTS } from './parents';
import type { VdpaDevice, VdpaParentKind } from './types';
import { zeroCalls, zeroSinceReset } from './types';
import { initialXlate } from './xlate';

/** SimState.vdpa at creation: the devices with kind 'vdpa', numbered in order (/dev/vhost-vdpa-<n>). */
export function vdpaDevicesOf(devices: readonly DeviceSpec[], platform: Platform): Map<string, VdpaDevice> {
  const out = new Map<string, VdpaDevice>();
  let n = 0;
  for (const d of devices) {
    if (d.kind !== 'vdpa') continue;
    // A vDPA device without a parent is taken as the software simulator (what `vdpa dev add`
    // creates on a machine without vDPA hardware).
    const parent: VdpaParentKind = d.parent ?? 'vdpa_sim';
    const spec = PARENTS[parent];
    out.set(d.id, {
      id: d.id, index: n++, parent, pageSize: platform.pageSize,
      fd: null, status: 0, backendFeatures: 0n, inBatch: false, batchAsid: 0,
      ases: new Map(), xlate: initialXlate(spec, false), pinnedPages: 0n, domain: false,
      calls: zeroCalls(), sinceReset: zeroSinceReset(), secondsPerGib: DEFAULT_SECONDS_PER_GIB, backingPageSize: platform.pageSize,
    });
  }
  return out;
}

export function specOf(dev: VdpaDevice): ParentSpec {
  return PARENTS[dev.parent];
}

export type VhostFile = { fd: number; dev: VdpaDevice; spec: ParentSpec };

const IOCTL_SRC = 'fs/ioctl.c: ksys_ioctl';

/**
 * The vhost-vdpa device behind `name` for an ioctl (`how` 'ioctl') or a write(2) of an IOTLB
 * message (`how` 'write'). Other files answer what their own ioctl / write does with it.
 */
export function vhostFile(sim: Sim, name: unknown, how: 'ioctl' | 'write', op: string): VhostFile | StepFail {
  const fd = sim.fdOf(name);
  const file = sim.file(fd);
  if (!file) return fail('EBADF', `fd ${fd} is not open`, how === 'write' ? 'fs/read_write.c: ksys_write' : IOCTL_SRC);
  if (file.kind === 'vhost-vdpa') {
    const dev = sim.state.vdpa.get(file.device);
    if (!dev) throw new Error(`vhost-vdpa fd ${fd} names missing device ${file.device}`);
    return { fd, dev, spec: PARENTS[dev.parent] };
  }
  return how === 'write' ? notVhostWrite(fd, file, op) : notVhostIoctl(sim, fd, file, op);
}

/** write(2) of a struct vhost_msg_v2 to a file that is not a vhost device. */
function notVhostWrite(fd: number, file: Exclude<FileState, { kind: 'vhost-vdpa' }>, op: string): StepFail {
  const what = `${op} is a write(2) of a struct vhost_msg_v2`;
  switch (file.kind) {
    case 'vfio-container':
      return fail('EINVAL', `${what}; fd ${fd} is a VFIO container, whose IOMMU backend has no write op`, 'drivers/vfio/container.c: vfio_fops_write');
    case 'vfio-group':
    case 'iommufd':
    case 'kvm-spapr-tce':
    case 'uacce':
      return fail('EINVAL', `${what}; fd ${fd} (${file.kind}) has no write op`, 'fs/read_write.c: vfs_write (FMODE_CAN_WRITE)');
    case 'vfio-device':
      return fail('EINVAL', `${what}; fd ${fd} is a VFIO device, whose write() is a region access at the file offset (unverified: the simulator models no device regions, so it answers EINVAL)`, 'drivers/vfio/pci/vfio_pci_core.c: vfio_pci_core_write');
    default: {
      const never: never = file;
      return never;
    }
  }
}

/** A vhost ioctl (type 0xAF) on a file that is not a vhost device. */
function notVhostIoctl(sim: Sim, fd: number, file: Exclude<FileState, { kind: 'vhost-vdpa' }>, op: string): StepFail {
  switch (file.kind) {
    case 'vfio-container': {
      const c = sim.state.containers.get(file.container);
      if (!c?.iommu) return fail('EINVAL', `${op} is not a container ioctl, and with no IOMMU backend set the container answers EINVAL`, 'drivers/vfio/container.c: vfio_fops_unl_ioctl');
      return fail('ENOTTY', `${op} is not a VFIO container ioctl`, c.iommu.kind === 'spapr' ? 'drivers/vfio/vfio_iommu_spapr_tce.c: tce_iommu_ioctl' : 'drivers/vfio/vfio_iommu_type1.c: vfio_iommu_type1_ioctl');
    }
    case 'vfio-group':
      return fail('ENOTTY', `${op} is not a VFIO group ioctl`, 'drivers/vfio/group.c: vfio_group_fops_unl_ioctl');
    case 'iommufd':
      return fail('ENOTTY', `${op} is not an iommufd ioctl`, 'drivers/iommu/iommufd/main.c: iommufd_fops_ioctl');
    case 'vfio-device':
      return fail('ENOTTY', `${op} is not a VFIO device ioctl`, 'drivers/vfio/pci/vfio_pci_core.c: vfio_pci_core_ioctl');
    case 'kvm-spapr-tce':
      return fail('ENOTTY', `${op} on a KVM TCE table fd, which has no ioctls`, 'fs/ioctl.c: vfs_ioctl');
    case 'uacce':
      return fail('EINVAL', `${op} is not a uacce queue ioctl (the driver's ops->ioctl answers EINVAL; unverified per driver)`, 'drivers/misc/uacce/uacce.c: uacce_fops_unl_ioctl');
    default: {
      const never: never = file;
      return never;
    }
  }
}

export function isFail(x: VhostFile | StepFail): x is StepFail {
  return 'ok' in x;
}
