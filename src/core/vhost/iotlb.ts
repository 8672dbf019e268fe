// The vhost IOTLB of one device and the parent calls it triggers (drivers/vhost/vdpa.c, 6.12):
// vhost_vdpa_process_iotlb_update, vhost_vdpa_pa_map / va_map, vhost_vdpa_map,
// vhost_vdpa_unmap, vhost_vdpa_iotlb_unmap (pa_unmap / va_unmap), vhost_vdpa_general_unmap.
// Errors here are the handler's *inner* errno; the write path (msg.ts) turns them into EFAULT.
//
// Convention (scenario-format.md): when the kernel pins pages it splits one UPDATE into one entry
// per physically contiguous run of pages, which a simulator cannot know; each accepted UPDATE is
// modelled as one contiguous run, so one entry and one parent map call. User-VA mode splits per
// VMA piece, which the simulator does know (vaMap).

import type { Errno } from '../errno';
import { IntervalMap } from '../intervals';
import type { Sim } from '../sim/sim';
import type { u64 } from '../u64';
import { add64, U64_MAX } from '../u64';
import type { ParentSpec } from './parents';
import type { IotlbEntry, VdpaDevice, VhostPerm } from './types';
import { incrementalMap, setMap } from './xlate';

export const VDPA_C = 'drivers/vhost/vdpa.c';
export const IOTLB_C = 'drivers/vhost/iotlb.c';

export interface Inner {
  readonly errno: Errno;
  readonly reason: string;
  readonly source: string;
}

const inner = (errno: Errno, reason: string, fn: string, file = VDPA_C): Inner => ({ errno, reason, source: `${file}: ${fn}` });

/** vhost_vdpa.max_iotlb_entries (module parameter, 0444; default 2048 in 6.12). */
export const DEFAULT_MAX_IOTLB_ENTRIES = 2048;

/**
 * vhost_vdpa_find_alloc_as: the ASID's IOTLB, created on first use. null when asid >= nas
 * (or max_iotlb_entries <= 0, which makes vhost_vdpa_alloc_as refuse every ASID).
 */
export function findAllocAs(dev: VdpaDevice, spec: ParentSpec, asid: number, maxEntries: number): IntervalMap<IotlbEntry> | null {
  const as = dev.ases.get(asid);
  if (as) return as;
  if (asid >= spec.nas || maxEntries <= 0) return null;
  const created = new IntervalMap<IotlbEntry>();
  dev.ases.set(asid, created);
  return created;
}

/** VHOST_IOTLB_UPDATE inside the handler (after the ASID and batch checks). */
export function processUpdate(
  sim: Sim, dev: VdpaDevice, spec: ParentSpec, asid: number, iotlb: IntervalMap<IotlbEntry>,
  msg: { iova: u64; size: u64; uaddr: u64; perm: VhostPerm }, range: { first: u64; last: u64 }, maxEntries: number,
): Inner | null {
  const { iova, size } = msg;
  const fn = 'vhost_vdpa_process_iotlb_update';
  if (iova < range.first) return inner('EINVAL', `iova 0x${iova.toString(16)} is below the device's IOVA range (first 0x${range.first.toString(16)})`, fn);
  if (size === 0n) return inner('EINVAL', 'size is 0', fn);
  if (iova > U64_MAX - size + 1n) return inner('EINVAL', `iova + size wraps past 2^64 (iova 0x${iova.toString(16)}, size 0x${size.toString(16)})`, fn);
  const last = iova + size - 1n;
  if (last > range.last) return inner('EINVAL', `the range ends at 0x${last.toString(16)}, past the device's IOVA range (last 0x${range.last.toString(16)})`, fn);
  const hit = iotlb.firstIntersecting(iova, last);
  if (hit) {
    return inner('EEXIST', `[0x${iova.toString(16)}, 0x${last.toString(16)}] overlaps the entry [0x${hit.first.toString(16)}, 0x${hit.last.toString(16)}] of ASID ${asid}; entries are never merged or replaced (INVALIDATE first)`, fn);
  }
  return spec.useVa ? vaMap(sim, dev, spec, asid, iotlb, msg, maxEntries) : paMap(sim, dev, spec, asid, iotlb, msg, maxEntries);
}

/** vhost_vdpa_pa_map: pin the pages, then one vhost_vdpa_map per contiguous run (one here). */
function paMap(
  sim: Sim, dev: VdpaDevice, spec: ParentSpec, asid: number, iotlb: IntervalMap<IotlbEntry>,
  msg: { iova: u64; size: u64; uaddr: u64; perm: VhostPerm }, maxEntries: number,
): Inner | null {
  const fn = 'vhost_vdpa_pa_map';
  const page = sim.state.platform.pageSize;
  const pageOffset = msg.iova & (page - 1n);
  if (msg.size > U64_MAX - pageOffset) return inner('EINVAL', 'size + the page offset of iova overflows', fn);
  const npages = (msg.size + pageOffset + page - 1n) / page;
  // RLIMIT_MEMLOCK is not modelled: it is unlimited, as in the oracle harness (and for QEMU with
  // a large enough limit); a real limit fails here with -ENOMEM.
  const base = msg.uaddr & ~(page - 1n);
  const hole = firstUnmappedPage(sim, base, npages, page);
  if (hole !== null) {
    // pin_user_pages in batches of PAGE_SIZE / sizeof(struct page *) = 512 pages: a batch whose
    // first page faults returns -EFAULT, a batch cut short is -ENOMEM. Then everything is undone.
    const batchStart = (hole / 512n) * 512n;
    const errno: Errno = hole === batchStart ? 'EFAULT' : 'ENOMEM';
    rollback(dev, spec, asid, iotlb, msg.iova, msg.size);
    return inner(errno, `pin_user_pages failed at user address 0x${(base + hole * page).toString(16)} (not mapped in the process); the UPDATE is undone`, fn);
  }
  // The entry covers whole pages: iova is aligned down, the size rounded to npages.
  const first = msg.iova - pageOffset;
  const entry: IotlbEntry = { first, last: first + npages * page - 1n, uaddr: base, perm: msg.perm };
  const r = vhostVdpaMap(dev, spec, asid, iotlb, entry, maxEntries);
  if (r) {
    rollback(dev, spec, asid, iotlb, msg.iova, msg.size);
    return r;
  }
  dev.pinnedPages += npages;
  dev.sinceReset.pagesPinned += npages;
  return null;
}

/**
 * vhost_vdpa_va_map: no pinning; one entry per VMA piece, walking with find_vma(), which returns
 * the first VMA ending above the address (a hole before it is not noticed: the piece then spans
 * the hole). Only shared file-backed VMAs become entries, others are skipped silently. The
 * simulator treats the scenario's memory as shared and file-backed (memfd, as QEMU must give
 * user-VA parents, and as the oracle does), and gives the process the stack VMA every process has
 * below TASK_SIZE (anonymous: skipped). Past it find_vma() is NULL: -EINVAL, and what was mapped
 * is undone by vhost_vdpa_unmap(iova, bytes walked). Without mmap steps all memory is one piece.
 */
function vaMap(
  sim: Sim, dev: VdpaDevice, spec: ParentSpec, asid: number, iotlb: IntervalMap<IotlbEntry>,
  msg: { iova: u64; size: u64; uaddr: u64; perm: VhostPerm }, maxEntries: number,
): Inner | null {
  const fn = 'vhost_vdpa_va_map';
  let off = 0n;
  while (off < msg.size) {
    const piece = vmaPiece(sim, msg.uaddr + off, msg.size - off);
    if (!piece) {
      rollback(dev, spec, asid, iotlb, msg.iova, off);
      const wiped = off === 0n && msg.iova === 0n ? '; the undo unmaps [0, 0 - 1], i.e. the whole ASID' : '';
      return inner('EINVAL', `find_vma() finds no VMA at or above user address 0x${(msg.uaddr + off).toString(16)} (past the stack)${wiped}`, fn);
    }
    if (piece.shared) {
      const entry: IotlbEntry = { first: msg.iova + off, last: msg.iova + off + piece.len - 1n, uaddr: msg.uaddr + off, perm: msg.perm };
      const r = vhostVdpaMap(dev, spec, asid, iotlb, entry, maxEntries);
      if (r) {
        rollback(dev, spec, asid, iotlb, msg.iova, off);
        return r;
      }
    }
    off += piece.len;
  }
  return null;
}

/** vhost_vdpa_map: enter the range in the IOTLB, then tell the parent. */
function vhostVdpaMap(dev: VdpaDevice, spec: ParentSpec, asid: number, iotlb: IntervalMap<IotlbEntry>, e: IotlbEntry, maxEntries: number): Inner | null {
  // vhost_iotlb_add_range_ctx: the IOTLB was initialized with limit = max_iotlb_entries and no
  // VHOST_IOTLB_FLAG_RETIRE, so a full IOTLB refuses the entry.
  if (iotlb.size >= maxEntries) {
    return inner('ENOSPC', `ASID ${asid} already holds ${iotlb.size} entries, the limit (vhost_vdpa max_iotlb_entries = ${maxEntries})`, 'vhost_iotlb_add_range_ctx', IOTLB_C);
  }
  iotlb.insert(e);
  switch (spec.mapOps) {
    case 'dma_map':
      incrementalMap(dev, asid).insert(e);
      dev.calls.dma_map++;
      dev.sinceReset.calls.dma_map++;
      break;
    case 'set_map':
      // Inside a batch the parent hears nothing until BATCH_END.
      if (!dev.inBatch) setMap(dev, asid);
      break;
    case 'iommu':
      incrementalMap(dev, asid).insert(e);
      dev.calls.iommu_map++;
      dev.sinceReset.calls.iommu_map++;
      break;
    default: {
      const never: never = spec.mapOps;
      return never;
    }
  }
  return null;
}

/** The failure path of pa_map / va_map: vhost_vdpa_unmap(iova, size) of what was done so far. */
function rollback(dev: VdpaDevice, spec: ParentSpec, asid: number, iotlb: IntervalMap<IotlbEntry>, iova: u64, size: u64): void {
  vhostVdpaUnmap(dev, spec, asid, iotlb, iova, size);
}

/**
 * vhost_vdpa_unmap (INVALIDATE, and the undo of a failed UPDATE): removes every entry overlapping
 * [iova, iova + size - 1] whole (u64 arithmetic: size 0 at iova 0 is the whole space, a range
 * that wraps finds nothing), then one set_map for set_map parents outside a batch, even when
 * nothing was removed. Returns the bytes removed.
 */
export function vhostVdpaUnmap(dev: VdpaDevice, spec: ParentSpec, asid: number, iotlb: IntervalMap<IotlbEntry>, iova: u64, size: u64): u64 {
  const last = add64(iova, add64(size, U64_MAX)); // iova + size - 1, wrapped
  const removed = iotlbUnmap(dev, spec, asid, iotlb, iova, last);
  if (spec.mapOps === 'set_map' && !dev.inBatch) setMap(dev, asid);
  return removed;
}

/**
 * vhost_vdpa_iotlb_unmap: every entry overlapping [first, last] is removed in full (never split);
 * PA mode unpins its pages (pinned_vm -= PFN_DOWN(size)); dma_map parents get one dma_unmap and
 * platform-IOMMU parents one iommu_unmap per entry; set_map parents nothing here. An interval
 * query with first > last only finds entries spanning [last, first], which cannot exist here.
 */
export function iotlbUnmap(dev: VdpaDevice, spec: ParentSpec, asid: number, iotlb: IntervalMap<IotlbEntry>, first: u64, last: u64): u64 {
  if (first > last) return 0n;
  let bytes = 0n;
  for (const e of [...iotlb.intersecting(first, last)]) {
    iotlb.remove(e.first);
    const size = e.last - e.first + 1n;
    bytes += size;
    if (!spec.useVa) dev.pinnedPages -= size / dev.pageSize;
    switch (spec.mapOps) {
      case 'dma_map':
        incrementalMap(dev, asid).remove(e.first);
        dev.calls.dma_unmap++;
        dev.sinceReset.calls.dma_unmap++;
        break;
      case 'iommu':
        incrementalMap(dev, asid).remove(e.first);
        dev.calls.iommu_unmap++;
        dev.sinceReset.calls.iommu_unmap++;
        break;
      case 'set_map':
        break;
      default: {
        const never: never = spec.mapOps;
        return never;
      }
    }
  }
  return bytes;
}

/** Index (in pages) of the first page of [base, base + npages pages) outside the process's memory, or null. */
function firstUnmappedPage(sim: Sim, base: u64, npages: u64, page: u64): u64 | null {
  if (!sim.state.strictMemory) return null;
  let cur = base;
  const end = base + npages * page;
  while (cur < end) {
    const v = sim.state.vmas.containing(cur);
    if (!v) return (cur - base) / page;
    cur = v.last + 1n;
  }
  return null;
}

/** The end of the stack VMA (TASK_SIZE on x86-64 with 4-level paging). */
const STACK_END = 0x7ffffffff000n;

/** The piece of [uaddr, uaddr + size) vhost_vdpa_va_map handles next, and whether it becomes an entry. */
function vmaPiece(sim: Sim, uaddr: u64, size: u64): { len: u64; shared: boolean } | null {
  if (!sim.state.strictMemory) return { len: size, shared: true };
  const v = sim.state.vmas.containing(uaddr) ?? sim.state.vmas.atOrAfter(uaddr);
  if (v) {
    const len = v.last + 1n - uaddr;
    return { len: len < size ? len : size, shared: true };
  }
  if (uaddr >= STACK_END) return null;
  const len = STACK_END - uaddr;
  return { len: len < size ? len : size, shared: false };
}
