// iommufd's PASID attachments as the iommu core stores them (group->pasid_array entries of kind
// 'iommufd'), and what they hold: every (device, PASID) attach takes a reference on the HWPT and
// on the device object (iommufd_hw_pagetable_attach, iommufd_device_attach). Reads only: the
// iommufd objects' users and inspect ask these on every scenario, so they stay with the core
// proper, while what changes the attachments (iommufd-pasid.ts) is loaded with the beyond-VFIO
// code (core/beyond).

import type { Sim } from '../sim/sim';
import type { PasidSlot } from './types';

type IommufdSlot = Extract<PasidSlot, { kind: 'iommufd' }>;

/** Every iommufd PASID attachment of one iommufd context: [group, pasid, slot]. */
export function iommufdSlots(sim: Sim, ictx: number): [number, number, IommufdSlot][] {
  const out: [number, number, IommufdSlot][] = [];
  for (const [group, arr] of sim.state.sva.groups) {
    for (const [pasid, slot] of arr) if (slot.kind === 'iommufd' && slot.ictx === ictx) out.push([group, pasid, slot]);
  }
  return out;
}

/** References the PASID attachments hold on a HWPT (one per attached device per PASID). */
export function hwptPasidUsers(sim: Sim, ictx: number, hwpt: number): number {
  let n = 0;
  for (const [, , s] of iommufdSlots(sim, ictx)) if (s.hwpt === hwpt) n += s.devices.length;
  return n;
}

/** The PASIDs a device object is attached on (each holds a reference on the object). */
export function devicePasids(sim: Sim, ictx: number, devObj: number): number[] {
  return iommufdSlots(sim, ictx).filter(([, , s]) => s.devices.includes(devObj)).map(([, p]) => p).sort((a, b) => a - b);
}

/** Words for IOMMU_DESTROY's EBUSY reason. */
export function hwptPasidHolders(sim: Sim, ictx: number, hwpt: number): string[] {
  return iommufdSlots(sim, ictx)
    .filter(([, , s]) => s.hwpt === hwpt)
    .map(([g, p, s]) => `PASID ${p} of group ${g} is attached to it (${s.devices.length} device${s.devices.length === 1 ? '' : 's'})`);
}
