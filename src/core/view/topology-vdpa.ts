// Topology of vhost-vdpa: each vDPA device (status, negotiated backend features, and the
// device-translation badge "identity" / "in sync" / "stale N"), the parent driver it sits on
// (one node per parent kind: its ops decide what a reset does), and the device's ASIDs, each
// owning the lane that shows its vhost IOTLB beside what the device translates.

import type { Sim } from '../sim/sim';
import { hex } from '../u64';
import { backendFeatureNames, hasPersistentMap, iovaRangeOf, offeredBackendFeatures, PARENTS, bf } from '../vhost/parents';
import { statusNames } from '../vhost/ioctls';
import type { VdpaDevice } from '../vhost/types';
import type { XlateReport } from '../vhost/xlate';
import type { GraphBuilder } from './graph';
import { nodeId, spaceId } from './ids';
import { count, list, span } from './text';
import type { AttrValue } from './types';
import { batchPending, compareXlate, deviceBadge, iotlbOf, shownAsids, vdpaDevices, xlateBadge, xlateOf } from './vdpa-xlate';

/** The furthest status bit reached, as the virtio spec's state machine names it. */
function statusWord(dev: VdpaDevice): string {
  if (dev.fd === null) return 'closed';
  if (dev.status === 0) return 'status 0 (reset)';
  const names = statusNames(dev.status);
  for (const n of ['FAILED', 'NEEDS_RESET', 'DRIVER_OK', 'FEATURES_OK', 'DRIVER', 'ACKNOWLEDGE']) if (names.includes(n)) return n;
  return `status ${hex(BigInt(dev.status))}`;
}

const PARENT_LABEL = { mlx5: 'mlx5_vdpa', vdpa_sim: 'vdpa_sim_net', 'platform-iommu': 'platform IOMMU' } as const;

/** What the device translates with, in a few words: "IOTLB 2 · device 2", "IOTLB 2 · identity" (the ASID card's detail). */
function deviceWords(r: XlateReport): string {
  switch (r.device) {
    case 'identity': return 'identity';
    case 'none': return 'no translation';
    case 'map': return `device ${r.device_entries}`;
    default: {
      const never: never = r.device;
      return never;
    }
  }
}

function parentNode(dev: VdpaDevice, g: GraphBuilder, sim: Sim): string {
  const spec = PARENTS[dev.parent];
  const id = nodeId.vdpaParent(spec.kind);
  if (g.has(id)) return id;
  const range = iovaRangeOf(spec, sim.state.platform);
  const attrs: Record<string, AttrValue> = {
    parent: spec.kind, title: spec.title, map_ops: spec.mapOps, nas: spec.nas,
    mode: spec.useVa ? 'user VA (nothing pinned)' : 'PA (pages pinned)',
    reset_map: spec.hasResetMap, compat_reset: spec.hasCompatReset, suspend: spec.hasSuspend, resume: spec.hasResume,
    persistent_map: hasPersistentMap(spec), offered_backend_features: list(backendFeatureNames(offeredBackendFeatures(spec))),
    iova_range_first: range.first, iova_range_last: range.last,
  };
  spec.notes.forEach((n, i) => {
    attrs[`note ${i + 1}`] = n;
  });
  g.node({
    id, kind: 'vdpa-parent', label: PARENT_LABEL[spec.kind],
    detail: `${spec.mapOps === 'iommu' ? 'iommu_map' : spec.mapOps} · ${count(spec.nas, 'ASID')} · ${spec.useVa ? 'user VA' : 'PA, pins'}`,
    attrs,
  });
  return id;
}

function asidNode(dev: VdpaDevice, r: XlateReport, g: GraphBuilder): string {
  const id = nodeId.asid(dev.id, r.asid);
  const iotlb = iotlbOf(dev, r.asid);
  const x = xlateOf(dev, r.asid);
  g.node({
    id, kind: 'asid', label: `${dev.id} ASID ${r.asid}`,
    detail: `IOTLB ${iotlb.size} · ${deviceWords(r)}`,
    badges: [xlateBadge(r, batchPending(dev, r.asid))],
    attrs: {
      device: dev.id, asid: r.asid, iotlb_exists: dev.ases.has(r.asid), iotlb_entries: iotlb.size, iotlb_bytes: iotlb.totalBytes(),
      device_translation: r.device, device_entries: r.device_entries, untranslated: r.untranslated, extra: r.extra,
      state: r.state, ...(x.kind === 'none' ? { no_translation_why: x.why } : {}),
      in_batch: dev.inBatch && dev.batchAsid === r.asid, batch_pending: batchPending(dev, r.asid),
    },
    spaces: [spaceId.asid(dev.id, r.asid)],
  });
  return id;
}

function deviceNode(sim: Sim, dev: VdpaDevice, reports: readonly XlateReport[], g: GraphBuilder): string {
  const spec = PARENTS[dev.parent];
  const id = nodeId.vdpa(dev.id);
  const persist = (dev.backendFeatures & bf('IOTLB_PERSIST')) !== 0n;
  const badge = deviceBadge(dev, reports);
  const entries = [...dev.ases.values()].reduce((n, m) => n + m.size, 0);
  const c = dev.calls;
  const s = dev.sinceReset;
  const attrs: Record<string, AttrValue> = {
    device: dev.id, node: `/dev/vhost-vdpa-${dev.index}`, parent: spec.kind, fd: dev.fd,
    status: list(statusNames(dev.status)), status_byte: dev.status,
    backend_features: list(backendFeatureNames(dev.backendFeatures)), iotlb_persist: persist,
    reset_keeps_device_map: persist || spec.mapOps === 'iommu' || !spec.hasCompatReset,
    in_batch: dev.inBatch ? dev.batchAsid : null, address_spaces: list([...dev.ases.keys()].sort((a, b) => a - b)),
    iotlb_entries: entries, pinned_pages: dev.pinnedPages, iommu_domain: spec.mapOps === 'iommu' ? dev.domain : null,
    parent_calls: `set_map ${c.set_map}, dma_map ${c.dma_map}, dma_unmap ${c.dma_unmap}, iommu_map ${c.iommu_map}, iommu_unmap ${c.iommu_unmap}, reset_map ${c.reset_map}, reset ${c.reset}`,
    since_reset: `${count(s.updateMessages, 'UPDATE')}, ${count(s.invalidateMessages, 'INVALIDATE')}, ${hex(s.bytesMapped)} bytes mapped, ${hex(s.pagesPinned)} pages pinned`,
  };
  for (const r of reports) attrs[`ASID ${r.asid} translation`] = r.state;
  const range = iovaRangeOf(spec, sim.state.platform);
  g.node({
    id, kind: 'vdpa', label: dev.id,
    detail: `${statusWord(dev)}${persist ? ' · IOTLB_PERSIST' : ''}${dev.inBatch ? ' · in batch' : ''}`,
    badges: badge ? [badge] : [],
    attrs: { ...attrs, iova_range: span(range.first, range.last) },
    spaces: reports.map((r) => spaceId.asid(dev.id, r.asid)),
  });
  return id;
}

export function addVdpa(sim: Sim, g: GraphBuilder): void {
  for (const dev of vdpaDevices(sim)) {
    const reports = shownAsids(dev).map((a) => compareXlate(dev, a));
    const id = deviceNode(sim, dev, reports, g);
    g.edge('parent', id, parentNode(dev, g, sim));
    for (const r of reports) g.edge('owns', id, asidNode(dev, r, g), `ASID ${r.asid}`);
    // A platform-IOMMU parent's DMA goes through its PCI function's IOMMU group (the domain
    // vhost-vdpa allocated is attached to it); on-chip parents translate on the device.
    if (PARENTS[dev.parent].mapOps === 'iommu') {
      const group = sim.state.devices.get(dev.id)?.group;
      if (group !== undefined) g.edge('member', id, nodeId.group(group));
    }
  }
}
