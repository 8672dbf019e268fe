// Does a scenario need the beyond-VFIO code (index.ts) to run? Conservative: no only when every
// device is a plain PCI (or selftest mock) device, every step is a VFIO / type1 / sPAPR /
// iommufd / process op that cannot reach vhost, PASID / SVA or KVM state, every open(2) is of a
// VFIO or iommufd node, and no step came from a macro (the QEMU macros expand to vhost ops).
// Anything else, including an op added later and not listed here, needs it.
//
// The platform does not enter: no preset brings devices of its own (a scenario's devices are
// all there is), so compare mode's other hosts need the code exactly when the scenario does.

import type { OpName } from '../scenario/ops';
import type { DeviceSpec, Scenario, Step } from '../scenario/types';

/** Ops whose handlers never reach beyond-VFIO state (with no PASID in their arguments). */
const VFIO_ONLY_OPS: ReadonlySet<string> = new Set<OpName>([
  'open', 'close', 'mmap', 'munmap', 'inspect',
  'VFIO_GROUP_SET_CONTAINER', 'VFIO_GROUP_UNSET_CONTAINER', 'VFIO_GROUP_GET_DEVICE_FD', 'VFIO_SET_IOMMU',
  'VFIO_IOMMU_GET_INFO', 'VFIO_IOMMU_MAP_DMA', 'VFIO_IOMMU_UNMAP_DMA',
  'VFIO_IOMMU_SPAPR_REGISTER_MEMORY', 'VFIO_IOMMU_SPAPR_UNREGISTER_MEMORY', 'VFIO_IOMMU_SPAPR_TCE_CREATE', 'VFIO_IOMMU_SPAPR_TCE_REMOVE',
  'IOMMU_IOAS_ALLOC', 'IOMMU_IOAS_MAP', 'IOMMU_IOAS_UNMAP', 'IOMMU_IOAS_COPY', 'IOMMU_IOAS_ALLOW_IOVAS', 'IOMMU_IOAS_IOVA_RANGES',
  'IOMMU_HWPT_ALLOC', 'IOMMU_DESTROY', 'VFIO_DEVICE_BIND_IOMMUFD', 'VFIO_DEVICE_ATTACH_IOMMUFD_PT', 'VFIO_DEVICE_DETACH_IOMMUFD_PT',
]);

/** The VFIO and iommufd device nodes (process/files.ts opens these without the beyond code). */
const VFIO_PATH = /^\/dev\/(vfio\/vfio|iommu|vfio\/\d+|vfio\/devices\/[^/]+)$/;

function plainDevice(d: DeviceSpec): boolean {
  return (d.kind === undefined || d.kind === 'pci' || d.kind === 'mock')
    && d.parent === undefined && d.uacce === undefined && d.max_pasids === undefined && d.pasid_attach_ioas === undefined;
}

function vfioOnlyStep(s: Step): boolean {
  if (!VFIO_ONLY_OPS.has(s.op) || s.macro !== undefined) return false;
  if (s.op === 'open' && !(typeof s.path === 'string' && VFIO_PATH.test(s.path))) return false;
  // A PASID attach or detach (VFIO_DEVICE_[AT|DE]TACH_PASID), or a HWPT allocated for PASIDs.
  if (s.pasid !== undefined) return false;
  const flags = s.flags;
  return !(Array.isArray(flags) && flags.some((f) => typeof f === 'string' && f.includes('PASID')));
}

export function needsBeyond(s: Scenario): boolean {
  if (s.kernel?.vhost_vdpa_max_iotlb_entries !== undefined) return true;
  return !(s.devices.every(plainDevice) && s.steps.every(vfioOnlyStep));
}
