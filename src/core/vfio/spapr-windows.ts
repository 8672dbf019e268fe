// DMA windows of a v2 container: the lazily created default window, TCE_CREATE and TCE_REMOVE
// (tce_iommu_create_default_window, tce_iommu_create_window, tce_iommu_remove_window).

import { hasKvm } from '../beyond/guards';
import { beyond } from '../beyond/registry';
import type { StepFail, StepOutcome } from '../errno';
import { fail, ok } from '../errno';
import { IntervalMap } from '../intervals';
import type { Sim } from '../sim/sim';
import type { Dma, SpaprState, TceWindow } from '../sim/state';
import { hex } from '../u64';
import { DEFAULT_WINDOW_PAGE_SHIFT, findWindow, kernelPageShift, MAX_TABLES, pagesLabel, rulesOf, SRC, windowLast } from './spapr-common';
import { shapeTable } from './spapr-table';
import { clearRange } from './spapr-tces';

export type Created = { readonly window: TceWindow; readonly note?: string };

/** tce_iommu_create_window: the first free slot, the platform's table, programmed to every group. */
export function createWindow(
  sim: Sim, st: SpaprState, pageShift: number, windowSize: bigint, levels: number, origin: TceWindow['origin'],
): Created | StepFail {
  let slot = -1;
  for (let i = 0; i < MAX_TABLES; i++) {
    if (!st.windows[i]) {
      slot = i;
      break;
    }
  }
  if (slot < 0) return fail('ENOSPC', `both window slots are in use (IOMMU_TABLE_GROUP_MAX_TABLES = ${MAX_TABLES})`, SRC.findFree);
  const rules = rulesOf(sim);
  if (!rules) return fail('EFAULT', 'the group has no iommu_table_group on this platform', SRC.createWindow);
  // `1ULL << page_shift` with a shift of 64 or more is 0 on ppc64: not a supported size.
  const bit = pageShift < 64 ? 1n << BigInt(pageShift) : 0n;
  if ((rules.pgsizes & bit) === 0n) {
    return fail('EINVAL', `page_shift ${pageShift} is not in the platform's TCE page sizes (ddw.pgsizes ${hex(rules.pgsizes)})`, SRC.createWindow);
  }
  const shape = shapeTable(rules, st, { slot, pageShift, windowSize, levels, kernelPageShift: kernelPageShift(sim) });
  if (!shape.ok) return shape;
  const window: TceWindow = {
    slot, start: shape.start, size: shape.size, requestedSize: windowSize, pageShift, levels: shape.levels,
    levelShift: shape.levelShift, tableBytes: shape.tableBytes, origin, tces: new IntervalMap<Dma>(), programmed: true,
  };
  st.windows[slot] = window;
  return shape.note ? { window, note: shape.note } : { window };
}

/**
 * tce_iommu_create_default_window: when the default window is pending, the first MAP, UNMAP or
 * TCE_CREATE creates it (4 KiB TCEs, tce32_size, one level). It stays created even when the
 * call that created it then fails. Returns null on success (or when nothing was pending).
 */
export function materializeDefaultWindow(sim: Sim, st: SpaprState, groups: readonly number[]): StepFail | null {
  if (!st.defWindowPending) return null;
  if (groups.length === 0) return fail('ENODEV', 'no group attached to create the default window for', SRC.defaultWindow);
  const rules = rulesOf(sim);
  if (!rules) return fail('ENODEV', 'the group has no iommu_table_group on this platform', SRC.defaultWindow);
  const r = createWindow(sim, st, DEFAULT_WINDOW_PAGE_SHIFT, rules.tce32Size, 1, 'default');
  if ('ok' in r) return r;
  st.defWindowPending = false;
  return null;
}

export function tceCreate(sim: Sim, st: SpaprState, pageShift: number, windowSize: bigint, levels: number, groups: readonly number[]): StepOutcome {
  if (!st.v2) return fail('ENOTTY', 'TCE_CREATE needs a v2 (VFIO_SPAPR_TCE_v2_IOMMU) container', SRC.ioctl);
  st.mmSet = true; // tce_iommu_mm_set runs first
  if (groups.length === 0) return fail('ENXIO', 'no group is attached to the container', SRC.ioctl);
  const wasPending = st.defWindowPending;
  const def = materializeDefaultWindow(sim, st, groups);
  if (def) return def;
  const r = createWindow(sim, st, pageShift, windowSize, levels, 'create');
  if ('ok' in r) {
    // The default window created on the way stays (the kernel does not undo it).
    if (!wasPending) return r;
    const w0 = st.windows[0];
    const made = w0 ? `[${hex(w0.start)}, +${hex(w0.size)})` : '';
    return fail(r.errno, `${r.reason}; the pending default window ${made} was created first and stays`, r.source, true);
  }
  const notes: string[] = [];
  if (wasPending) notes.push('The pending default window was created first (slot 0), so this window went to slot 1.');
  if (r.note) notes.push(r.note);
  const out = { start_addr: r.window.start };
  return notes.length ? ok(out, { note: notes.join(' ') }) : ok(out);
}

export function tceRemove(sim: Sim, st: SpaprState, startAddr: bigint, groups: readonly number[]): StepOutcome {
  if (!st.v2) return fail('ENOTTY', 'TCE_REMOVE needs a v2 (VFIO_SPAPR_TCE_v2_IOMMU) container', SRC.ioctl);
  st.mmSet = true;
  if (groups.length === 0) return fail('ENXIO', 'no group is attached to the container', SRC.ioctl);
  if (st.defWindowPending && startAddr === 0n) {
    st.defWindowPending = false;
    return ok({}, { note: 'The default window was still pending: it is dropped and will not be created.' });
  }
  const w = findWindow(st, startAddr);
  if (!w) return fail('EINVAL', `no window contains bus address ${hex(startAddr)}`, SRC.removeWindow);
  const leaked = dropWindow(sim, st, w);
  return leaked ? ok({}, { note: leaked }) : ok();
}

/**
 * Unsets and frees a window: tce_iommu_clear over the table (it_offset .. it_size), then VFIO
 * puts its references (iommu_tce_table_put). A table KVM still references stays alive there,
 * unprogrammed (kvm/hw-tables.ts). TCEs a past-the-end MAP wrote beyond the table are not
 * cleared: their region references are never dropped. Returns a message when that happened.
 */
export function dropWindow(sim: Sim, st: SpaprState, w: TceWindow): string | null {
  clearRange(st, w.tces, w.start, windowLast(w), w.pageShift);
  let past = 0n;
  for (const run of w.tces.values()) past += (run.last - run.first + 1n) >> BigInt(w.pageShift);
  // KVM may still reference the table (vfioDroppedTable keeps it); with no KVM state it cannot.
  if (hasKvm(sim)) beyond().vfioDroppedTable(sim, st, w);
  st.windows[w.slot] = null;
  if (past === 0n) return null;
  const msg = `KERNEL BUG: window [${hex(w.start)}, +${hex(w.size)}) was freed with ${pagesLabel(past)} written past its table; ` +
    'tce_iommu_clear only walks it_size entries, so their pinned pages are never released';
  st.bugs.push(msg);
  return msg;
}
