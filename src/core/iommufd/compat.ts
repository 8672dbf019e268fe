// iommufd's VFIO container compatibility (drivers/iommu/iommufd/vfio_compat.c): container
// ioctls on an iommufd fd (/dev/vfio/vfio in iommufd mode, or /dev/iommu), and a VFIO group
// attached to an iommufd with VFIO_GROUP_SET_CONTAINER. Mainline after afb47765f923.
//
// Where it differs from native type1 (vfio_iommu_type1.c), on purpose, as the kernel does:
//  - everything answers ENODEV until a group created the compat IOAS (native: EINVAL);
//  - SET_IOMMU has no "already set" state, and MAP/UNMAP work without it;
//  - MAP_DMA with neither READ nor WRITE is accepted; errors are iommufd's (EEXIST, EINVAL, ...);
//  - UNMAP_DMA bisecting a mapping is ENOENT (native v2: EINVAL); an empty range is 0, size 0;
//  - TYPE1 (v1) is emulated by disabling large pages and cutting areas, so a middle unmap works;
//  - GET_INFO reports DMA_AVAIL = U32_MAX and the holes of the reserved ranges.

import { fail, ok } from '../errno';
import type { StepFail, StepOutcome } from '../errno';
import type { Step } from '../scenario/types';
import { arg } from '../sim/handler';
import type { Sim } from '../sim/sim';
import type { u64 } from '../u64';
import { add64, hex, U32_MAX, U64_MAX } from '../u64';
import { attachDevice, bindDevice, unbindDevice } from './device';
import { maybeRelease } from './files';
import { checkUserPages } from './handlers';
import { cutIova, iovaRanges, mapPages, newIoas, recalcAlignment, unmapAll, unmapRange } from './ioas';
import { allocId, ctxOf, hwptOf, isFail } from './objects';
import type { DeviceObject, IommufdCtx, IoasObject } from './types';

export type CompatOp = 'VFIO_SET_IOMMU' | 'VFIO_IOMMU_GET_INFO' | 'VFIO_IOMMU_MAP_DMA' | 'VFIO_IOMMU_UNMAP_DMA';

const SRC = 'drivers/iommu/iommufd/vfio_compat.c';

/** get_compat_ioas: ENODEV until a group (or IOMMU_VFIO_IOAS) set ictx->vfio_ioas. */
function compatIoas(ctx: IommufdCtx): IoasObject | StepFail {
  const o = ctx.vfioIoas === null ? undefined : ctx.objects.get(ctx.vfioIoas);
  if (o?.kind === 'ioas') return o;
  return fail('ENODEV', 'this iommufd has no VFIO-compat IOAS yet: no group was attached with VFIO_GROUP_SET_CONTAINER', `${SRC}: get_compat_ioas`);
}

/** A container ioctl issued on an iommufd fd. */
export function compatIoctl(sim: Sim, op: CompatOp, step: Step, ictx: number): StepOutcome {
  const ctx = ctxOf(sim, ictx);
  switch (op) {
    case 'VFIO_SET_IOMMU': return setIommu(sim, ctx, step);
    case 'VFIO_IOMMU_GET_INFO': return getInfo(sim, ctx);
    case 'VFIO_IOMMU_MAP_DMA': return mapDma(sim, ctx, step);
    case 'VFIO_IOMMU_UNMAP_DMA': return unmapDma(ctx, step);
    default: {
      const never: never = op;
      return never;
    }
  }
}

function setIommu(sim: Sim, ctx: IommufdCtx, step: Step): StepOutcome {
  const src = `${SRC}: iommufd_vfio_set_iommu`;
  const type = arg.str(step, 'type');
  if (type !== 'VFIO_TYPE1_IOMMU' && type !== 'VFIO_TYPE1v2_IOMMU') {
    return fail('EINVAL', `${type}: the iommufd VFIO compatibility layer implements only VFIO_TYPE1_IOMMU and VFIO_TYPE1v2_IOMMU`, src);
  }
  const ioas = compatIoas(ctx);
  if (isFail(ioas)) return ioas;
  if (type === 'VFIO_TYPE1_IOMMU' && !ioas.disableLargePages) {
    // type1 v1 may unmap inside a mapping: emulated by never using large IOPTEs.
    if (ioas.hwpts.length > 0 && ioas.areas.size > 0) {
      return fail('EINVAL', 'VFIO_TYPE1_IOMMU needs large pages disabled, which is refused once a domain already holds mappings', 'drivers/iommu/iommufd/io_pagetable.c: iopt_disable_large_pages');
    }
    const bad = recalcAlignment(sim, ctx, ioas, true);
    if (bad) return bad;
  }
  ctx.compatType = type;
  return ok();
}

function getInfo(sim: Sim, ctx: IommufdCtx): StepOutcome {
  const ioas = compatIoas(ctx);
  if (isFail(ioas)) return ioas;
  return ok({
    iova_pgsizes: pageSizes(sim, ctx, ioas),
    iova_ranges: iovaRanges(ioas).map((r) => ({ start: r.first, end: r.last })),
    dma_avail: U32_MAX,
  });
}

/** iommufd_get_pagesizes: AND of the domains' bitmaps, sub-page sizes folded into PAGE_SIZE, at least iova_alignment. */
export function pageSizes(sim: Sim, ctx: IommufdCtx, ioas: IoasObject): u64 {
  const page = sim.state.platform.pageSize;
  let bm = U64_MAX;
  for (const h of ioas.hwpts) bm &= hwptOf(ctx, h).pgsizeBitmap;
  const pageMask = U64_MAX & ~(page - 1n);
  if ((bm & ~pageMask) !== 0n) bm = (bm & pageMask) | page;
  return bm > ioas.iovaAlignment ? bm : ioas.iovaAlignment;
}

function mapDma(sim: Sim, ctx: IommufdCtx, step: Step): StepOutcome {
  const fl = arg.flags(step, 'flags');
  const bad = fl.find((f) => f !== 'READ' && f !== 'WRITE');
  if (bad) return fail('EINVAL', `flag ${bad} is not supported by the iommufd VFIO compatibility layer (only READ and WRITE)`, `${SRC}: iommufd_vfio_map_dma`);
  const ioas = compatIoas(ctx);
  if (isFail(ioas)) return ioas;
  const iova = arg.u64(step, 'iova');
  const size = arg.u64(step, 'size');
  const vaddr = arg.u64(step, 'vaddr');
  const read = fl.includes('READ');
  const write = fl.includes('WRITE');
  // No prot check here: a mapping with neither READ nor WRITE is accepted (type1 says EINVAL).
  const badPages = checkUserPages(vaddr, size, sim.state.platform.pageSize);
  if (badPages) return badPages;
  const got = mapPages(sim, ioas, { slices: [{ userVa: vaddr, length: size, pagesWritable: write }], length: size, iova, read, write });
  if (typeof got !== 'bigint') return got;
  return ok();
}

function unmapDma(ctx: IommufdCtx, step: Step): StepOutcome {
  const src = `${SRC}: iommufd_vfio_unmap_dma`;
  const fl = arg.flags(step, 'flags');
  const bad = fl.find((f) => f !== 'ALL');
  if (bad) return fail('EINVAL', `flag ${bad} is not supported by the iommufd VFIO compatibility layer (only ALL)`, src);
  const ioas = compatIoas(ctx);
  if (isFail(ioas)) return ioas;
  const iova = arg.u64(step, 'iova');
  const size = arg.u64(step, 'size');
  if (fl.includes('ALL')) {
    if (iova !== 0n || size !== 0n) return fail('EINVAL', 'VFIO_DMA_UNMAP_FLAG_ALL needs iova 0 and size 0', src);
    return ok({ size: unmapAll(ioas) });
  }
  let cuts = 0;
  if (ioas.disableLargePages) {
    // type1 v1 emulation: cut the areas at iova-1 and iova+size-1 first (not undone on error).
    const points = [add64(iova, add64(size, U64_MAX)), ...(iova !== 0n ? [iova - 1n] : [])];
    const c = cutIova(ioas, points);
    cuts = c.cuts;
    if (c.error) return cuts ? { ...c.error, partial: true, reason: `${c.error.reason}; ${cuts} earlier cut(s) stay` } : c.error;
  }
  const kept = (e: StepFail): StepFail => (cuts && !e.partial ? { ...e, partial: true, reason: `${e.reason} (the v1 cuts made before stay)` } : e);
  if (size === 0n) return kept(fail('EINVAL', 'size is 0', 'drivers/iommu/iommufd/io_pagetable.c: iopt_unmap_iova'));
  if (iova + size - 1n > U64_MAX) return kept(fail('EOVERFLOW', 'iova + size - 1 overflows', 'drivers/iommu/iommufd/io_pagetable.c: iopt_unmap_iova'));
  const r = unmapRange(ioas, iova, iova + size - 1n);
  if (r.error) {
    return kept({ ...r.error, reason: `${r.error.reason} (compat copies size = ${hex(r.unmapped)} back even on error)` });
  }
  // afb47765f923: an empty range is success with size 0, as type1 answers.
  return ok({ size: r.unmapped });
}

// ---------------------------------------------------------------- groups on an iommufd

/**
 * VFIO_GROUP_SET_CONTAINER with an iommufd: iommufd_vfio_compat_ioas_create reuses
 * ictx->vfio_ioas or allocates it (a user-visible IOAS), and the group keeps a reference on the
 * file (group->iommufd). Nothing is bound or attached here: the kernel binds a device and
 * attaches it to the compat IOAS when its fd is opened (VFIO_GROUP_GET_DEVICE_FD ->
 * vfio_df_group_open; compatOpenDevice below), so until then mappings meet no aperture and no
 * reserved region.
 *
 * selftest-mock is the exception: its mock devices are not VFIO devices and have no device fd.
 * There SET_CONTAINER is the selftest's vfio_compat_mock_domain fixture (the same the oracle runs):
 * IOMMU_TEST_OP_MOCK_DOMAIN on the compat IOAS right away, ids in its order (compat IOAS, then per
 * device the selftest object, the device, and for the first the automatic HWPT). A failed mock
 * attach is reported by this step; the compat IOAS stays created (partial).
 */
export function compatSetContainer(sim: Sim, group: number, ictx: number): StepOutcome {
  const ctx = ctxOf(sim, ictx);
  const g = sim.state.groups.get(group);
  if (!g) throw new Error(`no group ${group}`);
  let created = false;
  if (ctx.vfioIoas === null || ctx.objects.get(ctx.vfioIoas)?.kind !== 'ioas') {
    const id = allocId(ctx);
    ctx.objects.set(id, newIoas(id));
    ctx.vfioIoas = id;
    created = true;
  }
  if (sim.state.platform.mock) {
    const ioasId = ctx.vfioIoas!;
    const done: DeviceObject[] = [];
    for (const name of g.devices) {
      const dev = bindDevice(sim, ctx, name, 'mock', null);
      done.push(dev);
      const r = attachDevice(sim, ctx, dev, ioasId);
      if (isFail(r)) {
        for (const d of done.reverse()) unbindDevice(sim, ctx, d);
        const where = `attaching mock device ${name} to the compat IOAS ${ioasId} (IOMMU_TEST_OP_MOCK_DOMAIN)`;
        return created ? { ...r, reason: `${where}: ${r.reason}; the compat IOAS created by SET_CONTAINER stays`, partial: true } : { ...r, reason: `${where}: ${r.reason}` };
      }
    }
  }
  if (!ctx.compatGroups.includes(group)) ctx.compatGroups.push(group);
  g.container = { kind: 'iommufd', ictx };
  return ok();
}

/**
 * The first open of a device whose group is on an iommufd (vfio_df_group_open, open_count 0 -> 1):
 * vfio_df_iommufd_bind -> iommufd_device_bind (the group's DMA ownership is claimed for this
 * iommufd, a DEVICE object is allocated), then vfio_iommufd_compat_attach_ioas: the compat IOAS
 * must still exist (ENODEV, get_compat_ioas) and the device attaches to it with an automatic
 * domain, as VFIO_DEVICE_ATTACH_IOMMUFD_PT to an IOAS would. Any failure closes the device again
 * (out_close_device -> vfio_df_close -> unbind): nothing stays but the ids are free again.
 */
export function compatOpenDevice(sim: Sim, ictx: number, device: string): DeviceObject | StepFail {
  const ctx = ctxOf(sim, ictx);
  const d = sim.state.devices.get(device);
  if (!d) throw new Error(`no device ${device}`);
  // iommu_device_claim_dma_owner(dev, ictx): a group whose DMA another iommufd owns is EPERM.
  const g = sim.state.groups.get(d.group);
  for (const other of g?.devices ?? []) {
    const ob = sim.state.devices.get(other)?.bound;
    if (other !== device && ob && ob.ictx !== ictx) {
      return fail('EPERM', `group ${d.group}'s DMA is owned by another iommufd (device ${other} is bound there)`, 'drivers/iommu/iommu.c: iommu_device_claim_dma_owner');
    }
  }
  const dev = bindDevice(sim, ctx, device, 'compat', null);
  const ioas = compatIoas(ctx);
  const r = isFail(ioas) ? ioas : attachDevice(sim, ctx, dev, ioas.id);
  if (isFail(r)) {
    unbindDevice(sim, ctx, dev);
    const where = isFail(ioas)
      ? `device ${device} was bound (object ${dev.id}), but the compat IOAS is gone (destroyed or cleared since SET_CONTAINER)`
      : `attaching device ${device} (object ${dev.id}) to the compat IOAS ${ioas.id}`;
    return { ...r, reason: `${where}: ${r.reason}; the device is closed and unbound again` };
  }
  return dev;
}

/**
 * The group leaves the iommufd (UNSET_CONTAINER, or the group file released): group->iommufd is
 * put. Devices opened through the group stay bound and attached (each binding holds its own
 * reference on the iommufd) until their last device fd closes; only selftest mock devices, which
 * the fixture made at SET_CONTAINER, are destroyed with the group.
 */
export function compatUnsetContainer(sim: Sim, group: number): void {
  const g = sim.state.groups.get(group);
  const ref = g?.container;
  if (!g || ref?.kind !== 'iommufd') return;
  const ctx = sim.state.ictxs.get(ref.ictx);
  g.container = null;
  if (!ctx) return;
  for (const o of [...ctx.objects.values()]) {
    if (o.kind === 'device' && o.group === group && o.via === 'mock' && o.fd === null) unbindDevice(sim, ctx, o);
  }
  ctx.compatGroups = ctx.compatGroups.filter((x) => x !== group);
  maybeRelease(sim, ctx);
}
