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
// tables and SVA (PASID -> mm) are not compared (documented in the UI).

import { spaprMappings } from '../vfio/spapr';
import type { Sim } from '../sim/sim';
import type { ContainerState, IommufdCtx } from '../sim/state';
import { coalesce } from './translations';
import type { Run, StateEntry } from './types';

export interface DmaState {
  readonly entries: ReadonlyMap<string, StateEntry>;
  /** Mappings visited to build it (the comparison's work budget counts these). */
  readonly cost: number;
}

export function dmaStateOf(sim: Sim): DmaState {
  const entries = new Map<string, StateEntry>();
  let cost = 0;
  const put = (key: string, via: string, raw: readonly Run[], bugs: readonly string[] = []): void => {
    cost += raw.length + 1;
    entries.set(key, { key, via, runs: coalesce(raw), bugs });
  };

  for (const [name, h] of sim.state.handles) {
    switch (h.kind) {
      case 'fd': {
        const f = sim.file(h.fd);
        if (!f) break;
        if (f.kind === 'vfio-container') {
          const c = sim.state.containers.get(f.container);
          if (c) put(`handle ${name}`, containerVia(c), containerRuns(c), containerBugs(c));
        } else if (f.kind === 'iommufd') {
          const ctx = sim.state.ictxs.get(f.ictx);
          if (ctx) {
            const ioas = ctx.vfioIoas === null ? undefined : ctx.objects.get(ctx.vfioIoas);
            put(`handle ${name}`, ioas ? `iommufd, compat IOAS ${ioas.id}` : 'iommufd, no compat IOAS', ioas?.kind === 'ioas' ? ioasRuns(ctx, ioas.id) : []);
          }
        } else if (f.kind === 'vhost-vdpa') {
          const dev = sim.state.vdpa.get(f.device);
          if (!dev) break;
          for (const asid of [...dev.ases.keys()].sort((x, y) => x - y)) {
            const runs = dev.ases.get(asid)!.toArray().map((e) => ({ first: e.first, last: e.last, va: e.uaddr }));
            put(`handle ${name} asid ${asid}`, `vhost-vdpa IOTLB, ASID ${asid}`, runs);
          }
        }
        break;
      }
      case 'id': {
        if (h.ictx === null) break;
        const ctx = sim.state.ictxs.get(h.ictx);
        const o = ctx?.objects.get(h.id);
        if (ctx && o?.kind === 'ioas') put(`handle ${name}`, `IOAS ${o.id}`, ioasRuns(ctx, o.id));
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
    const { via, runs } = deviceTranslations(sim, d.id);
    put(`device ${d.id}`, via, runs);
  }
  return { entries, cost };
}

/** Findings kept from released backends, then the live backend's (as the container's inspect lists them). */
function containerBugs(c: ContainerState): string[] {
  const live = c.iommu?.kind === 'spapr' ? c.iommu.bugs : [];
  return c.bugs.length + live.length > 0 ? [...c.bugs, ...live] : [];
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

function containerRuns(c: ContainerState): Run[] {
  const iommu = c.iommu;
  if (!iommu) return [];
  switch (iommu.kind) {
    case 'type1':
      return iommu.dmas.toArray().map((d) => ({ first: d.first, last: d.last, va: d.vaddr }));
    case 'spapr':
      return spaprMappings(iommu).map((m) => ({ first: m.iova, last: m.iova + m.size - 1n, va: m.vaddr }));
    default: {
      const never: never = iommu;
      return never;
    }
  }
}

function ioasRuns(ctx: IommufdCtx, id: number): Run[] {
  const o = ctx.objects.get(id);
  if (o?.kind !== 'ioas') return [];
  return o.areas.toArray().map((a) => ({ first: a.first, last: a.last, va: a.userVa }));
}

/** What a VFIO device's DMA translates through now. */
function deviceTranslations(sim: Sim, id: string): { via: string; runs: Run[] } {
  const d = sim.state.devices.get(id)!;
  if (d.bound) {
    const ctx = sim.state.ictxs.get(d.bound.ictx);
    const o = ctx?.objects.get(d.bound.devId);
    if (!ctx || o?.kind !== 'device') return { via: 'bound to an iommufd that is gone', runs: [] };
    if (o.hwpt === null) return { via: 'bound to iommufd, not attached', runs: [] };
    const hw = ctx.objects.get(o.hwpt);
    if (hw?.kind !== 'hwpt_paging') return { via: `attached to object ${o.hwpt}`, runs: [] };
    return { via: `IOAS ${hw.ioas} via HWPT ${hw.id}`, runs: ioasRuns(ctx, hw.ioas) };
  }
  const g = sim.state.groups.get(d.group);
  const ref = g?.container;
  if (!ref) return { via: 'not attached', runs: [] };
  switch (ref.kind) {
    case 'container': {
      const c = sim.state.containers.get(ref.id);
      if (!c) return { via: 'not attached', runs: [] };
      // A legacy container attaches the whole group at VFIO_SET_IOMMU (vfio_iommu_type1_attach_group).
      return { via: containerVia(c), runs: containerRuns(c) };
    }
    case 'iommufd':
      // iommufd's compat path attaches a device only when its fd is opened (VFIO_GROUP_GET_DEVICE_FD).
      return { via: 'group on an iommufd, device not opened (not attached)', runs: [] };
    default: {
      const never: never = ref;
      return never;
    }
  }
}
