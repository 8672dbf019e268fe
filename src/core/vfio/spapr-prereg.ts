// VFIO_IOMMU_SPAPR_REGISTER_MEMORY / UNREGISTER_MEMORY (v2 only) and the lookups MAP does.
//
// The kernel keeps the regions on the process's mm (mm_iommu_*), and the container keeps a
// list of the ones it registered. The simulator keeps them per container (a `used` count and
// an `inContainer` flag reproduce the refcounting); two containers of one process sharing
// regions are not modelled.

import type { StepOutcome } from '../errno';
import { fail, ok } from '../errno';
import type { Sim } from '../sim/sim';
import type { PreregRegion, SpaprState } from '../sim/state';
import { ffs, hex, U64_MAX } from '../u64';
import { kernelPageShift, SRC } from './spapr-common';

export function registerMemory(sim: Sim, st: SpaprState, vaddr: bigint, size: bigint): StepOutcome {
  st.mmSet = true; // tce_iommu_mm_set runs before the argument checks
  const pageShift = kernelPageShift(sim);
  const mask = (1n << BigInt(pageShift)) - 1n;
  if ((vaddr & mask) !== 0n || (size & mask) !== 0n || vaddr + size > U64_MAX) {
    return fail('EINVAL', `vaddr ${hex(vaddr)} and size ${hex(size)} must be multiples of PAGE_SIZE (${hex(mask + 1n)}) and must not wrap`, SRC.register);
  }
  // mm_iommu_get: an exact match (same start, same number of pages) on the mm.
  const same = st.prereg.get(vaddr);
  if (same && same.size === size && size !== 0n) {
    if (same.inContainer) return fail('EBUSY', `[${hex(vaddr)}, +${hex(size)}) is already registered in this container`, SRC.register);
    // Registered once, unregistered while still mapped (so left on the mm): taken back, and
    // mm_iommu_get's reference is kept.
    st.prereg.replace({ ...same, used: same.used + 1, inContainer: true });
    st.enabled = true;
    return ok({}, { note: 'The region was still on the mm (unregistered while mapped); the container takes it back (read from the code, unverified).' });
  }
  // mm_iommu_new -> mm_iommu_do_alloc
  if (size === 0n) return fail('ENOMEM', 'size 0: vzalloc(0) of the page array returns NULL', SRC.mmAlloc);
  if (!sim.userRangeMapped(vaddr, size)) {
    return fail('EFAULT', `pin_user_pages: [${hex(vaddr)}, +${hex(size)}) is not mapped in the process`, SRC.mmAlloc);
  }
  const last = vaddr + size - 1n;
  const other = st.prereg.firstIntersecting(vaddr, last);
  if (other) {
    return fail('EINVAL', `[${hex(vaddr)}, +${hex(size)}) overlaps the registered region [${hex(other.vaddr)}, +${hex(other.size)})`, SRC.mmAlloc);
  }
  // mem->pageshift starts at the natural alignment of (ua | size) and is cut to PAGE_SHIFT
  // unless the pages are hugetlbfs pages, which the simulator does not model: ordinary memory
  // can back IOMMU pages up to PAGE_SIZE only.
  const natural = ffs(vaddr | size);
  st.prereg.insert({ first: vaddr, last, vaddr, size, used: 1, mapped: 0n, inContainer: true, pageShift: Math.min(natural, pageShift) });
  st.enabled = true;
  return ok();
}

export function unregisterMemory(sim: Sim, st: SpaprState, vaddr: bigint, size: bigint): StepOutcome {
  if (!st.mmSet) {
    return fail('EPERM', 'no REGISTER_MEMORY, TCE_CREATE or TCE_REMOVE yet: container->mm is not set', SRC.ioctl);
  }
  const mask = (1n << BigInt(kernelPageShift(sim))) - 1n;
  if ((vaddr & mask) !== 0n || (size & mask) !== 0n) {
    return fail('EINVAL', `vaddr ${hex(vaddr)} and size ${hex(size)} must be multiples of PAGE_SIZE (${hex(mask + 1n)})`, SRC.unregister);
  }
  const r = st.prereg.get(vaddr);
  if (!r || r.size !== size || size === 0n) {
    return fail('ENOENT', `no region registered at exactly [${hex(vaddr)}, +${hex(size)})`, SRC.unregister);
  }
  if (!r.inContainer) {
    return fail('ENOENT', `[${hex(vaddr)}, +${hex(size)}) is not on this container's list (it was unregistered while mapped)`, SRC.unregister);
  }
  // tce_iommu_prereg_free drops the container's reference; the mm_iommu_get reference is put
  // last, and if TCEs still map the region that put fails with EBUSY, which is discarded.
  const used = r.used - 1;
  if (used > 0) {
    st.prereg.replace({ ...r, used, inContainer: false });
    return ok({}, { note: 'Another reference keeps the region on the mm.' });
  }
  if (r.mapped > 0n) {
    st.prereg.replace({ ...r, used: 1, inContainer: false });
    const msg = `UNREGISTER_MEMORY of [${hex(vaddr)}, +${hex(size)}) returned 0 while ${r.mapped} TCEs still map it: the EBUSY of the last ` +
      'mm_iommu_put is discarded, the pages stay pinned and the region stays on the mm until the process exits';
    st.bugs.push(msg);
    return ok({}, { note: msg + ' (tce_iommu_unregister_pages).' });
  }
  st.prereg.remove(vaddr);
  return ok();
}

/**
 * How many of `npages` IOMMU pages of 2^pageShift bytes from `vaddr` each lie inside one
 * registered region that can back pages of that size (tce_iommu_prereg_ua_to_hpa for page
 * 0, 1, ...). Returns the index of the first page that fails, or npages. O(regions touched).
 */
export function backedPages(st: SpaprState, vaddr: bigint, npages: bigint, pageShift: number): bigint {
  const pg = 1n << BigInt(pageShift);
  let done = 0n;
  let cur = vaddr;
  while (done < npages) {
    const r: PreregRegion | undefined = st.prereg.containing(cur);
    if (!r || r.last < cur + pg - 1n || pageShift > r.pageShift) return done;
    const fit = (r.last + 1n - cur) / pg;
    const take = fit < npages - done ? fit : npages - done;
    done += take;
    cur += take * pg;
  }
  return done;
}
