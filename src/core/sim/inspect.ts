// The `inspect` op: any handle's canonical state (scenario-format.md). Changes nothing.

import { fail, ok } from '../errno';
import { inspectIommufdCtx, inspectIommufdObject } from '../iommufd/inspect';
import { inspectTceTable } from '../kvm/inspect';
import { inspectContainer, inspectDeviceFile, inspectGroup } from '../vfio/inspect';
import { inspectVhostVdpa } from '../vhost/inspect';
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
        case 'vfio-device': return inspectDeviceFile(sim, h.fd, file);
        case 'kvm-spapr-tce': return inspectTceTable(sim, file.table);
        case 'vhost-vdpa': return inspectVhostVdpa(sim, file.device);
        default: {
          const never: never = file;
          return never;
        }
      }
    }
    case 'id':
      return h.ictx === null ? null : inspectIommufdObject(sim, h.ictx, h.id);
    case 'addr':
      return { addr: h.addr, length: h.length, mapped: sim.userRangeMapped(h.addr, h.length) };
    default: {
      const never: never = h;
      return never;
    }
  }
}
