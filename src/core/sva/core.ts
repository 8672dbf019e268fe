// The iommu core's per-group PASID array (group->pasid_array) and iommu_attach_device_pasid's
// checks (drivers/iommu/iommu.c), shared by SVA binds and iommufd PASID attaches.

import { fail } from '../errno';
import type { StepFail } from '../errno';
import type { Sim } from '../sim/sim';
import { IOMMU_NO_PASID } from './pasid';
import type { PasidSlot, SvaDeviceState } from './types';

export const IOMMU_SRC = 'drivers/iommu/iommu.c';

export function svaDevice(sim: Sim, id: string): SvaDeviceState {
  const d = sim.state.sva.devices.get(id);
  if (!d) throw new Error(`no device ${id}`);
  return d;
}

export function groupOf(sim: Sim, device: string): number {
  const d = sim.state.devices.get(device);
  if (!d) throw new Error(`no device ${device}`);
  return d.group;
}

export function pasidArray(sim: Sim, group: number): Map<number, PasidSlot> {
  let a = sim.state.sva.groups.get(group);
  if (!a) {
    a = new Map();
    sim.state.sva.groups.set(group, a);
  }
  return a;
}

export function slotAt(sim: Sim, group: number, pasid: number): PasidSlot | undefined {
  return sim.state.sva.groups.get(group)?.get(pasid);
}

export function setSlot(sim: Sim, group: number, pasid: number, slot: PasidSlot): void {
  pasidArray(sim, group).set(pasid, slot);
}

export function clearSlot(sim: Sim, group: number, pasid: number): void {
  const a = sim.state.sva.groups.get(group);
  a?.delete(pasid);
  if (a && a.size === 0) sim.state.sva.groups.delete(group);
}

/** The IOMMU driver implements set_dev_pasid / remove_dev_pasid (every preset but sPAPR). */
export function hasSetDevPasid(sim: Sim): boolean {
  return sim.state.platform.iommu !== 'spapr-tce';
}

export function describeSlot(sim: Sim, slot: PasidSlot): string {
  switch (slot.kind) {
    case 'sva': {
      const h = sim.state.sva.handles.get(slot.handle);
      const mm = h ? sim.state.sva.mms.get(h.mm) : undefined;
      return `the SVA domain of process ${mm?.process ?? '?'} (mm ${h?.mm ?? '?'})`;
    }
    case 'iommufd':
      return `iommufd HWPT ${slot.hwpt} (a paging domain user space attached to this PASID)`;
    default: {
      const never: never = slot;
      return never;
    }
  }
}

/**
 * iommu_attach_device_pasid, check half, in the kernel's order (v6.13+): no group -> ENODEV;
 * no set_dev_pasid -> EOPNOTSUPP; pasid 0 -> EINVAL; a PASID-capable device of the group whose max_pasids is
 * <= pasid -> EINVAL; the PASID already holds a domain -> EBUSY.
 */
export function checkAttachDevicePasid(sim: Sim, device: string, pasid: number): StepFail | null {
  const src = `${IOMMU_SRC}: iommu_attach_device_pasid`;
  const dev = svaDevice(sim, device);
  if (!dev.hasGroup) return fail('ENODEV', `device ${device} has no iommu_group`, src);
  if (!hasSetDevPasid(sim)) {
    return fail('EOPNOTSUPP', `${sim.state.platform.name}: the IOMMU driver has no set_dev_pasid/remove_dev_pasid`, src);
  }
  if (pasid === IOMMU_NO_PASID) return fail('EINVAL', 'pasid 0 is IOMMU_NO_PASID (the RID itself), not a PASID', src);
  const group = groupOf(sim, device);
  for (const id of sim.state.groups.get(group)?.devices ?? []) {
    const m = svaDevice(sim, id).maxPasids;
    if (m > 0 && pasid >= m) {
      return fail('EINVAL', `PASID ${pasid} is beyond device ${id}'s max_pasids ${m} (every PASID-capable device of group ${group} must support it)`, src);
    }
  }
  const slot = slotAt(sim, group, pasid);
  if (slot) return fail('EBUSY', `PASID ${pasid} of group ${group} already holds ${describeSlot(sim, slot)}`, src);
  return null;
}
