// The part of the simulated state compare mode compares between two configurations: the IOVA ->
// user VA translations, keyed by what the scenario names (so the keys mean the same thing on
// both sides whatever the kernel objects are):
//   - "handle <name>": a handle that owns mappings: a legacy container (type1 dmas or sPAPR TCE
//     runs), an iommufd context (its VFIO-compat IOAS, which is what /dev/vfio/vfio is in
//     iommufd mode), an IOAS id, a vhost-vdpa fd (one key per ASID of its IOTLB);
//   - "device <id>": a VFIO device user space has opened (a device fd, or an iommufd binding):
//     the translations its DMA goes through (the container its group is in, or the IOAS behind
//     the HWPT it is attached to), or none. A device nobody opened does no DMA (vfio-pci enables
//     it on open), so it is left out: the legacy container attaches a whole group at
//     VFIO_SET_IOMMU while iommufd's compat layer attaches a device only when its fd is opened,
//     and that difference only matters once a device fd exists.
// Windows, apertures, reserved regions, object ids and the inspect shapes are host facts that
// differ by design between platforms; they are shown by the views, not compared here. KVM TCE
// tables and SVA (PASID -> mm) are not compared (said in the UI).
//
// Each key is read from the interval maps that hold it (a Source), so that a step's effect can
// be computed from what changed in those maps (tracker.ts), not by re-reading every mapping.

import type { Interval, IntervalMap } from '../intervals';
import type { Sim } from '../sim/sim';
import type { ContainerState, Dma, IommufdCtx, SpaprState } from '../sim/state';
import type { Area } from '../iommufd/types';
import type { IotlbEntry } from '../vhost/types';
import type { u64 } from '../u64';
import { coalesce } from './translations';
import type { Run } from './types';

/** How an interval of a source's maps translates (module-level functions: compared by identity). */
export type ToRun = (v: Interval) => Run;

const dmaRun: ToRun = (v) => ({ first: v.first, last: v.last, va: (v as Dma).vaddr });
const areaRun: ToRun = (v) => ({ first: v.first, last: v.last, va: (v as Area).userVa });
const iotlbRun: ToRun = (v) => ({ first: v.first, last: v.last, va: (v as IotlbEntry).uaddr as u64 });

/** Where one key's translations live now. */
export interface Source {
  readonly key: string;
  /** How this side gets there, in words: "type1 v2 container", "IOAS 1 via HWPT 3", "not attached". */
  readonly via: string;
  /** The interval maps holding its mappings (several for a sPAPR container's windows; none when it has none). */
  readonly maps: readonly IntervalMap<Interval>[];
  readonly toRun: ToRun;
  /** Kernel-bug findings the simulator flags on this object (a sPAPR container's), compared too. */
  readonly bugs: readonly string[];
}

const NO_MAPS: readonly IntervalMap<Interval>[] = [];
const NO_BUGS: readonly string[] = [];

/** Every key of the comparable state, with where its mappings are. Cheap: no mapping is read. */
export function sourcesOf(sim: Sim): Map<string, Source> {
  const out = new Map<string, Source>();
  const put = (key: string, via: string, maps: readonly IntervalMap<Interval>[], toRun: ToRun, bugs: readonly string[] = NO_BUGS): void => {
    out.set(key, { key, via, maps, toRun, bugs });
  };

  for (const [name, h] of sim.state.handles) {
    switch (h.kind) {
      case 'fd': {
        const f = sim.file(h.fd);
        if (!f) break;
        if (f.kind === 'vfio-container') {
          const c = sim.state.containers.get(f.container);
          if (c) put(`handle ${name}`, containerVia(c), containerMaps(c), dmaRun, containerBugs(c));
        } else if (f.kind === 'iommufd') {
          const ctx = sim.state.ictxs.get(f.ictx);
          if (ctx) {
            const ioas = ctx.vfioIoas === null ? undefined : ctx.objects.get(ctx.vfioIoas);
            put(`handle ${name}`, ioas ? `iommufd, compat IOAS ${ioas.id}` : 'iommufd, no compat IOAS', ioasMaps(ctx, ioas?.id ?? null), areaRun);
          }
        } else if (f.kind === 'vhost-vdpa') {
          const dev = sim.state.vdpa.get(f.device);
          if (!dev) break;
          for (const asid of [...dev.ases.keys()].sort((x, y) => x - y)) {
            put(`handle ${name} asid ${asid}`, `vhost-vdpa IOTLB, ASID ${asid}`, [dev.ases.get(asid)! as unknown as IntervalMap<Interval>], iotlbRun);
          }
        }
        break;
      }
      case 'id': {
        if (h.ictx === null) break;
        const ctx = sim.state.ictxs.get(h.ictx);
        const o = ctx?.objects.get(h.id);
        if (ctx && o?.kind === 'ioas') put(`handle ${name}`, `IOAS ${o.id}`, ioasMaps(ctx, o.id), areaRun);
        break;
      }
      case 'addr':
        break;
      default: {
        const never: never = h;
        return never;
      }
    }
  }

  const opened = openedDevices(sim);
  for (const d of sim.state.devices.values()) {
    if (d.kind === 'vdpa' || (!opened.has(d.id) && !d.bound)) continue;
    const t = deviceSource(sim, d.id);
    put(`device ${d.id}`, t.via, t.maps, t.toRun);
  }
  return out;
}

/** A source's translations now, coalesced (reads every mapping: O(n)). */
export function runsOf(maps: readonly IntervalMap<Interval>[], toRun: ToRun): Run[] {
  if (maps.length === 0) return [];
  const raw: Run[] = [];
  for (const m of maps) m.forEach((v) => raw.push(toRun(v)));
  return coalesce(raw);
}

/** Devices with an open VFIO device file (cdev or from VFIO_GROUP_GET_DEVICE_FD). */
function openedDevices(sim: Sim): Set<string> {
  const out = new Set<string>();
  for (const f of sim.state.files.values()) if (f.kind === 'vfio-device') out.add(f.device);
  return out;
}

function containerVia(c: ContainerState): string {
  if (!c.iommu) return 'container without an IOMMU backend';
  return c.iommu.kind === 'type1' ? `type1${c.iommu.v2 ? ' v2' : ''} container` : `sPAPR${c.iommu.v2 ? ' v2' : ''} container (TCE windows)`;
}

function containerMaps(c: ContainerState): readonly IntervalMap<Interval>[] {
  const iommu = c.iommu;
  if (!iommu) return NO_MAPS;
  switch (iommu.kind) {
    case 'type1':
      return [iommu.dmas];
    case 'spapr':
      return spaprMaps(iommu);
    default: {
      const never: never = iommu;
      return never;
    }
  }
}

/** The TCE runs of every window (runs past a window's end included: the kernel wrote them). */
function spaprMaps(st: SpaprState): IntervalMap<Interval>[] {
  const out: IntervalMap<Interval>[] = [];
  for (const w of st.windows) if (w) out.push(w.tces);
  return out;
}

/** Findings kept from released backends, then the live backend's (as the container's inspect lists them). */
function containerBugs(c: ContainerState): readonly string[] {
  const live = c.iommu?.kind === 'spapr' ? c.iommu.bugs : NO_BUGS;
  return c.bugs.length + live.length > 0 ? [...c.bugs, ...live] : NO_BUGS;
}

function ioasMaps(ctx: IommufdCtx, id: number | null): readonly IntervalMap<Interval>[] {
  const o = id === null ? undefined : ctx.objects.get(id);
  return o?.kind === 'ioas' ? [o.areas] : NO_MAPS;
}

/** What a VFIO device's DMA translates through now. */
function deviceSource(sim: Sim, id: string): { via: string; maps: readonly IntervalMap<Interval>[]; toRun: ToRun } {
  const d = sim.state.devices.get(id)!;
  const none = (via: string) => ({ via, maps: NO_MAPS, toRun: dmaRun });
  if (d.bound) {
    const ctx = sim.state.ictxs.get(d.bound.ictx);
    const o = ctx?.objects.get(d.bound.devId);
    if (!ctx || o?.kind !== 'device') return none('bound to an iommufd that is gone');
    if (o.hwpt === null) return none('bound to iommufd, not attached');
    const hw = ctx.objects.get(o.hwpt);
    if (hw?.kind !== 'hwpt_paging') return none(`attached to object ${o.hwpt}`);
    return { via: `IOAS ${hw.ioas} via HWPT ${hw.id}`, maps: ioasMaps(ctx, hw.ioas), toRun: areaRun };
  }
  const ref = sim.state.groups.get(d.group)?.container;
  if (!ref) return none('not attached');
  switch (ref.kind) {
    case 'container': {
      const c = sim.state.containers.get(ref.id);
      // A legacy container attaches the whole group at VFIO_SET_IOMMU (vfio_iommu_type1_attach_group).
      return c ? { via: containerVia(c), maps: containerMaps(c), toRun: dmaRun } : none('not attached');
    }
    case 'iommufd':
      // iommufd's compat path attaches a device only when its fd is opened (VFIO_GROUP_GET_DEVICE_FD).
      return none('group on an iommufd, device not opened (not attached)');
    default: {
      const never: never = ref;
      return never;
    }
  }
}
