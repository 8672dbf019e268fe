// What the core asks before calling into the beyond-VFIO code (registry.ts): does the state hold
// anything of those families? Each predicate is false only when the call it guards is known to
// do nothing (or to answer the trivial value the caller then uses), so skipping it changes no
// result; the caller says which call. Pure reads of the state, cheap enough for every step.

import type { Sim } from '../sim/sim';

/** Some scenario device is a vDPA device (SimState.vdpa is not empty). */
export function hasVdpa(sim: Sim): boolean {
  return sim.state.vdpa.size > 0;
}

/** The KVM VM holds something: a memory slot, a LIOBN table, a kvm-vfio file or a hardware table. */
export function hasKvm(sim: Sim): boolean {
  const k = sim.state.kvm;
  return k.memslots.size > 0 || k.tables.size > 0 || k.vfioFiles.length > 0 || k.hwTables.size > 0;
}

/**
 * The PASID / SVA state is no longer what Sim.create made: some process, mm, PASID, SVA domain
 * or handle, group->pasid_array entry, uacce queue or name exists, or a device has counted an
 * invalidation, queued a page request or attached a PASID. While it is not, every device's PASID
 * table is its RID entry alone (sva/table.ts), and the SVA views and inspect add nothing.
 */
export function hasSva(sim: Sim): boolean {
  const s = sim.state.sva;
  if (s.processes.size > 0 || s.mms.size > 0 || s.ida.size > 0 || s.domains.size > 0 || s.handles.size > 0
    || s.groups.size > 0 || s.queues.size > 0 || s.names.size > 0) return true;
  for (const d of s.devices.values()) {
    if (Object.values(d.counters).some((n) => n !== 0)) return true;
    if (d.partial.length > 0 || d.responses.length > 0 || d.vfioPasids.length > 0 || d.fpd.length > 0) return true;
  }
  return false;
}

/** Some device has a uacce node (only then can open(2) of a path reach a uacce queue). */
export function hasUacceNode(sim: Sim): boolean {
  for (const d of sim.state.sva.devices.values()) if (d.uacce !== null) return true;
  return false;
}

/**
 * The device may have PASIDs attached through VFIO (vdev->pasids): false only when its list is
 * known empty. An unknown device answers true, so the call still happens and fails as before.
 */
export function mayHaveVfioPasids(sim: Sim, device: string): boolean {
  const d = sim.state.sva.devices.get(device);
  return d === undefined || d.vfioPasids.length > 0;
}
