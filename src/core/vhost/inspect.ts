// Canonical inspect of a vhost-vdpa fd (scenario-format.md):
//   { status, features: [...], iotlb: [{ asid, iova, size, uaddr, perm }] }
// plus what the contract leaves to the family: the parent's own translation per ASID and how it
// compares with the IOTLB, pinned pages, parent calls, and the cost since the last reset.

import type { Sim } from '../sim/sim';
import { rebootCost } from './cost';
import { backendFeatureNames, iovaRangeOf, PARENTS } from './parents';
import { statusNames } from './ioctls';
import { xlateReport } from './xlate';

export const IOTLB_CONVENTION =
  'One entry per accepted VHOST_IOTLB_UPDATE. When the kernel pins pages (platform-IOMMU parents, on-chip parents ' +
  'without user-VA mode) it splits an UPDATE into one entry per physically contiguous run of pages, which a simulator ' +
  'cannot know: each UPDATE is modelled as one contiguous run. In user-VA mode (vdpa_sim) the kernel makes one entry per VMA piece, which the ' +
  'simulator reproduces (one entry per UPDATE when the scenario has no mmap step; a real kernel confirms that on vdpa_sim).';

export function inspectVhostVdpa(sim: Sim, device: string): Record<string, unknown> | null {
  const dev = sim.state.vdpa.get(device);
  if (!dev) return null;
  const spec = PARENTS[dev.parent];
  const iotlb: Record<string, unknown>[] = [];
  for (const asid of [...dev.ases.keys()].sort((a, b) => a - b)) {
    for (const e of dev.ases.get(asid)!.values()) {
      iotlb.push({ asid, iova: e.first, size: e.last - e.first + 1n, uaddr: e.uaddr, perm: e.perm });
    }
  }
  const translation = [];
  for (let asid = 0; asid < spec.nas; asid++) translation.push(xlateReport(dev, asid));
  const s = dev.sinceReset;
  return {
    status: statusNames(dev.status),
    features: backendFeatureNames(dev.backendFeatures),
    iotlb,
    iotlb_convention: IOTLB_CONVENTION,
    device: dev.id,
    node: `/dev/vhost-vdpa-${dev.index}`,
    parent: spec.kind,
    parent_ops: spec.mapOps,
    mode: spec.useVa ? 'user VA (nothing pinned)' : 'PA (pages pinned)',
    nas: spec.nas,
    address_spaces: [...dev.ases.keys()].sort((a, b) => a - b),
    iova_range: iovaRangeOf(spec, sim.state.platform),
    in_batch: dev.inBatch ? dev.batchAsid : null,
    translation,
    pinned_pages: dev.pinnedPages,
    parent_calls: { ...dev.calls },
    since_reset: rebootCost(
      { mapOps: spec.mapOps, useVa: spec.useVa, updateMessages: s.updateMessages, invalidateMessages: s.invalidateMessages, calls: s.calls, bytesMapped: s.bytesMapped },
      { secondsPerGib: dev.secondsPerGib, backingPageSize: dev.backingPageSize },
    ),
    parent_notes: spec.notes,
  };
}
