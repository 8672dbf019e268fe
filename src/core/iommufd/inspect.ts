// Canonical inspect output for iommufd objects (scenario-format.md, "Canonical inspect").
// STUB: implemented by the iommufd work.
import type { Sim } from '../sim/sim';

/** IOAS: { areas, iova_ranges, reserved, hwpts, devices }; HWPT: { aperture, pgsize_bitmap, ioas, devices }; device: ... */
export function inspectIommufdObject(sim: Sim, ictx: number, id: number): Record<string, unknown> | null {
  void sim; void ictx; void id;
  throw new Error('not implemented: inspectIommufdObject');
}

/** The iommufd context itself: its objects and the compat IOAS. */
export function inspectIommufdCtx(sim: Sim, ictx: number): Record<string, unknown> {
  void sim; void ictx;
  throw new Error('not implemented: inspectIommufdCtx');
}
