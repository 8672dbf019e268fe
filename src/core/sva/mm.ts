// Processes and their mm_struct as far as PASIDs care (kernel/fork.c, kernel/exit.c, fs/exec.c):
//
//   mm_users  the process runs on the mm; the last mmput runs exit_mmap -> mmu_notifier_release,
//             which makes every SVA IOMMU driver tear the mm's PASID entries down (fault_ignore)
//   mm_count  mm_users (as one) + one mmgrab per SVA domain of the mm; the last mmdrop runs
//             __mmdrop -> mm_pasid_drop, which returns the mm's PASID to the global IDA
//
// So the PASID outlives the process until every SVA domain is gone (the owner unbinds), and
// outlives an unbind until the process exits: it lives exactly as long as the mm_struct.

import type { Sim } from '../sim/sim';
import { IntervalMap } from '../intervals';
import type { Vma } from '../sim/state';
import { tearDownEntry } from './invalidate';
import { freePasid } from './pasid';
import type { MmState, SvaState } from './types';
import { SELF } from './types';

export function svaOf(sim: Sim): SvaState {
  return sim.state.sva;
}

export function mmOf(sim: Sim, id: number): MmState {
  const mm = sim.state.sva.mms.get(id);
  if (!mm) throw new Error(`mm ${id} does not exist`);
  return mm;
}

/** The mm process `name` runs on now, or null when it is not running. */
export function runningMm(sim: Sim, name: string): MmState | null {
  const id = sim.state.sva.processes.get(name);
  return id === undefined ? null : mmOf(sim, id);
}

/**
 * The mm of process `name`; a process that is not running is started with a fresh mm (mm_alloc):
 * a scenario names processes as it uses them, the way an strace shows a new pid.
 */
export function currentMm(sim: Sim, name: string): { mm: MmState; started: boolean } {
  const cur = runningMm(sim, name);
  if (cur) return { mm: cur, started: false };
  return { mm: startProcess(sim, name), started: true };
}

function startProcess(sim: Sim, name: string): MmState {
  const sva = sim.state.sva;
  const mm: MmState = { id: sva.nextMmId++, process: name, alive: true, freed: false, pasid: null, domains: [], lam: false, forceTaggedSva: false };
  sva.mms.set(mm.id, mm);
  sva.processes.set(name, mm.id);
  return mm;
}

/** mm_count as the kernel counts it: one for all mm_users, one per SVA domain (mmgrab). */
export function mmCount(mm: MmState): number {
  return (mm.alive ? 1 : 0) + mm.domains.length;
}

/** What an exit or an mmdrop did, for the step's out and note. */
export interface MmEvents {
  tornDown: { device: string; pasid: number }[];
  pasidFreed: number | null;
  mmFreed: boolean;
}

export const noEvents = (): MmEvents => ({ tornDown: [], pasidFreed: null, mmFreed: false });

/**
 * mmdrop: when mm_count reaches 0, __mmdrop -> mm_pasid_drop -> iommu_free_global_pasid
 * (kernel/fork.c; moved from __mmput because each SVA domain holds mmgrab).
 */
export function mmdropIfLast(sim: Sim, mm: MmState, ev: MmEvents): void {
  if (mm.freed || mmCount(mm) > 0) return;
  mm.freed = true;
  ev.mmFreed = true;
  if (mm.pasid !== null) {
    freePasid(sim, mm.pasid);
    ev.pasidFreed = mm.pasid;
  }
}

/**
 * The last mmput: exit_mmap -> mmu_notifier_release -> the IOMMU driver's release callback
 * (intel_mm_release, arm_smmu_mm_release) tears down every PASID entry of the mm's SVA domains
 * with fault_ignore = true: entry cleared (Fault Processing Disabled), PASID cache, IOTLB and
 * device TLB flushed, no page-request drain. Handles, domains and the PASID stay.
 */
export function exitMmap(sim: Sim, mm: MmState, ev: MmEvents): void {
  if (!mm.alive) return;
  mm.alive = false;
  const sva = sim.state.sva;
  for (const dom of mm.domains) {
    for (const h of sva.handles.values()) {
      if (h.domain !== dom) continue;
      for (const d of tearDownEntry(sim, h.group, h.pasid, 'first-level', true)) ev.tornDown.push({ device: d, pasid: h.pasid });
    }
  }
  // The scenario's own process owns the Sim's process memory: a new mm starts empty.
  if (mm.process === SELF) sim.state.vmas = new IntervalMap<Vma>();
  mmdropIfLast(sim, mm, ev);
}

/** do_exit -> exit_mm (the fds, for the scenario's own process, are the caller's). */
export function exitProcess(sim: Sim, name: string): { mm: MmState; ev: MmEvents } | null {
  const mm = runningMm(sim, name);
  if (!mm) return null;
  const ev = noEvents();
  sim.state.sva.processes.delete(name);
  exitMmap(sim, mm, ev);
  return { mm, ev };
}

/**
 * execve: exec_mmap gives the process a new mm and mmputs the old one (its exit_mmap runs now);
 * open fds without O_CLOEXEC stay open in the new image.
 */
export function execProcess(sim: Sim, name: string): { mm: MmState; old: MmState | null; ev: MmEvents } {
  const old = runningMm(sim, name);
  const ev = noEvents();
  if (old) {
    sim.state.sva.processes.delete(name);
    exitMmap(sim, old, ev);
  }
  return { mm: startProcess(sim, name), old, ev };
}
