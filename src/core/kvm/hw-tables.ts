// The hardware iommu_table objects KVM references, and their lifetime (seed 004's final design,
// merged in v4.12 "KVM: PPC: VFIO: Add in-kernel acceleration for VFIO").
//
// An iommu_table is refcounted (it_kref). Its holders: the VFIO container's window slot
// (container->tables[]), each attached group's PE (table_group->tables[], which is what makes it
// "programmed": a TVE points at it), and KVM's stits. VFIO drops its own references when it
// removes the window or when the backend is released (the last group left the container); a
// table KVM still references then stays alive, unprogrammed, and H_PUT_TCE keeps writing into
// memory no device translates through. Only KVM dropping its references frees it.
//
// This module imports no VFIO code: the sPAPR backend calls vfioDroppedTable when it lets go of
// a window (vfio/spapr-windows.ts: dropWindow).

import type { Sim } from '../sim/sim';
import type { SpaprState, TceWindow } from '../sim/state';
import { hex } from '../u64';
import { containerName, containerOfBackend, kvmOf, spaprOf } from './common';
import type { HwTable } from './types';

/** One entry of a group's table_group->tables[]: a window of the container the group is in. */
export interface PeTable {
  readonly container: number;
  readonly slot: number;
  readonly window: TceWindow;
}

/**
 * table_group->tables[0..1] of a group's PE, in slot order: the windows of the legacy sPAPR
 * container it is attached to (every window is set on every attached group). A group outside any
 * container has the host kernel's own default DMA table there, which the simulator does not model
 * (unverified whether it could ever match a guest window; see attach in kvm-vfio.ts).
 */
export function peTables(sim: Sim, group: number): PeTable[] {
  const g = sim.state.groups.get(group);
  if (g?.container?.kind !== 'container') return [];
  const c = sim.state.containers.get(g.container.id);
  const st = spaprOf(c);
  if (!c || !st) return [];
  const out: PeTable[] = [];
  st.windows.forEach((w, slot) => {
    if (w) out.push({ container: c.id, slot, window: w });
  });
  return out;
}

/** The table object behind a reference: still in its container's slot, or kept alive by KVM. */
export function tableOf(sim: Sim, h: HwTable): TceWindow | null {
  if (h.orphan) return h.orphan;
  const st = spaprOf(sim.state.containers.get(h.container));
  return st?.windows[h.slot] ?? null;
}

/** The reference KVM already holds on the table in (container, slot), if any. */
export function hwRefOf(sim: Sim, container: number, slot: number): HwTable | undefined {
  for (const h of kvmOf(sim).hwTables.values()) if (!h.orphan && h.container === container && h.slot === slot) return h;
  return undefined;
}

/** iommu_tce_table_get for a new stit: a reference object for the table, created on first use. */
export function getTable(sim: Sim, pe: PeTable): HwTable {
  const kvm = kvmOf(sim);
  const have = hwRefOf(sim, pe.container, pe.slot);
  if (have) {
    have.stitRefs++;
    return have;
  }
  const h: HwTable = { id: kvm.nextHwId++, container: pe.container, slot: pe.slot, orphan: null, stitRefs: 1, leaked: 0 };
  kvm.hwTables.set(h.id, h);
  return h;
}

/**
 * iommu_tce_table_put of a stit's reference (kvm_spapr_tce_iommu_table_free). Returns a
 * sentence when this freed a table that VFIO had already let go of.
 */
export function putTable(sim: Sim, id: number): string | null {
  const kvm = kvmOf(sim);
  const h = kvm.hwTables.get(id);
  if (!h) return null;
  h.stitRefs--;
  if (h.stitRefs + h.leaked > 0) return null;
  kvm.hwTables.delete(id);
  return h.orphan ? `the table of ${containerName(sim, h.container)}'s former window ${hex(h.orphan.start)} (slot ${h.slot}) had no other reference and is freed` : null;
}

/**
 * The sPAPR backend lets go of a window (TCE_REMOVE, or tce_iommu_release when the last group
 * left): it has cleared the TCEs and unset the window from every PE. If KVM still references
 * the table, the object stays alive here, unprogrammed.
 */
export function vfioDroppedTable(sim: Sim, st: SpaprState, w: TceWindow): void {
  const c = containerOfBackend(sim, st);
  if (!c) return;
  const h = hwRefOf(sim, c.id, w.slot);
  if (h) h.orphan = { ...w, programmed: false };
}
