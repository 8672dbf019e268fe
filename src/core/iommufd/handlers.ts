// iommufd ioctls (IOMMU_*) and the VFIO cdev bind/attach/detach ioctls. Each handler checks in
// the kernel's order (ioas.c, hw_pagetable.c, main.c, device_cdev.c) and mutates only on success,
// except IOMMU_IOAS_UNMAP, which the kernel does not make atomic.

import { mayHaveVfioPasids } from '../beyond/guards';
import { beyond } from '../beyond/registry';
import { fail, ok } from '../errno';
import type { StepFail } from '../errno';
import type { Handler, HandlerTable } from '../sim/handler';
import { arg } from '../sim/handler';
import type { Sim } from '../sim/sim';
import { hex, SIZE_MAX, U64_MAX } from '../u64';
import { attachDevice, bindDevice, detachDevice, unbindDevice } from './device';
import { checkNewHwpt, createHwpt, destroyHwpt, domainGeometry, HWPT_SRC } from './hwpt';
import { iovaRanges, mapPages, newIoas, setAllowed, unmapAll, unmapRange } from './ioas';
import type { Slice } from './ioas';
import { allocId, getDevice, getIoas, holders, isFail, MAIN_SRC, OBJ_TYPE, usersOf } from './objects';
import type { Area, IommufdCtx } from './types';
import { groupFileOpen } from '../vfio/group-users';

const IOAS_SRC = 'drivers/iommu/iommufd/ioas.c';
const CDEV_SRC = 'drivers/vfio/device_cdev.c';
const IOCTL_SRC = 'fs/ioctl.c: vfs_ioctl';

/** The iommufd context behind `fd` (/dev/iommu, or /dev/vfio/vfio provided by iommufd). */
export function ctxFromFd(sim: Sim, name: unknown): IommufdCtx | StepFail {
  const fd = sim.fdOf(name);
  const file = sim.file(fd);
  if (!file) return fail('EBADF', `fd ${fd} is not open`, IOCTL_SRC);
  if (file.kind !== 'iommufd') return fail('ENOTTY', `fd ${fd} is a ${file.kind} file, not an iommufd: it has no IOMMU_* ioctls`, IOCTL_SRC);
  const ctx = sim.state.ictxs.get(file.ictx);
  if (!ctx) throw new Error(`fd ${fd} refers to a released iommufd context`);
  return ctx;
}

const flags = (step: Parameters<Handler>[1]) => arg.flags(step, 'flags');

// ---------------------------------------------------------------- IOAS

const ioasAlloc: Handler = (sim, step) => {
  const ctx = ctxFromFd(sim, step.fd);
  if (isFail(ctx)) return ctx;
  const f = arg.intopt(step, 'flags') ?? 0;
  if (f !== 0) return fail('EOPNOTSUPP', `flags ${f} must be 0`, `${IOAS_SRC}: iommufd_ioas_alloc_ioctl`);
  const id = allocId(ctx);
  ctx.objects.set(id, newIoas(id));
  sim.bind(step.as, { kind: 'id', id, ictx: ctx.id });
  return ok({ out_ioas_id: id });
};

const ioasMap: Handler = (sim, step) => {
  const src = `${IOAS_SRC}: iommufd_ioas_map`;
  const ctx = ctxFromFd(sim, step.fd);
  if (isFail(ctx)) return ctx;
  const fl = flags(step);
  const iova = arg.u64opt(step, 'iova') ?? 0n;
  const length = arg.u64(step, 'length');
  const userVa = arg.u64(step, 'user_va');
  if (iova === U64_MAX || length === U64_MAX) return fail('EOVERFLOW', `iova or length is ULONG_MAX`, src);
  const read = fl.includes('READABLE');
  const write = fl.includes('WRITEABLE');
  if (!read && !write) return fail('EINVAL', 'neither READABLE nor WRITEABLE is set', src);
  const ioas = getIoas(ctx, sim.idOf(step.ioas_id));
  if (isFail(ioas)) return ioas;
  const bad = checkUserPages(userVa, length, sim.state.platform.pageSize);
  if (bad) return bad;
  const got = mapPages(sim, ioas, {
    slices: [{ userVa, length, pagesWritable: write }], length,
    iova: fl.includes('FIXED_IOVA') ? iova : null, read, write,
  });
  if (typeof got !== 'bigint') return got;
  return ok({ iova: got });
};

/** iopt_alloc_user_pages + iopt_alloc_pages: the user range itself. */
export function checkUserPages(userVa: bigint, length: bigint, pageSize: bigint): StepFail | null {
  if (userVa + length > U64_MAX) {
    return fail('EOVERFLOW', `user_va ${hex(userVa)} + length ${hex(length)} overflows`, 'drivers/iommu/iommufd/pages.c: iopt_alloc_user_pages');
  }
  if (length === 0n || length > SIZE_MAX - pageSize) {
    return fail('EINVAL', length === 0n ? 'length is 0' : 'length is larger than SIZE_MAX - PAGE_SIZE', 'drivers/iommu/iommufd/pages.c: iopt_alloc_pages');
  }
  return null;
}

const ioasUnmap: Handler = (sim, step) => {
  const src = `${IOAS_SRC}: iommufd_ioas_unmap`;
  const ctx = ctxFromFd(sim, step.fd);
  if (isFail(ctx)) return ctx;
  const ioas = getIoas(ctx, sim.idOf(step.ioas_id));
  if (isFail(ioas)) return ioas;
  const iova = arg.u64(step, 'iova');
  const length = arg.u64(step, 'length');
  if (iova === 0n && length === U64_MAX) {
    const all = unmapAll(ioas);
    if (all > 0n) flushDomains(sim, ctx, ioas.id);
    return ok({ length: all });
  }
  if (iova === U64_MAX || length === U64_MAX) return fail('EOVERFLOW', 'iova or length is ULONG_MAX (only iova 0, length U64_MAX means "all")', src);
  if (length === 0n) return fail('EINVAL', 'length is 0', 'drivers/iommu/iommufd/io_pagetable.c: iopt_unmap_iova');
  if (iova + length - 1n > U64_MAX) return fail('EOVERFLOW', 'iova + length - 1 overflows', 'drivers/iommu/iommufd/io_pagetable.c: iopt_unmap_iova');
  const r = unmapRange(ioas, iova, iova + length - 1n);
  // Areas already removed were unmapped from every domain, which flushed their IOTLBs.
  if (r.unmapped > 0n) flushDomains(sim, ctx, ioas.id);
  if (r.error) return r.error;
  // afb47765f923 moved the "nothing there" ENOENT here from iopt_unmap_iova_range.
  if (r.unmapped === 0n) return fail('ENOENT', `no area lies inside [${hex(iova)}, ${hex(iova + length - 1n)}]`, src);
  return ok({ length: r.unmapped });
};

/** iopt_unmap_iova_range unmaps from every domain of the IOAS: count their IOTLB flushes. */
function flushDomains(sim: Sim, ctx: IommufdCtx, ioasId: number): void {
  // Counted per (device, PASID) a HWPT is attached at: none while no group has a PASID attached.
  if (sim.state.sva.groups.size === 0) return;
  for (const obj of ctx.objects.values()) {
    if (obj.kind === 'hwpt_paging' && obj.ioas === ioasId) beyond().invalidateHwptRange(sim, ctx.id, obj.id);
  }
}

/** ridAttachedViaPasid0 (sva/iommufd-pasid.ts): false while the device attached no PASID through VFIO. */
function ridViaPasid0(sim: Sim, device: string): boolean {
  return mayHaveVfioPasids(sim, device) && beyond().ridAttachedViaPasid0(sim, device);
}

const ioasCopy: Handler = (sim, step) => {
  const src = `${IOAS_SRC}: iommufd_ioas_copy`;
  const ctx = ctxFromFd(sim, step.fd);
  if (isFail(ctx)) return ctx;
  const fl = flags(step);
  const length = arg.u64(step, 'length');
  const srcIova = arg.u64(step, 'src_iova');
  const dstIova = arg.u64opt(step, 'dst_iova') ?? 0n;
  if (length === U64_MAX || srcIova === U64_MAX || dstIova === U64_MAX) return fail('EOVERFLOW', 'length, src_iova or dst_iova is ULONG_MAX', src);
  const read = fl.includes('READABLE');
  const write = fl.includes('WRITEABLE');
  if (!read && !write) return fail('EINVAL', 'neither READABLE nor WRITEABLE is set', src);
  const srcIoas = getIoas(ctx, sim.idOf(step.src_ioas_id), 'src_ioas_id');
  if (isFail(srcIoas)) return srcIoas;
  const slices = getPages(srcIoas.id, srcIoas.areas.intersecting.bind(srcIoas.areas), srcIova, length);
  if (isFail(slices)) return slices;
  const dstIoas = getIoas(ctx, sim.idOf(step.dst_ioas_id), 'dst_ioas_id');
  if (isFail(dstIoas)) return dstIoas;
  const got = mapPages(sim, dstIoas, { slices, length, iova: fl.includes('FIXED_IOVA') ? dstIova : null, read, write });
  if (typeof got !== 'bigint') return got;
  return ok({ dst_iova: got });
};

/**
 * iopt_get_pages: [iova, iova+length-1] must be covered by a gap-free run of areas starting with
 * the one containing iova; one slice per area touched (the run may start and end inside areas).
 */
function getPages(ioasId: number, intersecting: (f: bigint, l: bigint) => Generator<Area>, iova: bigint, length: bigint): Slice[] | StepFail {
  const src = 'drivers/iommu/iommufd/io_pagetable.c: iopt_get_pages';
  if (length === 0n) return fail('EINVAL', 'length is 0', src);
  const last = iova + length - 1n;
  if (last > U64_MAX) return fail('EOVERFLOW', 'src_iova + length - 1 overflows', src);
  const out: Slice[] = [];
  let cur = iova;
  for (const a of intersecting(iova, last)) {
    if (a.first > cur) break; // a gap: the run stops before `last`
    const end = a.last < last ? a.last : last;
    out.push({ userVa: a.userVa + (cur - a.first), length: end - cur + 1n, pagesWritable: a.pagesWritable, copiedFrom: { ioas: ioasId, iova: cur } });
    if (end === last) return out;
    cur = end + 1n;
  }
  return fail('ENOENT', `[${hex(iova)}, ${hex(last)}] of the source IOAS is not covered by contiguous areas (hole at ${hex(cur)})`, src);
}

const ioasAllowIovas: Handler = (sim, step) => {
  const ctx = ctxFromFd(sim, step.fd);
  if (isFail(ctx)) return ctx;
  const ioas = getIoas(ctx, sim.idOf(step.ioas_id));
  if (isFail(ioas)) return ioas;
  const ranges = arg.ranges(step, 'allowed_iovas');
  const loaded: { first: bigint; last: bigint }[] = [];
  for (const r of ranges) {
    if (r.start >= r.last) return fail('EINVAL', `range [${hex(r.start)}, ${hex(r.last)}]: start must be below last`, `${IOAS_SRC}: iommufd_ioas_load_iovas`);
    const o = loaded.find((x) => x.first <= r.last && x.last >= r.start);
    if (o) return fail('EINVAL', `range [${hex(r.start)}, ${hex(r.last)}] overlaps [${hex(o.first)}, ${hex(o.last)}] of the same list`, `${IOAS_SRC}: iommufd_ioas_load_iovas`);
    loaded.push({ first: r.start, last: r.last });
  }
  const bad = setAllowed(ioas, loaded);
  if (bad) return bad;
  return ok();
};

const ioasIovaRanges: Handler = (sim, step) => {
  const ctx = ctxFromFd(sim, step.fd);
  if (isFail(ctx)) return ctx;
  const ioas = getIoas(ctx, sim.idOf(step.ioas_id));
  if (isFail(ioas)) return ioas;
  const holes = iovaRanges(ioas);
  const room = arg.intopt(step, 'num_iovas');
  if (room !== undefined && holes.length > room) {
    return fail('EMSGSIZE', `${holes.length} ranges do not fit in num_iovas ${room}; the kernel still writes num_iovas = ${holes.length} (and the first ${room}) back before returning EMSGSIZE`, `${IOAS_SRC}: iommufd_ioas_iova_ranges`);
  }
  return ok({
    num_iovas: holes.length,
    allowed_iovas: holes.map((h) => ({ start: h.first, last: h.last })),
    out_iova_alignment: ioas.iovaAlignment,
  });
};

// ---------------------------------------------------------------- HWPT and DESTROY

const NEST_PARENT = 'NEST_PARENT';
const FAULT_ID_VALID = 'FAULT_ID_VALID';

const hwptAlloc: Handler = (sim, step) => {
  const ctx = ctxFromFd(sim, step.fd);
  if (isFail(ctx)) return ctx;
  const fl = flags(step);
  const dev = getDevice(ctx, sim.idOf(step.dev_id));
  if (isFail(dev)) return dev;
  const ptId = sim.idOf(step.pt_id);
  const pt = ctx.objects.get(ptId);
  const src = `${HWPT_SRC}: iommufd_hwpt_alloc`;
  if (!pt) return fail('EINVAL', `pt_id ${ptId} does not exist (HWPT_ALLOC reports a bad pt_id as EINVAL, not ENOENT)`, src);
  if (pt.kind === 'hwpt_paging') {
    return fail('EOPNOTSUPP', `pt_id ${ptId} is a HWPT_PAGING: that allocates a nested HWPT, which needs driver data (data_type/data_uptr) this scenario does not give`, `${HWPT_SRC}: iommufd_hwpt_nested_alloc`);
  }
  if (pt.kind !== 'ioas') return fail('EINVAL', `pt_id ${ptId} is a ${OBJ_TYPE[pt.kind]}, not an IOAS or HWPT`, src);
  const g0 = domainGeometry(sim);
  if ('ok' in g0) return g0;
  if (fl.includes(FAULT_ID_VALID) && fl.includes(NEST_PARENT)) {
    return fail('EOPNOTSUPP', 'FAULT_ID_VALID cannot be combined with NEST_PARENT', `${HWPT_SRC}: iommufd_hwpt_paging_alloc`);
  }
  const id = allocId(ctx);
  const g = checkNewHwpt(sim, pt, id);
  if ('ok' in g) return g;
  if (fl.includes(FAULT_ID_VALID)) {
    // The scenario has no fault_id field: fault id 0 names no fault object (unverified order).
    return fail('ENOENT', 'FAULT_ID_VALID with fault_id 0: no such fault queue object', `${HWPT_SRC}: iommufd_hwpt_alloc (iommufd_get_fault)`);
  }
  createHwpt(ctx, pt, id, g, false, fl);
  sim.bind(step.as, { kind: 'id', id, ictx: ctx.id });
  return ok({ out_hwpt_id: id });
};

const destroy: Handler = (sim, step) => {
  const src = `${MAIN_SRC}: iommufd_object_remove`;
  const ctx = ctxFromFd(sim, step.fd);
  if (isFail(ctx)) return ctx;
  const id = sim.idOf(step.id);
  const o = ctx.objects.get(id);
  if (!o) return fail('ENOENT', `object ${id} does not exist in this iommufd`, src);
  if (usersOf(ctx, o, sim) !== 1) {
    return fail('EBUSY', `${OBJ_TYPE[o.kind]} ${id} is still referenced: ${holders(ctx, o, sim).join('; ')}`, src);
  }
  switch (o.kind) {
    case 'ioas':
      unmapAll(o);
      ctx.objects.delete(id);
      if (ctx.vfioIoas === id) ctx.vfioIoas = null;
      break;
    case 'hwpt_paging':
      destroyHwpt(sim, ctx, o);
      break;
    case 'selftest': {
      // Destroying the stdev unbinds (and so detaches) its mock device.
      for (const d of ctx.objects.values()) if (d.kind === 'device' && d.stdev === id) unbindDevice(sim, ctx, d);
      ctx.objects.delete(id);
      break;
    }
    case 'device':
      throw new Error('a device object always has users > 1');
    default: {
      const never: never = o;
      return never;
    }
  }
  return ok();
};

// ---------------------------------------------------------------- VFIO device cdev

/** The scenario device behind a VFIO device fd (a cdev, or one from VFIO_GROUP_GET_DEVICE_FD). */
function cdevOf(sim: Sim, name: unknown): { fd: number; device: string; via: 'cdev' | 'group' } | StepFail {
  const fd = sim.fdOf(name);
  const file = sim.file(fd);
  if (!file) return fail('EBADF', `fd ${fd} is not open`, IOCTL_SRC);
  if (file.kind !== 'vfio-device') return fail('ENOTTY', `fd ${fd} is a ${file.kind} file, not a VFIO device cdev`, IOCTL_SRC);
  return { fd, device: file.device, via: file.via };
}

/**
 * ATTACH_IOMMUFD_PT / DETACH_IOMMUFD_PT are cdev-only (vfio_device_fops_unl_ioctl handles them
 * only when !df->group): on a device fd from the group they reach vfio-pci, which does not know them.
 */
function groupDeviceFdRefusal(fd: number, op: string): StepFail {
  return fail('ENOTTY', `fd ${fd} was obtained with VFIO_GROUP_GET_DEVICE_FD: ${op} is a cdev-only ioctl, so vfio-pci receives it and does not know it`, 'drivers/vfio/pci/vfio_pci_core.c: vfio_pci_core_ioctl');
}

/** The device object this cdev fd bound (access_granted), or EINVAL as vfio_device_fops_unl_ioctl. */
function boundDevice(sim: Sim, fd: number, device: string) {
  const d = sim.state.devices.get(device);
  const b = d?.bound;
  const ctx = b ? sim.state.ictxs.get(b.ictx) : undefined;
  const o = b && ctx ? ctx.objects.get(b.devId) : undefined;
  if (!ctx || o?.kind !== 'device' || o.fd !== fd) {
    return fail('EINVAL', `fd ${fd} has not been bound with VFIO_DEVICE_BIND_IOMMUFD: device ioctls are refused until then`, 'drivers/vfio/vfio_main.c: vfio_device_fops_unl_ioctl');
  }
  return { ctx, dev: o };
}

const bind: Handler = (sim, step) => {
  const src = `${CDEV_SRC}: vfio_df_ioctl_bind_iommufd`;
  const c = cdevOf(sim, step.fd);
  if (isFail(c)) return c;
  const ifd = sim.fdOf(step.iommufd);
  if (ifd < 0) return fail('EINVAL', 'iommufd is negative (the handle names a failed open)', src);
  if (c.via === 'group') return fail('EINVAL', `fd ${c.fd} was obtained with VFIO_GROUP_GET_DEVICE_FD: BIND_IOMMUFD is only allowed on a device cdev`, src);
  const d = sim.state.devices.get(c.device)!;
  const group = sim.state.groups.get(d.group);
  if (group && groupFileOpen(sim, group)) {
    return fail('EBUSY', `the device's group ${d.group} is open (through /dev/vfio/${d.group}, or held by a device fd obtained from it): cdev and group access exclude each other`, 'drivers/vfio/group.c: vfio_device_block_group');
  }
  if (d.bound) {
    const mine = sim.state.ictxs.get(d.bound.ictx)?.objects.get(d.bound.devId);
    const same = mine?.kind === 'device' && mine.via !== 'compat' && (mine.fd === c.fd || mine.via === 'mock');
    if (same) return fail('EINVAL', `fd ${c.fd} is already bound`, src);
  }
  const file = sim.file(ifd);
  if (!file) return fail('EBADF', `iommufd ${ifd} is not open`, 'drivers/iommu/iommufd/main.c: iommufd_ctx_from_fd');
  if (file.kind !== 'iommufd') return fail('EBADFD', `fd ${ifd} is a ${file.kind} file, not an iommufd`, 'drivers/iommu/iommufd/main.c: iommufd_ctx_from_fd');
  if (d.bound) {
    return fail('EINVAL', `device ${c.device} is already open through another fd (bound to iommufd object ${d.bound.devId}); a cdev device can be opened by one binding only`, 'drivers/vfio/vfio_main.c: vfio_df_open');
  }
  const ctx = sim.state.ictxs.get(file.ictx)!;
  // DMA ownership is per iommu group: another device of the group bound to a different iommufd
  // owns it. iommu_device_claim_dma_owner (6.12): `if (group->owner != owner) ret = -EPERM;`.
  for (const other of group?.devices ?? []) {
    const ob = sim.state.devices.get(other)?.bound;
    if (other !== c.device && ob && ob.ictx !== ctx.id) {
      return fail('EPERM', `group ${d.group}'s DMA is owned by another iommufd (device ${other} is bound there)`, 'drivers/iommu/iommu.c: iommu_device_claim_dma_owner');
    }
  }
  const via = sim.state.platform.mock ? 'mock' : 'cdev';
  const o = bindDevice(sim, ctx, c.device, via, c.fd);
  d.cdevFd = c.fd;
  sim.bind(step.as, { kind: 'id', id: o.id, ictx: ctx.id });
  return ok({ out_devid: o.id });
};

const attach: Handler = (sim, step) => {
  const c = cdevOf(sim, step.fd);
  if (isFail(c)) return c;
  if (c.via === 'group') return groupDeviceFdRefusal(c.fd, 'VFIO_DEVICE_ATTACH_IOMMUFD_PT');
  const b = boundDevice(sim, c.fd, c.device);
  if (isFail(b)) return b;
  // VFIO_DEVICE_ATTACH_PASID (v6.15): one PASID of the device (src/core/sva/iommufd-pasid.ts).
  const r = flags(step).includes('PASID')
    ? beyond().attachPasid(sim, b.ctx, b.dev, sim.idOf(step.pt_id), arg.intopt(step, 'pasid'))
    : ridViaPasid0(sim, c.device) && b.dev.hwpt !== null
      ? fail('EBUSY', `device ${c.device}'s RID was attached through the PASID path with pasid 0, so VFIO does not know it is attached (vdev->iommufd_attached is false): iommufd_device_attach finds the device in the igroup's device_array (unverified)`, 'drivers/iommu/iommufd/device.c: iommufd_hw_pagetable_attach')
      : attachDevice(sim, b.ctx, b.dev, sim.idOf(step.pt_id));
  if (isFail(r)) return r;
  sim.bind(step.as, { kind: 'id', id: r.hwpt, ictx: b.ctx.id });
  return ok({ pt_id: r.hwpt });
};

const detach: Handler = (sim, step) => {
  const c = cdevOf(sim, step.fd);
  if (isFail(c)) return c;
  if (c.via === 'group') return groupDeviceFdRefusal(c.fd, 'VFIO_DEVICE_DETACH_IOMMUFD_PT');
  const b = boundDevice(sim, c.fd, c.device);
  if (isFail(b)) return b;
  if (flags(step).includes('PASID')) return beyond().detachPasid(sim, b.ctx, b.dev, arg.intopt(step, 'pasid'));
  // vfio_iommufd_physical_detach_ioas returns quietly when the device is not attached (also when
  // its RID was attached through the PASID path with pasid 0: vdev->iommufd_attached is false). The
  // device stays bound (its id lives on). Note: the oracle emulates a mock device's DETACH by
  // destroying the selftest object, which also unbinds; the simulator keeps VFIO's semantics.
  if (!ridViaPasid0(sim, c.device)) detachDevice(sim, b.ctx, b.dev);
  return ok();
};

export const iommufdHandlers: Pick<HandlerTable,
  | 'IOMMU_IOAS_ALLOC' | 'IOMMU_IOAS_MAP' | 'IOMMU_IOAS_UNMAP' | 'IOMMU_IOAS_COPY' | 'IOMMU_IOAS_ALLOW_IOVAS'
  | 'IOMMU_IOAS_IOVA_RANGES' | 'IOMMU_HWPT_ALLOC' | 'IOMMU_DESTROY' | 'VFIO_DEVICE_BIND_IOMMUFD'
  | 'VFIO_DEVICE_ATTACH_IOMMUFD_PT' | 'VFIO_DEVICE_DETACH_IOMMUFD_PT'> = {
  IOMMU_IOAS_ALLOC: ioasAlloc,
  IOMMU_IOAS_MAP: ioasMap,
  IOMMU_IOAS_UNMAP: ioasUnmap,
  IOMMU_IOAS_COPY: ioasCopy,
  IOMMU_IOAS_ALLOW_IOVAS: ioasAllowIovas,
  IOMMU_IOAS_IOVA_RANGES: ioasIovaRanges,
  IOMMU_HWPT_ALLOC: hwptAlloc,
  IOMMU_DESTROY: destroy,
  VFIO_DEVICE_BIND_IOMMUFD: bind,
  VFIO_DEVICE_ATTACH_IOMMUFD_PT: attach,
  VFIO_DEVICE_DETACH_IOMMUFD_PT: detach,
};
