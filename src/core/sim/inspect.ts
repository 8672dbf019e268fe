// The `inspect` op: any handle's canonical state (scenario-format.md). Changes nothing.

import { fail, ok } from '../errno';
import { inspectIommufdCtx, inspectIommufdObject } from '../iommufd/inspect';
import { inspectTceTable } from '../kvm/inspect';
import { inspectContainer, inspectDeviceFile, inspectGroup } from '../vfio/inspect';
import { inspectVhostVdpa } from '../vhost/inspect';
import { inspectSvaName, inspectUacce, svaDeviceExtras } from '../sva/inspect';
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
          // Once the device has PASID activity, its PASID table / invalidations / PRQ (sva/inspect.ts).
          const base = inspectDeviceFile(sim, h.fd, file);
          return base ? { ...base, ...svaDeviceExtras(sim, file.device) } : base;
        }
        case 'kvm-spapr-tce': return inspectTceTable(sim, file.table);
        case 'vhost-vdpa': return inspectVhostVdpa(sim, file.device);
        case 'uacce': return inspectUacce(sim, h.fd);
        default: {
          const never: never = file;
          return never;
        }
      }
    }
    case 'id':
      // ids outside any iommufd are the SVA ops' objects (handles, mms, global PASIDs).
      return h.ictx === null ? inspectSvaName(sim, String(name)) : inspectIommufdObject(sim, h.ictx, h.id);
    case 'addr':
      return { addr: h.addr, length: h.length, mapped: sim.userRangeMapped(h.addr, h.length) };
    default: {
      const never: never = h;
      return never;
    }
  }
}
