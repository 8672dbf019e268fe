// The type1 valid-IOVA list (struct vfio_iova list in drivers/vfio/vfio_iommu_type1.c): sorted,
// disjoint, inclusive [first, last] ranges = the intersection of the domains' apertures minus
// every attached group's reserved regions (except DIRECT_RELAXABLE). Pure functions on small
// arrays (a handful of nodes); they return new arrays so a failed attach leaves the old list, as
// the kernel works on a copy (vfio_iommu_iova_get_copy) and swaps it in only on success.

import type { Interval, IntervalMap } from '../intervals';
import type { ResvRegion } from '../platform/presets';
import type { Dma, Type1Domain } from '../sim/state';
import { U64_MAX } from '../u64';

export type IovaList = readonly Interval[];

/**
 * vfio_iommu_aper_conflict: a new aperture conflicts when it is disjoint from the current list,
 * or when an existing mapping lies below its start or above its end. An empty list (no domain
 * yet) never conflicts.
 */
export function aperConflict(list: IovaList, dmas: IntervalMap<Dma>, start: bigint, end: bigint): boolean {
  const first = list[0];
  const last = list[list.length - 1];
  if (!first || !last) return false;
  if (start > last.last || end < first.first) return true;
  if (start > first.first && dmas.intersects(first.first, start - 1n)) return true;
  if (end < last.last && dmas.intersects(end + 1n, last.last)) return true;
  return false;
}

/**
 * vfio_iommu_aper_resize, node for node (including its strict `start < node->end` test, which
 * drops a node whose last byte equals the new start instead of shrinking it to one byte).
 */
export function aperResize(list: IovaList, start: bigint, end: bigint): Interval[] {
  if (list.length === 0) return [{ first: start, last: end }];
  let out: Interval[] = [...list];
  // Adjust the list start.
  while (out.length > 0) {
    const node = out[0]!;
    if (start < node.first) break;
    if (start >= node.first && start < node.last) {
      out[0] = { first: start, last: node.last };
      break;
    }
    out.shift(); // nodes before the new start
  }
  // Adjust the list end.
  out = out.flatMap((node) => {
    if (end > node.last) return [node];
    if (end > node.first && end <= node.last) return [{ first: node.first, last: end }];
    return []; // nodes after the new end
  });
  return out;
}

/** Regions type1 must keep out of the IOVA list: every type except DIRECT_RELAXABLE. */
export function enforcedRegions(regions: readonly ResvRegion[]): ResvRegion[] {
  return regions.filter((r) => r.type !== 'DIRECT_RELAXABLE');
}

/** vfio_iommu_resv_conflict: a reserved region (not DIRECT_RELAXABLE) overlaps a mapping. */
export function resvConflict(dmas: IntervalMap<Dma>, regions: readonly ResvRegion[]): ResvRegion | undefined {
  return enforcedRegions(regions).find((r) => dmas.intersects(r.first, r.last));
}

/**
 * vfio_iommu_resv_exclude: cuts every enforced region out of the list. Returns null when nothing
 * is left (the kernel's `if (list_empty(iova)) return -EINVAL;`).
 */
export function resvExclude(list: IovaList, regions: readonly ResvRegion[]): Interval[] | null {
  let out: Interval[] = [...list];
  for (const r of enforcedRegions(regions)) {
    out = out.flatMap((n) => {
      if (r.first > n.last || r.last < n.first) return [n];
      const pieces: Interval[] = [];
      if (r.first > n.first) pieces.push({ first: n.first, last: r.first - 1n });
      if (r.last < n.last) pieces.push({ first: r.last + 1n, last: n.last });
      return pieces;
    });
  }
  return out.length === 0 ? null : out;
}

/**
 * vfio_iommu_aper_expand (a domain went away): the list's outer bounds become the intersection
 * of the remaining domains' apertures ([0, 2^64 - 1] when none is left).
 */
export function aperExpand(list: IovaList, domains: readonly Type1Domain[]): Interval[] {
  if (list.length === 0) return [];
  let start = 0n;
  let end = U64_MAX;
  for (const d of domains) {
    if (d.apertureStart > start) start = d.apertureStart;
    if (d.apertureEnd < end) end = d.apertureEnd;
  }
  const out = [...list];
  out[0] = { first: start, last: out[0]!.last };
  const li = out.length - 1;
  out[li] = { first: out[li]!.first, last: end };
  return out;
}

/**
 * vfio_iommu_resv_refresh (a group went away): rebuild the list from its outer bounds minus the
 * remaining groups' regions. null = the kernel's error path, which keeps the old list.
 */
export function resvRefresh(list: IovaList, remaining: readonly ResvRegion[]): Interval[] | null {
  const first = list[0];
  const last = list[list.length - 1];
  if (!first || !last) return null;
  return resvExclude(aperResize([], first.first, last.last), remaining);
}
