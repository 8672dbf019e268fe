// VFIO type1 DMA ioctls (drivers/vfio/vfio_iommu_type1.c): VFIO_IOMMU_MAP_DMA, UNMAP_DMA and
// GET_INFO, each checking in the kernel's order and changing nothing when it fails.
//
// Mappings are kept in an IntervalMap (one node per MAP, never merged, as one struct vfio_dma
// each): every operation is O(log n + k) in the number of mappings touched, nothing per page.
//
// Ranges touching 2^64 - 1: kernels before Alex Mastro's 2025 "fix-unmap" series compute
// `iova + size` with wrap-around in vfio_find_dma / vfio_find_dma_first_node, so a MAP ending at
// 2^64 - 1 misses overlaps (EINVAL from the IOVA list instead of EEXIST) and a non-ALL UNMAP
// ending there finds nothing (success, size 0). The oracle's 6.12.117 kernel shows exactly that.
// We model the fixed, inclusive-end behaviour (mainline); which release carries the fix is
// unverified. To model the old kernels instead, set PRE_FIX_WRAPPING_LOOKUPS.
// Wrap itself stays EINVAL (the series turns it into EOVERFLOW: unverified, not modelled).

import type { StepOutcome } from '../errno';
import { fail, ok } from '../errno';
import { arg } from '../sim/handler';
import type { Sim } from '../sim/sim';
import type { Dma, Type1State } from '../sim/state';
import type { Step } from '../scenario/types';
import { hex, lastOf, lowestBit, U64_MAX } from '../u64';

const SRC = 'drivers/vfio/vfio_iommu_type1.c';
const MAP_SRC = `${SRC}: vfio_dma_do_map`;
const UNMAP_SRC = `${SRC}: vfio_dma_do_unmap`;

const TOP_NOTE = 'the range ends at 2^64 - 1: modelled with the fixed inclusive-end lookups (unverified which release has the fix); older kernels such as 6.12 miss mappings here (MAP: EINVAL instead of EEXIST; UNMAP: size 0)';

/** true = pre-fix kernels (6.12): lookups of a range ending at 2^64 - 1 wrap and find nothing. */
const PRE_FIX_WRAPPING_LOOKUPS = false;

/** Whether vfio_find_dma / vfio_find_dma_first_node can see anything in a range ending at `last`. */
function lookupWorks(last: bigint): boolean {
  return !(PRE_FIX_WRAPPING_LOOKUPS && last === U64_MAX);
}

/** The smallest IOMMU page size: 1 << __ffs(iommu->pgsize_bitmap). */
function minPgsize(st: Type1State): bigint {
  return lowestBit(st.pgsizeBitmap);
}

/** vfio_iommu_type1_map_dma + vfio_dma_do_map. */
export function type1MapDma(sim: Sim, st: Type1State, step: Step): StepOutcome {
  const iova = arg.u64(step, 'iova');
  const size = arg.u64(step, 'size');
  const vaddr = arg.u64(step, 'vaddr');
  const flags = arg.flags(step, 'flags');
  const read = flags.includes('READ');
  const write = flags.includes('WRITE');
  const setVaddr = flags.includes('VADDR');
  // Unknown flag bits cannot be spelled in a scenario (the schema rejects them).
  if ((read || write) === setVaddr) {
    return fail('EINVAL', setVaddr ? 'VFIO_DMA_MAP_FLAG_VADDR cannot be combined with READ/WRITE' : 'neither READ nor WRITE is set', MAP_SRC);
  }
  const pgsize = minPgsize(st);
  if (size === 0n || ((size | iova | vaddr) & (pgsize - 1n)) !== 0n) {
    return fail('EINVAL', size === 0n ? 'size is 0' : `size, iova and vaddr must be multiples of the smallest IOMMU page size ${hex(pgsize)}`, MAP_SRC);
  }
  const last = lastOf(iova, size);
  if (last === null || lastOf(vaddr, size) === null) {
    return fail('EINVAL', `${last === null ? 'iova' : 'vaddr'} + size wraps past 2^64 (EOVERFLOW after the 2025 overflow series: unverified)`, MAP_SRC);
  }
  const hit = lookupWorks(last) ? st.dmas.firstIntersecting(iova, last) : undefined;
  if (setVaddr) return updateVaddr(st, hit, iova, last, vaddr);
  if (hit) {
    return fail('EEXIST', `[${hex(iova)}, ${hex(last)}] overlaps the mapping at ${hex(hit.first)} (size ${hex(hit.last - hit.first + 1n)})${last === U64_MAX ? `; ${TOP_NOTE}` : ''}`, MAP_SRC);
  }
  if (st.dmaAvail === 0) {
    return fail('ENOSPC', 'dma_entry_limit reached: no DMA mapping slot left (dma_avail is 0)', MAP_SRC);
  }
  if (!iovaValid(st, iova, last)) {
    return fail('EINVAL', `[${hex(iova)}, ${hex(last)}] is not inside one valid IOVA range (outside the aperture or in a reserved region)`, `${SRC}: vfio_iommu_iova_dma_valid`);
  }
  // Pinning happens last (vfio_pin_map_dma); a fault removes the half-built dma again.
  if (!sim.userRangeMapped(vaddr, size)) {
    return fail('EFAULT', `user memory [${hex(vaddr)}, ${hex(vaddr + size - 1n)}] is not mapped in the process; pinning faults`, `${SRC}: vfio_pin_pages_remote`);
  }
  st.dmas.insert({ first: iova, last, vaddr, read, write });
  st.dmaAvail--;
  return ok();
}

/** MAP_DMA with VFIO_DMA_MAP_FLAG_VADDR: give an invalidated mapping its new user address. */
function updateVaddr(st: Type1State, dma: Dma | undefined, iova: bigint, last: bigint, vaddr: bigint): StepOutcome {
  if (!dma) return fail('ENOENT', `no mapping overlaps [${hex(iova)}, ${hex(last)}] to update the vaddr of`, MAP_SRC);
  if (!dma.vaddrInvalid || dma.first !== iova || dma.last !== last) {
    return fail('EINVAL', dma.vaddrInvalid ? 'VADDR update must name the exact iova and size of the mapping' : 'the mapping\'s vaddr was not invalidated (UNMAP_DMA with FLAG_VADDR first)', MAP_SRC);
  }
  st.dmas.replace({ first: dma.first, last: dma.last, vaddr, read: dma.read, write: dma.write });
  st.vaddrInvalidCount--;
  return ok();
}

/** vfio_iommu_iova_dma_valid: the range must lie inside ONE node of the list (empty list: any). */
function iovaValid(st: Type1State, first: bigint, last: bigint): boolean {
  if (st.iovaList.length === 0) return true;
  return st.iovaList.some((n) => first >= n.first && last <= n.last);
}

/** vfio_iommu_type1_unmap_dma + vfio_dma_do_unmap. out.size = bytes of the removed mappings. */
export function type1UnmapDma(st: Type1State, step: Step): StepOutcome {
  const iova = arg.u64(step, 'iova');
  const size = arg.u64(step, 'size');
  const flags = arg.flags(step, 'flags');
  const all = flags.includes('ALL');
  const invalidateVaddr = flags.includes('VADDR');
  if (flags.includes('GET_DIRTY_BITMAP')) {
    return fail('EINVAL', all || invalidateVaddr
      ? 'GET_DIRTY_BITMAP cannot be combined with ALL or VADDR'
      : 'GET_DIRTY_BITMAP needs dirty-page tracking started and a struct vfio_bitmap after the request, which this simulator does not model', `${SRC}: vfio_iommu_type1_unmap_dma`);
  }
  const pgsize = minPgsize(st);
  if ((iova & (pgsize - 1n)) !== 0n) return fail('EINVAL', `iova is not a multiple of the smallest IOMMU page size ${hex(pgsize)}`, UNMAP_SRC);
  let last: bigint;
  if (all) {
    if (iova !== 0n || size !== 0n) return fail('EINVAL', 'VFIO_DMA_UNMAP_FLAG_ALL needs iova = 0 and size = 0', UNMAP_SRC);
    last = U64_MAX;
  } else {
    const l = lastOf(iova, size);
    if (size === 0n || (size & (pgsize - 1n)) !== 0n || l === null) {
      return fail('EINVAL', size === 0n ? 'size is 0' : l === null ? 'iova + size wraps past 2^64' : `size is not a multiple of the smallest IOMMU page size ${hex(pgsize)}`, UNMAP_SRC);
    }
    last = l;
  }
  if (st.v2 && !all) {
    // The v2 no-bisect rule: a mapping may not straddle either end of the request.
    const head = st.dmas.containing(iova);
    if (head && head.first !== iova) {
      return fail('EINVAL', `type1 v2: the range would split the mapping [${hex(head.first)}, ${hex(head.last)}] at its start`, UNMAP_SRC);
    }
    const tail = st.dmas.containing(last);
    if (tail && tail.last !== last) {
      return fail('EINVAL', `type1 v2: the range would split the mapping [${hex(tail.first)}, ${hex(tail.last)}] at its end`, UNMAP_SRC);
    }
  }
  // Walk from the lowest mapping that ends at or after iova. v1 stops at the first mapping that
  // starts below iova (an unmap offset into a mapping unmaps nothing and says size 0), and
  // removes a mapping whole when the request covers its first page.
  const victims: Dma[] = [];
  const walk = all || lookupWorks(last) ? st.dmas.intersecting(iova, last) : [];
  for (const d of walk) {
    if (!st.v2 && iova > d.first) break;
    if (invalidateVaddr && d.vaddrInvalid) {
      return fail('EINVAL', `the mapping at ${hex(d.first)} already has an invalidated vaddr`, UNMAP_SRC);
    }
    victims.push(d);
  }
  let unmapped = 0n;
  for (const d of victims) {
    unmapped += d.last - d.first + 1n;
    if (invalidateVaddr) {
      st.dmas.replace({ ...d, vaddrInvalid: true });
      st.vaddrInvalidCount++;
    } else {
      st.dmas.remove(d.first);
      st.dmaAvail++;
      if (d.vaddrInvalid) st.vaddrInvalidCount--;
    }
  }
  const note = !all && last === U64_MAX ? TOP_NOTE : undefined;
  return note ? ok({ size: unmapped }, { note }) : ok({ size: unmapped });
}

/** DIRTY_BITMAP_SIZE_MAX: DIRTY_BITMAP_BYTES(INT_MAX), the MIGRATION capability's bitmap limit. */
const DIRTY_BITMAP_SIZE_MAX = 0x10000000n;

/**
 * vfio_iommu_type1_get_info: flags PGSIZES | CAPS, page sizes, then the MIGRATION, DMA_AVAIL and
 * IOVA_RANGE capabilities (the output seen on the oracle's 6.12 kernel has the same keys).
 */
export function type1GetInfo(st: Type1State): StepOutcome {
  return ok({
    flags: 0x3,
    iova_pgsizes: st.pgsizeBitmap,
    migration: { flags: 0, pgsize_bitmap: minPgsize(st), max_dirty_bitmap_size: DIRTY_BITMAP_SIZE_MAX },
    // The IOVA_RANGE capability is omitted when the list is empty; shown as [] here.
    iova_ranges: st.iovaList.map((n) => ({ start: n.first, end: n.last })),
    dma_avail: st.dmaAvail,
  });
}
