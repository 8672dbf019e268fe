// The io_pagetable of an IOAS (drivers/iommu/iommufd/io_pagetable.c): areas, reserved and
// allowed ranges, the IOVA alignment, and adding/removing a domain. Every function checks
// before it mutates: a failure leaves the IOAS as it was, except where the kernel itself is not
// atomic (unmap, cut), which returns how far it got.

import { fail } from '../errno';
import type { StepFail } from '../errno';
import type { Interval } from '../intervals';
import { holesOf, IntervalMap, RangeList } from '../intervals';
import type { OwnedRange } from '../intervals';
import type { Sim } from '../sim/sim';
import type { u64 } from '../u64';
import { hex, lowestBit, U64_MAX } from '../u64';
import { allocIova } from './iova-alloc';
import type { Area, IommufdCtx, IoasObject } from './types';
import { hwptOf } from './objects';

export const IOPT = 'drivers/iommu/iommufd/io_pagetable.c';

/** iommufd_ioas_alloc + iopt_init_table: SW table over the whole size_t space, alignment 1. */
export function newIoas(id: number): IoasObject {
  return {
    kind: 'ioas', id,
    areas: new IntervalMap<Area>(), gaps: null,
    reserved: new RangeList<OwnedRange>(), allowed: new RangeList<Interval>(),
    iovaAlignment: 1n, disableLargePages: false, hwpts: [],
  };
}

export function insertArea(ioas: IoasObject, a: Area): void {
  ioas.areas.insert(a);
  ioas.gaps?.areaInserted(a.first, a.last);
}

export function removeArea(ioas: IoasObject, a: Area): void {
  ioas.areas.remove(a.first);
  ioas.gaps?.areaRemoved(a.first, a.last);
}

const len = (a: Interval): u64 => a.last - a.first + 1n;

// ---------------------------------------------------------------- mapping

/** One element of the kernel's pages_list: a run of user memory (MAP: one; COPY: one per source slice). */
export interface Slice {
  readonly userVa: u64;
  readonly length: u64;
  readonly pagesWritable: boolean;
  readonly copiedFrom?: { readonly ioas: number; readonly iova: u64 };
}

/** iopt_check_iova: fixed IOVA. */
export function checkIova(ioas: IoasObject, iova: u64, length: u64): StepFail | null {
  const src = `${IOPT}: iopt_check_iova`;
  if ((iova & (ioas.iovaAlignment - 1n)) !== 0n) {
    return fail('EINVAL', `iova ${hex(iova)} is not aligned to the IOAS's iova_alignment ${hex(ioas.iovaAlignment)}`, src);
  }
  const last = iova + length - 1n;
  if (last > U64_MAX) return fail('EOVERFLOW', `iova + length - 1 overflows 64 bits`, src);
  const r = ioas.reserved.firstIntersecting(iova, last);
  if (r) {
    return fail('EINVAL', `[${hex(iova)}, ${hex(last)}] intersects the reserved range [${hex(r.first)}, ${hex(r.last)}] (${describeOwner(r)})`, src);
  }
  // Most fixed maps hit nothing: one descent answers that; find the area only on a hit.
  const a = ioas.areas.intersects(iova, last) ? ioas.areas.firstIntersecting(iova, last) : undefined;
  if (a) return fail('EEXIST', `[${hex(iova)}, ${hex(last)}] overlaps the existing area [${hex(a.first)}, ${hex(a.last)}]`, src);
  return null;
}

export function describeOwner(r: OwnedRange): string {
  if (r.owner.startsWith('hwpt:')) return `outside the aperture of HWPT ${r.owner.slice(5)}`;
  if (r.owner.startsWith('dev:')) return `${r.kind ?? 'reserved'} region of device ${r.owner.slice(4)}`;
  return r.owner;
}

export interface MapRequest {
  readonly slices: readonly Slice[];
  readonly length: u64;
  /** null: automatic IOVA (IOPT_ALLOC_IOVA). */
  readonly iova: u64 | null;
  readonly read: boolean;
  readonly write: boolean;
}

/**
 * iopt_map_pages (iopt_alloc_area_pages + iopt_insert_area + iopt_fill_domains_pages), after
 * the caller's own argument checks. Returns the IOVA of the first new area.
 */
export function mapPages(sim: Sim, ioas: IoasObject, req: MapRequest): u64 | StepFail {
  const { length } = req;
  if ((length & (ioas.iovaAlignment - 1n)) !== 0n || length === 0n) {
    return fail('EINVAL', `length ${hex(length)} is not a multiple of the IOAS's iova_alignment ${hex(ioas.iovaAlignment)}`, `${IOPT}: iopt_alloc_area_pages`);
  }
  let iova: u64;
  if (req.iova === null) {
    const first = req.slices[0]!;
    const got = allocIova(ioas, first.userVa, length, { pageSize: sim.state.platform.pageSize, maxAlignment: sim.state.platform.hpageSize });
    if (typeof got !== 'bigint') return got;
    iova = got;
  } else {
    const bad = checkIova(ioas, req.iova, length);
    if (bad) return bad;
    iova = req.iova;
  }
  const page = sim.state.platform.pageSize;
  const areas: Area[] = [];
  let at = iova;
  for (const s of req.slices) {
    if (req.write && !s.pagesWritable) {
      return fail('EPERM', `WRITEABLE requested but the source pages were mapped without WRITEABLE`, `${IOPT}: iopt_insert_area`);
    }
    const pageOffset = s.userVa % page;
    if ((pageOffset & (ioas.iovaAlignment - 1n)) !== 0n) {
      return fail('EINVAL', `the user address ${hex(s.userVa)} has page offset ${hex(pageOffset)}, not aligned to the IOAS's iova_alignment ${hex(ioas.iovaAlignment)}`, `${IOPT}: iopt_insert_area`);
    }
    const a: Area = { first: at, last: at + s.length - 1n, userVa: s.userVa, read: req.read, write: req.write, pagesWritable: s.pagesWritable };
    areas.push(s.copiedFrom ? { ...a, copiedFrom: s.copiedFrom } : a);
    at += s.length;
  }
  // Pages are pinned only when a domain needs them (iopt_fill_domains_pages); a SW-only IOAS
  // keeps a lazy reference, so an unbacked address fails later, when a domain is added.
  if (ioas.hwpts.length > 0) {
    for (const a of areas) {
      if (!a.copiedFrom && !sim.userRangeMapped(a.userVa, len(a))) {
        return fail('EFAULT', `pinning user memory [${hex(a.userVa)}, +${hex(len(a))}) for the attached domain faulted: it is not mapped in the process`, 'drivers/iommu/iommufd/pages.c: pfn_reader_user_pin');
      }
    }
  }
  for (const a of areas) insertArea(ioas, a);
  return iova;
}

// ---------------------------------------------------------------- unmapping

export interface UnmapResult {
  readonly unmapped: u64;
  readonly removed: number;
  readonly error: StepFail | null;
}

/**
 * iopt_unmap_iova_range: repeatedly take the lowest area intersecting [start, last]; an area
 * not fully inside stops the loop with ENOENT, after every lower area has already been removed
 * (the kernel is not atomic here).
 */
export function unmapRange(ioas: IoasObject, start: u64, last: u64): UnmapResult {
  let unmapped = 0n;
  let removed = 0;
  for (const a of [...ioas.areas.intersecting(start, last)]) {
    if (a.first < start || a.last > last) {
      const done = removed ? `; ${removed} lower area(s) (${hex(unmapped)} bytes) were already unmapped — the kernel does not undo them` : '';
      return {
        unmapped, removed,
        error: fail('ENOENT', `the area [${hex(a.first)}, ${hex(a.last)}] is only partly inside [${hex(start)}, ${hex(last)}]: splitting/truncating a mapping is not allowed${done}`, `${IOPT}: iopt_unmap_iova_range`, removed > 0),
      };
    }
    removeArea(ioas, a);
    unmapped += len(a);
    removed++;
  }
  return { unmapped, removed, error: null };
}

/** iopt_unmap_all: succeeds even when nothing is mapped. */
export function unmapAll(ioas: IoasObject): u64 {
  const total = ioas.areas.totalBytes();
  ioas.areas.clear();
  ioas.gaps = null;
  return total;
}

/**
 * iopt_cut_iova / iopt_area_split (VFIO compat, type1 v1 emulation): split the area holding
 * each IOVA so that the IOVA becomes the last byte of the lower piece. Returns the number of
 * splits done before a failure (they are not undone).
 */
export function cutIova(ioas: IoasObject, iovas: readonly u64[]): { cuts: number; error: StepFail | null } {
  const src = `${IOPT}: iopt_area_split`;
  let cuts = 0;
  for (const x of iovas) {
    const a = ioas.areas.containing(x);
    if (!a) continue;
    if (x === a.first || x === a.last) continue;
    const newStart = x + 1n;
    const startByte = a.userVa + (newStart - a.first);
    const mask = ioas.iovaAlignment - 1n;
    if ((newStart & mask) !== 0n || (startByte & mask) !== 0n) {
      return { cuts, error: fail('EINVAL', `cannot split the area [${hex(a.first)}, ${hex(a.last)}] at ${hex(newStart)}: not aligned to iova_alignment ${hex(ioas.iovaAlignment)}`, src) };
    }
    if (ioas.hwpts.length > 0 && !ioas.disableLargePages) {
      return { cuts, error: fail('EINVAL', `cannot split the area [${hex(a.first)}, ${hex(a.last)}]: a domain may map it with huge pages (large pages are enabled)`, src) };
    }
    removeArea(ioas, a);
    insertArea(ioas, { ...a, last: x });
    insertArea(ioas, { ...a, first: newStart, userVa: startByte, ...(a.copiedFrom ? { copiedFrom: { ioas: a.copiedFrom.ioas, iova: a.copiedFrom.iova + (newStart - a.first) } } : {}) });
    cuts++;
  }
  return { cuts, error: null };
}

// ---------------------------------------------------------------- reserved and allowed ranges

/** iopt_reserve_iova: EADDRINUSE if the range intersects an area or an allowed range. */
export function checkReserve(ioas: IoasObject, first: u64, last: u64, what: string): StepFail | null {
  const src = `${IOPT}: iopt_reserve_iova`;
  const a = ioas.areas.firstIntersecting(first, last);
  if (a) return fail('EADDRINUSE', `${what} [${hex(first)}, ${hex(last)}] would cover the existing area [${hex(a.first)}, ${hex(a.last)}]`, src);
  const al = ioas.allowed.firstIntersecting(first, last);
  if (al) return fail('EADDRINUSE', `${what} [${hex(first)}, ${hex(last)}] intersects the allowed range [${hex(al.first)}, ${hex(al.last)}] (IOMMU_IOAS_ALLOW_IOVAS)`, src);
  return null;
}

export function removeReserved(ioas: IoasObject, owner: string): void {
  ioas.reserved.removeWhere((r) => r.owner === owner);
}

/** IOMMU_IOAS_IOVA_RANGES / VFIO GET_INFO IOVA_RANGE: the holes of reserved_itree over [0, ULONG_MAX]. */
export function iovaRanges(ioas: IoasObject): Interval[] {
  return holesOf(ioas.reserved.values(), 0n, U64_MAX);
}

/** iopt_set_allow_iova: swap the list in; EADDRINUSE (old list kept) if any new range is reserved. */
export function setAllowed(ioas: IoasObject, ranges: readonly Interval[]): StepFail | null {
  for (const r of ranges) {
    const hit = ioas.reserved.firstIntersecting(r.first, r.last);
    if (hit) {
      return fail('EADDRINUSE', `allowed range [${hex(r.first)}, ${hex(r.last)}] intersects the reserved range [${hex(hit.first)}, ${hex(hit.last)}] (${describeOwner(hit)}); the old allowed list is kept`, `${IOPT}: iopt_set_allow_iova`);
    }
  }
  ioas.allowed = new RangeList<Interval>(ranges.map((r) => ({ first: r.first, last: r.last })));
  return null;
}

// ---------------------------------------------------------------- alignment and domains

/** The domain geometry an HWPT carries. */
export interface DomainGeom {
  readonly apertureStart: u64;
  readonly apertureEnd: u64;
  readonly pgsizeBitmap: u64;
}

/** iopt_check_iova_alignment: every area's iova, length and page offset obey the new alignment. */
function misalignedArea(sim: Sim, ioas: IoasObject, align: u64): Area | undefined {
  const mask = align - 1n;
  const page = sim.state.platform.pageSize;
  for (const a of ioas.areas.values()) {
    if ((a.first & mask) || (len(a) & mask) || ((a.userVa % page) & mask)) return a;
  }
  return undefined;
}

/** iopt_calculate_iova_alignment, over the HWPTs listed (the IOAS's domains). */
export function wantedAlignment(sim: Sim, ctx: IommufdCtx, ioas: IoasObject, hwpts: readonly number[], disableLargePages: boolean): u64 {
  let a = disableLargePages ? sim.state.platform.pageSize : 1n;
  for (const h of hwpts) {
    const p = lowestBit(hwptOf(ctx, h).pgsizeBitmap);
    if (p > a) a = p;
  }
  void ioas;
  return a;
}

/** Recompute after a domain left or large pages changed; EADDRINUSE if it grows over a misaligned area. */
export function recalcAlignment(sim: Sim, ctx: IommufdCtx, ioas: IoasObject, disableLargePages: boolean): StepFail | null {
  const want = wantedAlignment(sim, ctx, ioas, ioas.hwpts, disableLargePages);
  if (want > ioas.iovaAlignment) {
    const bad = misalignedArea(sim, ioas, want);
    if (bad) return fail('EADDRINUSE', `the area [${hex(bad.first)}, ${hex(bad.last)}] is not aligned to the new iova_alignment ${hex(want)}`, `${IOPT}: iopt_check_iova_alignment`);
  }
  ioas.iovaAlignment = want;
  ioas.disableLargePages = disableLargePages;
  return null;
}

/**
 * iopt_table_add_domain, all checks (the caller then commits with commitDomain). The first
 * domain of an IOAS pins every area's pages, so an unbacked user address faults here.
 */
export function checkAddDomain(sim: Sim, ioas: IoasObject, g: DomainGeom, what: string): StepFail | null {
  const src = `${IOPT}: iopt_table_add_domain`;
  const page = sim.state.platform.pageSize;
  const smallest = lowestBit(g.pgsizeBitmap);
  const newAlign = smallest > ioas.iovaAlignment ? smallest : ioas.iovaAlignment;
  if (newAlign > page) {
    return fail('EINVAL', `the domain's smallest page ${hex(smallest)} is larger than PAGE_SIZE ${hex(page)}`, src);
  }
  if (newAlign !== ioas.iovaAlignment) {
    const bad = misalignedArea(sim, ioas, newAlign);
    if (bad) return fail('EADDRINUSE', `the existing area [${hex(bad.first)}, ${hex(bad.last)}] is not aligned to the domain's page size ${hex(newAlign)}`, `${IOPT}: iopt_check_iova_alignment`);
  }
  if (g.apertureStart !== 0n) {
    const bad = checkReserve(ioas, 0n, g.apertureStart - 1n, `${what}: the range below the aperture`);
    if (bad) return bad;
  }
  if (g.apertureEnd !== U64_MAX) {
    const bad = checkReserve(ioas, g.apertureEnd + 1n, U64_MAX, `${what}: the range above the aperture`);
    if (bad) return bad;
  }
  if (ioas.hwpts.length === 0 && sim.state.strictMemory) {
    for (const a of ioas.areas.values()) {
      if (!sim.userRangeMapped(a.userVa, len(a))) {
        return fail('EFAULT', `filling the new domain pins the area [${hex(a.first)}, ${hex(a.last)}], whose user memory ${hex(a.userVa)} is not mapped in the process`, `${IOPT}: iopt_fill_domain`);
      }
    }
  }
  return null;
}

/** The commit half of iopt_table_add_domain: aperture exclusions owned by the HWPT, new alignment. */
export function commitDomain(ioas: IoasObject, hwptId: number, g: DomainGeom): void {
  const owner = `hwpt:${hwptId}`;
  if (g.apertureStart !== 0n) ioas.reserved.add({ first: 0n, last: g.apertureStart - 1n, owner, kind: 'aperture' });
  if (g.apertureEnd !== U64_MAX) ioas.reserved.add({ first: g.apertureEnd + 1n, last: U64_MAX, owner, kind: 'aperture' });
  const smallest = lowestBit(g.pgsizeBitmap);
  if (smallest > ioas.iovaAlignment) ioas.iovaAlignment = smallest;
  ioas.hwpts.push(hwptId);
}

/** iopt_table_remove_domain: aperture exclusions go, alignment is recomputed (it can only shrink). */
export function removeDomain(sim: Sim, ctx: IommufdCtx, ioas: IoasObject, hwptId: number): void {
  removeReserved(ioas, `hwpt:${hwptId}`);
  ioas.hwpts = ioas.hwpts.filter((h) => h !== hwptId);
  ioas.iovaAlignment = wantedAlignment(sim, ctx, ioas, ioas.hwpts, ioas.disableLargePages);
}
