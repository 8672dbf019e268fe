// The address spaces of a state, as layer models (layers.ts): one per legacy container's
// backend (type1 or sPAPR), per KVM LIOBN table (spaces-kvm.ts, next to the host windows it
// mirrors), per IOAS, per HWPT, per vDPA ASID (spaces-vdpa.ts), per PASID address space
// (spaces-sva.ts), and the process's memory when the scenario manages it. Nothing here walks a
// mapping list: big layers are references to the state's maps.

import { hasKvm, hasSva, hasVdpa } from '../beyond/guards';
import { beyond } from '../beyond/registry';
import type { Interval, OwnedRange } from '../intervals';
import { holesOf, intersectLists } from '../intervals';
import { describeOwner, iovaRanges } from '../iommufd/ioas';
import type { HwptObject, IommufdCtx, IoasObject } from '../iommufd/types';
import { formatNamed } from '../pagetable/views';
import type { Sim } from '../sim/sim';
import type { ContainerState, Dma, SpaprState, TceWindow, Type1State, Vma } from '../sim/state';
import type { Area } from '../iommufd/types';
import type { u64 } from '../u64';
import { U64_MAX } from '../u64';
import { iommuName } from '../vfio/container';
import { windowLast, windowOrigin } from '../vfio/spapr-common';
import { groupResvRegions } from '../vfio/type1';
import { nodeId, spaceId } from './ids';
import type { Labeled, LayerModel, SpaceModel } from './layers';
import { ALL, layerHull, mapPart, sortRanges } from './layers';
import { count, pageSizeName } from './text';

const vaddrOf = (v: Interval): u64 => (v as Dma).vaddr;
const userVaOf = (v: Interval): u64 => (v as Area).userVa;
const vmaLabel = (v: Interval): string => (v as Vma).label;

interface Owned {
  readonly first: u64;
  readonly last: u64;
  /** What the range is ("MSI region", "outside the aperture"). */
  readonly what: string;
  /** Who reports it ("26", "nic0 (dev_id 3)"). */
  readonly who: string;
  readonly note?: string;
}

/** Identical ranges reported by several owners become one range naming them all. */
function mergeOwners(items: readonly Owned[], whoWord: string): Labeled[] {
  const byRange = new Map<string, { first: u64; last: u64; what: string; note: string | undefined; who: string[] }>();
  for (const r of items) {
    const k = `${r.first}:${r.last}:${r.what}:${r.note ?? ''}`;
    const hit = byRange.get(k);
    if (hit) {
      if (!hit.who.includes(r.who)) hit.who.push(r.who);
    } else byRange.set(k, { first: r.first, last: r.last, what: r.what, note: r.note, who: [r.who] });
  }
  return sortRanges([...byRange.values()].map((r) => ({
    first: r.first, last: r.last,
    label: `${r.what} of ${r.who.length === 1 ? whoWord : whoWord + 's'} ${r.who.join(', ')}${r.note ? ': ' + r.note : ''}`,
  })));
}

/** Hull of what a space holds, or the whole 64-bit space when it holds nothing yet. */
function contentExtent(layers: readonly LayerModel[], fallback: Interval = ALL): Interval {
  let out: Interval | null = null;
  for (const l of layers) {
    const h = layerHull(l);
    if (!h) continue;
    out = out ? { first: out.first < h.first ? out.first : h.first, last: out.last > h.last ? out.last : h.last } : h;
  }
  return out ?? fallback;
}

// ---------------------------------------------------------------- legacy containers

function type1Space(sim: Sim, c: ContainerState, st: Type1State): SpaceModel {
  // The aperture every domain allows (type1 narrows the IOVA list to each new one).
  let aperture: Interval | null = null;
  for (const d of st.domains) {
    const a = { first: d.apertureStart, last: d.apertureEnd };
    aperture = aperture ? (intersectLists([aperture], [a])[0] ?? null) : a;
  }
  const resv = c.groups.flatMap((g) => groupResvRegions(sim, g).map((r): Owned => ({
    // type1 keeps DIRECT_RELAXABLE regions in the IOVA list (vfio_iommu_resv_exclude skips them).
    first: r.first, last: r.last, what: r.type === 'DIRECT_RELAXABLE' ? 'DIRECT_RELAXABLE region (not enforced)' : `${r.type} region`,
    who: String(g), note: r.name,
  })));
  const domains = st.domains.map((d) => d.id).join(', ');
  const excluded = aperture
    ? holesOf([aperture]).map((h) => ({ ...h, label: `outside the aperture of domain ${domains}` }))
    : [];
  const layers: LayerModel[] = [
    { kind: 'mapping', source: 'maps', parts: [mapPart('dmas', st.dmas, vaddrOf)] },
    { kind: 'usable', source: 'list', ranges: st.iovaList.map((r) => ({ first: r.first, last: r.last })) },
    { kind: 'reserved', source: 'list', ranges: mergeOwners(resv, 'group') },
    { kind: 'excluded', source: 'list', ranges: excluded },
  ];
  return {
    id: spaceId.container(c.id), kind: 'type1', name: `container ${c.id}`,
    title: `container ${c.id} · ${iommuName(st)}`, node: nodeId.backend(c.id),
    extent: aperture ?? contentExtent(layers), walkable: st.domains.length > 0, layers,
  };
}

function windowsOf(st: SpaprState): TceWindow[] {
  return st.windows.filter((w): w is TceWindow => w !== null).sort((a, b) => (a.start < b.start ? -1 : 1));
}

export function windowLabel(w: TceWindow): string {
  return `window ${w.slot} · ${pageSizeName(1n << BigInt(w.pageShift))} TCEs · ${count(w.levels, 'level')} · ${windowOrigin(w)}`;
}

function spaprSpace(sim: Sim, c: ContainerState, st: SpaprState): SpaceModel {
  const ws = windowsOf(st);
  const key = (w: TceWindow): string => `slot${w.slot}@${w.start.toString(16)}`;
  const layers: LayerModel[] = [
    { kind: 'window', source: 'list', ranges: ws.map((w) => ({ first: w.start, last: windowLast(w), label: windowLabel(w) })) },
    { kind: 'mapping', source: 'maps', parts: ws.map((w) => mapPart(key(w), w.tces, vaddrOf, { first: w.start, last: windowLast(w) })) },
    // TCEs the kernel wrote past a table (MAP_DMA checks only the first TCE): the kernel bug.
    {
      kind: 'bug', source: 'maps',
      parts: ws.filter((w) => windowLast(w) < U64_MAX).map((w) => mapPart(
        key(w), w.tces, vaddrOf, { first: windowLast(w) + 1n, last: U64_MAX }, () => `written past the end of window ${w.slot}`,
      )),
    },
  ];
  const rules = sim.state.platform.spapr;
  // Before the lazily created default window exists, fit to where it will be.
  const pending = rules ? { first: rules.tce32Start, last: rules.tce32Start + rules.tce32Size - 1n } : ALL;
  return {
    id: spaceId.container(c.id), kind: 'spapr', name: `container ${c.id}`,
    title: `container ${c.id} · ${iommuName(st)}`, node: nodeId.backend(c.id),
    extent: contentExtent(layers.filter((l) => l.kind !== 'mapping'), pending), walkable: ws.length > 0, layers,
  };
}

// ---------------------------------------------------------------- iommufd

function deviceName(ctx: IommufdCtx, owner: string): string {
  const id = Number(owner.slice(4));
  const o = ctx.objects.get(id);
  return o?.kind === 'device' ? `${o.device} (dev_id ${id})` : `dev_id ${id}`;
}

/** Reserved ranges by owner: device regions ('reserved') and aperture exclusions ('excluded'). */
function reservedLayers(ctx: IommufdCtx, ranges: readonly OwnedRange[]): { reserved: Labeled[]; excluded: Labeled[] } {
  const dev: Owned[] = [];
  const hw: Owned[] = [];
  const other: Labeled[] = [];
  for (const r of ranges) {
    if (r.owner.startsWith('hwpt:')) hw.push({ first: r.first, last: r.last, what: 'outside the aperture', who: r.owner.slice(5) });
    else if (r.owner.startsWith('dev:')) dev.push({ first: r.first, last: r.last, what: `${r.kind ?? 'reserved'} region`, who: deviceName(ctx, r.owner) });
    else other.push({ first: r.first, last: r.last, label: describeOwner(r) });
  }
  return { reserved: sortRanges([...mergeOwners(dev, 'device'), ...other]), excluded: mergeOwners(hw, 'HWPT') };
}

export function ioasName(sim: Sim, ictx: number, id: number): string {
  return sim.state.ictxs.size > 1 ? `IOAS ${id} (iommufd ${ictx})` : `IOAS ${id}`;
}

export function hwptName(sim: Sim, ictx: number, id: number): string {
  return sim.state.ictxs.size > 1 ? `HWPT ${id} (iommufd ${ictx})` : `HWPT ${id}`;
}

function ioasSpace(sim: Sim, ctx: IommufdCtx, ioas: IoasObject): SpaceModel {
  const { reserved, excluded } = reservedLayers(ctx, ioas.reserved.values());
  const usable = iovaRanges(ioas);
  const layers: LayerModel[] = [
    { kind: 'mapping', source: 'maps', parts: [mapPart('areas', ioas.areas, userVaOf)] },
    { kind: 'usable', source: 'list', ranges: usable },
    { kind: 'reserved', source: 'list', ranges: reserved },
    { kind: 'excluded', source: 'list', ranges: excluded },
    { kind: 'allowed', source: 'list', ranges: ioas.allowed.values().map((r) => ({ first: r.first, last: r.last })) },
  ];
  // With a domain, fit to what its aperture leaves usable; a bare IOAS spans all of size_t.
  const bounded = ioas.hwpts.length > 0 && usable.length > 0;
  const extent = bounded
    ? { first: usable[0]!.first, last: usable[usable.length - 1]!.last }
    : contentExtent(layers.filter((l) => l.kind !== 'usable'));
  const compat = ctx.vfioIoas === ioas.id;
  const name = ioasName(sim, ctx.id, ioas.id);
  return {
    id: spaceId.ioas(ctx.id, ioas.id), kind: compat ? 'compat-ioas' : 'ioas', name,
    title: compat ? `${name} · VFIO compat IOAS of iommufd ${ctx.id}` : `${name} · iommufd ${ctx.id}`,
    node: nodeId.ioas(ctx.id, ioas.id), extent, walkable: false, layers,
  };
}

function hwptSpace(sim: Sim, ctx: IommufdCtx, h: HwptObject): SpaceModel {
  const ioas = ctx.objects.get(h.ioas);
  const aperture = { first: h.apertureStart, last: h.apertureEnd };
  const mine = new Set(h.devices.map((d) => `dev:${d}`));
  const resv = ioas?.kind === 'ioas' ? reservedLayers(ctx, ioas.reserved.values().filter((r) => mine.has(r.owner))).reserved : [];
  const layers: LayerModel[] = [
    // The IOAS's areas as this domain maps them: every area lies inside the aperture (the
    // complement is reserved in the IOAS), the clip only makes that explicit.
    { kind: 'mapping', source: 'maps', parts: ioas?.kind === 'ioas' ? [mapPart('areas', ioas.areas, userVaOf, aperture)] : [] },
    { kind: 'reserved', source: 'list', ranges: resv },
  ];
  const name = hwptName(sim, ctx.id, h.id);
  return {
    id: spaceId.hwpt(ctx.id, h.id), kind: 'hwpt', name,
    title: `${name} · ${h.auto ? 'automatic' : 'manual'} domain on IOAS ${h.ioas} · ${h.format}`,
    node: nodeId.hwpt(ctx.id, h.id), extent: aperture, walkable: formatNamed(h.format) !== null, layers,
  };
}

// ---------------------------------------------------------------- all of them

/** x86-64 user space ends at 0x7fffffffffff (47 bits): the process map's fit when empty. */
const USER_TOP = (1n << 47n) - 1n;

export function collectSpaces(sim: Sim): SpaceModel[] {
  const out: SpaceModel[] = [];
  const st = sim.state;
  for (const c of [...st.containers.values()].sort((a, b) => a.id - b.id)) {
    const iommu = c.iommu;
    if (!iommu) continue;
    switch (iommu.kind) {
      case 'type1': out.push(type1Space(sim, c, iommu)); break;
      case 'spapr': out.push(spaprSpace(sim, c, iommu)); break;
      default: {
        const never: never = iommu;
        throw new Error(`unknown backend ${JSON.stringify(never)}`);
      }
    }
  }
  // Beyond VFIO (core/beyond): each family has no space while the state holds none of it.
  if (hasKvm(sim)) out.push(...beyond().collectKvmSpaces(sim));
  for (const ctx of [...st.ictxs.values()].sort((a, b) => a.id - b.id)) {
    const ids = [...ctx.objects.keys()].sort((a, b) => a - b);
    for (const id of ids) {
      const o = ctx.objects.get(id)!;
      if (o.kind === 'ioas') out.push(ioasSpace(sim, ctx, o));
    }
    for (const id of ids) {
      const o = ctx.objects.get(id)!;
      if (o.kind === 'hwpt_paging') out.push(hwptSpace(sim, ctx, o));
    }
  }
  if (hasVdpa(sim)) out.push(...beyond().collectVdpaSpaces(sim));
  if (hasSva(sim)) out.push(...beyond().collectSvaSpaces(sim));
  if (st.strictMemory) {
    const layers: LayerModel[] = [{ kind: 'vma', source: 'maps', parts: [mapPart('vmas', st.vmas, null, ALL, vmaLabel)] }];
    out.push({
      id: spaceId.process(), kind: 'process', name: 'process', title: 'process · user memory', node: nodeId.process(),
      extent: contentExtent(layers, { first: 0n, last: USER_TOP }), walkable: false, layers,
    });
  }
  return out;
}
