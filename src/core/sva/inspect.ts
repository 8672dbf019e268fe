// Canonical inspect output for PASID / SVA objects (scenario-format.md conventions: 64-bit values
// as bigint, lists sorted). Targets: an SVA handle (iommu_sva_bind_device's `as`), an mm
// (execve's `as`), a global PASID (iommu_alloc_global_pasid's `as`), a uacce fd; a VFIO device
// fd gets the device's PASID table, invalidation counters and page-request queue appended.

import type { Sim } from '../sim/sim';
import { allocatedPasids } from './pasid';
import { prqView } from './prq';
import { pasidTable } from './table';
import type { MmState } from './types';
import { mmCount } from './mm';

export function inspectMm(sim: Sim, mm: MmState): Record<string, unknown> {
  const bound = [...sim.state.sva.handles.values()]
    .filter((h) => h.mm === mm.id)
    .map((h) => ({ device: h.device, users: h.users }))
    .sort((a, b) => (a.device < b.device ? -1 : a.device > b.device ? 1 : 0));
  const pasidHeld = mm.pasid !== null && !mm.freed;
  return {
    process: mm.process,
    mm: mm.id,
    pasid: pasidHeld ? mm.pasid : null,
    bound,
    domains: mm.domains.map((d) => ({ id: d, users: sim.state.sva.domains.get(d)?.users ?? 0 })),
    alive: mm.alive,
    freed: mm.freed,
    mm_count: mmCount(mm),
    ...(mm.lam ? { lam: true, force_tagged_sva: mm.forceTaggedSva } : {}),
  };
}

/** A device's PASID view: its table, the invalidations it saw, its page-request queue. */
export function inspectSvaDevice(sim: Sim, device: string): Record<string, unknown> {
  const d = sim.state.sva.devices.get(device)!;
  return {
    device,
    max_pasids: d.maxPasids,
    pasid_table: pasidTable(sim, device).map((e) => ({ ...e })),
    invalidations: { ...d.counters },
    prq: prqView(sim, device),
  };
}

/** Extra keys for a VFIO device fd's inspect, only once the device has PASID activity. */
export function svaDeviceExtras(sim: Sim, device: string): Record<string, unknown> {
  const d = sim.state.sva.devices.get(device);
  if (!d) return {};
  const c = d.counters;
  const active = pasidTable(sim, device).some((e) => e.pasid !== 0) || c.pasid_cache + c.iotlb + c.devtlb + c.prq_drain > 0
    || d.partial.length > 0 || d.responses.length > 0;
  return active ? { pasid: inspectSvaDevice(sim, device) } : {};
}

/** inspect of a name bound by an SVA op, or null when it names nothing that exists now. */
export function inspectSvaName(sim: Sim, name: string): Record<string, unknown> | null {
  const n = sim.state.sva.names.get(name);
  if (!n) return null;
  // The name may have been rebound since (a failed step binds id 0): it must still name this object.
  if (sim.idOf(name) !== (n.kind === 'global-pasid' ? n.pasid : n.id)) return null;
  switch (n.kind) {
    case 'handle': {
      const h = sim.state.sva.handles.get(n.id);
      if (!h) return null;
      const mm = sim.state.sva.mms.get(h.mm)!;
      return {
        handle: h.id, device: h.device, pasid: h.pasid, users: h.users, domain: h.domain,
        queues: [...h.queues].sort((a, b) => a - b),
        mm: inspectMm(sim, mm),
        entry: pasidTable(sim, h.device).find((e) => e.pasid === h.pasid) ?? null,
      };
    }
    case 'mm': {
      const mm = sim.state.sva.mms.get(n.id);
      return mm ? inspectMm(sim, mm) : null;
    }
    case 'global-pasid': {
      const o = sim.state.sva.ida.get(n.pasid);
      const held = o?.kind === 'driver' && o.device === n.device;
      return held ? { pasid: n.pasid, device: n.device, allocated: allocatedPasids(sim) } : null;
    }
    default: {
      const never: never = n;
      return never;
    }
  }
}

export function inspectUacce(sim: Sim, fd: number): Record<string, unknown> | null {
  const q = sim.state.sva.queues.get(fd);
  if (!q) return null;
  const h = q.handle === null ? undefined : sim.state.sva.handles.get(q.handle);
  return {
    device: q.device,
    node: `/dev/${sim.state.sva.devices.get(q.device)?.uacce ?? '?'}`,
    pasid: q.pasid,
    handle: h ? { id: h.id, users: h.users } : null,
    mm: h ? inspectMm(sim, sim.state.sva.mms.get(h.mm)!) : null,
    ...inspectSvaDevice(sim, q.device),
  };
}
