// The `inspect` op: any handle's canonical state (scenario-format.md). Changes nothing.

import { hasSva } from '../beyond/guards';
import { beyond } from '../beyond/registry';
import { fail, ok } from '../errno';
import { inspectIommufdCtx, inspectIommufdObject } from '../iommufd/inspect';
import { inspectContainer, inspectDeviceFile, inspectGroup } from '../vfio/inspect';
import type { Handler } from './handler';
import type { Sim } from './sim';

const SRC = 'iova-atlas: inspect (no kernel call)';

export const inspect: Handler = (sim, step) => {
  const out = inspectHandle(sim, step.target);
  if (!out) return fail('EBADF', `"${String(step.target)}" names nothing that exists now`, SRC);
  return ok(out);
};

export function inspectHandle(sim: Sim, name: unknown): Record<string, unknown> | null {
  const h = sim.handle(name);
  if (!h) return null;
  switch (h.kind) {
    case 'fd': {
      const file = sim.file(h.fd);
      if (!file) return null;
      switch (file.kind) {
        case 'vfio-container': return inspectContainer(sim, file.container);
        case 'vfio-group': return inspectGroup(sim, file.group);
        case 'iommufd': return inspectIommufdCtx(sim, file.ictx);
        case 'vfio-device': {
          // Once the device has PASID activity, its PASID table / invalidations / PRQ (sva/inspect.ts);
          // with no PASID / SVA state at all there is none to show (svaDeviceExtras answers {}).
          const base = inspectDeviceFile(sim, h.fd, file);
          return base ? { ...base, ...(hasSva(sim) ? beyond().svaDeviceExtras(sim, file.device) : {}) } : base;
        }
        // Files only the beyond-VFIO code creates: it is loaded.
        case 'kvm-spapr-tce': return beyond().inspectTceTable(sim, file.table);
        case 'vhost-vdpa': return beyond().inspectVhostVdpa(sim, file.device);
        case 'uacce': return beyond().inspectUacce(sim, h.fd);
        default: {
          const never: never = file;
          return never;
        }
      }
    }
    case 'id':
      // ids outside any iommufd are the SVA ops' objects (handles, mms, global PASIDs), or what a
      // failed creating step bound (id 0): a name no SVA op bound names nothing (inspectSvaName: null).
      if (h.ictx !== null) return inspectIommufdObject(sim, h.ictx, h.id);
      return sim.state.sva.names.has(String(name)) ? beyond().inspectSvaName(sim, String(name)) : null;
    case 'addr':
      return { addr: h.addr, length: h.length, mapped: sim.userRangeMapped(h.addr, h.length) };
    default: {
      const never: never = h;
      return never;
    }
  }
}
