// The iommufd object table (drivers/iommu/iommufd/main.c): id allocation, typed lookup,
// reference counts and who holds them.

import { fail } from '../errno';
import type { StepFail } from '../errno';
import type { Sim } from '../sim/sim';
import { devicePasids, hwptPasidHolders, hwptPasidUsers } from '../sva/iommufd-slots';
import type { DeviceObject, HwptObject, IommufdCtx, IommufdObject, IoasObject } from './types';

export const MAIN_SRC = 'drivers/iommu/iommufd/main.c';

/** Kernel names of the object types, for reasons and inspect output. */
export const OBJ_TYPE: Record<IommufdObject['kind'], string> = {
  ioas: 'IOAS',
  hwpt_paging: 'HWPT_PAGING',
  device: 'DEVICE',
  selftest: 'SELFTEST',
};

export function ctxOf(sim: Sim, ictx: number): IommufdCtx {
  const c = sim.state.ictxs.get(ictx);
  if (!c) throw new Error(`iommufd context ${ictx} does not exist`);
  return c;
}

/**
 * xa_alloc with XA_FLAGS_ALLOC1 (iommufd_fops_open): the lowest free id from 1, shared by
 * every object type of the file. Reuse of freed ids is how xa_alloc behaves (the reference
 * calls the reuse unverified beyond ALLOC1; the real-kernel runs agree with lowest-free).
 */
export function allocId(ctx: IommufdCtx): number {
  let id = 1;
  while (ctx.objects.has(id)) id++;
  return id;
}

/** iommufd_get_object(ictx, id, type): missing or of another type -> ENOENT. */
export function getIoas(ctx: IommufdCtx, id: number, field = 'ioas_id'): IoasObject | StepFail {
  const o = ctx.objects.get(id);
  if (o?.kind === 'ioas') return o;
  return fail('ENOENT', `${field} ${id} ${o ? `is a ${OBJ_TYPE[o.kind]}, not an IOAS` : 'does not exist in this iommufd'}`, `${MAIN_SRC}: iommufd_get_object`);
}

export function getDevice(ctx: IommufdCtx, id: number, field = 'dev_id'): DeviceObject | StepFail {
  const o = ctx.objects.get(id);
  if (o?.kind === 'device') return o;
  return fail('ENOENT', `${field} ${id} ${o ? `is a ${OBJ_TYPE[o.kind]}, not a device` : 'does not exist in this iommufd'}`, `${MAIN_SRC}: iommufd_get_object`);
}

export function hwptOf(ctx: IommufdCtx, id: number): HwptObject {
  const o = ctx.objects.get(id);
  if (o?.kind !== 'hwpt_paging') throw new Error(`object ${id} is not a HWPT`);
  return o;
}

export function ioasOf(ctx: IommufdCtx, id: number): IoasObject {
  const o = ctx.objects.get(id);
  if (o?.kind !== 'ioas') throw new Error(`object ${id} is not an IOAS`);
  return o;
}

export function isFail<T>(x: T | StepFail): x is StepFail {
  return typeof x === 'object' && x !== null && (x as { ok?: unknown }).ok === false;
}

/**
 * What holds a reference (obj->users beyond the xarray's own) on an object, in words.
 * Empty = users == 1, so IOMMU_DESTROY's refcount_dec_if_one succeeds.
 *  - IOAS: +1 per HWPT_PAGING built on it (iommufd_hwpt_paging_alloc).
 *  - HWPT_PAGING: +1 per attached device (iommufd_hw_pagetable_attach).
 *  - DEVICE: +1 by the binding driver until unbind (iommufd_device_bind), +1 while attached.
 *  - SELFTEST: nothing; destroying it unbinds its mock device.
 */
export function holders(ctx: IommufdCtx, o: IommufdObject, sim: Sim): string[] {
  switch (o.kind) {
    case 'ioas':
      return o.hwpts.map((h) => `HWPT ${h}${hwptOf(ctx, h).auto ? ' (automatic domain)' : ''} is built on it`);
    case 'hwpt_paging':
      return [...o.devices.map((d) => `device ${devName(ctx, d, sim)} is attached to it`), ...hwptPasidHolders(sim, ctx.id, o.id)];
    case 'device': {
      const who = o.via === 'mock'
        ? `the selftest object ${o.stdev} owns it (destroy that, or close the device fd)`
        : o.via === 'compat'
          ? 'VFIO holds it while a device fd from VFIO_GROUP_GET_DEVICE_FD is open (the last close unbinds it)'
          : 'the VFIO driver holds it until the device fd is closed (unbind)';
      const pasids = devicePasids(sim, ctx.id, o.id).map((p) => `PASID ${p} of it is attached`);
      return o.hwpt !== null ? [who, `it is attached to HWPT ${o.hwpt}`, ...pasids] : [who, ...pasids];
    }
    case 'selftest':
      return [];
    default: {
      const never: never = o;
      return never;
    }
  }
}

/** obj->users as the kernel counts it (1 for the xarray plus one per holder). */
export function usersOf(ctx: IommufdCtx, o: IommufdObject, sim: Sim): number {
  switch (o.kind) {
    case 'ioas': return 1 + o.hwpts.length;
    // PASID attachments (src/core/sva/iommufd-slots.ts) hold references too.
    case 'hwpt_paging': return 1 + o.devices.length + hwptPasidUsers(sim, ctx.id, o.id);
    case 'device': return 2 + (o.hwpt !== null ? 1 : 0) + devicePasids(sim, ctx.id, o.id).length;
    case 'selftest': return 1;
    default: {
      const never: never = o;
      void ctx; void sim;
      return never;
    }
  }
}

export function devName(ctx: IommufdCtx, devObj: number, sim: Sim): string {
  const o = ctx.objects.get(devObj);
  void sim;
  return o?.kind === 'device' ? `${o.device} (id ${devObj})` : `id ${devObj}`;
}
