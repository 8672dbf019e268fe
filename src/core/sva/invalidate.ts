// Cache invalidations a PASID entry change costs, counted per device (reference §3.7; VT-d names,
// drivers/iommu/intel/pasid.c). Setting up an entry on bare metal (no caching mode) flushes only
// the write buffer: no invalidation is counted. Tearing one down (intel_pasid_tear_down_entry):
// PASID-cache invalidation, IOTLB (PASID-based for first-level/nested entries, domain-selective
// for second-level/pass-through), device TLB, then - unless fault_ignore - a page-request drain.
// Replacing a present entry (intel_pasid_replace_*) flushes the old one the same way, no drain.
// Assumed: every device with PASIDs has ATS enabled (PRI needs it), so the device TLB is always
// flushed (unverified per device). SMMUv3 (CFGI_CD, TLBI, ATC_INV) is counted with the same
// buckets (unverified).

import type { Sim } from '../sim/sim';

export type EntryKind = 'first-level' | 'second-level' | 'nested' | 'pass-through';

/**
 * The devices of a group that get a PASID entry: __iommu_set_group_pasid skips devices whose
 * max_pasids is 0 (v6.15 "Skip PASID validation for devices without PASID capability").
 */
export function programmedDevices(sim: Sim, group: number): string[] {
  const g = sim.state.groups.get(group);
  return (g?.devices ?? []).filter((d) => (sim.state.sva.devices.get(d)?.maxPasids ?? 0) > 0);
}

/**
 * intel_pasid_tear_down_entry on every programmed device of the group. An entry an mm exit left
 * non-present with Fault Processing Disabled is only cleared (and the PRQ drained) by the later
 * teardown. Returns the devices whose entry went from present to cleared.
 */
export function tearDownEntry(sim: Sim, group: number, pasid: number, kind: EntryKind, faultIgnore: boolean): string[] {
  void kind; // PASID-based or domain-selective IOTLB flush: one invalidation either way.
  const out: string[] = [];
  for (const id of programmedDevices(sim, group)) {
    const dev = sim.state.sva.devices.get(id)!;
    if (dev.fpd.includes(pasid)) {
      if (!faultIgnore) {
        dev.fpd = dev.fpd.filter((p) => p !== pasid);
        dev.counters.prq_drain++;
      }
      continue;
    }
    dev.counters.pasid_cache++;
    dev.counters.iotlb++;
    dev.counters.devtlb++;
    if (faultIgnore) dev.fpd = [...dev.fpd, pasid].sort((a, b) => a - b);
    else dev.counters.prq_drain++;
    out.push(id);
  }
  return out;
}

/** Replacing a present entry with another domain: the old one is flushed (no drain). */
export function replaceEntry(sim: Sim, group: number, pasid: number): void {
  void pasid;
  for (const id of programmedDevices(sim, group)) {
    const c = sim.state.sva.devices.get(id)!.counters;
    c.pasid_cache++;
    c.iotlb++;
    c.devtlb++;
  }
}

/**
 * An mm's range invalidation (munmap, mprotect, page migration...): the SVA domain's mmu_notifier
 * (arch_invalidate_secondary_tlbs) flushes the PASID-based IOTLB and the device TLB of every
 * (device, PASID) the mm is attached to with a present entry. Not wired yet: process/memory.ts's
 * munmap should call it for the scenario's own process (SELF). Returns the devices flushed.
 */
export function invalidateMmRange(sim: Sim, mmId: number): string[] {
  const out: string[] = [];
  for (const h of sim.state.sva.handles.values()) {
    if (h.mm !== mmId) continue;
    for (const id of programmedDevices(sim, h.group)) {
      const dev = sim.state.sva.devices.get(id)!;
      if (dev.fpd.includes(h.pasid)) continue;
      dev.counters.iotlb++;
      dev.counters.devtlb++;
      out.push(id);
    }
  }
  return out;
}

/**
 * An unmap in a paging domain attached at PASIDs (IOMMU_IOAS_UNMAP on the HWPT's IOAS): the
 * domain's cache tags flush the IOTLB and the device TLB of every (device, PASID) it is attached
 * to. Not wired yet: iommufd's unmap path should call it. Returns the devices flushed.
 */
export function invalidateHwptRange(sim: Sim, ictx: number, hwpt: number): string[] {
  const out: string[] = [];
  for (const [group, arr] of sim.state.sva.groups) {
    for (const slot of arr.values()) {
      if (slot.kind !== 'iommufd' || slot.ictx !== ictx || slot.hwpt !== hwpt) continue;
      for (const id of programmedDevices(sim, group)) {
        const c = sim.state.sva.devices.get(id)!.counters;
        c.iotlb++;
        c.devtlb++;
        out.push(id);
      }
    }
  }
  return out;
}
