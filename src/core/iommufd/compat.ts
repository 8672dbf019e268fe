// iommufd's VFIO container compatibility (drivers/iommu/iommufd/vfio_compat.c): container
// ioctls on an iommufd fd (/dev/vfio/vfio in iommufd mode, or /dev/iommu), and a VFIO group
// attached to an iommufd with VFIO_GROUP_SET_CONTAINER.
// STUB: implemented by the iommufd work.
import type { StepOutcome } from '../errno';
import type { Step } from '../scenario/types';
import type { Sim } from '../sim/sim';

export type CompatOp = 'VFIO_SET_IOMMU' | 'VFIO_IOMMU_GET_INFO' | 'VFIO_IOMMU_MAP_DMA' | 'VFIO_IOMMU_UNMAP_DMA';

/** A container ioctl issued on an iommufd fd. */
export function compatIoctl(sim: Sim, op: CompatOp, step: Step, ictx: number): StepOutcome {
  void sim; void op; void step; void ictx;
  throw new Error('not implemented: compatIoctl');
}

/** VFIO_GROUP_SET_CONTAINER with an iommufd fd: create/reuse the compat IOAS, attach the group's devices. */
export function compatSetContainer(sim: Sim, group: number, ictx: number): StepOutcome {
  void sim; void group; void ictx;
  throw new Error('not implemented: compatSetContainer');
}

/** The group leaves the iommufd (UNSET_CONTAINER or group fd close): detach its devices. */
export function compatUnsetContainer(sim: Sim, group: number): void {
  void sim; void group;
  throw new Error('not implemented: compatUnsetContainer');
}
