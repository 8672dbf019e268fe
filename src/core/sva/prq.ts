// Page requests (PCIe PRI) as the IOMMU driver hands them to iommu_report_device_fault
// (drivers/iommu/io-pgfault.c, v6.11+), and the SVA fault handler (iommu-sva.c:
// iommu_sva_handle_mm). The workqueue runs at once in the simulator, so a group is answered in
// the step that delivers its last request.

import { fail, ok } from '../errno';
import type { StepOutcome } from '../errno';
import type { Sim } from '../sim/sim';
import type { u64 } from '../u64';
import { hex } from '../u64';
import { groupOf, slotAt, svaDevice } from './core';
import { hasDomainAllocSva } from './platform';
import type { MmState, PageRequest, PageResponseCode } from './types';
import { SELF } from './types';

const PGFAULT_SRC = 'drivers/iommu/io-pgfault.c';
/** TASK_SIZE of a 4-level x86-64 / 48-bit arm64 process: user addresses stay below. */
const TASK_SIZE = 0x7ffffffff000n;

/** Is addr inside a VMA of the mm? The scenario's own process has the Sim's memory. */
function vmaLookup(sim: Sim, mm: MmState, addr: u64): boolean {
  if (addr >= TASK_SIZE) return false;
  // Other processes have no mmap steps: all their user addresses are taken as mapped.
  return mm.process === SELF ? sim.userRangeMapped(addr, 1n) : true;
}

/**
 * iommu_sva_handle_mm for one request: no PASID -> INVALID; mmget_not_zero fails (the mm
 * exited) -> INVALID; no VMA -> INVALID; an access the VMA does not allow (anonymous memory is
 * read/write: EXEC) -> INVALID; else handle_mm_fault succeeds -> SUCCESS.
 */
function handleMm(sim: Sim, mm: MmState, r: PageRequest): { code: PageResponseCode; why: string } {
  if (r.pasid === null) return { code: 'INVALID', why: 'the request carries no PASID' };
  if (!mm.alive) return { code: 'INVALID', why: `mmget_not_zero failed: process ${mm.process}'s mm has exited` };
  if (!vmaLookup(sim, mm, r.addr)) return { code: 'INVALID', why: `no VMA at ${hex(r.addr)} in process ${mm.process}` };
  if (r.perm.includes('EXEC')) return { code: 'INVALID', why: `the VMA at ${hex(r.addr)} is anonymous read/write memory: EXEC is not in vm_flags` };
  return { code: 'SUCCESS', why: `handle_mm_fault made ${hex(r.addr)} present in process ${mm.process}` };
}

export interface FaultArgs {
  readonly device: string;
  readonly pasid: number | null;
  readonly addr: u64;
  readonly perm: readonly string[];
  readonly last: boolean;
  readonly grpid: number;
}

export function reportDeviceFault(sim: Sim, a: FaultArgs): StepOutcome {
  const src = `${PGFAULT_SRC}: iommu_report_device_fault`;
  const dev = sim.state.sva.devices.get(a.device);
  if (!dev) return fail('ENODEV', `no device "${a.device}" in this scenario's devices`, src);
  // iopf_get_dev_fault_param: only devices added to an IOPF queue (SVA/IOPF enabled) have one.
  if (!hasDomainAllocSva(sim.state.platform) || !dev.hasGroup) {
    return fail('EINVAL', `device ${a.device} has no fault_param (no IOPF queue on ${sim.state.platform.name}); the IOMMU driver completes the request itself`, src);
  }
  const req: PageRequest = { pasid: a.pasid, addr: a.addr, perm: [...a.perm], grpid: a.grpid, last: a.last };
  if (!a.last) {
    // Non-last request of a group: postponed until the last one; no response now.
    dev.partial = [...dev.partial, req];
    return ok({ queued: true, partial: dev.partial.length });
  }
  const group = [...dev.partial.filter((p) => p.grpid === a.grpid), req];
  dev.partial = dev.partial.filter((p) => p.grpid !== a.grpid);
  // find_fault_handler: a PASID request goes to the attach handle at that PASID; one without a
  // PASID to the RID's. Only SVA domains (and iommufd HWPTs with a fault queue, not simulated)
  // have an iopf_handler.
  const slot = a.pasid === null ? undefined : slotAt(sim, groupOf(sim, a.device), a.pasid);
  if (slot?.kind !== 'sva') {
    const what = a.pasid === null ? 'the RID\'s domain has no iopf_handler'
      : !slot ? `nothing is attached at PASID ${a.pasid}` : `the iommufd HWPT at PASID ${a.pasid} has no fault queue (no iopf_handler)`;
    dev.responses = [...dev.responses, { grpid: a.grpid, pasid: a.pasid, code: 'INVALID', requests: group.length, why: what }];
    return fail('EINVAL', `no fault handler: ${what}; the group (${group.length} request${group.length === 1 ? '' : 's'}) was answered INVALID at once (the response is recorded although the call fails)`, `${src} (find_fault_handler, err_bad_iopf)`, true);
  }
  const h = sim.state.sva.handles.get(slot.handle)!;
  const mm = sim.state.sva.mms.get(h.mm)!;
  // iommu_sva_handle_iopf: the first error is sticky; one response for the whole group.
  let code: PageResponseCode = 'SUCCESS';
  let why = '';
  for (const r of group) {
    const res = handleMm(sim, mm, r);
    code = res.code;
    why = res.why;
    if (code !== 'SUCCESS') break;
  }
  dev.responses = [...dev.responses, { grpid: a.grpid, pasid: a.pasid, code, requests: group.length, why }];
  return ok({ response: code, requests: group.length, pasid: a.pasid }, { note: why });
}

/** For inspect: the device's PRQ state. */
export function prqView(sim: Sim, device: string) {
  const d = svaDevice(sim, device);
  return {
    partial: d.partial.map((r) => ({ pasid: r.pasid, addr: r.addr, perm: [...r.perm], grpid: r.grpid })),
    responses: d.responses.map((r) => ({ grpid: r.grpid, pasid: r.pasid, code: r.code, requests: r.requests, why: r.why })),
  };
}
