// iommu_sva_bind_device / iommu_sva_unbind_device (drivers/iommu/iommu-sva.c, v6.11+ semantics:
// per-(device, PASID) attach handles with a users count; SVA domains shared across devices).

import { fail } from '../errno';
import type { StepFail } from '../errno';
import type { Sim } from '../sim/sim';
import { checkAttachDevicePasid, clearSlot, describeSlot, groupOf, setSlot, slotAt, svaDevice } from './core';
import { tearDownEntry } from './invalidate';
import type { MmEvents } from './mm';
import { currentMm, mmdropIfLast, noEvents } from './mm';
import { allocGlobalPasid } from './pasid';
import { hasDomainAllocSva } from './platform';
import type { MmState, SvaHandle } from './types';

export const SVA_SRC = 'drivers/iommu/iommu-sva.c';

export interface BindResult {
  readonly handle: SvaHandle;
  /** The process was not running: the bind started it with a fresh mm. */
  readonly started: boolean;
  /** A new PASID was allocated for the mm by this bind. */
  readonly newPasid: boolean;
  /** The handle already existed (same mm, same device): users was incremented. */
  readonly reused: boolean;
}

/**
 * iommu_alloc_mm_data: the mm's PASID. Not undone when the bind fails later (the mm keeps
 * mm->iommu_mm until __mmdrop), which the caller reports as a partial effect.
 */
function mmPasid(sim: Sim, mm: MmState, device: string): { pasid: number; fresh: boolean } | StepFail {
  const src = `${SVA_SRC}: iommu_alloc_mm_data`;
  // arch_pgtable_dma_compat (x86): LAM changes the page-table format the IOMMU would walk.
  if (mm.lam && !mm.forceTaggedSva) {
    return fail('EBUSY', `process ${mm.process} enabled LAM (ARCH_ENABLE_TAGGED_ADDR) without ARCH_FORCE_TAGGED_SVA: its page tables are not DMA-compatible (arch_pgtable_dma_compat)`, src);
  }
  const max = svaDevice(sim, device).maxPasids;
  if (mm.pasid !== null) {
    if (mm.pasid >= max) {
      return fail('EOVERFLOW', `process ${mm.process} already has PASID ${mm.pasid}, which device ${device} cannot use (max_pasids ${max}): one PASID per mm, shared by every device`, src);
    }
    return { pasid: mm.pasid, fresh: false };
  }
  const p = allocGlobalPasid(sim, max, { kind: 'mm', mm: mm.id });
  if (p === null) {
    return fail('ENOSPC', max === 0
      ? `device ${device} has no PASID capability (max_pasids 0): iommu_alloc_global_pasid has no range to allocate from`
      : `the global PASID IDA has no free PASID in [1, ${max - 1}]`, `drivers/iommu/iommu.c: iommu_alloc_global_pasid (from iommu_alloc_mm_data)`);
  }
  mm.pasid = p;
  return { pasid: p, fresh: true };
}

export function bindSva(sim: Sim, device: string, process: string): BindResult | StepFail {
  const src = `${SVA_SRC}: iommu_sva_bind_device`;
  const dev = sim.state.sva.devices.get(device);
  if (!dev) return fail('ENODEV', `no device "${device}" in this scenario's devices`, src);
  if (!dev.hasGroup) return fail('ENODEV', `device ${device} has no iommu_group (a vDPA device of a software parent)`, src);
  const { mm, started } = currentMm(sim, process);
  const got = mmPasid(sim, mm, device);
  if ('ok' in got) return got;
  const { pasid, fresh } = got;
  const partial = (f: StepFail): StepFail => fresh
    ? fail(f.errno, `${f.reason}; PASID ${pasid} stays allocated to process ${process} (iommu_alloc_mm_data is not undone: it lives until the mm is freed)`, f.source, true)
    : f;
  const group = groupOf(sim, device);
  // iommu_attach_handle_get(group, pasid, IOMMU_DOMAIN_SVA): an existing bond is reused.
  const slot = slotAt(sim, group, pasid);
  if (slot?.kind === 'sva') {
    const h = sim.state.sva.handles.get(slot.handle)!;
    if (h.mm !== mm.id) {
      return fail('EBUSY', `PASID ${pasid} of group ${group} holds the SVA handle of another mm (mm ${h.mm})`, src);
    }
    h.users++;
    return { handle: h, started, newPasid: false, reused: true };
  }
  if (slot) return partial(fail('EBUSY', `PASID ${pasid} of group ${group} already holds ${describeSlot(sim, slot)}, not an SVA domain`, src));
  // Try the mm's existing SVA domains (one driver here, so the first one fits), else a new one.
  let domainId: number | null = null;
  if (mm.domains.length > 0) {
    const bad = checkAttachDevicePasid(sim, device, pasid);
    if (!bad) domainId = mm.domains[0]!;
  }
  if (domainId === null) {
    if (!hasDomainAllocSva(sim.state.platform)) {
      return partial(fail('EOPNOTSUPP', `${sim.state.platform.name}: the IOMMU driver has no domain_alloc_sva`, `${SVA_SRC}: iommu_sva_domain_alloc`));
    }
    const bad = checkAttachDevicePasid(sim, device, pasid);
    if (bad) return partial(bad);
    domainId = sim.state.sva.nextDomainId++;
    sim.state.sva.domains.set(domainId, { id: domainId, mm: mm.id, users: 0 });
    mm.domains = [domainId, ...mm.domains]; // list_add; mmgrab(mm)
  }
  sim.state.sva.domains.get(domainId)!.users++;
  const h: SvaHandle = { id: sim.state.sva.nextHandleId++, device, group, pasid, mm: mm.id, domain: domainId, users: 1, queues: [] };
  sim.state.sva.handles.set(h.id, h);
  // Setting up a first-level entry on bare metal flushes only the write buffer (no invalidation).
  setSlot(sim, group, pasid, { kind: 'sva', handle: h.id, domain: domainId });
  return { handle: h, started, newPasid: fresh, reused: false };
}

export interface UnbindResult {
  readonly users: number;
  readonly ev: MmEvents;
  readonly domainFreed: boolean;
}

/**
 * iommu_sva_unbind_device: drop one user; the last one detaches the PASID (the driver tears the
 * entry down, flushes, drains page requests), drops the domain's user, frees the domain at 0
 * (mmdrop). The PASID stays with the mm.
 */
export function unbindSva(sim: Sim, h: SvaHandle): UnbindResult {
  const ev = noEvents();
  h.users--;
  if (h.users > 0) return { users: h.users, ev, domainFreed: false };
  tearDownEntry(sim, h.group, h.pasid, 'first-level', false);
  clearSlot(sim, h.group, h.pasid);
  sim.state.sva.handles.delete(h.id);
  const dom = sim.state.sva.domains.get(h.domain)!;
  dom.users--;
  let domainFreed = false;
  if (dom.users === 0) {
    sim.state.sva.domains.delete(dom.id);
    const mm = sim.state.sva.mms.get(dom.mm)!;
    mm.domains = mm.domains.filter((d) => d !== dom.id);
    domainFreed = true;
    mmdropIfLast(sim, mm, ev);
  }
  return { users: 0, ev, domainFreed };
}
