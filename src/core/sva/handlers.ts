// Handlers of the sva ops (scenario/ops-sva.ts).

import { fail, ok } from '../errno';
import type { StepFail } from '../errno';
import { closeFd } from '../process/files';
import type { SVA_OPS } from '../scenario/ops-sva';
import type { Handler, HandlerTable } from '../sim/handler';
import { arg } from '../sim/handler';
import type { Sim } from '../sim/sim';
import { bindSva, SVA_SRC, unbindSva } from './bind';
import { simDma } from './dma';
import type { MmEvents } from './mm';
import { currentMm, execProcess, exitProcess } from './mm';
import { allocGlobalPasid, freePasid } from './pasid';
import { reportDeviceFault } from './prq';
import type { MmState, SvaHandle } from './types';
import { SELF } from './types';

function started(process: string): string {
  return `process ${process} was not running: it starts with a new mm`;
}

function describeEvents(ev: MmEvents): Record<string, unknown> {
  return {
    torn_down: ev.tornDown.map((t) => ({ device: t.device, pasid: t.pasid })),
    pasid_freed: ev.pasidFreed,
  };
}

/** The SVA handle a step's `handle` names, or why not. */
function svaHandleOf(sim: Sim, name: unknown): SvaHandle | StepFail {
  const src = `${SVA_SRC}: iommu_sva_unbind_device`;
  const n = typeof name === 'string' ? sim.state.sva.names.get(name) : undefined;
  if (!n || n.kind !== 'handle' || sim.idOf(name) !== n.id) {
    return fail('EINVAL', `"${String(name)}" is not a handle returned by iommu_sva_bind_device`, src);
  }
  const h = sim.state.sva.handles.get(n.id);
  if (!h) {
    return fail('EINVAL', `handle ${n.id} was already released by its last unbind: unbinding it again would be a use-after-free in the kernel (iommu_sva_unbind_device returns void; the simulator refuses it)`, src);
  }
  return h;
}

const bind: Handler = (sim, step) => {
  const process = arg.str(step, 'mm');
  const r = bindSva(sim, arg.str(step, 'device'), process);
  if ('ok' in r) return r;
  const h = r.handle;
  if (step.as) {
    sim.bind(step.as, { kind: 'id', id: h.id, ictx: null });
    sim.state.sva.names.set(step.as, { kind: 'handle', id: h.id });
  }
  const notes = [
    ...(r.started ? [started(process)] : []),
    r.reused ? `the same handle as before (${h.device}, PASID ${h.pasid}): users ${h.users}`
      : r.newPasid ? `PASID ${h.pasid} allocated to process ${process} (lowest free in the global IDA)` : `process ${process}'s PASID ${h.pasid} is reused: one PASID per mm`,
  ];
  return ok({ pasid: h.pasid, users: h.users }, { note: notes.join('; ') });
};

const unbind: Handler = (sim, step) => {
  const h = svaHandleOf(sim, step.handle);
  if ('ok' in h) return h;
  const mm = sim.state.sva.mms.get(h.mm)!;
  const r = unbindSva(sim, h);
  const note = r.users > 0 ? `handle still has ${r.users} user${r.users === 1 ? '' : 's'}: nothing detached`
    : `PASID ${h.pasid} detached from ${h.device}${r.domainFreed ? '; the SVA domain had no other device and was freed (mmdrop)' : ''}; ${r.ev.pasidFreed !== null
      ? `the mm had already exited, so this was its last reference: __mmdrop freed PASID ${r.ev.pasidFreed}`
      : `PASID ${h.pasid} stays allocated to process ${mm.process} until its mm is freed`}`;
  return ok({ users: r.users, pasid_freed: r.ev.pasidFreed }, { note });
};

const execve: Handler = (sim, step) => {
  const process = arg.str(step, 'mm');
  const r = execProcess(sim, process);
  if (step.as) {
    sim.bind(step.as, { kind: 'id', id: r.mm.id, ictx: null });
    sim.state.sva.names.set(step.as, { kind: 'mm', id: r.mm.id });
  }
  const note = r.old
    ? `exec_mmap: process ${process} now runs on mm ${r.mm.id}; mm ${r.old.id} went through exit_mmap${r.ev.tornDown.length ? ` (PASID entries torn down: ${r.ev.tornDown.map((t) => `${t.device}/${t.pasid}`).join(', ')})` : ''}; open fds stay open`
    : `process ${process} starts on mm ${r.mm.id}`;
  return ok({ mm: r.mm.id, old_mm: r.old?.id ?? null, ...describeEvents(r.ev) }, { note });
};

const processExit: Handler = (sim, step) => {
  const process = arg.str(step, 'mm');
  const r = exitProcess(sim, process);
  if (!r) return ok({ mm: null, torn_down: [], closed: [], pasid_freed: null }, { note: `process ${process} is not running: nothing to do` });
  const closed: number[] = [];
  if (process === SELF) {
    // exit_files -> close_files: every fd, lowest first (after exit_mm: the mm is already gone).
    for (const fd of [...sim.state.files.keys()].sort((a, b) => a - b)) {
      closeFd(sim, fd);
      closed.push(fd);
    }
  }
  const mm: MmState = r.mm;
  const pasidFreed = mm.freed && mm.pasid !== null ? mm.pasid : null;
  const keeps = !mm.freed && mm.pasid !== null
    ? `; PASID ${mm.pasid} stays allocated: ${mm.domains.length} SVA domain${mm.domains.length === 1 ? '' : 's'} still hold${mm.domains.length === 1 ? 's' : ''} the mm (mmgrab) until unbound`
    : '';
  return ok(
    { mm: mm.id, torn_down: r.ev.tornDown.map((t) => ({ device: t.device, pasid: t.pasid })), closed, pasid_freed: pasidFreed },
    { note: `exit_mm: mm ${mm.id}'s exit_mmap ran${r.ev.tornDown.length ? ` and tore down ${r.ev.tornDown.length} PASID entr${r.ev.tornDown.length === 1 ? 'y' : 'ies'} (faults on them suppressed)` : ''}${closed.length ? `; exit_files closed fds ${closed.join(', ')}` : ''}${keeps}` },
  );
};

const ARCH_SRC = 'arch/x86/kernel/process_64.c: prctl_enable_tagged_addr';

const archPrctl: Handler = (sim, step) => {
  const p = sim.state.platform;
  if (p.arch !== 'x86_64') {
    return fail('ENOSYS', `arch_prctl is an x86 system call; on ${p.arch} it does not exist`, 'arch/x86/kernel/process_64.c: do_arch_prctl_64');
  }
  const process = arg.str(step, 'mm');
  const option = arg.str(step, 'option');
  const { mm } = currentMm(sim, process);
  if (option === 'ARCH_FORCE_TAGGED_SVA') {
    mm.forceTaggedSva = true;
    return ok();
  }
  if (p.iommu === 'amd-vi') return fail('ENODEV', 'X86_FEATURE_LAM is absent (an AMD CPU: LAM is an Intel feature)', ARCH_SRC);
  const bits = arg.intopt(step, 'arg2') ?? 0;
  if (mm.pasid !== null && !mm.freed && !mm.forceTaggedSva) {
    return fail('EINVAL', `process ${process}'s mm has PASID ${mm.pasid} (mm_valid_pasid: it stays until the mm is freed, even after unbind) and ARCH_FORCE_TAGGED_SVA was not set`, ARCH_SRC);
  }
  if (mm.lam) return fail('EBUSY', 'MM_CONTEXT_LOCK_LAM: LAM is already enabled on this mm', ARCH_SRC);
  if (bits === 0 || bits > 6) return fail('EINVAL', `nr_bits ${bits}: LAM_U57 gives 1..6 tag bits`, ARCH_SRC);
  mm.lam = true;
  return ok();
};

const allocGlobal: Handler = (sim, step) => {
  const device = arg.str(step, 'device');
  const d = sim.state.sva.devices.get(device);
  const src = 'drivers/iommu/iommu.c: iommu_alloc_global_pasid';
  if (!d) return fail('ENODEV', `no device "${device}" in this scenario's devices`, src);
  const pasid = allocGlobalPasid(sim, d.maxPasids, { kind: 'driver', device });
  if (pasid === null) {
    return fail('ENOSPC', `IOMMU_PASID_INVALID: no free PASID in [1, max_pasids ${d.maxPasids} - 1] (the caller turns it into -ENOSPC)`, src);
  }
  if (step.as) {
    sim.bind(step.as, { kind: 'id', id: pasid, ictx: null });
    sim.state.sva.names.set(step.as, { kind: 'global-pasid', pasid, device });
  }
  return ok({ pasid });
};

const freeGlobal: Handler = (sim, step) => {
  const src = 'drivers/iommu/iommu.c: iommu_free_global_pasid';
  const name = step.handle;
  const n = typeof name === 'string' ? sim.state.sva.names.get(name) : undefined;
  if (!n || n.kind !== 'global-pasid' || sim.idOf(name) !== n.pasid) return fail('EINVAL', `"${String(name)}" is not a PASID from iommu_alloc_global_pasid`, src);
  const o = sim.state.sva.ida.get(n.pasid);
  if (o?.kind !== 'driver' || o.device !== n.device) return fail('EINVAL', `PASID ${n.pasid} was already freed (ida_free of a free id warns)`, src);
  freePasid(sim, n.pasid);
  return ok({ pasid: n.pasid });
};

const reportFault: Handler = (sim, step) => reportDeviceFault(sim, {
  device: arg.str(step, 'device'),
  pasid: arg.intopt(step, 'pasid') ?? null,
  addr: arg.u64(step, 'addr'),
  perm: arg.flags(step, 'perm'),
  last: (arg.intopt(step, 'last_page') ?? 1) !== 0,
  grpid: arg.int(step, 'grpid'),
});

const dma: Handler = (sim, step) => simDma(sim, arg.str(step, 'device'), arg.intopt(step, 'pasid') ?? null, arg.u64(step, 'addr'));

export const svaHandlers: Pick<HandlerTable, keyof typeof SVA_OPS> = {
  iommu_sva_bind_device: bind,
  iommu_sva_unbind_device: unbind,
  execve,
  process_exit: processExit,
  arch_prctl: archPrctl,
  iommu_alloc_global_pasid: allocGlobal,
  iommu_free_global_pasid: freeGlobal,
  iommu_report_device_fault: reportFault,
  SIM_DMA: dma,
};
