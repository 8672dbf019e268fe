// Opening and closing /dev/iommu (and /dev/vfio/vfio in iommufd mode) and VFIO device cdevs.
// STUB: implemented by the iommufd work.
import type { StepOutcome } from '../errno';
import type { Sim } from '../sim/sim';

/** A new iommufd context; viaVfioNode when opened as /dev/vfio/vfio (VFIO compat). Returns the fd. */
export function openIommufd(sim: Sim, viaVfioNode: boolean): number {
  void sim; void viaVfioNode;
  throw new Error('not implemented: openIommufd');
}

/** iommufd_fops_release: destroys every object (leaves first). */
export function closeIommufdFile(sim: Sim, fd: number, ictx: number): void {
  void sim; void fd; void ictx;
  throw new Error('not implemented: closeIommufdFile');
}

/** open("/dev/vfio/devices/<name>") for a scenario device; returns the fd. */
export function openDeviceCdev(sim: Sim, device: string): number | StepOutcome {
  void sim; void device;
  throw new Error('not implemented: openDeviceCdev');
}

/** Closing a device cdev detaches and unbinds it. */
export function closeDeviceFile(sim: Sim, fd: number, device: string): void {
  void sim; void fd; void device;
  throw new Error('not implemented: closeDeviceFile');
}
