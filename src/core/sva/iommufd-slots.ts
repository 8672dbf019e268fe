// iommufd's PASID attachments as the iommu core stores them (group->pasid_array entries of kind
// 'iommufd'), and what they hold: every (device, PASID) attach takes a reference on the HWPT and
// on the device object (iommufd_hw_pagetable_attach, iommufd_device_attach). Kept apart from
// iommufd-pasid.ts so that iommufd/device.ts and iommufd/objects.ts can use it without a cycle.

import type { Sim } from '../sim/sim';
import { clearSlot, svaDevice } from './core';
import { tearDownEntry } from './invalidate';
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

/**
 * iommufd_device_detach(idev, pasid) for pasid != 0: the device leaves the attachment; the last
 * device of the group takes the domain off the PASID (iommu_detach_device_pasid: the entry is
 * torn down, caches flushed, page requests drained).
 */
export function detachIommufdPasid(sim: Sim, group: number, pasid: number, devObj: number): void {
  const slot = sim.state.sva.groups.get(group)?.get(pasid);
  if (slot?.kind !== 'iommufd') return;
  slot.devices = slot.devices.filter((d) => d !== devObj);
  if (slot.devices.length > 0) return;
  tearDownEntry(sim, group, pasid, 'second-level', false);
  clearSlot(sim, group, pasid);
}

/**
 * vfio_iommufd_physical_unbind, first half: every PASID in vdev->pasids is detached (lowest
 * first) before the RID. PASID 0 (attached through the PASID path, see iommufd-pasid.ts) is the
 * RID attachment itself, which the caller's detach of the device takes down.
 */
export function detachAllPasids(sim: Sim, device: string, group: number, devObj: number): void {
  const dev = svaDevice(sim, device);
  for (const pasid of [...dev.vfioPasids].sort((a, b) => a - b)) {
    if (pasid !== 0) detachIommufdPasid(sim, group, pasid, devObj);
  }
  dev.vfioPasids = [];
}
