// Automatic IOVA allocation: io_pagetable.c iopt_alloc_iova(), newest version (with the
// max_alignment clamp and the strict `aligned_start >= last` test).
//
//   page_offset = addr % PAGE_SIZE
//   length == 0 || length >= ULONG_MAX / 2                      -> EOVERFLOW
//   align = addr ? min(roundup_pow_of_two(length), 1 << __ffs64(addr)) : roundup_pow_of_two(length)
//   align = min(align, max_alignment)      (HPAGE_SIZE with THP, else PAGE_SIZE)
//   align < iopt->iova_alignment                                 -> EINVAL
//   for each allowed span within [PAGE_SIZE, ULONG_MAX - PAGE_SIZE] (no list: that whole window):
//     start = ALIGN(span.start, align) | page_offset; skip the span unless it fits
//     for each hole of (reserved ∪ areas) in [start, span.last], ascending:
//       start = ALIGN(hole.start, align) | page_offset
//       fits iff no overflow && start < hole.last && hole.last - start >= length - 1 -> FIRST FIT
//   -> ENOSPC
//
// Holes of (reserved ∪ areas) inside one hole of the area tree are that hole minus the reserved
// ranges (areas never intersect reserved ranges), so the walk visits area holes through the gap
// index (only those at least `length` long: smaller ones cannot fit) and splits each by the few
// reserved ranges. Same answer as the kernel's walk, O(log n) per visited hole.

import { fail } from '../errno';
import type { StepFail } from '../errno';
import type { Interval } from '../intervals';
import { unionOf } from '../intervals';
import type { u64 } from '../u64';
import { hex, lowestBit, roundupPow2, U64_MAX } from '../u64';
import { GapIndex } from './gap-index';
import type { IoasObject } from './types';

const SRC = 'drivers/iommu/iommufd/io_pagetable.c: iopt_alloc_iova';

export interface AllocParams {
  readonly pageSize: u64;
  /** HPAGE_SIZE (CONFIG_TRANSPARENT_HUGEPAGE, as on distro kernels). */
  readonly maxAlignment: u64;
}

/** The alignment iopt_alloc_iova aims for (after the clamp), or a failure. */
export function allocAlignment(ioas: IoasObject, addr: u64, length: u64, p: AllocParams): u64 | StepFail {
  // ULONG_MAX / 2 in C integer division.
  if (length === 0n || length >= U64_MAX / 2n) {
    return fail('EOVERFLOW', `automatic IOVA: length ${hex(length)} is 0 or >= ULONG_MAX/2 (roundup_pow_of_two would overflow)`, SRC);
  }
  let align = roundupPow2(length);
  if (addr !== 0n) {
    const low = lowestBit(addr);
    if (low < align) align = low;
  }
  if (align >= p.maxAlignment) align = p.maxAlignment;
  if (align < ioas.iovaAlignment) {
    return fail('EINVAL', `automatic IOVA: the alignment the buffer allows (${hex(align)}: min of roundup_pow_of_two(length) and the lowest set bit of the address) is below the IOAS's iova_alignment ${hex(ioas.iovaAlignment)}`, SRC);
  }
  return align;
}

/** __alloc_iova_check_range: the aligned start if [start, last] fits `length`, else null. */
function fitIn(start: u64, last: u64, length: u64, align: u64, pageOffset: u64): u64 | null {
  const sum = start + align - 1n;
  if (sum > U64_MAX) return null; // check_add_overflow in ALIGN_UP()
  const aligned = (sum & ~(align - 1n)) | pageOffset;
  if (aligned >= last || last - aligned < length - 1n) return null;
  return aligned;
}

/** The allowed spans the kernel iterates: the allowed list's union clipped to the window. */
function allowedSpans(ioas: IoasObject, p: AllocParams): Interval[] {
  const lo = p.pageSize;
  const hi = U64_MAX - p.pageSize;
  if (ioas.allowed.size === 0) return [{ first: lo, last: hi }];
  const out: Interval[] = [];
  for (const r of unionOf(ioas.allowed.values())) {
    const first = r.first > lo ? r.first : lo;
    const last = r.last < hi ? r.last : hi;
    if (first <= last) out.push({ first, last });
  }
  return out;
}

/** [first, last] minus the reserved ranges, ascending (reserved ranges may overlap each other). */
function minusReserved(first: u64, last: u64, ioas: IoasObject): Interval[] {
  const hits = ioas.reserved.values().filter((r) => r.first <= last && r.last >= first);
  if (hits.length === 0) return [{ first, last }];
  const out: Interval[] = [];
  let cur = first;
  for (const r of unionOf(hits)) {
    if (r.first > cur) out.push({ first: cur, last: r.first - 1n });
    if (r.last >= last) return out;
    cur = r.last + 1n;
  }
  out.push({ first: cur, last });
  return out;
}

/** iopt_alloc_iova: the IOVA the kernel would choose, or its failure. */
export function allocIova(ioas: IoasObject, addr: u64, length: u64, p: AllocParams): u64 | StepFail {
  const a = allocAlignment(ioas, addr, length, p);
  if (typeof a !== 'bigint') return a;
  const align = a;
  const pageOffset = addr % p.pageSize;
  for (const span of allowedSpans(ioas, p)) {
    const start = fitIn(span.first, span.last, length, align, pageOffset);
    if (start === null) continue;
    const got = firstFitIn(ioas, start, span.last, length, align, pageOffset);
    if (got !== null) return got;
  }
  return fail('ENOSPC', `automatic IOVA: no free hole of the allowed, unreserved IOVA space fits ${hex(length)} bytes at alignment ${hex(align)}${pageOffset ? ` | page offset ${hex(pageOffset)}` : ''}`, SRC);
}

function firstFitIn(ioas: IoasObject, lo: u64, hi: u64, length: u64, align: u64, pageOffset: u64): u64 | null {
  // Holes of the area tree clipped to [lo, hi], ascending; the first may start below lo.
  const check = (first: u64, last: u64): u64 | null => {
    const f = first > lo ? first : lo;
    const l = last < hi ? last : hi;
    if (f > l) return null;
    for (const h of minusReserved(f, l, ioas)) {
      const s = fitIn(h.first, h.last, length, align, pageOffset);
      if (s !== null) return s;
    }
    return null;
  };
  ioas.gaps ??= GapIndex.fromAreas(ioas.areas.values());
  const gaps = ioas.gaps;
  const first = gaps.holeAt(lo);
  let cursor: u64;
  if (first) {
    const s = check(first.first, first.last);
    if (s !== null) return s;
    if (first.last >= hi) return null;
    cursor = first.last + 1n;
  } else cursor = lo;
  for (;;) {
    const h = gaps.firstAtLeast(cursor, length);
    if (!h || h.first > hi) return null;
    const s = check(h.first, h.last);
    if (s !== null) return s;
    if (h.last >= hi) return null;
    cursor = h.last + 1n;
  }
}
