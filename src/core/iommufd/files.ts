// Opening and closing /dev/iommu (and /dev/vfio/vfio in iommufd mode) and VFIO device cdevs.
//
// Lifetime of the iommufd file: every fd, every device bound through a VFIO cdev
// (iommufd_ctx_from_fd keeps a file reference in df->iommufd) or through the compat path
// (VFIO_GROUP_GET_DEVICE_FD: iommufd_device_bind takes iommufd_ctx_get for a real device), and
// every group attached with VFIO_GROUP_SET_CONTAINER (group->iommufd) holds a reference. Closing the fd while a device is
// still bound therefore releases nothing; iommufd_fops_release runs when the last reference
// goes, and destroys every object leaves first. Selftest mock devices (selftest-mock) are
// objects inside the context and hold no file reference: closing the fd destroys them, as it
// does in the kernel selftest.

import type { StepOutcome } from '../errno';
import type { Sim } from '../sim/sim';
import { unbindDevice } from './device';
import { destroyHwpt } from './hwpt';
import { unmapAll } from './ioas';
import type { IommufdCtx } from './types';

/** A new iommufd context; viaVfioNode when opened as /dev/vfio/vfio (VFIO compat). Returns the fd. */
export function openIommufd(sim: Sim, viaVfioNode: boolean): number {
  const id = sim.state.nextIctxId++;
  const ctx: IommufdCtx = {
    id, objects: new Map(), vfioIoas: null, viaVfioNode, compatType: null,
    groupHwpt: new Map(), compatGroups: [], fdRefs: 1,
  };
  sim.state.ictxs.set(id, ctx);
  return sim.allocFd({ kind: 'iommufd', ictx: id });
}

/** close() of an iommufd fd (the file is already out of the fd table). */
export function closeIommufdFile(sim: Sim, fd: number, ictx: number): void {
  void fd;
  const ctx = sim.state.ictxs.get(ictx);
  if (!ctx) return;
  ctx.fdRefs--;
  maybeRelease(sim, ctx);
}

/** References on the iommufd file other than fds. */
function otherRefs(ctx: IommufdCtx): number {
  let n = ctx.compatGroups.length;
  for (const o of ctx.objects.values()) if (o.kind === 'device' && (o.via === 'cdev' || o.via === 'compat')) n++;
  return n;
}

/** iommufd_fops_release once nothing holds the file. */
export function maybeRelease(sim: Sim, ctx: IommufdCtx): void {
  if (ctx.fdRefs > 0 || otherRefs(ctx) > 0) return;
  releaseCtx(sim, ctx);
}

/**
 * iommufd_fops_release: destroy objects whose only user is the table, repeatedly, until none is
 * left — devices (selftest mock devices) first, then the HWPTs they freed, then the IOASes.
 */
function releaseCtx(sim: Sim, ctx: IommufdCtx): void {
  for (const o of [...ctx.objects.values()]) if (o.kind === 'device') unbindDevice(sim, ctx, o);
  for (const o of [...ctx.objects.values()]) if (o.kind === 'hwpt_paging') destroyHwpt(sim, ctx, o);
  for (const o of [...ctx.objects.values()]) if (o.kind === 'ioas') unmapAll(o);
  ctx.objects.clear();
  ctx.vfioIoas = null;
  sim.state.ictxs.delete(ctx.id);
}

/**
 * open("/dev/vfio/devices/<name>"): vfio_device_fops_cdev_open allocates a fresh device file each
 * time, so the node can be opened more than once; only one of the files can bind
 * (VFIO_DEVICE_BIND_IOMMUFD on a second one fails in vfio_df_open).
 */
export function openDeviceCdev(sim: Sim, device: string): number | StepOutcome {
  const fd = sim.allocFd({ kind: 'vfio-device', device, via: 'cdev' });
  const d = sim.state.devices.get(device);
  if (d && d.cdevFd === null) d.cdevFd = fd;
  return fd;
}

/**
 * Closing a device cdev: if this file bound the device, it is detached and unbound
 * (vfio_df_unbind_iommufd). Device files from VFIO_GROUP_GET_DEVICE_FD close in vfio/group-device.ts.
 */
export function closeDeviceFile(sim: Sim, fd: number, device: string): void {
  const d = sim.state.devices.get(device);
  if (!d) return;
  if (d.cdevFd === fd) d.cdevFd = null;
  const b = d.bound;
  const ctx = b ? sim.state.ictxs.get(b.ictx) : undefined;
  const o = b && ctx ? ctx.objects.get(b.devId) : undefined;
  if (!ctx || o?.kind !== 'device' || o.fd !== fd) return;
  unbindDevice(sim, ctx, o);
  // The binding's file reference goes with it.
  maybeRelease(sim, ctx);
  if (d.cdevFd === null) {
    for (const [f, file] of sim.state.files) if (file.kind === 'vfio-device' && file.via === 'cdev' && file.device === device) { d.cdevFd = f; break; }
  }
}
