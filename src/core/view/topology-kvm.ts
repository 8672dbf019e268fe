// Topology of the scenario's KVM VM as far as IOMMU state goes (seed 004's final design): the VM
// with its memory slots, its LIOBN tables (the guest's DMA windows), the kvm-vfio device with the
// VFIO files it holds, and the links from each LIOBN table to the hardware TCE tables it holds a
// reference on. A hardware table VFIO has let go of (TCE_REMOVE, or the backend released when the
// last group left) while KVM still references it is drawn as a window of its own, "kept alive by
// KVM" and "not programmed": H_PUT_TCE still writes into it, no device translates through it.

import { containerName } from '../kvm/common';
import { tableOf } from '../kvm/hw-tables';
import { tcePages } from '../kvm/tce-table';
import type { HwTable, SpaprTceTable } from '../kvm/types';
import type { Sim } from '../sim/sim';
import { hex } from '../u64';
import { windowLast } from '../vfio/spapr-common';
import type { GraphBuilder } from './graph';
import { nodeId, spaceId } from './ids';
import { windowOf } from './spaces-kvm';
import { count, list, pageSizeName, span } from './text';
import type { AttrValue } from './types';

/** The node a hardware-table reference points at: the container's window, or the kept table. */
export function hwNodeId(h: HwTable): string {
  return h.orphan ? nodeId.keptWindow(h.id) : nodeId.window(h.container, h.slot);
}

function keptWindowNode(sim: Sim, h: HwTable, g: GraphBuilder): void {
  const w = h.orphan!;
  g.node({
    id: nodeId.keptWindow(h.id), kind: 'window', label: `former window ${w.slot}`,
    // One short badge fits beside the kind on a card; "not programmed" leads the detail line.
    detail: `not programmed · ${span(w.start, windowLast(w))}`,
    badges: ['kept by KVM'],
    attrs: {
      hw_table: h.id, container: h.container, container_name: containerName(sim, h.container), slot: w.slot,
      start: w.start, size: w.size, last: windowLast(w), page_shift: w.pageShift, levels: w.levels,
      programmed: false, kept_alive_by_kvm: true, tce_runs: w.tces.size, kvm_refs: h.stitRefs, leaked_refs: h.leaked,
    },
  });
}

function tableNode(sim: Sim, t: SpaprTceTable, g: GraphBuilder): void {
  const id = nodeId.liobn(t.id);
  const kvm = sim.state.kvm;
  const win = windowOf(t);
  const links = t.stits.map((s) => ({ s, h: kvm.hwTables.get(s.hw) })).filter((x): x is { s: typeof x.s; h: HwTable } => !!x.h);
  const dead = links.filter(({ h }) => !(tableOf(sim, h)?.programmed ?? false)).length;
  const badges: string[] = [];
  if (links.length === 0) badges.push('no hw table');
  else if (dead > 0) badges.push(dead === links.length ? 'not programmed' : `${dead}/${links.length} not programmed`);
  let allocated = 0n;
  for (const p of t.pages.values()) allocated += p.last - p.first + 1n;
  const attrs: Record<string, AttrValue> = {
    liobn: t.liobn, page_shift: t.pageShift, offset_pages: t.offset, size_pages: t.size,
    window_start: win?.first ?? null, window_last: win?.last ?? null, tce_runs: t.entries.size,
    tce_pages_allocated: allocated, tce_pages_total: tcePages(sim, t.size), hw_tables: links.length,
    groups: list([...new Set(t.stits.flatMap((s) => s.groups))].sort((a, b) => a - b)),
  };
  links.forEach(({ s, h }, i) => {
    const w = tableOf(sim, h);
    attrs[`hw table ${i + 1}`] = `container ${h.container} slot ${h.slot}${w ? ` ${span(w.start, windowLast(w))}` : ''}, kref ${s.kref}` +
      `${h.orphan ? ', kept alive by KVM, not programmed' : w && !w.programmed ? ', not programmed' : ''}${h.leaked ? `, ${h.leaked} leaked refs` : ''}`;
  });
  g.node({
    id, kind: 'liobn', label: `LIOBN ${hex(t.liobn)}`,
    detail: `${win ? span(win.first, win.last) : 'window past 64 bits'} · ${pageSizeName(1n << BigInt(t.pageShift))}`,
    badges, attrs, spaces: [spaceId.liobn(t.id)],
  });
  g.edge('owns', nodeId.kvm(), id);
  for (const { s, h } of links) g.edge('hw-table', id, hwNodeId(h), `kref ${s.kref}`);
}

export function addKvm(sim: Sim, g: GraphBuilder): void {
  const kvm = sim.state.kvm;
  if (kvm.memslots.size === 0 && kvm.tables.size === 0 && kvm.vfioFiles.length === 0 && kvm.hwTables.size === 0) return;
  const slots = [...kvm.memslots.values()].sort((a, b) => a.slot - b.slot);
  const attrs: Record<string, AttrValue> = { memslots: slots.length, liobn_tables: kvm.tables.size, kvm_vfio_files: kvm.vfioFiles.length };
  for (const m of slots) attrs[`memslot ${m.slot}`] = `gpa ${span(m.gpa, m.gpa + m.size - 1n)} -> hva ${hex(m.hva)}${m.flags.length ? ` (${m.flags.join(', ')})` : ''}`;
  g.node({
    id: nodeId.kvm(), kind: 'kvm', label: 'KVM VM',
    detail: `${count(slots.length, 'memslot')} · ${count(kvm.tables.size, 'LIOBN table')}`,
    attrs,
  });
  // The kvm-vfio device: QEMU creates it with the VM, so it is drawn with the VM.
  {
    const fattrs: Record<string, AttrValue> = { files: kvm.vfioFiles.length };
    kvm.vfioFiles.forEach((e, i) => {
      const what = e.file.kind === 'group' ? `group ${e.file.group}` : `device ${e.file.device} (fd ${e.file.fd})`;
      fattrs[`file ${i + 1}`] = `${what}${e.iommuGroup !== null ? ', SET_SPAPR_TCE done' : ''}${e.userFd ? '' : ', user fd closed (KVM keeps the file)'}`;
    });
    g.node({
      id: nodeId.kvmVfio(), kind: 'kvm-vfio', label: 'kvm-vfio device',
      detail: count(kvm.vfioFiles.length, 'VFIO file'),
      attrs: fattrs,
    });
    for (const e of kvm.vfioFiles) {
      const target = e.file.kind === 'group' ? nodeId.group(e.file.group) : nodeId.device(e.file.device);
      const label = [e.iommuGroup !== null ? 'SPAPR_TCE' : '', e.userFd ? '' : 'fd closed'].filter(Boolean).join(', ');
      g.edge('kvm-file', nodeId.kvmVfio(), target, label || undefined);
    }
  }
  for (const h of [...kvm.hwTables.values()].sort((a, b) => a.id - b.id)) if (h.orphan) keptWindowNode(sim, h, g);
  for (const t of [...kvm.tables.values()].sort((a, b) => a.id - b.id)) tableNode(sim, t, g);
}
