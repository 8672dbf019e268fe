// TCE runs of a window and the mapped counts of the preregistered regions they point into.
//
// A run is the TCEs one MAP call wrote: consecutive IOVA pages -> consecutive user pages with
// one permission. Runs are never merged, so a later exchange or unmap splits them exactly
// (O(log n + k) per call, never per page). Every TCE counts once in the `mapped` of the region
// its page lies in (mm_iommu_mapped_inc / _dec), which is what UNREGISTER and release look at.

import type { IntervalMap } from '../intervals';
import type { Dma, PreregRegion, SpaprState } from '../sim/state';

/**
 * Removes the TCEs in [first, last] from `map`, keeping the parts of runs outside it, and
 * drops their references on the regions (tce_iommu_clear -> tce_iommu_unuse_page_v2).
 * Returns the number of TCEs cleared.
 */
export function clearRange(st: SpaprState, map: IntervalMap<Dma>, first: bigint, last: bigint, pageShift: number): bigint {
  const hit = [...map.intersecting(first, last)];
  let cleared = 0n;
  for (const run of hit) {
    map.remove(run.first);
    if (run.first < first) map.insert({ ...run, last: first - 1n });
    if (run.last > last) map.insert({ ...run, first: last + 1n, vaddr: run.vaddr + (last + 1n - run.first) });
    const lo = run.first > first ? run.first : first;
    const hi = run.last < last ? run.last : last;
    const vaddr = run.vaddr + (lo - run.first);
    adjustMapped(st, vaddr, hi - lo + 1n, pageShift, -1n);
    cleared += (hi - lo + 1n) >> BigInt(pageShift);
  }
  return cleared;
}

/** Writes one run (after clearRange has exchanged what was there) and takes its references. */
export function writeRun(st: SpaprState, map: IntervalMap<Dma>, run: Dma, pageShift: number): void {
  map.insert(run);
  adjustMapped(st, run.vaddr, run.last - run.first + 1n, pageShift, 1n);
}

/**
 * Adds `sign` x (pages of [vaddr, vaddr + bytes)) to each region's mapped count. The kernel
 * looks every page up again by its user address, so the regions are found by address.
 */
function adjustMapped(st: SpaprState, vaddr: bigint, bytes: bigint, pageShift: number, sign: 1n | -1n): void {
  const vlast = vaddr + bytes - 1n;
  const touched: PreregRegion[] = [...st.prereg.intersecting(vaddr, vlast)];
  for (const r of touched) {
    const lo = r.first > vaddr ? r.first : vaddr;
    const hi = r.last < vlast ? r.last : vlast;
    const pages = (hi - lo + 1n) >> BigInt(pageShift);
    let mapped = r.mapped + sign * pages;
    if (mapped < 0n) mapped = 0n; // mm_iommu_mapped_dec never goes below its floor
    st.prereg.replace({ ...r, mapped });
  }
}

/** All runs of a window's map as an array, ascending. */
export function runsOf(map: IntervalMap<Dma>): Dma[] {
  return map.toArray();
}
