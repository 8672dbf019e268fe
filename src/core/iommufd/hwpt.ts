// HWPT_PAGING objects: an iommu_domain bound to an IOAS (drivers/iommu/iommufd/hw_pagetable.c).

import { fail } from '../errno';
import type { StepFail } from '../errno';
import type { Sim } from '../sim/sim';
import { hex } from '../u64';
import { checkAddDomain, commitDomain, removeDomain } from './ioas';
import type { DomainGeom } from './ioas';
import { ioasOf } from './objects';
import type { HwptObject, IommufdCtx, IoasObject } from './types';

export const HWPT_SRC = 'drivers/iommu/iommufd/hw_pagetable.c';

/**
 * What iommu_paging_domain_alloc gives on this platform. PPC's spapr_tce_iommu_ops has no
 * domain_alloc_paging, so __iommu_paging_domain_alloc_flags returns -EOPNOTSUPP (unverified on
 * a running kernel: there is no iommufd path on PPC upstream to try it).
 */
export function domainGeometry(sim: Sim): (DomainGeom & { format: string }) | StepFail {
  const d = sim.state.platform.domain;
  if (!d) {
    return fail('EOPNOTSUPP', `${sim.state.platform.name}: the IOMMU driver has no domain_alloc_paging, so iommufd cannot allocate a paging domain (errno unverified)`, 'drivers/iommu/iommu.c: __iommu_paging_domain_alloc_flags');
  }
  return { apertureStart: d.apertureStart, apertureEnd: d.apertureEnd, pgsizeBitmap: d.pgsizeBitmap, format: d.format };
}

/** iommufd_hwpt_paging_alloc's table half: iopt_table_add_domain checks (nothing mutated). */
export function checkNewHwpt(sim: Sim, ioas: IoasObject, id: number): (DomainGeom & { format: string }) | StepFail {
  const g = domainGeometry(sim);
  if ('ok' in g) return g;
  const bad = checkAddDomain(sim, ioas, g, `HWPT ${id} (aperture [${hex(g.apertureStart)}, ${hex(g.apertureEnd)}])`);
  return bad ?? g;
}

/** Commit a checked HWPT: object, aperture exclusions, alignment, ioas->hwpt_list. */
export function createHwpt(ctx: IommufdCtx, ioas: IoasObject, id: number, g: DomainGeom & { format: string }, auto: boolean, flags: readonly string[]): HwptObject {
  const h: HwptObject = {
    kind: 'hwpt_paging', id, ioas: ioas.id, auto,
    apertureStart: g.apertureStart, apertureEnd: g.apertureEnd, pgsizeBitmap: g.pgsizeBitmap, format: g.format,
    flags: [...flags], devices: [],
  };
  ctx.objects.set(id, h);
  commitDomain(ioas, id, g);
  return h;
}

/** iommufd_hwpt_paging_destroy: the domain leaves the IOAS (mappings stay in the IOAS). */
export function destroyHwpt(sim: Sim, ctx: IommufdCtx, h: HwptObject): void {
  removeDomain(sim, ctx, ioasOf(ctx, h.ioas), h.id);
  ctx.objects.delete(h.id);
}
