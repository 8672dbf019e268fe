// A deliberately simple reference model of iommufd IOASes (kernel-semantics.md part 1 §1.4,
// §1.5, §2): sorted arrays of areas and reserved ranges, naive scans, the kernel's check order
// written out step by step. Each predict* function returns the result the kernel gives and
// applies the kernel's effect to the model (on success, or the partial effect of a failing
// IOAS_UNMAP).

import type { Expected } from './harness';
import { ERR, OK, U64_MAX } from './harness';
import type { Iv } from './naive';
import { holes, intersects, len, lowestBit, roundupPow2, sorted, union } from './naive';

export type IoasName = 'A' | 'B';
/** 'bad' names a device object: the IOAS lookup must fail with ENOENT. */
export type IoasRef = IoasName | 'bad';
export type DevName = 'dev0' | 'dev1';

export interface PlatformModel {
  readonly name: 'selftest-mock' | 'x86-vtd-48';
  readonly pageSize: bigint;
  /** HPAGE_SIZE: the auto-IOVA alignment cap on a THP kernel (§2.6, part 4). */
  readonly hpageSize: bigint;
  readonly apertureStart: bigint;
  readonly apertureEnd: bigint;
  /** 1 << __ffs(domain->pgsize_bitmap). */
  readonly minPage: bigint;
  /** Each device's reserved regions (every type but DIRECT_RELAXABLE). */
  readonly resv: readonly Iv[];
  /** The generators' universe. */
  readonly anchors: readonly bigint[];
  readonly unit: bigint;
}

/** §1.1 (MOCK_APERTURE_START/LAST, MOCK_IO_PAGE_SIZE = PAGE_SIZE / 2), §2.4, §2.1. */
export const MOCK: PlatformModel = {
  name: 'selftest-mock', pageSize: 0x1000n, hpageSize: 0x200000n,
  apertureStart: 1n << 24n, apertureEnd: (1n << 31n) - 1n, minPage: 0x800n, resv: [],
  anchors: [0n, 0x10000n, 1n << 24n, 1n << 31n, U64_MAX - 0x3fffn, U64_MAX], unit: 0x800n,
};

/** Part 2 §4: VT-d 4-level second stage [0, 2^48-1], 4K|2M|1G, MSI window 0xfee00000-0xfeefffff. */
export const VTD48: PlatformModel = {
  name: 'x86-vtd-48', pageSize: 0x1000n, hpageSize: 0x200000n,
  apertureStart: 0n, apertureEnd: (1n << 48n) - 1n, minPage: 0x1000n, resv: [{ first: 0xfee00000n, last: 0xfeefffffn }],
  anchors: [0n, 0x10000n, 0xfee00000n, 0xfef00000n, 1n << 48n, U64_MAX - 0x3fffn, U64_MAX], unit: 0x1000n,
};

export interface MArea extends Iv {
  readonly userVa: bigint;
  readonly read: boolean;
  readonly write: boolean;
  /** iopt_pages->writable of the pages behind it (the creating MAP's WRITEABLE). */
  readonly pagesWritable: boolean;
}

export interface MReserved extends Iv {
  readonly owner: string;
}

export interface MIoas {
  readonly id: number;
  areas: MArea[];
  reserved: MReserved[];
  /** IOMMU_IOAS_ALLOW_IOVAS list (empty: no restriction). */
  allowed: Iv[];
  /** Auto HWPTs on this IOAS, creation order. */
  hwpts: number[];
}

export interface MHwpt {
  readonly id: number;
  readonly ioas: IoasName;
  devices: DevName[];
}

export interface IoasModel {
  readonly p: PlatformModel;
  readonly ioas: Record<IoasName, MIoas>;
  readonly hwpts: Map<number, MHwpt>;
  readonly devs: Record<DevName, { readonly objId: number; hwpt: number | null }>;
  /** Object ids in use in the iommufd (ids are shared by every object type, lowest free first). */
  readonly ids: Set<number>;
}

// ---------------------------------------------------------------- derived values

/** iopt_calculate_iova_alignment: max(1, each domain's smallest page). */
export function alignmentOf(m: IoasModel, name: IoasName): bigint {
  return m.ioas[name].hwpts.length > 0 ? m.p.minPage : 1n;
}

/** IOMMU_IOAS_IOVA_RANGES: the holes of the reserved ranges over [0, U64_MAX] (§2.4). */
export function usableRanges(m: IoasModel, name: IoasName): Iv[] {
  return holes(m.ioas[name].reserved, 0n, U64_MAX);
}

function lowestFreeId(m: IoasModel): number {
  let i = 1;
  while (m.ids.has(i)) i++;
  return i;
}

const hitsAny = (xs: readonly Iv[], first: bigint, last: bigint): boolean => xs.some((x) => intersects(x, first, last));

// ---------------------------------------------------------------- automatic IOVA (§2.6)

/** __alloc_iova_check_range, written out: the aligned start if [start, last] fits, else null. */
function fitIn(start: bigint, last: bigint, length: bigint, align: bigint, pageOffset: bigint): bigint | null {
  if (start + align - 1n > U64_MAX) return null; // check_add_overflow in ALIGN_UP
  let s = ((start + align - 1n) / align) * align;
  s = s | pageOffset;
  // Strict: a hole whose aligned start is its last byte never fits.
  if (s >= last || last - s < length - 1n) return null;
  return s;
}

/** iopt_alloc_iova with no allowed list: first fit, lowest address, by a naive scan. */
export function autoIova(m: IoasModel, name: IoasName, addr: bigint, length: bigint): bigint | string {
  const page = m.p.pageSize;
  const pageOffset = addr % page;
  // ULONG_MAX / 2 is C integer division.
  if (length === 0n || length >= U64_MAX / 2n) return 'EOVERFLOW';
  let align = roundupPow2(length);
  if (addr !== 0n) {
    const low = lowestBit(addr);
    if (low < align) align = low;
  }
  if (align >= m.p.hpageSize) align = m.p.hpageSize;
  if (align < alignmentOf(m, name)) return 'EINVAL';
  // The allowed spans (adjacent ranges merge) clipped to [PAGE_SIZE, ULONG_MAX - PAGE_SIZE];
  // with no allowed list, that whole window. Each span is itself checked (its start aligned) first.
  const lo = page;
  const hi = U64_MAX - page;
  const io = m.ioas[name];
  const spans = io.allowed.length === 0
    ? [{ first: lo, last: hi }]
    : union(io.allowed)
      .map((a) => ({ first: a.first > lo ? a.first : lo, last: a.last < hi ? a.last : hi }))
      .filter((a) => a.first <= a.last);
  for (const span of spans) {
    const start = fitIn(span.first, span.last, length, align, pageOffset);
    if (start === null) continue;
    for (const h of holes([...io.reserved, ...io.areas], start, span.last)) {
      const s = fitIn(h.first, h.last, length, align, pageOffset);
      if (s !== null) return s;
    }
  }
  return 'ENOSPC';
}

// ---------------------------------------------------------------- MAP / COPY

interface Slice {
  readonly userVa: bigint;
  readonly length: bigint;
  readonly pagesWritable: boolean;
}

/**
 * iopt_map_pages after the ioctl's own checks (§2.5 steps 6-9): length vs alignment, fixed
 * iova checks or auto allocation, then per slice iopt_insert_area (EPERM, page offset).
 */
function mapPages(m: IoasModel, name: IoasName, slices: readonly Slice[], length: bigint, fixed: bigint | null, read: boolean, write: boolean): Expected {
  const io = m.ioas[name];
  const align = alignmentOf(m, name);
  if (length % align !== 0n || length === 0n) return ERR('EINVAL');
  let iova: bigint;
  if (fixed !== null) {
    if (fixed % align !== 0n) return ERR('EINVAL');
    if (fixed + length - 1n > U64_MAX) return ERR('EOVERFLOW');
    const last = fixed + length - 1n;
    if (hitsAny(io.reserved, fixed, last)) return ERR('EINVAL');
    if (hitsAny(io.areas, fixed, last)) return ERR('EEXIST');
    iova = fixed;
  } else {
    const got = autoIova(m, name, slices[0]!.userVa, length);
    if (typeof got === 'string') return ERR(got);
    iova = got;
  }
  const created: MArea[] = [];
  let at = iova;
  for (const s of slices) {
    if (write && !s.pagesWritable) return ERR('EPERM');
    if ((s.userVa % m.p.pageSize) % align !== 0n) return ERR('EINVAL');
    created.push({ first: at, last: at + s.length - 1n, userVa: s.userVa, read, write, pagesWritable: s.pagesWritable });
    at += s.length;
  }
  io.areas = sorted([...io.areas, ...created]);
  return { ok: true, out: { iova } };
}

export interface MapReq {
  readonly ioas: IoasRef;
  readonly userVa: bigint;
  readonly length: bigint;
  /** null: automatic IOVA (no FIXED_IOVA, no iova field). */
  readonly iova: bigint | null;
  readonly read: boolean;
  readonly write: boolean;
}

/** IOMMU_IOAS_MAP, §2.5 in order. */
export function predictMap(m: IoasModel, q: MapReq): Expected {
  const iovaField = q.iova ?? 0n;
  if (iovaField === U64_MAX || q.length === U64_MAX) return ERR('EOVERFLOW');
  if (!q.read && !q.write) return ERR('EINVAL');
  if (q.ioas === 'bad') return ERR('ENOENT');
  if (q.userVa + q.length > U64_MAX) return ERR('EOVERFLOW');
  if (q.length === 0n || q.length > U64_MAX - m.p.pageSize) return ERR('EINVAL');
  return mapPages(m, q.ioas, [{ userVa: q.userVa, length: q.length, pagesWritable: q.write }], q.length, q.iova, q.read, q.write);
}

export interface CopyReq {
  readonly dst: IoasRef;
  readonly src: IoasRef;
  readonly srcIova: bigint;
  readonly length: bigint;
  readonly dstIova: bigint | null;
  readonly read: boolean;
  readonly write: boolean;
}

/** IOMMU_IOAS_COPY, §2.8 in order; the MAP result's `iova` is reported as `dst_iova`. */
export function predictCopy(m: IoasModel, q: CopyReq): Expected {
  if (q.length === U64_MAX || q.srcIova === U64_MAX || (q.dstIova ?? 0n) === U64_MAX) return ERR('EOVERFLOW');
  if (!q.read && !q.write) return ERR('EINVAL');
  if (q.src === 'bad') return ERR('ENOENT');
  // iopt_get_pages: a gap-free run of areas from the one holding src_iova.
  if (q.length === 0n) return ERR('EINVAL');
  if (q.srcIova + q.length - 1n > U64_MAX) return ERR('EOVERFLOW');
  const last = q.srcIova + q.length - 1n;
  const slices: Slice[] = [];
  let cur = q.srcIova;
  for (;;) {
    const a = m.ioas[q.src].areas.find((x) => x.first <= cur && x.last >= cur);
    if (!a) return ERR('ENOENT');
    const end = a.last < last ? a.last : last;
    slices.push({ userVa: a.userVa + (cur - a.first), length: end - cur + 1n, pagesWritable: a.pagesWritable });
    if (end === last) break;
    cur = end + 1n;
  }
  if (q.dst === 'bad') return ERR('ENOENT');
  const r = mapPages(m, q.dst, slices, q.length, q.dstIova, q.read, q.write);
  return r.ok && r.out ? { ok: true, out: { dst_iova: r.out.iova } } : r;
}

// ---------------------------------------------------------------- UNMAP (§2.7)

export function predictUnmap(m: IoasModel, ref: IoasRef, iova: bigint, length: bigint): Expected {
  if (ref === 'bad') return ERR('ENOENT');
  const io = m.ioas[ref];
  if (iova === 0n && length === U64_MAX) {
    const total = io.areas.reduce((t, a) => t + len(a), 0n);
    io.areas = [];
    return OK({ length: total });
  }
  if (iova === U64_MAX || length === U64_MAX) return ERR('EOVERFLOW');
  if (length === 0n) return ERR('EINVAL');
  if (iova + length - 1n > U64_MAX) return ERR('EOVERFLOW');
  const last = iova + length - 1n;
  let unmapped = 0n;
  let removed = 0;
  // The lowest intersecting area, again and again: not atomic, lower areas stay unmapped.
  for (const a of io.areas.filter((x) => intersects(x, iova, last))) {
    if (a.first < iova || a.last > last) return ERR('ENOENT', removed > 0);
    io.areas = io.areas.filter((x) => x !== a);
    unmapped += len(a);
    removed++;
  }
  if (unmapped === 0n) return ERR('ENOENT');
  return OK({ length: unmapped });
}

// ---------------------------------------------------------------- attach / detach (§1.4, §1.5)

/** Would adding a new domain to this IOAS fail (iopt_table_add_domain: alignment, aperture)? */
function domainRefused(m: IoasModel, name: IoasName): boolean {
  const io = m.ioas[name];
  const newAlign = m.p.minPage > alignmentOf(m, name) ? m.p.minPage : alignmentOf(m, name);
  if (newAlign > m.p.pageSize) return true; // EINVAL, never on these platforms
  const misaligned = io.areas.some((a) => a.first % newAlign !== 0n || len(a) % newAlign !== 0n || (a.userVa % m.p.pageSize) % newAlign !== 0n);
  if (misaligned) return true;
  if (m.p.apertureStart !== 0n && reserveRefused(m, name, 0n, m.p.apertureStart - 1n)) return true;
  if (m.p.apertureEnd !== U64_MAX && reserveRefused(m, name, m.p.apertureEnd + 1n, U64_MAX)) return true;
  return false;
}

/** iopt_reserve_iova refuses a range over an existing area or an allowed range. */
function reserveRefused(m: IoasModel, name: IoasName, first: bigint, last: bigint): boolean {
  return hitsAny(m.ioas[name].areas, first, last) || hitsAny(m.ioas[name].allowed, first, last);
}

/** Would the device's reserved regions be refused? */
function resvRefused(m: IoasModel, name: IoasName): boolean {
  return m.p.resv.some((r) => reserveRefused(m, name, r.first, r.last));
}

function addDomain(m: IoasModel, name: IoasName, id: number, dev: DevName): void {
  const io = m.ioas[name];
  const owner = `hwpt:${id}`;
  if (m.p.apertureStart !== 0n) io.reserved.push({ first: 0n, last: m.p.apertureStart - 1n, owner });
  if (m.p.apertureEnd !== U64_MAX) io.reserved.push({ first: m.p.apertureEnd + 1n, last: U64_MAX, owner });
  io.reserved = sorted(io.reserved);
  io.hwpts.push(id);
  m.hwpts.set(id, { id, ioas: name, devices: [dev] });
  m.ids.add(id);
}

function addResv(m: IoasModel, name: IoasName, dev: DevName): void {
  const owner = `dev:${m.devs[dev].objId}`;
  m.ioas[name].reserved = sorted([...m.ioas[name].reserved, ...m.p.resv.map((r) => ({ first: r.first, last: r.last, owner }))]);
}

function dropOwner(m: IoasModel, name: IoasName, owner: string): void {
  m.ioas[name].reserved = m.ioas[name].reserved.filter((r) => r.owner !== owner);
}

/** iommufd_hw_pagetable_put of an auto HWPT left without devices: the domain leaves its IOAS. */
function putHwpt(m: IoasModel, h: MHwpt): void {
  if (h.devices.length > 0) return;
  dropOwner(m, h.ioas, `hwpt:${h.id}`);
  m.ioas[h.ioas].hwpts = m.ioas[h.ioas].hwpts.filter((x) => x !== h.id);
  m.hwpts.delete(h.id);
  m.ids.delete(h.id);
}

/**
 * VFIO_DEVICE_ATTACH_IOMMUFD_PT with pt_id = an IOAS: attach with an automatic domain, or
 * replace when the device is attached already. Every device here is its own iommu group, and an
 * IOAS has at most one automatic HWPT (a compatible one is always reused). All refusals on these
 * platforms are EADDRINUSE (reserved region or aperture over an area, area misaligned).
 */
export function predictAttach(m: IoasModel, dev: DevName, target: IoasName): Expected {
  const d = m.devs[dev];
  const existing = m.ioas[target].hwpts[0];
  if (d.hwpt === null) {
    if (existing !== undefined) {
      if (resvRefused(m, target)) return ERR('EADDRINUSE');
      m.hwpts.get(existing)!.devices.push(dev);
      d.hwpt = existing;
      addResv(m, target, dev);
      return OK({ pt_id: existing });
    }
    // immediate_attach: the group's reserved regions first, then iopt_table_add_domain.
    if (resvRefused(m, target) || domainRefused(m, target)) return ERR('EADDRINUSE');
    const id = lowestFreeId(m);
    addDomain(m, target, id, dev);
    d.hwpt = id;
    addResv(m, target, dev);
    return OK({ pt_id: id });
  }
  const old = m.hwpts.get(d.hwpt)!;
  if (old.ioas === target) return OK({ pt_id: old.id }); // same HWPT: a successful no-op
  let id: number;
  if (existing !== undefined) {
    if (resvRefused(m, target)) return ERR('EADDRINUSE');
    id = existing;
    m.hwpts.get(existing)!.devices.push(dev);
  } else {
    // Replace allocates the domain (iopt_table_add_domain) before moving the reserved regions.
    if (domainRefused(m, target) || resvRefused(m, target)) return ERR('EADDRINUSE');
    id = lowestFreeId(m);
    addDomain(m, target, id, dev);
  }
  addResv(m, target, dev);
  dropOwner(m, old.ioas, `dev:${d.objId}`);
  old.devices = old.devices.filter((x) => x !== dev);
  d.hwpt = id;
  putHwpt(m, old);
  return OK({ pt_id: id });
}

/** VFIO_DEVICE_DETACH_IOMMUFD_PT: always succeeds (a no-op when not attached). */
export function predictDetach(m: IoasModel, dev: DevName): Expected {
  const d = m.devs[dev];
  if (d.hwpt === null) return OK();
  const h = m.hwpts.get(d.hwpt)!;
  h.devices = h.devices.filter((x) => x !== dev);
  dropOwner(m, h.ioas, `dev:${d.objId}`);
  d.hwpt = null;
  putHwpt(m, h);
  return OK();
}

// ---------------------------------------------------------------- ALLOW_IOVAS (§2.3)

/**
 * IOMMU_IOAS_ALLOW_IOVAS: each range needs start < last and must not overlap an earlier one of
 * the list (EINVAL); the new list replaces the old one unless a range hits a reserved range
 * (EADDRINUSE, old list kept). Existing areas are not checked.
 */
export function predictAllow(m: IoasModel, ref: IoasRef, ranges: readonly { start: bigint; last: bigint }[]): Expected {
  if (ref === 'bad') return ERR('ENOENT');
  const loaded: Iv[] = [];
  for (const r of ranges) {
    if (r.start >= r.last) return ERR('EINVAL');
    if (hitsAny(loaded, r.start, r.last)) return ERR('EINVAL');
    loaded.push({ first: r.start, last: r.last });
  }
  const io = m.ioas[ref];
  if (loaded.some((a) => hitsAny(io.reserved, a.first, a.last))) return ERR('EADDRINUSE');
  io.allowed = sorted(loaded);
  return OK();
}
