// Topology of the iommufd side: contexts, IOAS, HWPT_PAGING, device bindings (a 'bound' edge
// device -> iommufd carrying the dev_id) and attachments (igroup->hwpt: group -> HWPT), and the
// VFIO compat view (groups set on an iommufd, the compat IOAS).

import type { HwptObject, IommufdCtx, IoasObject } from '../iommufd/types';
import { usersOf } from '../iommufd/objects';
import type { Sim } from '../sim/sim';
import type { GraphBuilder } from './graph';
import { nodeId, spaceId } from './ids';
import { hwptName, ioasName } from './spaces';
import { count, list, pgsizeList, span } from './text';

function ioasNode(sim: Sim, ctx: IommufdCtx, o: IoasObject, g: GraphBuilder): void {
  const id = nodeId.ioas(ctx.id, o.id);
  const compat = ctx.vfioIoas === o.id;
  g.node({
    id, kind: 'ioas', label: ioasName(sim, ctx.id, o.id),
    detail: `${count(o.areas.size, 'area')} · ${count(o.hwpts.length, 'HWPT')}`,
    badges: compat ? ['compat'] : [],
    attrs: {
      ioas: o.id, iommufd: ctx.id, areas: o.areas.size, hwpts: list(o.hwpts), iova_alignment: o.iovaAlignment,
      large_pages: !o.disableLargePages, reserved_ranges: o.reserved.size, allowed_ranges: o.allowed.size,
      users: usersOf(ctx, o, sim), compat,
    },
    spaces: [spaceId.ioas(ctx.id, o.id)],
  });
  g.edge('owns', nodeId.iommufd(ctx.id), id);
}

function devNames(ctx: IommufdCtx, ids: readonly number[]): string {
  return list(ids.map((d) => {
    const o = ctx.objects.get(d);
    return o?.kind === 'device' ? `${o.device} (dev_id ${d})` : `dev_id ${d}`;
  }));
}

function hwptNode(sim: Sim, ctx: IommufdCtx, o: HwptObject, g: GraphBuilder): void {
  const id = nodeId.hwpt(ctx.id, o.id);
  g.node({
    id, kind: 'hwpt', label: hwptName(sim, ctx.id, o.id),
    detail: `aperture ${span(o.apertureStart, o.apertureEnd)} · ${pgsizeList(o.pgsizeBitmap)}`,
    badges: [o.auto ? 'auto' : 'manual'],
    attrs: {
      hwpt: o.id, iommufd: ctx.id, ioas: o.ioas, auto: o.auto, aperture_start: o.apertureStart, aperture_end: o.apertureEnd,
      pgsize_bitmap: o.pgsizeBitmap, pgsizes: pgsizeList(o.pgsizeBitmap), format: o.format, flags: list(o.flags),
      devices: devNames(ctx, o.devices), users: usersOf(ctx, o, sim),
    },
    spaces: [spaceId.hwpt(ctx.id, o.id)],
  });
  g.edge('owns', nodeId.iommufd(ctx.id), id);
  g.edge('on-ioas', id, nodeId.ioas(ctx.id, o.ioas));
}

export function addIommufd(sim: Sim, g: GraphBuilder): void {
  for (const ctx of [...sim.state.ictxs.values()].sort((a, b) => a.id - b.id)) {
    const id = nodeId.iommufd(ctx.id);
    const compat = ctx.viaVfioNode || ctx.compatGroups.length > 0;
    g.node({
      id, kind: 'iommufd', label: `iommufd ${ctx.id}`,
      detail: `${ctx.viaVfioNode ? '/dev/vfio/vfio (iommufd)' : '/dev/iommu'} · ${count(ctx.objects.size, 'object')}${ctx.compatType ? ` · ${ctx.compatType}` : ''}`,
      badges: compat ? ['compat'] : [],
      attrs: {
        iommufd: ctx.id, via_vfio_node: ctx.viaVfioNode, objects: ctx.objects.size, vfio_ioas: ctx.vfioIoas,
        compat_type: ctx.compatType, compat_groups: list(ctx.compatGroups), fd_refs: ctx.fdRefs,
      },
    });
    const ids = [...ctx.objects.keys()].sort((a, b) => a - b);
    for (const k of ids) {
      const o = ctx.objects.get(k)!;
      if (o.kind === 'ioas') ioasNode(sim, ctx, o, g);
    }
    for (const k of ids) {
      const o = ctx.objects.get(k)!;
      if (o.kind === 'hwpt_paging') hwptNode(sim, ctx, o, g);
    }
    // Device objects: the binding, shown as an edge labelled with the dev_id.
    for (const k of ids) {
      const o = ctx.objects.get(k)!;
      if (o.kind !== 'device') continue;
      g.edge('bound', nodeId.device(o.device), id, `dev_id ${o.id}${o.via === 'cdev' ? '' : ` (${o.via})`}`);
    }
    // igroup->hwpt: the whole group is attached, whichever of its devices asked.
    for (const [group, hwpt] of [...ctx.groupHwpt].sort((a, b) => a[0] - b[0])) {
      const h = ctx.objects.get(hwpt);
      const mine = h?.kind === 'hwpt_paging' ? h.devices.filter((d) => { const o = ctx.objects.get(d); return o?.kind === 'device' && o.group === group; }) : [];
      const label = mine.length ? devNames(ctx, mine) : undefined;
      g.edge('attached', nodeId.group(group), nodeId.hwpt(ctx.id, hwpt), label);
    }
    for (const group of ctx.compatGroups) g.edge('set-container', nodeId.group(group), id, 'VFIO compat');
  }
}
