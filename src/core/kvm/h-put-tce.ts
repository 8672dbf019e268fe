// The guest's H_PUT_TCE hypercall handled in the host kernel (kvmppc_h_put_tce,
// arch/powerpc/kvm/book3s_64_vio.c): check the LIOBN, the ioba and the TCE, then write the TCE
// through every linked hardware table (one guest TCE = 2^(guest shift - host shift) host TCEs,
// landing in that table's TCE runs, which the container's inspect lists), then into the
// guest-visible table. The step succeeds whatever the hcall returns: `out.ret` is its name.
//
// H_TOO_HARD means "exit to user space": QEMU then handles the hcall itself (for a LIOBN it
// does not know it answers H_PARAMETER; otherwise it updates its view and maps through VFIO).
// What QEMU does next is not simulated.

import type { StepOutcome } from '../errno';
import { fail, ok } from '../errno';
import type { IntervalMap } from '../intervals';
import type { Handler } from '../sim/handler';
import { arg } from '../sim/handler';
import type { Sim } from '../sim/sim';
import type { Dma, TceWindow } from '../sim/state';
import { hex } from '../u64';
import type { HcallRet } from './common';
import { containerName, kvmOf, ppcHost, SRC, TCE_READ, TCE_WRITE } from './common';
import { tableOf } from './hw-tables';
import { tceToUa } from './memslots';
import { mmAdjustMapped, mmBacked, mmLookup } from './mm-prereg';
import { putGuestTce } from './tce-table';
import type { HwTable, SpaprTceTable } from './types';

function hret(ret: HcallRet, note: string): StepOutcome {
  return ok({ ret }, { note });
}

export const hPutTce: Handler = (sim, step) => {
  if (!ppcHost(sim)) {
    return fail('ENOTTY', `H_PUT_TCE is a PAPR hypercall, handled only by a powerpc (book3s) KVM host; ${sim.state.platform.name} has none (the simulator's refusal, not a kernel errno)`, SRC.putTce);
  }
  const liobn = arg.u64(step, 'liobn');
  const ioba = arg.u64(step, 'ioba');
  const tce = arg.u64(step, 'tce');
  const kvm = kvmOf(sim);
  const t = [...kvm.tables.values()].find((x) => x.liobn === liobn);
  if (!t) {
    return hret('H_TOO_HARD', `No in-kernel TCE table for LIOBN ${hex(liobn)} (kvmppc_find_table): the hcall exits to QEMU, which answers H_PARAMETER for a LIOBN it does not know either.`);
  }
  const bad = iobaInvalid(t, ioba);
  if (bad) return hret('H_PARAMETER', `${bad} (${SRC.iobaValidate}).`);
  const dir = tce & (TCE_READ | TCE_WRITE);
  const links = t.stits.map((s) => ({ s, h: kvm.hwTables.get(s.hw)! })).map((l) => ({ ...l, w: tableOf(sim, l.h)! }));
  let ua = 0n;
  if (dir !== 0n) {
    // kvmppc_tce_validate: every check before anything is written.
    const mask = (1n << BigInt(t.pageShift)) - 1n;
    const gpa = tce & ~(TCE_READ | TCE_WRITE);
    if ((gpa & mask) !== 0n) return hret('H_TOO_HARD', `The TCE's address ${hex(gpa)} is not aligned to the table's 2^${t.pageShift} pages (iommu_tce_check_gpa, ${SRC.tceValidate}): exit to QEMU.`);
    const u = tceToUa(sim, tce, TCE_READ | TCE_WRITE);
    if (u === null) return hret('H_TOO_HARD', `Guest address ${hex(gpa)} is in no memory slot (kvmppc_tce_to_ua): exit to QEMU.`);
    ua = u;
    for (const { w } of links) {
      if (!mmLookup(sim, ua, w.pageShift)) {
        return hret('H_TOO_HARD', `User address ${hex(ua)} (guest ${hex(gpa)}) is not inside preregistered memory that backs 2^${w.pageShift} pages ` +
          `(mm_iommu_lookup for the hardware table at ${hex(w.start)}, ${SRC.tceValidate}): exit to QEMU. Nothing was written.`);
      }
    }
  }
  const done: string[] = [];
  for (const { h, w } of links) {
    const err = dir === 0n ? unmapIn(sim, t, w, ioba) : mapIn(sim, t, w, ioba, ua, tce);
    const where = describe(sim, h, w);
    if (err) {
      const before = done.length ? ` Already done in earlier linked tables, and kept: ${done.join('; ')}.` : '';
      return hret('H_TOO_HARD', `${err}; kvmppc_clear_tce then cleared this entry in ${where}. The guest-visible table is not updated.${before}`);
    }
    done.push(where);
  }
  putGuestTce(sim, t, ioba, tce);
  const sub = (w: TceWindow) => 1n << BigInt(t.pageShift - w.pageShift);
  const what = dir === 0n ? `cleared` : `set to ${hex(tce)}`;
  const hw = links.length === 0
    ? 'No hardware table is linked to this LIOBN: only the guest-visible table changed; no host TCE was written.'
    : links.map(({ w }, i) => `${sub(w)} host TCE${sub(w) === 1n ? '' : 's'} of 2^${w.pageShift} in ${done[i]}`).join('; ') + '.';
  return hret('H_SUCCESS', `Guest TCE at ${hex(ioba)} ${what}. ${hw}`);
};

/** kvmppc_ioba_validate with npages = 1; null when valid. */
function iobaInvalid(t: SpaprTceTable, ioba: bigint): string | null {
  const shift = BigInt(t.pageShift);
  const idx = ioba >> shift;
  if ((ioba & ((1n << shift) - 1n)) !== 0n) return `ioba ${hex(ioba)} is not aligned to the table's 2^${t.pageShift} pages`;
  if (idx < t.offset || idx - t.offset + 1n > t.size) {
    return `ioba ${hex(ioba)} (entry ${hex(idx)}) is outside the window's entries [${hex(t.offset)}, +${hex(t.size)})`;
  }
  return null;
}

function describe(sim: Sim, h: HwTable, w: TceWindow): string {
  const c = containerName(sim, h.container);
  if (h.orphan) return `the table of window ${hex(w.start)} (let go by ${c}, kept alive by KVM, not programmed: no device sees it)`;
  return `window ${hex(w.start)} of ${c}${w.programmed ? '' : ' (not programmed: no group attached)'}`;
}

/** Removes [first, last] from a table's runs; returns the removed pieces (ascending). */
function cut(map: IntervalMap<Dma>, first: bigint, last: bigint): Dma[] {
  const out: Dma[] = [];
  for (const run of [...map.intersecting(first, last)]) {
    map.remove(run.first);
    if (run.first < first) map.insert({ ...run, last: first - 1n });
    if (run.last > last) map.insert({ ...run, first: last + 1n, vaddr: run.vaddr + (last + 1n - run.first) });
    const lo = run.first > first ? run.first : first;
    const hi = run.last < last ? run.last : last;
    out.push({ ...run, first: lo, last: hi, vaddr: run.vaddr + (lo - run.first) });
  }
  return out;
}

/** mm_iommu_mapped_dec for the old TCEs a new value exchanged. */
function dropOld(sim: Sim, pieces: Dma[], shift: number): void {
  for (const p of pieces) mmAdjustMapped(sim, p.vaddr, p.last - p.first + 1n, shift, -1n);
}

/**
 * kvmppc_tce_iommu_map: host TCE i maps ua + i * 2^s, exchanging what was there. A host page
 * outside preregistered memory (possible past the first, which validate checked) stops it:
 * H_TOO_HARD, and kvmppc_clear_tce clears every host TCE of the entry without dropping the
 * mapped counts of the ones already written. Returns the failure, or null.
 */
function mapIn(sim: Sim, t: SpaprTceTable, w: TceWindow, ioba: bigint, ua: bigint, tce: bigint): string | null {
  const s = w.pageShift;
  const n = 1n << BigInt(t.pageShift - s);
  const last = ioba + (n << BigInt(s)) - 1n;
  const good = mmBacked(sim, ua, n, s);
  const read = (tce & TCE_READ) !== 0n;
  const write = (tce & TCE_WRITE) !== 0n;
  if (good === n) {
    dropOld(sim, cut(w.tces, ioba, last), s);
    w.tces.insert({ first: ioba, last, vaddr: ua, read, write });
    mmAdjustMapped(sim, ua, n << BigInt(s), s, 1n);
    return null;
  }
  const bytes = good << BigInt(s);
  if (good > 0n) {
    dropOld(sim, cut(w.tces, ioba, ioba + bytes - 1n), s);
    mmAdjustMapped(sim, ua, bytes, s, 1n);
  }
  cut(w.tces, ioba, last); // kvmppc_clear_tce: no mm_iommu_mapped_dec
  return `Host page ${good} of the entry (user address ${hex(ua + bytes)}) is not inside preregistered memory (mm_iommu_lookup in ${SRC.doMap})` +
    (good > 0n ? `; the mapped counts of the ${good} host TCEs written before stay raised (read from the code, unverified)` : '');
}

/**
 * kvmppc_tce_iommu_unmap: each host TCE is cleared and the region it pointed into loses a mapped
 * count; a region no longer found (mm_iommu_lookup) stops it with H_TOO_HARD.
 */
function unmapIn(sim: Sim, t: SpaprTceTable, w: TceWindow, ioba: bigint): string | null {
  const s = w.pageShift;
  const n = 1n << BigInt(t.pageShift - s);
  const last = ioba + (n << BigInt(s)) - 1n;
  const pieces = cut(w.tces, ioba, last);
  for (const p of pieces) {
    const pages = (p.last - p.first + 1n) >> BigInt(s);
    const found = mmBacked(sim, p.vaddr, pages, s);
    mmAdjustMapped(sim, p.vaddr, found << BigInt(s), s, -1n);
    if (found < pages) {
      return `The old host TCE at ${hex(p.first + (found << BigInt(s)))} points to user address ${hex(p.vaddr + (found << BigInt(s)))}, ` +
        `which is in no preregistered region any more (kvmppc_tce_iommu_mapped_dec in ${SRC.doUnmap}; the simulator drops a released ` +
        'container\'s regions even when TCEs still map them, the kernel keeps those on the mm: unverified)';
    }
  }
  return null;
}
