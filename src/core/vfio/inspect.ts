// Canonical inspect output for containers and groups (scenario-format.md, "Canonical inspect").

import type { Sim } from '../sim/sim';
import type { FileState } from '../sim/state';
import { iommuName } from './container';
import { spaprMappings, spaprWindows } from './spapr';
import { type1Mappings } from './type1';

/** { iommu, groups, mappings: [{ iova, size, vaddr }], windows: [{ start, size, page_shift, levels }] } */
export function inspectContainer(sim: Sim, id: number): Record<string, unknown> {
  const c = sim.state.containers.get(id);
  if (!c) return { iommu: null, groups: [], mappings: [], windows: [] };
  const groups = [...c.groups].sort((a, b) => a - b);
  const iommu = c.iommu;
  if (!iommu) return { iommu: null, groups, mappings: [], windows: [] };
  switch (iommu.kind) {
    case 'type1':
      return { iommu: iommuName(iommu), groups, mappings: type1Mappings(iommu), windows: [] };
    case 'spapr':
      return { iommu: iommuName(iommu), groups, mappings: spaprMappings(iommu), windows: spaprWindows(iommu) };
    default: {
      const never: never = iommu;
      return never;
    }
  }
}

/** { container: name | null, devices: [...], viable: true } */
export function inspectGroup(sim: Sim, num: number): Record<string, unknown> {
  const g = sim.state.groups.get(num);
  if (!g) return { container: null, devices: [], viable: true };
  let container: string | null = null;
  const ref = g.container;
  if (ref) {
    switch (ref.kind) {
      case 'container':
        container = handleNameOf(sim, (f) => f.kind === 'vfio-container' && f.container === ref.id) ?? `container#${ref.id}`;
        break;
      case 'iommufd':
        container = handleNameOf(sim, (f) => f.kind === 'iommufd' && f.ictx === ref.ictx) ?? `iommufd#${ref.ictx}`;
        break;
      default: {
        const never: never = ref;
        return never;
      }
    }
  }
  // Every simulated group is viable: all its devices are bound to vfio-pci (or none to a host driver).
  return { container, devices: [...g.devices], viable: true };
}

/** The first handle name (in creation order) naming an open fd whose file matches. */
function handleNameOf(sim: Sim, match: (f: FileState) => boolean): string | undefined {
  for (const [name, h] of sim.state.handles) {
    if (h.kind !== 'fd') continue;
    const f = sim.file(h.fd);
    if (f && match(f)) return name;
  }
  return undefined;
}
