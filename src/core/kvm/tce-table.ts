// The guest-visible TCE tables: KVM_CREATE_SPAPR_TCE_64, closing the table fd, and the store of
// one guest TCE (arch/powerpc/kvm/book3s_64_vio.c).

import type { StepOutcome } from '../errno';
import { fail, ok } from '../errno';
import { IntervalMap } from '../intervals';
import type { Interval } from '../intervals';
import type { Handler } from '../sim/handler';
import { arg } from '../sim/handler';
import type { Sim } from '../sim/sim';
import { hex, U64_MAX } from '../u64';
import { add, kvmOf, pageShiftOf, ppcHost, shl, SRC } from './common';
import { putTable } from './hw-tables';
import type { GuestTceRun, SpaprTceTable } from './types';

/** MAX_PAGE_ORDER on ppc64 with 64 KiB pages (ARCH_FORCE_MAX_ORDER default 8). */
const MAX_PAGE_ORDER = 8;

/** kvmppc_tce_pages: pages of 8-byte TCEs for `size` entries, in u64 arithmetic. */
export function tcePages(sim: Sim, size: bigint): bigint {
  const shift = BigInt(pageShiftOf(sim));
  const page = 1n << shift;
  const bytes = (size * 8n) & U64_MAX; // iommu_pages * sizeof(u64)
  const aligned = (bytes + page - 1n) & U64_MAX & ~(page - 1n); // ALIGN(bytes, PAGE_SIZE)
  return aligned >> shift;
}

/** TCES_PER_PAGE: 8-byte entries in one kernel page. */
function tcesPerPage(sim: Sim): bigint {
  return (1n << BigInt(pageShiftOf(sim))) / 8n;
}

export const createSpaprTce64: Handler = (sim, step) => {
  if (!ppcHost(sim)) {
    return fail('ENOTTY', `KVM_CREATE_SPAPR_TCE_64 exists only on a powerpc host with CONFIG_SPAPR_TCE_IOMMU; ${sim.state.platform.name} has no such VM ioctl`, 'virt/kvm/kvm_main.c: kvm_vm_ioctl -> kvm_arch_vm_ioctl');
  }
  const flags = arg.intopt(step, 'flags') ?? 0;
  if (flags !== 0) return fail('EINVAL', `flags ${flags}: struct kvm_create_spapr_tce_64 defines no flag`, SRC.vmIoctl);
  const liobn = arg.u64(step, 'liobn');
  const pageShift = arg.int(step, 'page_shift');
  const offset = arg.u64(step, 'offset');
  const size = arg.u64(step, 'size');
  if (size === 0n) return fail('EINVAL', 'size 0: a window of no pages', SRC.create);
  if (pageShift < 12 || pageShift > 34) return fail('EINVAL', `page_shift ${pageShift} is outside 12..34`, SRC.create);
  // `args->offset + args->size > (ULLONG_MAX >> args->page_shift)`: the sum is u64 and wraps.
  const limit = U64_MAX >> BigInt(pageShift);
  const sum = add(offset, size);
  if (sum > limit) {
    return fail('EINVAL', `offset ${hex(offset)} + size ${hex(size)} pages is past ULLONG_MAX >> ${pageShift} (${hex(limit)}): the window would not fit in 64 bits`, SRC.create);
  }
  const wrapped = offset + size > U64_MAX;
  // kzalloc(struct_size(stt, pages, npages)) with __GFP_NOWARN: an array of page pointers larger
  // than the page allocator's largest block fails. The descriptor's own ~100 bytes are not counted,
  // so the edge is approximate.
  const npages = tcePages(sim, size);
  const kmallocMax = 1n << BigInt(MAX_PAGE_ORDER + pageShiftOf(sim));
  if (npages * 8n > kmallocMax) {
    return fail('ENOMEM', `the table descriptor needs ${hex(npages * 8n)} bytes of page pointers (${npages} pages of TCEs), more than kmalloc's largest block ${hex(kmallocMax)} (MAX_PAGE_ORDER ${MAX_PAGE_ORDER}; read from the code, unverified)`, SRC.create);
  }
  const kvm = kvmOf(sim);
  for (const t of kvm.tables.values()) {
    if (t.liobn === liobn) return fail('EBUSY', `LIOBN ${hex(liobn)} already has a TCE table in this VM`, SRC.create);
  }
  const t: SpaprTceTable = {
    id: kvm.nextTableId++, liobn, pageShift, offset, size, stits: [],
    entries: new IntervalMap<GuestTceRun>(), pages: new IntervalMap<Interval>(),
  };
  kvm.tables.set(t.id, t);
  const fd = sim.allocFd({ kind: 'kvm-spapr-tce', table: t.id });
  sim.bind(step.as, { kind: 'fd', fd });
  if (!wrapped) return ok({ fd });
  return ok({ fd }, {
    note: `offset + size wraps past 2^64 (to ${hex(sum)}), so the check passes: the kernel accepts a window starting at bus address ` +
      `${hex(shl(offset, pageShift))} (offset << page_shift, wrapped) that no ioba can reach (read from the code, unverified on a real kernel).`,
  });
};

/**
 * kvm_spapr_tce_release (the table fd's last close): the LIOBN leaves the VM's list, every link
 * to a hardware table is dropped whatever its kref, and the guest-visible table is freed.
 */
export function closeTableFile(sim: Sim, fd: number, id: number): StepOutcome {
  void fd;
  const kvm = kvmOf(sim);
  const t = kvm.tables.get(id);
  if (!t) return ok();
  kvm.tables.delete(id);
  const freed: string[] = [];
  for (const s of t.stits) {
    const msg = putTable(sim, s.hw);
    if (msg) freed.push(msg);
  }
  const links = t.stits.length;
  const parts = [`LIOBN ${hex(t.liobn)} is gone from the VM`];
  if (links) parts.push(`its ${links} hardware table link${links === 1 ? '' : 's'} dropped (kref put until 0)`);
  if (freed.length) parts.push(freed.join('; '));
  return ok({}, { note: parts.join('; ') + '.' });
}

/**
 * kvmppc_tce_put: stores `tce` at `ioba` in the guest-visible table. The page holding the entry
 * is allocated on the first non-zero value; a zero into a page never allocated stores nothing.
 */
export function putGuestTce(sim: Sim, t: SpaprTceTable, ioba: bigint, tce: bigint): void {
  const shift = BigInt(t.pageShift);
  const idx = (ioba >> shift) - t.offset;
  const page = idx / tcesPerPage(sim);
  if (!t.pages.containing(page)) {
    if (tce === 0n) return;
    allocPage(t.pages, page);
  }
  const pg = 1n << shift;
  const last = ioba + pg - 1n;
  const old = t.entries.containing(ioba);
  if (old) {
    t.entries.remove(old.first);
    if (old.first < ioba) t.entries.insert({ first: old.first, last: ioba - 1n, tce: old.tce });
    if (old.last > last) t.entries.insert({ first: last + 1n, last: old.last, tce: old.tce + (last + 1n - old.first) });
  }
  if (tce === 0n) return;
  let run: GuestTceRun = { first: ioba, last, tce };
  // Merge with a neighbour whose values continue this one (same R/W bits, next page).
  const before = ioba > 0n ? t.entries.containing(ioba - 1n) : undefined;
  if (before && before.tce + (ioba - before.first) === tce) {
    t.entries.remove(before.first);
    run = { first: before.first, last, tce: before.tce };
  }
  const after = last < U64_MAX ? t.entries.get(last + 1n) : undefined;
  if (after && run.tce + (after.first - run.first) === after.tce) {
    t.entries.remove(after.first);
    run = { ...run, last: after.last };
  }
  t.entries.insert(run);
}

function allocPage(pages: IntervalMap<Interval>, p: bigint): void {
  let first = p;
  let last = p;
  const before = p > 0n ? pages.containing(p - 1n) : undefined;
  if (before) {
    pages.remove(before.first);
    first = before.first;
  }
  const after = pages.get(p + 1n);
  if (after) {
    pages.remove(after.first);
    last = after.last;
  }
  pages.insert({ first, last });
}

/** The table's bus window [offset << page_shift, +size << page_shift) as the kernel computes it (u64). */
export function guestWindow(t: SpaprTceTable): { start: bigint; bytes: bigint } {
  return { start: shl(t.offset, t.pageShift), bytes: shl(t.size, t.pageShift) };
}
