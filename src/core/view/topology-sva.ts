// Topology of PASIDs and SVA: every mm that still exists (with its PASID, which lives as long
// as the mm_struct), the SVA domains sharing an mm's CPU page table, each device's PASID-table
// entries (PASID 0, RID2PASID, is the device's ordinary attachment and is drawn by the VFIO /
// iommufd builders), and the uacce queues holding attach handles. Seed 000 / 003: the graph
// shows which of "the fd" and "the mm" holds the PASID at every step.

import type { Sim } from '../sim/sim';
import { mmCount } from '../sva/mm';
import type { PasidEntryView } from '../sva/table';
import { pasidTable } from '../sva/table';
import type { MmState } from '../sva/types';
import type { GraphBuilder } from './graph';
import { nodeId, spaceId } from './ids';
import { hasSvaSpace } from './spaces-sva';
import { count, list } from './text';
import type { AttrValue } from './types';

function mmNode(sim: Sim, mm: MmState, g: GraphBuilder): void {
  const sva = sim.state.sva;
  const bound = [...sva.handles.values()].filter((h) => h.mm === mm.id).map((h) => h.device).sort();
  const held = mm.pasid !== null;
  const badges: string[] = [];
  if (!mm.alive) badges.push('exited');
  if (mm.lam) badges.push('LAM');
  g.node({
    id: nodeId.mm(mm.id), kind: 'mm', label: `${mm.process} (mm ${mm.id})`,
    detail: `${held ? `PASID ${mm.pasid}` : 'no PASID'} · mm_count ${mmCount(mm)}`,
    badges,
    attrs: {
      process: mm.process, mm: mm.id, pasid: mm.pasid, alive: mm.alive, mm_count: mmCount(mm),
      sva_domains: list(mm.domains), bound_devices: list(bound),
      ...(mm.lam ? { lam: true, force_tagged_sva: mm.forceTaggedSva } : {}),
    },
    spaces: hasSvaSpace(sim, mm) ? [spaceId.mm(mm.id)] : [],
  });
}

function entryNode(sim: Sim, device: string, e: PasidEntryView, g: GraphBuilder): void {
  const id = nodeId.pasid(device, e.pasid);
  const h = e.handle !== undefined ? sim.state.sva.handles.get(e.handle) : undefined;
  // One short badge fits beside the kind on a card; the handle's users go on the detail line.
  const badges: string[] = [];
  if (!e.present) badges.push(e.fault_processing_disabled ? 'torn down' : 'not present');
  const attrs: Record<string, AttrValue> = {
    device, pasid: e.pasid, entry: e.kind, present: e.present, fault_processing_disabled: e.fault_processing_disabled ?? false,
    translated_by: e.domain,
  };
  if (e.mm !== undefined) Object.assign(attrs, { mm: e.mm, process: e.process ?? null });
  if (h) Object.assign(attrs, { attach_handle: h.id, users: h.users, sva_domain: h.domain, uacce_queues: list([...h.queues].sort((a, b) => a - b)) });
  if (e.hwpt !== undefined) Object.assign(attrs, { iommufd: e.ictx ?? null, hwpt: e.hwpt, ioas: e.ioas ?? null });
  const space = e.kind === 'first-level' && e.mm !== undefined
    ? (hasSvaSpace(sim, sim.state.sva.mms.get(e.mm)) ? spaceId.mm(e.mm) : null)
    : e.hwpt !== undefined ? spaceId.pasid(device, e.pasid) : null;
  g.node({
    id, kind: 'pasid', label: `${device} PASID ${e.pasid}`,
    detail: e.kind === 'first-level'
      ? `SVA domain ${h?.domain ?? '?'}${h && h.users > 1 ? ` · ${h.users} users` : ''}`
      : `HWPT ${e.hwpt ?? '?'}${e.ioas !== undefined ? ` on IOAS ${e.ioas}` : ''}`,
    badges, attrs,
    spaces: space ? [space] : [],
  });
  g.edge('pasid', nodeId.device(device), id, `PASID ${e.pasid}`);
  if (h) g.edge('attached', id, nodeId.svaDomain(h.domain));
  else if (e.ictx !== undefined && e.hwpt !== undefined) g.edge('attached', id, nodeId.hwpt(e.ictx, e.hwpt));
}

export function addSva(sim: Sim, g: GraphBuilder): void {
  const sva = sim.state.sva;
  // An mm freed by __mmdrop is gone, its PASID with it; an exited mm stays while an SVA domain holds mmgrab.
  for (const mm of [...sva.mms.values()].sort((a, b) => a.id - b.id)) if (!mm.freed) mmNode(sim, mm, g);
  for (const d of [...sva.domains.values()].sort((a, b) => a.id - b.id)) {
    const id = nodeId.svaDomain(d.id);
    const mm = sva.mms.get(d.mm);
    g.node({
      id, kind: 'sva-domain', label: `SVA domain ${d.id}`,
      detail: `mm ${d.mm}${mm?.pasid !== null && mm?.pasid !== undefined ? ` · PASID ${mm.pasid}` : ''} · ${count(d.users, 'device')}`,
      attrs: { sva_domain: d.id, mm: d.mm, process: mm?.process ?? null, users: d.users, holds_mmgrab: true },
    });
    g.edge('shares-mm', id, nodeId.mm(d.mm));
  }
  for (const device of [...sva.devices.keys()].sort()) {
    for (const e of pasidTable(sim, device)) if (e.pasid !== 0) entryNode(sim, device, e, g);
  }
  for (const q of [...sva.queues.values()].sort((a, b) => a.fd - b.fd)) {
    const id = nodeId.uacceQueue(q.fd, q.device);
    const path = `/dev/${sva.devices.get(q.device)?.uacce ?? '?'}`;
    g.node({
      id, kind: 'uacce-queue', label: `${q.device} queue`,
      detail: `${path} · ${q.pasid !== null ? `PASID ${q.pasid}` : 'no SVA'}`,
      attrs: { fd: q.fd, device: q.device, node: path, pasid: q.pasid, attach_handle: q.handle },
    });
    if (q.handle !== null && q.pasid !== null) g.edge('sva-bind', id, nodeId.pasid(q.device, q.pasid));
  }
}
