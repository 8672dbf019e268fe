// SIM_DMA: not a kernel call but a probe of what the IOMMU does with one DMA of the device (like
// vhost's SIM_DATAPATH): which PASID-table entry translates it, and whether it translates, needs
// a page request (PRI), or faults - and whether the fault is reported or suppressed.

import { fail, ok } from '../errno';
import type { StepOutcome } from '../errno';
import type { Sim } from '../sim/sim';
import type { u64 } from '../u64';
import { hex } from '../u64';
import { groupOf, slotAt } from './core';
import { SELF } from './types';

const SRC = 'iova-atlas: SIM_DMA (hardware behaviour, no kernel call)';
const TASK_SIZE = 0x7ffffffff000n;

/** Translate through an iommufd HWPT: the IOAS area holding the IOVA, if any. */
function viaHwpt(sim: Sim, ictx: number, hwpt: number, iova: u64): { to: u64 } | null {
  const ctx = sim.state.ictxs.get(ictx);
  const h = ctx?.objects.get(hwpt);
  const ioas = h?.kind === 'hwpt_paging' ? ctx!.objects.get(h.ioas) : undefined;
  if (ioas?.kind !== 'ioas') return null;
  for (const a of ioas.areas.intersecting(iova, iova)) return { to: a.userVa + (iova - a.first) };
  return null;
}

export function simDma(sim: Sim, device: string, pasid: number | null, addr: u64): StepOutcome {
  const sd = sim.state.sva.devices.get(device);
  if (!sd || !sim.state.devices.has(device)) return fail('ENODEV', `no device "${device}" in this scenario's devices`, SRC);
  if (pasid === null) {
    const d = sim.state.devices.get(device)!;
    const b = d.bound;
    const ctx = b ? sim.state.ictxs.get(b.ictx) : undefined;
    const o = b && ctx ? ctx.objects.get(b.devId) : undefined;
    if (ctx && o?.kind === 'device' && o.hwpt !== null) {
      const t = viaHwpt(sim, ctx.id, o.hwpt, addr);
      return t ? ok({ result: 'translated', entry: 'second-level', to: t.to }) : ok({ result: 'fault', entry: 'second-level', reported: true }, { note: `no mapping at IOVA ${hex(addr)} in HWPT ${o.hwpt}` });
    }
    return ok({ result: 'not-modelled', entry: 'second-level' }, { note: 'DMA without PASID through a domain other than an iommufd HWPT is not probed' });
  }
  if (sd.maxPasids === 0) return ok({ result: 'no-pasid', reported: false }, { note: `device ${device} has no PASID capability: it cannot emit a PASID-tagged request` });
  const slot = slotAt(sim, groupOf(sim, device), pasid);
  if (!slot) return ok({ result: 'fault', entry: 'not-present', reported: true }, { note: `PASID ${pasid} has no present entry: a non-recoverable fault, reported (DMAR fault / event queue)` });
  if (slot.kind === 'iommufd') {
    const t = viaHwpt(sim, slot.ictx, slot.hwpt, addr);
    return t ? ok({ result: 'translated', entry: 'second-level', to: t.to }) : ok({ result: 'fault', entry: 'second-level', reported: true }, { note: `no mapping at IOVA ${hex(addr)} in HWPT ${slot.hwpt}` });
  }
  if (sd.fpd.includes(pasid)) {
    return ok({ result: 'fault', entry: 'first-level', reported: false }, { note: `PASID ${pasid}'s entry was torn down when its mm exited (Fault Processing Disabled): the DMA faults and the fault is not reported; the freed page tables are never walked` });
  }
  const h = sim.state.sva.handles.get(slot.handle)!;
  const mm = sim.state.sva.mms.get(h.mm)!;
  const mapped = addr < TASK_SIZE && (mm.process !== SELF || sim.userRangeMapped(addr, 1n));
  return mapped
    ? ok({ result: 'translated', entry: 'first-level', to: addr }, { note: `process ${mm.process}'s page table maps ${hex(addr)} (SVA: the device uses the CPU virtual address)` })
    : ok({ result: 'page-request', entry: 'first-level', reported: false }, { note: `${hex(addr)} is not mapped in process ${mm.process}: with PRI the device sends a page request (iommu_report_device_fault)` });
}
