// mmap(2) / munmap(2) of anonymous memory in the scenario's process. Only matters for EFAULT:
// once a scenario has an mmap step, user addresses outside mapped memory fault when pinned.

import { beyond } from '../beyond/registry';
import { fail, ok } from '../errno';
import type { Handler } from '../sim/handler';
import { arg } from '../sim/handler';
import type { Sim } from '../sim/sim';
import type { Vma } from '../sim/state';
import { SELF } from '../sva/types';
import { alignUp, isAligned, U64_MAX } from '../u64';

const MMAP_SRC = 'mm/mmap.c: do_mmap';
const MUNMAP_SRC = 'mm/vma.c: do_vmi_munmap';
/** TASK_SIZE on x86-64 with 4-level paging: user addresses end below 0x7ffffffff000. */
const TASK_SIZE = 0x7ffffffff000n;

export const mmap: Handler = (sim, step) => {
  const page = sim.state.platform.pageSize;
  const length = arg.u64(step, 'length');
  const addr = arg.u64opt(step, 'addr');
  if (length === 0n) return fail('EINVAL', 'length is 0', MMAP_SRC);
  const len = alignUp(length, page);
  if (len === null || len > TASK_SIZE) return fail('ENOMEM', 'length does not fit in the address space', MMAP_SRC);
  let start: bigint;
  if (addr !== undefined) {
    // MAP_FIXED_NOREPLACE, as the oracle harness maps fixed addresses.
    if (!isAligned(addr, page)) return fail('EINVAL', `addr is not aligned to PAGE_SIZE (0x${page.toString(16)})`, MMAP_SRC);
    if (addr + len > TASK_SIZE) return fail('ENOMEM', 'the range passes TASK_SIZE', MMAP_SRC);
    if (sim.state.vmas.intersects(addr, addr + len - 1n)) return fail('EEXIST', 'MAP_FIXED_NOREPLACE: the range overlaps an existing mapping', MMAP_SRC);
    start = addr;
  } else {
    const gap = sim.findMmapGap(len);
    if (gap === null) return fail('ENOMEM', 'no free gap for the mapping', MMAP_SRC);
    start = gap;
  }
  sim.state.vmas.insert({ first: start, last: start + len - 1n, label: step.as ?? `mmap@${start.toString(16)}` });
  sim.bind(step.as, { kind: 'addr', addr: start, length: len });
  return ok({ addr: start });
};

export const munmap: Handler = (sim, step) => {
  const page = sim.state.platform.pageSize;
  const addr = arg.u64(step, 'addr');
  const length = arg.u64(step, 'length');
  if (!isAligned(addr, page)) return fail('EINVAL', 'addr is not page aligned', MUNMAP_SRC);
  const len = alignUp(length, page);
  if (length === 0n || len === null || addr + len - 1n > U64_MAX) return fail('EINVAL', 'bad length', MUNMAP_SRC);
  removeVmaRange(sim, addr, addr + len - 1n);
  // The mm's mmu_notifier flushes the IOTLBs of every PASID bound to it (SVA). Only SVA code
  // starts the scenario's process on an mm (runningMm is null until then).
  if (sim.state.sva.processes.has(SELF)) {
    const mm = beyond().runningMm(sim, SELF);
    if (mm) beyond().invalidateMmRange(sim, mm.id);
  }
  // Pinned pages stay pinned: an IOMMU mapping of them is unaffected by munmap.
  return ok();
};

function removeVmaRange(sim: Sim, first: bigint, last: bigint): void {
  const vmas = sim.state.vmas;
  const hit: Vma[] = [...vmas.intersecting(first, last)];
  for (const v of hit) {
    vmas.remove(v.first);
    if (v.first < first) vmas.insert({ ...v, last: first - 1n });
    if (v.last > last) vmas.insert({ ...v, first: last + 1n });
  }
}
