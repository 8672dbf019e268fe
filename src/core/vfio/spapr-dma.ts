// VFIO_IOMMU_MAP_DMA / UNMAP_DMA on a sPAPR container (tce_iommu_ioctl), in the kernel's
// check order. Two observed quirks are reproduced on purpose:
// - a misaligned IOVA makes the ioctl return 1 (iommu_tce_put_param_check / _clear_param_check
//   are `a || b` macros), which user space takes for success; nothing is mapped or cleared;
// - only the first TCE is checked against the window, so a MAP that starts inside a window and
//   runs past its end succeeds and writes TCEs past the table (a kernel bug, flagged).

import type { StepOutcome } from '../errno';
import { fail, ok } from '../errno';
import { arg } from '../sim/handler';
import type { Sim } from '../sim/sim';
import type { SpaprState, TceWindow } from '../sim/state';
import type { Step } from '../scenario/types';
import { hex, U64_MAX } from '../u64';
import { findWindow, pagesLabel, SRC, windowLast } from './spapr-common';
import { backedPages } from './spapr-prereg';
import { clearRange, writeRun } from './spapr-tces';
import { materializeDefaultWindow } from './spapr-windows';

const MISALIGNED_NOTE =
  'The ioctl returned 1, not -EINVAL: iommu_tce_%s_param_check is `iommu_tce_check_ioba(...) || ...`, so the -EINVAL ' +
  'collapses to 1. User space sees success; nothing was %s. (Observed on Linux 6.12, powernv9.)';

function notEnabled(st: SpaprState): StepOutcome {
  return fail('EPERM', st.v2
    ? 'the container is not enabled: no VFIO_IOMMU_SPAPR_REGISTER_MEMORY yet'
    : 'a v1 container is enabled by VFIO_IOMMU_ENABLE, which the scenario format has no op for', SRC.ioctl);
}

/** The default window was created by this call: failing calls say so (the kernel keeps it). */
function withDefault(created: boolean, r: StepOutcome): StepOutcome {
  if (!created) return r;
  const text = 'the pending default window was created first (4 KiB TCEs, tce32_size) and stays';
  if (r.ok) return { ...r, note: r.note ? `${r.note} Also: ${text}.` : `Note: ${text}.` };
  return fail(r.errno, `${r.reason}; ${text}`, r.source, true);
}

function windowsText(st: SpaprState): string {
  const ws = st.windows.filter((w): w is TceWindow => w !== null).map((w) => `[${hex(w.start)}, ${hex(windowLast(w))}]`);
  return ws.length ? ws.join(', ') : 'none';
}

export function mapDma(sim: Sim, st: SpaprState, step: Step, groups: readonly number[]): StepOutcome {
  if (!st.enabled) return notEnabled(st);
  const flags = arg.flags(step, 'flags');
  const other = flags.filter((f) => f !== 'READ' && f !== 'WRITE');
  if (other.length) return fail('EINVAL', `flags ${other.join('|')}: sPAPR MAP_DMA accepts only READ and WRITE`, SRC.ioctl);
  const pending = st.defWindowPending;
  const def = materializeDefaultWindow(sim, st, groups);
  if (def) return def;
  return withDefault(pending, mapInWindow(st, step, flags));
}

function mapInWindow(st: SpaprState, step: Step, flags: readonly string[]): StepOutcome {
  const iova = arg.u64(step, 'iova');
  const size = arg.u64(step, 'size');
  const vaddr = arg.u64(step, 'vaddr');
  const w = findWindow(st, iova);
  if (!w) return fail('ENXIO', `iova ${hex(iova)} is in no DMA window (windows: ${windowsText(st)})`, SRC.findTable);
  const shift = BigInt(w.pageShift);
  const mask = (1n << shift) - 1n;
  if ((size & mask) !== 0n || (vaddr & mask) !== 0n) {
    return fail('EINVAL', `size ${hex(size)} and vaddr ${hex(vaddr)} must be multiples of the window's TCE page size ${hex(mask + 1n)}`, SRC.ioctl);
  }
  const read = flags.includes('READ');
  const write = flags.includes('WRITE');
  if (!read && !write) return fail('EINVAL', 'neither READ nor WRITE: a TCE needs a direction', SRC.ioctl);
  if ((iova & mask) !== 0n) {
    const note = MISALIGNED_NOTE.replace('%s', 'put').replace('%s', 'mapped');
    return ok({ ret: 1 }, { ret: 1, note: `iova ${hex(iova)} is not a multiple of ${hex(mask + 1n)}. ${note}` });
  }
  const npages = size >> shift;
  if (npages === 0n) return ok();
  const good = backedPages(st, vaddr, npages, w.pageShift);
  if (good < npages) return buildFailure(st, w, iova, vaddr, good);

  let last = iova + size - 1n;
  const wrapped = last > U64_MAX;
  if (wrapped) last = U64_MAX;
  clearRange(st, w.tces, iova, last, w.pageShift); // v2 exchanges TCEs already set
  writeRun(st, w.tces, { first: iova, last, vaddr, read, write }, w.pageShift);
  const wl = windowLast(w);
  if (last <= wl) return ok();
  const past = (last - wl) >> shift;
  const msg = `KERNEL BUG: MAP_DMA [${hex(iova)}, +${hex(size)}) starts inside window [${hex(w.start)}, ${hex(wl)}] and runs ` +
    `${pagesLabel(past)} past its end. iommu_tce_put_param_check checks only the first TCE (npages = 1), so ` +
    'tce_iommu_build_v2 writes TCEs past the table and the ioctl returns 0; at container release tce_iommu_prereg_free ' +
    'fails with EBUSY (WARN) and the pinned memory leaks. Observed on Linux 6.12 (powernv9)' +
    (wrapped ? '; here the range even passes 2^64, so the kernel would write until it crashes (unverified)' : '') + '.';
  st.bugs.push(msg);
  return ok({}, { note: msg });
}

/**
 * tce_iommu_build_v2 stopped at page `good`: the TCEs it had written (exchanging what was
 * there) are cleared again, so earlier mappings of those pages are gone too.
 */
function buildFailure(st: SpaprState, w: TceWindow, iova: bigint, vaddr: bigint, good: bigint): StepOutcome {
  const shift = BigInt(w.pageShift);
  const ua = vaddr + (good << shift);
  const r = st.prereg.containing(ua);
  const why = r && w.pageShift > r.pageShift
    ? `page ${good} (vaddr ${hex(ua)}): the region [${hex(r.vaddr)}, +${hex(r.size)}) can back IOMMU pages of at most ` +
      `2^${r.pageShift} bytes, not 2^${w.pageShift} (only hugetlbfs memory backs bigger TCEs; mm_iommu_ua_to_hpa; ` +
      'read from the code, unverified on a real kernel)'
    : `page ${good} (vaddr ${hex(ua)}) is not inside one preregistered region (mm_iommu_lookup)`;
  if (good === 0n) return fail('EINVAL', why, SRC.uaToHpa);
  const cleared = clearRange(st, w.tces, iova, iova + (good << shift) - 1n, w.pageShift);
  return fail(
    'EINVAL',
    `${why}; the ${pagesLabel(good)} written before it were cleared again, removing ${pagesLabel(cleared)} mapped there before`,
    SRC.build, true,
  );
}

export function unmapDma(sim: Sim, st: SpaprState, step: Step, groups: readonly number[]): StepOutcome {
  if (!st.enabled) return notEnabled(st);
  const flags = arg.flags(step, 'flags');
  if (flags.length) return fail('EINVAL', `flags ${flags.join('|')}: sPAPR UNMAP_DMA supports no flag`, SRC.ioctl);
  const pending = st.defWindowPending;
  const def = materializeDefaultWindow(sim, st, groups);
  if (def) return def;
  return withDefault(pending, unmapInWindow(st, step));
}

function unmapInWindow(st: SpaprState, step: Step): StepOutcome {
  const iova = arg.u64(step, 'iova');
  const size = arg.u64(step, 'size');
  const w = findWindow(st, iova);
  if (!w) return fail('ENXIO', `iova ${hex(iova)} is in no DMA window (windows: ${windowsText(st)})`, SRC.findTable);
  const shift = BigInt(w.pageShift);
  const mask = (1n << shift) - 1n;
  if ((size & mask) !== 0n) return fail('EINVAL', `size ${hex(size)} is not a multiple of the window's TCE page size ${hex(mask + 1n)}`, SRC.ioctl);
  if ((iova & mask) !== 0n) {
    const note = MISALIGNED_NOTE.replace('%s', 'clear').replace('%s', 'unmapped');
    return ok({ ret: 1 }, { ret: 1, note: `iova ${hex(iova)} is not a multiple of ${hex(mask + 1n)}. ${note}` });
  }
  // The sPAPR UNMAP_DMA does not copy the struct back: `size` keeps what the caller passed,
  // so the result has no `size` of its own.
  const noWriteBack = 'sPAPR UNMAP_DMA does not write back `size` (no copy_to_user): the struct keeps the caller\'s value.';
  if (size === 0n) return ok({}, { note: noWriteBack });
  let last = iova + size - 1n;
  if (last > U64_MAX) last = U64_MAX;
  const cleared = clearRange(st, w.tces, iova, last, w.pageShift);
  const wl = windowLast(w);
  if (last <= wl) return ok({}, { note: `${pagesLabel(cleared)} cleared. ${noWriteBack}` });
  const msg = `KERNEL BUG (unverified): UNMAP_DMA [${hex(iova)}, +${hex(size)}) starts inside window [${hex(w.start)}, ${hex(wl)}] and ` +
    `runs ${pagesLabel((last - wl) >> shift)} past its end; iommu_tce_clear_param_check checks only the first TCE, so ` +
    'tce_iommu_clear walks entries past the table (read from the code; not observed)';
  st.bugs.push(msg);
  return ok({}, { note: `${msg}. ${pagesLabel(cleared)} cleared. ${noWriteBack}` });
}
