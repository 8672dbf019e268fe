// VFIO_DEVICE_ATTACH_IOMMUFD_PT / VFIO_DEVICE_DETACH_IOMMUFD_PT with VFIO_DEVICE_[AT|DE]TACH_PASID
// (v6.15; drivers/vfio/device_cdev.c, drivers/vfio/iommufd.c, drivers/iommu/iommufd/device.c).
// Here user space (the VMM) chooses the PASID; the global IDA is not involved. A HWPT attached to
// a PASID must have been allocated with IOMMU_HWPT_ALLOC_PASID, and so must the one on the RID
// (iommufd_hwpt_pasid_compat). Automatic domains (pt_id = an IOAS) never carry the flag.

import { fail, ok } from '../errno';
import type { StepFail, StepOutcome } from '../errno';
import { attachDevice, detachDevice } from '../iommufd/device';
import type { DeviceObject, HwptObject, IommufdCtx } from '../iommufd/types';
import type { Sim } from '../sim/sim';
import { checkAttachDevicePasid, clearSlot, IOMMU_SRC, setSlot, slotAt, svaDevice } from './core';
import { replaceEntry, tearDownEntry } from './invalidate';

const CDEV_SRC = 'drivers/vfio/device_cdev.c';
const VFIO_IOMMUFD_SRC = 'drivers/vfio/iommufd.c';
const DEVICE_SRC = 'drivers/iommu/iommufd/device.c';

/** HWPT flag IOMMU_HWPT_ALLOC_PASID: hwpt->pasid_compat. */
const pasidCompat = (h: HwptObject): boolean => h.flags.includes('PASID');

/** The RID's HWPT (igroup's IOMMU_NO_PASID attach) if it lacks the PASID flag, else null. */
function ridBlocksPasid(ctx: IommufdCtx, group: number): HwptObject | null {
  const rid = ctx.groupHwpt.get(group);
  const h = rid === undefined ? undefined : ctx.objects.get(rid);
  return h?.kind === 'hwpt_paging' && !pasidCompat(h) ? h : null;
}

/** iommufd_hwpt_pasid_compat for a PASID attach or replace. */
function checkPasidCompat(ctx: IommufdCtx, group: number, h: HwptObject, pasid: number): StepFail | null {
  const src = `${DEVICE_SRC}: iommufd_hwpt_pasid_compat`;
  if (!pasidCompat(h)) {
    return fail('EINVAL', `HWPT ${h.id} was not allocated with IOMMU_HWPT_ALLOC_PASID, so it cannot be attached to PASID ${pasid}${h.auto ? ' (an automatic domain never is: allocate a HWPT with flags ["PASID"])' : ''}`, src);
  }
  const rid = ridBlocksPasid(ctx, group);
  if (rid) return fail('EINVAL', `the RID of group ${group} is attached to HWPT ${rid.id}, which lacks IOMMU_HWPT_ALLOC_PASID: while it is, no PASID can be attached`, src);
  return null;
}

/**
 * For the RID attach paths (iommufd/device.ts): iommufd_hwpt_pasid_compat with IOMMU_NO_PASID
 * refuses a HWPT without the PASID flag while any PASID of the group is attached in this iommufd.
 */
export function checkRidCompat(sim: Sim, ctx: IommufdCtx, group: number, hwptId: number): StepFail | null {
  const h = ctx.objects.get(hwptId);
  if (h?.kind === 'hwpt_paging' && pasidCompat(h)) return null;
  const arr = sim.state.sva.groups.get(group);
  for (const [pasid, s] of arr ?? []) {
    if (s.kind === 'iommufd' && s.ictx === ctx.id) {
      return fail('EINVAL', `PASID ${pasid} of group ${group} is attached, so the RID needs a HWPT allocated with IOMMU_HWPT_ALLOC_PASID; ${h ? `HWPT ${hwptId}` : 'a new automatic domain'} is not`, `${DEVICE_SRC}: iommufd_hwpt_pasid_compat`);
    }
  }
  return null;
}

/** The RID is attached only through the PASID path with pasid 0 (vdev->iommufd_attached is false). */
export function ridAttachedViaPasid0(sim: Sim, device: string): boolean {
  return svaDevice(sim, device).vfioPasids.includes(0);
}

function vfioPrefix(sim: Sim, device: string, pasid: number | undefined, op: 'attach' | 'detach'): StepFail | null {
  const fn = op === 'attach' ? 'vfio_df_ioctl_attach_pt' : 'vfio_df_ioctl_detach_pt';
  if (pasid === undefined) {
    return fail('EINVAL', `flags has VFIO_DEVICE_${op === 'attach' ? 'ATTACH' : 'DETACH'}_PASID but no pasid: argsz < offsetofend(..., pasid)`, `${CDEV_SRC}: ${fn}`);
  }
  if (!svaDevice(sim, device).pasidAttachIoas) {
    return fail('EOPNOTSUPP', `device ${device}'s VFIO driver has no pasid_${op}_ioas`, `${CDEV_SRC}: ${fn}`);
  }
  return null;
}

/** VFIO_DEVICE_ATTACH_IOMMUFD_PT with the PASID flag, after the device fd checks. */
export function attachPasid(sim: Sim, ctx: IommufdCtx, dev: DeviceObject, ptId: number, pasid: number | undefined): { hwpt: number } | StepFail {
  const bad = vfioPrefix(sim, dev.device, pasid, 'attach');
  if (bad) return bad;
  const p = pasid!;
  const vdev = svaDevice(sim, dev.device);
  const replacing = vdev.vfioPasids.includes(p);
  if (!replacing && p >= 0x80000000) {
    return fail('ENOSPC', `ida_alloc_range(&vdev->pasids, ${p}, ${p}): an IDA holds ids up to INT_MAX only`, `${VFIO_IOMMUFD_SRC}: vfio_iommufd_physical_pasid_attach_ioas (ida_alloc_range)`);
  }
  if (p === 0) return attachPasid0(sim, ctx, dev, ptId, replacing);
  const pt = ctx.objects.get(ptId);
  const src = `${DEVICE_SRC}: iommufd_device_change_pt`;
  if (!pt) return fail('ENOENT', `pt_id ${ptId} does not exist in this iommufd`, src);
  if (pt.kind === 'ioas') {
    return fail('EINVAL', `pt_id ${ptId} is an IOAS: its automatic domains are allocated without IOMMU_HWPT_ALLOC_PASID, and iommufd_hwpt_pasid_compat refuses each of them for PASID ${p} (allocate a HWPT with flags ["PASID"] and attach that)`, `${DEVICE_SRC}: iommufd_device_auto_get_domain`);
  }
  if (pt.kind !== 'hwpt_paging') return fail('EINVAL', `pt_id ${ptId} is neither an IOAS nor a HWPT`, src);
  return replacing ? replacePasid(sim, ctx, dev, pt, p) : attachPasidNew(sim, ctx, dev, pt, p);
}

/** iommufd_hw_pagetable_attach(hwpt, idev, pasid). */
function attachPasidNew(sim: Sim, ctx: IommufdCtx, dev: DeviceObject, h: HwptObject, pasid: number): { hwpt: number } | StepFail {
  const src = `${DEVICE_SRC}: iommufd_hw_pagetable_attach`;
  const slot = slotAt(sim, dev.group, pasid);
  if (slot?.kind === 'iommufd' && slot.ictx === ctx.id) {
    // Another device of the group already attached this PASID: follow it (no hardware change).
    if (slot.devices.includes(dev.id)) return fail('EBUSY', `device ${dev.device} is already attached on PASID ${pasid}`, src);
    if (slot.hwpt !== h.id) return fail('EINVAL', `PASID ${pasid} of group ${dev.group} is attached to HWPT ${slot.hwpt}: a group shares one domain per PASID`, src);
    slot.devices = [...slot.devices, dev.id];
  } else {
    const bad = checkPasidCompat(ctx, dev.group, h, pasid) ?? checkAttachDevicePasid(sim, dev.device, pasid);
    if (bad) return bad;
    setSlot(sim, dev.group, pasid, { kind: 'iommufd', ictx: ctx.id, hwpt: h.id, devices: [dev.id] });
  }
  svaDevice(sim, dev.device).vfioPasids.push(pasid);
  return { hwpt: h.id };
}

/** iommufd_device_do_replace(idev, pasid, hwpt): iommu_replace_device_pasid swaps atomically. */
function replacePasid(sim: Sim, ctx: IommufdCtx, dev: DeviceObject, h: HwptObject, pasid: number): { hwpt: number } | StepFail {
  const src = `${DEVICE_SRC}: iommufd_device_do_replace`;
  const slot = slotAt(sim, dev.group, pasid);
  if (slot?.kind !== 'iommufd' || slot.ictx !== ctx.id || !slot.devices.includes(dev.id)) {
    return fail('EINVAL', `device ${dev.device} is not attached on PASID ${pasid}: nothing to replace`, src);
  }
  if (slot.hwpt === h.id) return { hwpt: h.id };
  const bad = checkPasidCompat(ctx, dev.group, h, pasid);
  if (bad) return bad;
  slot.hwpt = h.id;
  replaceEntry(sim, dev.group, pasid);
  return { hwpt: h.id };
}

/**
 * PASID 0 with the PASID flag (unverified: read from the v6.15 code, not tried on a kernel):
 * vfio_iommufd_physical_pasid_attach_ioas passes it to iommufd_device_attach(idev, 0, ...),
 * which is IOMMU_NO_PASID, i.e. the RID attach. A device whose RID is already attached through
 * the plain ioctl is already in the igroup's device_array: xa_insert fails with EBUSY.
 */
function attachPasid0(sim: Sim, ctx: IommufdCtx, dev: DeviceObject, ptId: number, replacing: boolean): { hwpt: number } | StepFail {
  if (!replacing && dev.hwpt !== null) {
    return fail('EBUSY', `PASID 0 is IOMMU_NO_PASID: iommufd_device_attach(idev, 0) is a RID attach, and device ${dev.device}'s RID is already attached (to HWPT ${dev.hwpt}) (unverified)`, `${DEVICE_SRC}: iommufd_hw_pagetable_attach`);
  }
  const r = attachDevice(sim, ctx, dev, ptId);
  if ('ok' in r) return r;
  if (!replacing) svaDevice(sim, dev.device).vfioPasids.push(0);
  return r;
}

/** VFIO_DEVICE_DETACH_IOMMUFD_PT with the PASID flag, after the device fd checks. */
export function detachPasid(sim: Sim, ctx: IommufdCtx, dev: DeviceObject, pasid: number | undefined): StepOutcome {
  const bad = vfioPrefix(sim, dev.device, pasid, 'detach');
  if (bad) return bad;
  const p = pasid!;
  const vdev = svaDevice(sim, dev.device);
  // vfio_iommufd_physical_pasid_detach_ioas returns quietly for a PASID it did not attach.
  if (!vdev.vfioPasids.includes(p)) return ok({}, { note: `PASID ${p} was not attached through this device: nothing to detach` });
  vdev.vfioPasids = vdev.vfioPasids.filter((x) => x !== p);
  if (p === 0) detachDevice(sim, ctx, dev);
  else detachIommufdPasid(sim, dev.group, p, dev.id);
  return ok();
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

export { IOMMU_SRC };
