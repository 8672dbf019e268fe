// Canonical inspect output for iommufd objects (scenario-format.md, "Canonical inspect"):
// 64-bit values as bigint (the serializer prints lowercase hex), lists sorted by address.

import type { Sim } from '../sim/sim';
import { devicePasids, iommufdSlots } from '../sva/iommufd-slots';
import { iovaRanges } from './ioas';
import { OBJ_TYPE, usersOf } from './objects';
import type { IommufdCtx, IoasObject } from './types';

/** Scenario device names attached through the HWPTs of an IOAS. */
function ioasDevices(ctx: IommufdCtx, ioas: IoasObject): string[] {
  const out: string[] = [];
  for (const h of ioas.hwpts) {
    const hw = ctx.objects.get(h);
    if (hw?.kind === 'hwpt_paging') for (const d of hw.devices) out.push(devName(ctx, d));
  }
  return out;
}

function devName(ctx: IommufdCtx, id: number): string {
  const o = ctx.objects.get(id);
  return o?.kind === 'device' ? o.device : String(id);
}

function withPasids<T>(list: T[]): { pasids?: T[] } {
  return list.length > 0 ? { pasids: list } : {};
}

/** IOAS: { areas, iova_ranges, reserved, hwpts, devices }; HWPT: { aperture, pgsize_bitmap, ioas, devices }; device: ... */
export function inspectIommufdObject(sim: Sim, ictx: number, id: number): Record<string, unknown> | null {
  const ctx = sim.state.ictxs.get(ictx);
  const o = ctx?.objects.get(id);
  if (!ctx || !o) return null;
  const common = { type: OBJ_TYPE[o.kind], id, users: usersOf(ctx, o, sim) };
  switch (o.kind) {
    case 'ioas':
      return {
        ...common,
        areas: o.areas.toArray().map((a) => ({
          iova: a.first, length: a.last - a.first + 1n, user_va: a.userVa,
          prot: [...(a.read ? ['READ'] : []), ...(a.write ? ['WRITE'] : [])],
          ...(a.copiedFrom ? { copied_from: { ioas: a.copiedFrom.ioas, iova: a.copiedFrom.iova } } : {}),
        })),
        iova_ranges: iovaRanges(o).map((r) => ({ start: r.first, last: r.last })),
        reserved: o.reserved.values().map((r) => ({ start: r.first, last: r.last, owner: r.owner, ...(r.kind ? { kind: r.kind } : {}) })),
        allowed: o.allowed.values().map((r) => ({ start: r.first, last: r.last })),
        iova_alignment: o.iovaAlignment,
        large_pages: !o.disableLargePages,
        hwpts: [...o.hwpts],
        devices: ioasDevices(ctx, o),
        compat: ctx.vfioIoas === id,
      };
    case 'hwpt_paging':
      return {
        ...common,
        aperture: { start: o.apertureStart, end: o.apertureEnd },
        pgsize_bitmap: o.pgsizeBitmap,
        format: o.format,
        ioas: o.ioas,
        auto: o.auto,
        flags: [...o.flags],
        devices: o.devices.map((d) => devName(ctx, d)),
        // PASID attachments (VFIO_DEVICE_ATTACH_PASID), listed only when there are some.
        ...withPasids(iommufdSlots(sim, ctx.id).filter(([, , s]) => s.hwpt === o.id)
          .flatMap(([, pasid, s]) => s.devices.map((d) => ({ device: devName(ctx, d), pasid })))),
      };
    case 'device':
      return { ...common, device: o.device, group: o.group, via: o.via, hwpt: o.hwpt, ...(o.stdev !== null ? { stdev: o.stdev } : {}), ...withPasids(devicePasids(sim, ctx.id, o.id)) };
    case 'selftest':
      return { ...common, device: o.device };
    default: {
      const never: never = o;
      return never;
    }
  }
}

/**
 * The iommufd context itself: its objects and the compat IOAS. For a /dev/vfio/vfio (or any
 * iommufd used as a VFIO container) the container view is included: `iommu`, `groups`, and
 * `mappings` = the compat IOAS's areas as { iova, size, vaddr }.
 */
export function inspectIommufdCtx(sim: Sim, ictx: number): Record<string, unknown> {
  const ctx = sim.state.ictxs.get(ictx);
  if (!ctx) return { released: true };
  const compat = ctx.vfioIoas === null ? undefined : ctx.objects.get(ctx.vfioIoas);
  const ids = [...ctx.objects.keys()].sort((a, b) => a - b);
  return {
    objects: ids.map((id) => ({ id, type: OBJ_TYPE[ctx.objects.get(id)!.kind] })),
    vfio_ioas: ctx.vfioIoas,
    iommu: ctx.compatType,
    groups: [...ctx.compatGroups].sort((a, b) => a - b),
    mappings: compat?.kind === 'ioas'
      ? compat.areas.toArray().map((a) => ({ iova: a.first, size: a.last - a.first + 1n, vaddr: a.userVa }))
      : [],
    via_vfio_node: ctx.viaVfioNode,
  };
}
