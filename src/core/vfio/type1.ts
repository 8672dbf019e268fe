// VFIO type1 IOMMU backend (drivers/vfio/vfio_iommu_type1.c): open, group attach / detach,
// release. DMA map / unmap / info live in type1-dma.ts.
//
// Model: one Type1State per container (struct vfio_iommu). Every group attaches through a
// paging domain with the platform's geometry (platform.domain); a later group reuses an
// existing domain when it is compatible (same iommu_ops and cache-coherency enforcement), which
// on one simulated platform is always the case, so a container has at most one domain in
// practice. The IOVA list narrows to each new aperture and loses each group's reserved regions.

import type { StepFail } from '../errno';
import { fail } from '../errno';
import { IntervalMap } from '../intervals';
import type { ResvRegion } from '../platform/presets';
import type { Sim } from '../sim/sim';
import type { Dma, Type1Domain, Type1State } from '../sim/state';
import { hex, U16_MAX } from '../u64';
import { aperConflict, aperExpand, aperResize, resvConflict, resvExclude, resvRefresh } from './iovalist';

const SRC = 'drivers/vfio/vfio_iommu_type1.c';

/**
 * The dma_entry_limit module parameter (default U16_MAX = 65535 mappings per container);
 * a scenario may set it with "kernel": { "dma_entry_limit": N }, as vfio_iommu_type1.ko's
 * parameter of that name does.
 */
export function dmaEntryLimit(sim: Sim): number {
  return sim.state.kernel.dma_entry_limit ?? U16_MAX;
}

/** The kernel's PAGE_MASK as a u64 bitmap: every power of two >= PAGE_SIZE. */
function pageMask(sim: Sim): bigint {
  const page = sim.state.platform.pageSize;
  return ((1n << 64n) - 1n) & ~(page - 1n);
}

/** vfio_iommu_type1_open: v1 for VFIO_TYPE1_IOMMU, v2 for VFIO_TYPE1v2_IOMMU. */
export function type1Open(sim: Sim, v2: boolean): Type1State {
  return {
    kind: 'type1', v2, dmaAvail: dmaEntryLimit(sim), pgsizeBitmap: pageMask(sim),
    iovaList: [], domains: [], nextDomainId: 1, dmas: new IntervalMap<Dma>(), vaddrInvalidCount: 0,
  };
}

export function type1Name(st: Type1State): 'VFIO_TYPE1v2_IOMMU' | 'VFIO_TYPE1_IOMMU' {
  return st.v2 ? 'VFIO_TYPE1v2_IOMMU' : 'VFIO_TYPE1_IOMMU';
}

/** iommu_get_group_resv_regions: every device of the group reports the platform's regions. */
export function groupResvRegions(sim: Sim, group: number): readonly ResvRegion[] {
  const g = sim.state.groups.get(group);
  return g && g.devices.length > 0 ? sim.state.platform.reserved : [];
}

/**
 * vfio_update_pgsize_bitmap: the AND of every domain's page sizes; sizes below PAGE_SIZE are
 * hidden and PAGE_SIZE offered instead (pinning works in PAGE_SIZE units). No domain: all ones,
 * which the same rule turns into PAGE_MASK.
 */
function updatePgsizeBitmap(sim: Sim, st: Type1State): void {
  const page = sim.state.platform.pageSize;
  let bm = (1n << 64n) - 1n;
  for (const d of st.domains) bm &= d.pgsizeBitmap;
  if ((bm & (page - 1n)) !== 0n) bm = (bm & ~(page - 1n)) | page;
  st.pgsizeBitmap = bm;
}

/**
 * vfio_iommu_type1_attach_group, in its check order. Returns null on success (state updated) or
 * the failure (state untouched: the kernel works on a copy of the IOVA list).
 */
export function type1AttachGroup(sim: Sim, st: Type1State, group: number): StepFail | null {
  const fn = `${SRC}: vfio_iommu_type1_attach_group`;
  if (st.vaddrInvalidCount > 0) {
    return fail('EBUSY', `${st.vaddrInvalidCount} mapping(s) have an invalidated vaddr; attach could need to pin them`, fn);
  }
  if (st.domains.some((d) => d.groups.includes(group))) {
    return fail('EINVAL', `group ${group} is already attached to this IOMMU`, fn);
  }
  const geo = sim.state.platform.domain;
  if (!geo) {
    // Unreachable: type1 is only registered on platforms with paging domains (see container.ts).
    return fail('ENODEV', `${sim.state.platform.name} has no IOMMU paging domain for type1`, 'drivers/iommu/iommu.c: iommu_paging_domain_alloc');
  }
  if (aperConflict(st.iovaList, st.dmas, geo.apertureStart, geo.apertureEnd)) {
    return fail('EINVAL', `the domain aperture [${hex(geo.apertureStart)}, ${hex(geo.apertureEnd)}] excludes the current IOVA ranges or an existing mapping`, `${SRC}: vfio_iommu_aper_conflict`);
  }
  const regions = groupResvRegions(sim, group);
  const clash = resvConflict(st.dmas, regions);
  if (clash) {
    return fail('EINVAL', `reserved region ${clash.name} [${hex(clash.first)}, ${hex(clash.last)}] of group ${group} overlaps an existing mapping`, `${SRC}: vfio_iommu_resv_conflict`);
  }
  const list = resvExclude(aperResize(st.iovaList, geo.apertureStart, geo.apertureEnd), regions);
  if (!list) {
    return fail('EINVAL', `no usable IOVA range is left once group ${group}'s reserved regions are excluded`, `${SRC}: vfio_iommu_resv_exclude`);
  }
  // Interrupt isolation (EPERM without allow_unsafe_interrupts): every simulated platform has
  // remapped / isolated MSIs (VT-d and AMD IR, SMMUv3 with an ITS), so this check always passes.

  // Try to match an existing compatible domain: all domains of one platform share iommu_ops and
  // enforce cache coherency alike, so the first one in the list is taken.
  const reuse = st.domains[0];
  if (reuse) {
    reuse.groups.push(group);
  } else {
    const d: Type1Domain = {
      id: st.nextDomainId++, groups: [group],
      apertureStart: geo.apertureStart, apertureEnd: geo.apertureEnd, pgsizeBitmap: geo.pgsizeBitmap,
    };
    // vfio_iommu_replay maps the existing dmas into the new domain from the pages already
    // pinned (no new pinning, so it cannot fault); list_add puts the domain first.
    st.domains.unshift(d);
    updatePgsizeBitmap(sim, st);
  }
  st.iovaList = list;
  return null;
}

/**
 * vfio_iommu_type1_detach_group: the group leaves its domain; an emptied domain is freed, and
 * if it was the last one every mapping goes with it (vfio_iommu_unmap_unpin_all). The IOVA
 * list is then re-expanded and re-derived from the remaining groups' reserved regions.
 */
export function type1DetachGroup(sim: Sim, st: Type1State, group: number): void {
  let list: readonly { first: bigint; last: bigint }[] = st.iovaList;
  const d = st.domains.find((x) => x.groups.includes(group));
  if (!d) return;
  d.groups = d.groups.filter((g) => g !== group);
  if (d.groups.length === 0) {
    if (st.domains.length === 1) removeAllDmas(st);
    st.domains = st.domains.filter((x) => x !== d);
    list = aperExpand(list, st.domains);
    updatePgsizeBitmap(sim, st);
  }
  const remaining = st.domains.flatMap((x) => x.groups).flatMap((g) => groupResvRegions(sim, g));
  const refreshed = resvRefresh(list, remaining);
  if (refreshed) st.iovaList = refreshed;
}

/** vfio_iommu_unmap_unpin_all: every dma removed, each one giving back its dma_avail slot. */
export function removeAllDmas(st: Type1State): number {
  const n = st.dmas.size;
  st.dmas.clear();
  st.dmaAvail += n;
  st.vaddrInvalidCount = 0;
  return n;
}

/** vfio_iommu_type1_release (the last group left): mappings, domains and the IOVA list go away. */
export function type1Release(st: Type1State): void {
  removeAllDmas(st);
  st.domains = [];
  st.iovaList = [];
}

/** inspect: [{ iova, size, vaddr }] sorted by iova. */
export function type1Mappings(st: Type1State): { iova: bigint; size: bigint; vaddr: bigint; vaddr_invalid?: true }[] {
  return st.dmas.toArray().map((d) => {
    const m: { iova: bigint; size: bigint; vaddr: bigint; vaddr_invalid?: true } = { iova: d.first, size: d.last - d.first + 1n, vaddr: d.vaddr };
    if (d.vaddrInvalid) m.vaddr_invalid = true;
    return m;
  });
}
