// The global PASID allocator (drivers/iommu/iommu.c): iommu_alloc_global_pasid hands out the
// lowest free id of iommu_global_pasid_ida in [IOMMU_FIRST_GLOBAL_PASID = 1, max_pasids - 1].
// PASID 0 is IOMMU_NO_PASID (DMA without PASID, the RID2PASID entry). SVA (one PASID per mm) and
// kernel drivers that attach their own domains to a PASID (idxd) share it, so their PASIDs never
// collide. iommufd does not use it: there user space chooses the PASID of each attach.

import type { Sim } from '../sim/sim';
import type { PasidOwner } from './types';

export const IOMMU_NO_PASID = 0;
export const IOMMU_FIRST_GLOBAL_PASID = 1;

/** ida_alloc_range(&iommu_global_pasid_ida, 1, max_pasids - 1): lowest free, or null (IOMMU_PASID_INVALID). */
export function allocGlobalPasid(sim: Sim, maxPasids: number, owner: PasidOwner): number | null {
  const ida = sim.state.sva.ida;
  if (maxPasids <= IOMMU_FIRST_GLOBAL_PASID) return null;
  for (let p = IOMMU_FIRST_GLOBAL_PASID; p < maxPasids; p++) {
    if (!ida.has(p)) {
      ida.set(p, owner);
      return p;
    }
  }
  return null;
}

/** iommu_free_global_pasid. */
export function freePasid(sim: Sim, pasid: number): void {
  sim.state.sva.ida.delete(pasid);
}

/** Allocated PASIDs in order, for inspect. */
export function allocatedPasids(sim: Sim): number[] {
  return [...sim.state.sva.ida.keys()].sort((a, b) => a - b);
}
