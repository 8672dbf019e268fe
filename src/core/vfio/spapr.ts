// VFIO sPAPR TCE IOMMU backend (drivers/vfio/vfio_iommu_spapr_tce.c), PPC only.
// Called by the container code (vfio/handlers.ts) once the container's iommu is sPAPR.
// STUB: implemented by the sPAPR work.
import type { StepFail, StepOutcome } from '../errno';
import type { Step } from '../scenario/types';
import type { Sim } from '../sim/sim';
import type { SpaprState } from '../sim/state';

export type SpaprOp =
  | 'VFIO_IOMMU_GET_INFO' | 'VFIO_IOMMU_MAP_DMA' | 'VFIO_IOMMU_UNMAP_DMA' | 'VFIO_IOMMU_SPAPR_REGISTER_MEMORY'
  | 'VFIO_IOMMU_SPAPR_UNREGISTER_MEMORY' | 'VFIO_IOMMU_SPAPR_TCE_CREATE' | 'VFIO_IOMMU_SPAPR_TCE_REMOVE';

/** tce_iommu_open: a fresh backend for VFIO_SPAPR_TCE_IOMMU (v1) or VFIO_SPAPR_TCE_v2_IOMMU. */
export function spaprOpen(sim: Sim, v2: boolean): SpaprState {
  void sim; void v2;
  throw new Error('not implemented: spaprOpen');
}

/** tce_iommu_attach_group; `others` are the groups already attached. null = success. */
export function spaprAttachGroup(sim: Sim, st: SpaprState, group: number, others: readonly number[]): StepFail | null {
  void sim; void st; void group; void others;
  throw new Error('not implemented: spaprAttachGroup');
}

/** tce_iommu_detach_group; `last` when no group remains (windows unset, ownership released). */
export function spaprDetachGroup(sim: Sim, st: SpaprState, group: number, last: boolean): void {
  void sim; void st; void group; void last;
  throw new Error('not implemented: spaprDetachGroup');
}

/** tce_iommu_release: the backend goes away (last group left): tables and preregistrations freed. */
export function spaprRelease(sim: Sim, st: SpaprState): void {
  void sim; void st;
  throw new Error('not implemented: spaprRelease');
}

/** A container ioctl routed to the sPAPR backend. `groups` = the container's groups. */
export function spaprIoctl(sim: Sim, st: SpaprState, op: SpaprOp, step: Step, groups: readonly number[]): StepOutcome {
  void sim; void st; void op; void step; void groups;
  throw new Error('not implemented: spaprIoctl');
}

/** inspect: [{ start, size, page_shift, levels }] sorted by start. */
export function spaprWindows(st: SpaprState): { start: bigint; size: bigint; page_shift: number; levels: number }[] {
  void st;
  throw new Error('not implemented: spaprWindows');
}

/** inspect: mappings (TCE runs) across windows, [{ iova, size, vaddr }] sorted by iova. */
export function spaprMappings(st: SpaprState): { iova: bigint; size: bigint; vaddr: bigint }[] {
  void st;
  throw new Error('not implemented: spaprMappings');
}
