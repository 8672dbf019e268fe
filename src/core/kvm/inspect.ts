// inspect of a LIOBN table fd (KVM_CREATE_SPAPR_TCE_64): the guest window, the hardware tables
// linked to it (where they live and whether any device still translates through them), and the
// guest-visible TCEs as runs. The VM has no handle of its own, so its kvm-vfio file list and
// memory slots are shown here too.

import type { Sim } from '../sim/sim';
import { containerName, kvmOf } from './common';
import { tableOf } from './hw-tables';
import { memslotsOut } from './memslots';
import { guestWindow, tcePages } from './tce-table';

/**
 * { liobn, page_shift, offset, size, window: { start, size }, groups, hw_tables: [{ container,
 * start, size, page_shift, programmed, kept_alive_by_kvm, kref, leaked_refs }], entries: [{ ioba,
 * size, tce }], tce_pages: { allocated, total }, kvm_vfio: [...], memslots: [...] }
 */
export function inspectTceTable(sim: Sim, id: number): Record<string, unknown> | null {
  const kvm = kvmOf(sim);
  const t = kvm.tables.get(id);
  if (!t) return null;
  const win = guestWindow(t);
  const groups = [...new Set(t.stits.flatMap((s) => s.groups))].sort((a, b) => a - b);
  // Sorted by bus address, then container, then age: the same window twice shows in a fixed order.
  const links = t.stits.map((s) => {
    const h = kvm.hwTables.get(s.hw)!;
    return { s, h, w: tableOf(sim, h) };
  }).sort((a, b) => {
    const x = a.w?.start ?? 0n;
    const y = b.w?.start ?? 0n;
    return x < y ? -1 : x > y ? 1 : a.h.container - b.h.container || a.h.id - b.h.id;
  });
  const hw = links.map(({ s, h, w }) => ({
    container: containerName(sim, h.container), start: w?.start ?? 0n, size: w?.size ?? 0n, page_shift: w?.pageShift ?? 0,
    programmed: w?.programmed ?? false, kept_alive_by_kvm: h.orphan !== null, kref: s.kref, leaked_refs: h.leaked,
  }));
  let allocated = 0n;
  for (const p of t.pages.values()) allocated += p.last - p.first + 1n;
  return {
    liobn: t.liobn, page_shift: t.pageShift, offset: t.offset, size: t.size,
    window: { start: win.start, size: win.bytes },
    groups,
    hw_tables: hw,
    entries: t.entries.toArray().map((r) => ({ ioba: r.first, size: r.last - r.first + 1n, tce: r.tce })),
    tce_pages: { allocated, total: tcePages(sim, t.size) },
    kvm_vfio: kvm.vfioFiles.map((e) => ({
      ...(e.file.kind === 'group' ? { group: e.file.group } : { device: e.file.device }),
      spapr_tce_linked: e.iommuGroup !== null, fd_open: e.userFd,
    })),
    memslots: memslotsOut(sim),
  };
}
