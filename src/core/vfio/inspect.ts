// Canonical inspect output for containers and groups (scenario-format.md, "Canonical inspect").
// STUB: implemented by the VFIO legacy work.
import type { Sim } from '../sim/sim';

/** { iommu, groups, mappings: [{ iova, size, vaddr }], windows: [{ start, size, page_shift, levels }] } */
export function inspectContainer(sim: Sim, id: number): Record<string, unknown> {
  void sim; void id;
  throw new Error('not implemented: inspectContainer');
}

/** { container: name | null, devices: [...], viable: true } */
export function inspectGroup(sim: Sim, num: number): Record<string, unknown> {
  void sim; void num;
  throw new Error('not implemented: inspectGroup');
}
