// iommufd devices (drivers/iommu/iommufd/device.c): bind, attach to an IOAS (automatic domain)
// or a HWPT, replace, detach, unbind. The whole iommu group shares one attachment per ictx
// (igroup->hwpt); each device brings its own reserved regions into the IOAS.

import { mayHaveVfioPasids } from '../beyond/guards';
import { beyond } from '../beyond/registry';
import { fail } from '../errno';
import type { StepFail } from '../errno';
import type { Sim } from '../sim/sim';
import { hex } from '../u64';
import { checkNewHwpt, createHwpt, destroyHwpt, domainGeometry } from './hwpt';
import { checkReserve, removeReserved } from './ioas';
import { allocId, hwptOf, ioasOf, OBJ_TYPE } from './objects';
import type { DeviceObject, HwptObject, IommufdCtx, IoasObject } from './types';

export const DEVICE_SRC = 'drivers/iommu/iommufd/device.c';

/**
 * iommufd_device_bind: a new device object (on selftest-mock, IOMMU_TEST_OP_MOCK_DOMAIN's order:
 * the selftest object first, then the idev). Checks are the caller's.
 */
export function bindDevice(sim: Sim, ctx: IommufdCtx, device: string, via: DeviceObject['via'], fd: number | null): DeviceObject {
  const d = sim.state.devices.get(device);
  if (!d) throw new Error(`no device ${device}`);
  let stdev: number | null = null;
  if (via === 'mock') {
    stdev = allocId(ctx);
    ctx.objects.set(stdev, { kind: 'selftest', id: stdev, device });
  }
  const id = allocId(ctx);
  const o: DeviceObject = { kind: 'device', id, device, group: d.group, via, fd, stdev, hwpt: null };
  ctx.objects.set(id, o);
  d.bound = { ictx: ctx.id, devId: id };
  return o;
}

/**
 * The device object bound through a VFIO device cdev (VFIO_DEVICE_BIND_IOMMUFD, or a selftest
 * mock device bound on its cdev fd), or null. DeviceState.bound is also set for a device bound
 * through the compat path (VFIO_GROUP_GET_DEVICE_FD on a group attached to an iommufd), whose
 * object has no fd: readers that mean "bound through a cdev" (cdev_device_open_cnt, the cdev
 * fd's access) ask this, not `bound`.
 */
export function cdevBinding(sim: Sim, device: string): DeviceObject | null {
  const b = sim.state.devices.get(device)?.bound;
  const o = b ? sim.state.ictxs.get(b.ictx)?.objects.get(b.devId) : undefined;
  return o?.kind === 'device' && o.fd !== null ? o : null;
}

/** The device object of a device bound through the VFIO compat path (GET_DEVICE_FD on an iommufd group), or null. */
export function compatBinding(sim: Sim, device: string): { ctx: IommufdCtx; dev: DeviceObject } | null {
  const b = sim.state.devices.get(device)?.bound;
  const ctx = b ? sim.state.ictxs.get(b.ictx) : undefined;
  const o = b ? ctx?.objects.get(b.devId) : undefined;
  return ctx && o?.kind === 'device' && o.via === 'compat' ? { ctx, dev: o } : null;
}

/** The group's devices attached in this ctx (igroup->device_list). */
function groupDevices(ctx: IommufdCtx, group: number): DeviceObject[] {
  const out: DeviceObject[] = [];
  for (const o of ctx.objects.values()) if (o.kind === 'device' && o.group === group && o.hwpt !== null) out.push(o);
  return out;
}

/** The reserved regions a device brings (iommu_get_resv_regions minus DIRECT_RELAXABLE). */
function resvRegions(sim: Sim) {
  return sim.state.platform.reserved.filter((r) => r.type !== 'DIRECT_RELAXABLE');
}

/** iopt_table_enforce_dev_resv_regions, check half. */
function checkResv(sim: Sim, ioas: IoasObject, dev: DeviceObject): StepFail | null {
  for (const r of resvRegions(sim)) {
    const bad = checkReserve(ioas, r.first, r.last, `device ${dev.device}'s ${r.type} region (${r.name})`);
    if (bad) return bad;
  }
  return null;
}

function commitResv(sim: Sim, ioas: IoasObject, dev: DeviceObject): void {
  for (const r of resvRegions(sim)) ioas.reserved.add({ first: r.first, last: r.last, owner: `dev:${dev.id}`, kind: r.type });
}

/** iommufd_hw_pagetable_attach, check half: the group's attachment, then reserved regions. */
function checkAttach(sim: Sim, ctx: IommufdCtx, dev: DeviceObject, hwptId: number, ioas: IoasObject): StepFail | null {
  const cur = ctx.groupHwpt.get(dev.group);
  if (cur !== undefined && cur !== hwptId) {
    return fail('EINVAL', `iommu group ${dev.group} is already attached to HWPT ${cur}; a device of the group cannot attach elsewhere (the whole group shares one domain)`, `${DEVICE_SRC}: iommufd_hw_pagetable_attach`);
  }
  return checkResv(sim, ioas, dev);
}

function commitAttach(sim: Sim, ctx: IommufdCtx, dev: DeviceObject, h: HwptObject): void {
  commitResv(sim, ioasOf(ctx, h.ioas), dev);
  if (!ctx.groupHwpt.has(dev.group)) ctx.groupHwpt.set(dev.group, h.id);
  h.devices.push(dev.id);
  dev.hwpt = h.id;
}

/**
 * iommufd_hwpt_pasid_compat for the RID (sva/iommufd-pasid.ts: checkRidCompat): it can only
 * refuse while some PASID of the group is attached, so with none attached anywhere it passes.
 */
function checkRidCompat(sim: Sim, ctx: IommufdCtx, group: number, hwptId: number): StepFail | null {
  return sim.state.sva.groups.size > 0 ? beyond().checkRidCompat(sim, ctx, group, hwptId) : null;
}

/** The group's first RID attach in this ctx runs iommufd_hwpt_pasid_compat (PASIDs attached need a PASID HWPT). */
function firstAttachCompat(sim: Sim, ctx: IommufdCtx, dev: DeviceObject, hwptId: number): StepFail | null {
  return ctx.groupHwpt.has(dev.group) ? null : checkRidCompat(sim, ctx, dev.group, hwptId);
}

export interface AttachResult {
  /** The HWPT the device ends up on (the automatic one when pt_id named an IOAS). */
  readonly hwpt: number;
}

/**
 * VFIO_DEVICE_ATTACH_IOMMUFD_PT -> vfio_iommufd_physical_attach_ioas: iommufd_device_replace when
 * the device is already attached, else iommufd_device_attach.
 */
export function attachDevice(sim: Sim, ctx: IommufdCtx, dev: DeviceObject, ptId: number): AttachResult | StepFail {
  const pt = ctx.objects.get(ptId);
  if (!pt) return fail('ENOENT', `pt_id ${ptId} does not exist in this iommufd`, `${DEVICE_SRC}: iommufd_device_change_pt`);
  const replacing = dev.hwpt !== null;
  switch (pt.kind) {
    case 'hwpt_paging':
      return replacing ? replaceTo(sim, ctx, dev, pt) : attachTo(sim, ctx, dev, pt);
    case 'ioas':
      return autoDomain(sim, ctx, dev, pt, replacing);
    case 'device':
    case 'selftest':
      return fail('EINVAL', `pt_id ${ptId} is a ${OBJ_TYPE[pt.kind]}, neither an IOAS nor a HWPT`, `${DEVICE_SRC}: iommufd_device_change_pt`);
    default: {
      const never: never = pt;
      return never;
    }
  }
}

function attachTo(sim: Sim, ctx: IommufdCtx, dev: DeviceObject, h: HwptObject): AttachResult | StepFail {
  const bad = checkAttach(sim, ctx, dev, h.id, ioasOf(ctx, h.ioas)) ?? firstAttachCompat(sim, ctx, dev, h.id);
  if (bad) return bad;
  commitAttach(sim, ctx, dev, h);
  return { hwpt: h.id };
}

/**
 * iommufd_device_auto_get_domain: try the IOAS's automatic HWPTs in creation order (EINVAL =
 * incompatible, try the next; any other error fails the attach), else allocate a new one. For
 * a plain attach the new domain is attached first and then added to the IOAS (immediate_attach);
 * for a replace it is added first, then the group is switched to it.
 */
function autoDomain(sim: Sim, ctx: IommufdCtx, dev: DeviceObject, ioas: IoasObject, replacing: boolean): AttachResult | StepFail {
  for (const hid of ioas.hwpts) {
    const h = hwptOf(ctx, hid);
    if (!h.auto) continue; // automatic selection never picks a manually created domain
    const r = replacing ? replaceTo(sim, ctx, dev, h) : attachTo(sim, ctx, dev, h);
    if ('ok' in r && r.errno === 'EINVAL') continue;
    return r;
  }
  const id = allocId(ctx);
  const geom = domainGeometry(sim);
  if ('ok' in geom) return geom;
  if (!replacing) {
    // immediate_attach: the new domain is attached to the group before it joins the IOAS.
    const bad = checkAttach(sim, ctx, dev, id, ioas) ?? firstAttachCompat(sim, ctx, dev, id);
    if (bad) return bad;
  }
  const g = checkNewHwpt(sim, ioas, id);
  if ('ok' in g) return g;
  if (replacing) {
    const bad = checkReplace(sim, ctx, dev, ioas) ?? checkRidCompat(sim, ctx, dev.group, id);
    if (bad) return bad;
  }
  const h = createHwpt(ctx, ioas, id, g, true, []);
  if (replacing) commitReplace(sim, ctx, dev, h);
  else commitAttach(sim, ctx, dev, h);
  return { hwpt: h.id };
}

/** iommufd_device_do_replace, check half: the group's devices' reserved regions in the new IOAS. */
function checkReplace(sim: Sim, ctx: IommufdCtx, dev: DeviceObject, newIoas: IoasObject): StepFail | null {
  const old = hwptOf(ctx, ctx.groupHwpt.get(dev.group)!);
  if (old.ioas === newIoas.id) return null;
  for (const d of groupDevices(ctx, dev.group)) {
    const bad = checkResv(sim, newIoas, d);
    if (bad) return bad;
  }
  return null;
}

function replaceTo(sim: Sim, ctx: IommufdCtx, dev: DeviceObject, h: HwptObject): AttachResult | StepFail {
  const cur = ctx.groupHwpt.get(dev.group);
  if (cur === undefined) {
    return fail('EINVAL', `iommu group ${dev.group} is not attached: nothing to replace`, `${DEVICE_SRC}: iommufd_device_do_replace`);
  }
  if (cur === h.id) return { hwpt: h.id }; // same HWPT: success, nothing changes
  const bad = checkReplace(sim, ctx, dev, ioasOf(ctx, h.ioas)) ?? checkRidCompat(sim, ctx, dev.group, h.id);
  if (bad) return bad;
  commitReplace(sim, ctx, dev, h);
  return { hwpt: h.id };
}

/** Switch the whole group to h; the old HWPT is put (destroyed if automatic and now unused). */
function commitReplace(sim: Sim, ctx: IommufdCtx, dev: DeviceObject, h: HwptObject): void {
  const old = hwptOf(ctx, ctx.groupHwpt.get(dev.group)!);
  const moving = groupDevices(ctx, dev.group);
  const newIoas = ioasOf(ctx, h.ioas);
  const oldIoas = ioasOf(ctx, old.ioas);
  for (const d of moving) {
    if (old.ioas !== h.ioas) {
      commitResv(sim, newIoas, d);
      removeReserved(oldIoas, `dev:${d.id}`);
    }
    old.devices = old.devices.filter((x) => x !== d.id);
    h.devices.push(d.id);
    d.hwpt = h.id;
  }
  ctx.groupHwpt.set(dev.group, h.id);
  if (old.auto && old.devices.length === 0) destroyHwpt(sim, ctx, old);
}

/**
 * iommufd_device_detach: the device leaves its HWPT; the last device of the group takes the
 * group's domain with it; its reserved regions leave the IOAS; an automatic HWPT left unused is
 * destroyed (its aperture exclusions go and the IOAS alignment is recomputed).
 */
export function detachDevice(sim: Sim, ctx: IommufdCtx, dev: DeviceObject): void {
  if (dev.hwpt === null) return;
  const h = hwptOf(ctx, dev.hwpt);
  h.devices = h.devices.filter((x) => x !== dev.id);
  removeReserved(ioasOf(ctx, h.ioas), `dev:${dev.id}`);
  dev.hwpt = null;
  if (groupDevices(ctx, dev.group).length === 0) ctx.groupHwpt.delete(dev.group);
  if (h.auto && h.devices.length === 0) destroyHwpt(sim, ctx, h);
}

/** iommufd_device_unbind (and, on selftest-mock, destroying the stdev object). */
export function unbindDevice(sim: Sim, ctx: IommufdCtx, dev: DeviceObject): void {
  // vfio_iommufd_physical_unbind: the PASIDs first (src/core/sva/iommufd-pasid.ts), then the RID.
  if (mayHaveVfioPasids(sim, dev.device)) beyond().detachAllPasids(sim, dev.device, dev.group, dev.id);
  detachDevice(sim, ctx, dev);
  ctx.objects.delete(dev.id);
  if (dev.stdev !== null) ctx.objects.delete(dev.stdev);
  const d = sim.state.devices.get(dev.device);
  if (d && d.bound?.ictx === ctx.id && d.bound.devId === dev.id) d.bound = null;
}

/** A one-line description of where a device's attach would go, for reasons. */
export function describePt(ctx: IommufdCtx, ptId: number): string {
  const o = ctx.objects.get(ptId);
  if (!o) return `id ${ptId}`;
  if (o.kind === 'hwpt_paging') return `HWPT ${ptId} [${hex(o.apertureStart)}, ${hex(o.apertureEnd)}]`;
  return `${OBJ_TYPE[o.kind]} ${ptId}`;
}
