// VFIO sPAPR TCE IOMMU backend (drivers/vfio/vfio_iommu_spapr_tce.c), PPC only.
// Called by the container code (vfio/handlers.ts) once the container's iommu is sPAPR.
//
// Model: mainline >= v6.4 (table_group ops "borrowing" rework) as observed on Linux 6.12 on a
// powernv9 (PHB4) host; shared/reference/kernel-semantics.md part 2 and part 4. The pieces:
//   spapr-windows.ts  default window, TCE_CREATE, TCE_REMOVE
//   spapr-table.ts    platform table shapes (powernv IODA2, pseries DDW)
//   spapr-dma.ts      MAP_DMA / UNMAP_DMA
//   spapr-prereg.ts   REGISTER_MEMORY / UNREGISTER_MEMORY and the lookups MAP does
//   spapr-tces.ts     TCE runs and the regions' mapped counts

import type { StepFail, StepOutcome } from '../errno';
import { fail, ok } from '../errno';
import { IntervalMap } from '../intervals';
import { arg } from '../sim/handler';
import type { Step } from '../scenario/types';
import type { Sim } from '../sim/sim';
import type { Dma, PreregRegion, SpaprState, TceWindow } from '../sim/state';
import { hex } from '../u64';
import { MAX_TABLES, rulesOf, SRC } from './spapr-common';
import { mapDma, unmapDma } from './spapr-dma';
import { registerMemory, unregisterMemory } from './spapr-prereg';
import { dropWindow, tceCreate, tceRemove } from './spapr-windows';

export type SpaprOp =
  | 'VFIO_IOMMU_GET_INFO' | 'VFIO_IOMMU_MAP_DMA' | 'VFIO_IOMMU_UNMAP_DMA' | 'VFIO_IOMMU_SPAPR_REGISTER_MEMORY'
  | 'VFIO_IOMMU_SPAPR_UNREGISTER_MEMORY' | 'VFIO_IOMMU_SPAPR_TCE_CREATE' | 'VFIO_IOMMU_SPAPR_TCE_REMOVE';

/** tce_iommu_open: a fresh backend for VFIO_SPAPR_TCE_IOMMU (v1) or VFIO_SPAPR_TCE_v2_IOMMU. */
export function spaprOpen(sim: Sim, v2: boolean): SpaprState {
  void sim;
  return {
    kind: 'spapr', v2, defWindowPending: false, windows: Array.from({ length: MAX_TABLES }, () => null),
    prereg: new IntervalMap<PreregRegion>(), enabled: false, mmSet: false, bugs: [],
  };
}

/** tce_iommu_attach_group; `others` are the groups already attached. null = success. */
export function spaprAttachGroup(sim: Sim, st: SpaprState, group: number, others: readonly number[]): StepFail | null {
  const rules = rulesOf(sim);
  if (!rules) return fail('ENODEV', `group ${group} has no sPAPR iommu_table_group on ${sim.state.platform.name}`, SRC.attach);
  if (st.v2 && rules.maxWindows === 0) {
    return fail('EINVAL', 'v2 requires dynamic DMA windows, and this table group has max_dynamic_windows_supported = 0', SRC.attach);
  }
  if (!st.v2 && others.length > 0) {
    return fail('EBUSY', `a v1 container takes one group (group ${others[0]} is attached): v1 does not share TCE tables`, SRC.attach);
  }
  if (others.includes(group)) return fail('EBUSY', `group ${group} is already attached to this container`, SRC.attach);
  // tce_iommu_take_ownership: every existing window is set on the new group's PE.
  for (const w of st.windows) if (w) w.programmed = true;
  // The first group of a container without a window 0 makes the default window pending.
  if (others.length === 0 && !st.windows[0]) st.defWindowPending = true;
  return null;
}

/**
 * tce_iommu_detach_group; `last` when no group remains. The windows are unset from the group's
 * PE (tce_iommu_release_ownership) but the tables stay with the container until release.
 */
export function spaprDetachGroup(sim: Sim, st: SpaprState, group: number, last: boolean): void {
  void sim; void group;
  if (last) for (const w of st.windows) if (w) w.programmed = false;
}

/**
 * tce_iommu_release: the backend goes away (last group left). Tables are cleared and freed,
 * preregistered regions put. What a past-the-end MAP wrote is never cleared, so the regions it
 * points into cannot be freed (WARN in tce_iommu_release, pinned memory leaked): st.bugs says so.
 */
export function spaprRelease(sim: Sim, st: SpaprState): void {
  for (const w of [...st.windows]) if (w) dropWindow(sim, st, w);
  for (const r of st.prereg.toArray()) {
    if (!r.inContainer) continue;
    if (r.used - 1 === 0 && r.mapped > 0n) {
      st.bugs.push(`KERNEL BUG: at release, tce_iommu_prereg_free of [${hex(r.vaddr)}, +${hex(r.size)}) fails with EBUSY ` +
        `(WARN in tce_iommu_release): ${r.mapped} TCEs written past a table still point into it; the pinned pages leak`);
    }
    st.prereg.remove(r.first);
  }
  st.defWindowPending = false;
  st.enabled = false;
}

/** A container ioctl routed to the sPAPR backend. `groups` = the container's groups. */
export function spaprIoctl(sim: Sim, st: SpaprState, op: SpaprOp, step: Step, groups: readonly number[]): StepOutcome {
  switch (op) {
    case 'VFIO_IOMMU_GET_INFO':
      return getInfo(sim, st, groups);
    case 'VFIO_IOMMU_MAP_DMA':
      return mapDma(sim, st, step, groups);
    case 'VFIO_IOMMU_UNMAP_DMA':
      return unmapDma(sim, st, step, groups);
    case 'VFIO_IOMMU_SPAPR_REGISTER_MEMORY':
      if (!st.v2) return fail('ENOTTY', 'REGISTER_MEMORY needs a v2 (VFIO_SPAPR_TCE_v2_IOMMU) container', SRC.ioctl);
      return registerMemory(sim, st, arg.u64(step, 'vaddr'), arg.u64(step, 'size'));
    case 'VFIO_IOMMU_SPAPR_UNREGISTER_MEMORY':
      if (!st.v2) return fail('ENOTTY', 'UNREGISTER_MEMORY needs a v2 (VFIO_SPAPR_TCE_v2_IOMMU) container', SRC.ioctl);
      return unregisterMemory(sim, st, arg.u64(step, 'vaddr'), arg.u64(step, 'size'));
    case 'VFIO_IOMMU_SPAPR_TCE_CREATE':
      return tceCreate(sim, st, arg.int(step, 'page_shift'), arg.u64(step, 'window_size'), arg.int(step, 'levels'), groups);
    case 'VFIO_IOMMU_SPAPR_TCE_REMOVE':
      return tceRemove(sim, st, arg.u64(step, 'start_addr'), groups);
    default: {
      const never: never = op;
      return never;
    }
  }
}

/** VFIO_IOMMU_SPAPR_TCE_GET_INFO (same ioctl number as VFIO_IOMMU_GET_INFO). */
function getInfo(sim: Sim, st: SpaprState, groups: readonly number[]): StepOutcome {
  const rules = rulesOf(sim);
  if (groups.length === 0 || !rules) return fail('ENXIO', 'no group (with a table group) is attached to the container', SRC.ioctl);
  // The ddw part is filled only for v2 with dynamic windows; otherwise it is zeroed (memset).
  const ddw = st.v2 && rules.maxWindows > 0;
  return ok({
    flags: ddw ? 1n : 0n, // VFIO_IOMMU_SPAPR_INFO_DDW
    dma32_window_start: rules.tce32Start,
    dma32_window_size: rules.tce32Size,
    ddw: ddw
      ? { pgsizes: rules.pgsizes, max_dynamic_windows_supported: rules.maxWindows, levels: rules.maxLevels }
      : { pgsizes: 0n, max_dynamic_windows_supported: 0, levels: 0 },
  });
}

/** inspect: [{ start, size, page_shift, levels }] sorted by start. */
export function spaprWindows(st: SpaprState): { start: bigint; size: bigint; page_shift: number; levels: number }[] {
  return liveWindows(st).map((w) => ({ start: w.start, size: w.size, page_shift: w.pageShift, levels: w.levels }));
}

/** inspect: mappings (TCE runs) across windows, [{ iova, size, vaddr }] sorted by iova. */
export function spaprMappings(st: SpaprState): { iova: bigint; size: bigint; vaddr: bigint }[] {
  const runs: Dma[] = [];
  for (const w of liveWindows(st)) runs.push(...w.tces.values());
  // At most two windows, each already sorted: a sort of the concatenation is cheap and keeps
  // past-the-end runs of window 0 in address order with window 1's.
  runs.sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  return runs.map((r) => ({ iova: r.first, size: r.last - r.first + 1n, vaddr: r.vaddr }));
}

/**
 * What the container inspect can add for sPAPR (kernel state with no uAPI to read it back):
 * the pending default window, enablement, preregistered regions and flagged kernel bugs.
 */
export function spaprDetails(st: SpaprState): Record<string, unknown> {
  return {
    v2: st.v2,
    def_window_pending: st.defWindowPending,
    enabled: st.enabled,
    prereg: st.prereg.toArray().map((r) => ({ vaddr: r.vaddr, size: r.size, mapped: r.mapped, registered: r.inContainer })),
    window_tables: liveWindows(st).map((w) => ({
      start: w.start, requested_size: w.requestedSize, level_shift: w.levelShift, table_bytes: w.tableBytes, origin: w.origin,
      programmed: w.programmed,
    })),
    bugs: [...st.bugs],
  };
}

function liveWindows(st: SpaprState): TceWindow[] {
  return st.windows.filter((w): w is TceWindow => w !== null).sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
}
