// Canonical inspect output for containers and groups (scenario-format.md, "Canonical inspect").

import type { Sim } from '../sim/sim';
import { cdevBinding, compatBinding } from '../iommufd/device';
import type { FileState } from '../sim/state';
import { groupDeviceFds } from './group-users';
import { iommuName } from './container';
import { spaprDetails, spaprMappings, spaprWindows } from './spapr';
import { type1Mappings } from './type1';

/**
 * { iommu, groups, mappings: [{ iova, size, vaddr }], windows: [{ start, size, page_shift, levels }] },
 * plus `spapr` (spaprDetails: pending default window, preregistered regions, tables, bugs) for a
 * sPAPR backend, and `bugs` whenever kernel-bug findings exist, live or kept from a backend
 * already released (ContainerState.bugs): the leak they describe outlives the backend.
 */
export function inspectContainer(sim: Sim, id: number): Record<string, unknown> {
  const c = sim.state.containers.get(id);
  if (!c) return { iommu: null, groups: [], mappings: [], windows: [] };
  const groups = [...c.groups].sort((a, b) => a - b);
  const iommu = c.iommu;
  const live = iommu?.kind === 'spapr' ? iommu.bugs : [];
  const bugs = c.bugs.length + live.length > 0 ? { bugs: [...c.bugs, ...live] } : {};
  if (!iommu) return { iommu: null, groups, mappings: [], windows: [], ...bugs };
  switch (iommu.kind) {
    case 'type1':
      return { iommu: iommuName(iommu), groups, mappings: type1Mappings(iommu), windows: [], ...bugs };
    case 'spapr':
      return { iommu: iommuName(iommu), groups, mappings: spaprMappings(iommu), windows: spaprWindows(iommu), spapr: spaprDetails(iommu), ...bugs };
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

/**
 * A VFIO device fd: { device, bdf, group, via, bound, access }. `bound` is the iommufd binding
 * this file works through ({ dev_id }): for a cdev, only the fd that bound it; for a device fd
 * from the group, the compat binding (legacy container: null). `open_count` (group path only) is
 * device->open_count: the device's open files from VFIO_GROUP_GET_DEVICE_FD.
 */
export function inspectDeviceFile(sim: Sim, fd: number, file: Extract<FileState, { kind: 'vfio-device' }>): Record<string, unknown> | null {
  const d = sim.state.devices.get(file.device);
  if (!d) return null;
  const base = { device: d.id, bdf: d.bdf, group: d.group, via: file.via };
  switch (file.via) {
    case 'cdev': {
      const o = cdevBinding(sim, d.id);
      const mine = o !== null && o.fd === fd;
      return { ...base, bound: mine ? { dev_id: o.id } : null, access: mine };
    }
    case 'group': {
      const b = compatBinding(sim, d.id);
      return { ...base, bound: b ? { dev_id: b.dev.id } : null, access: true, open_count: groupDeviceFds(sim, d.id).length };
    }
    default: {
      const never: never = file.via;
      return never;
    }
  }
}
