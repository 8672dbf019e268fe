// One lane per vDPA ASID, with both translations on it:
//   mapping     the vhost IOTLB (what user space mapped; backing = uaddr)
//   device-map  the entries the device itself translates (the parent's map), when it has one
//   identity    the device's pass-through, over its IOVA range, when it is back to identity
//   stale       where the two disagree: IOTLB entries the device does not translate, and device
//               entries the IOTLB no longer holds
// so that after a reset without IOTLB_PERSIST on an on-chip parent the lane shows the IOTLB kept
// and the device map gone (seed 001). Big layers are the state's own interval maps.

import type { Interval } from '../intervals';
import type { Sim } from '../sim/sim';
import { iovaRangeOf, PARENTS } from '../vhost/parents';
import type { IotlbEntry, VdpaDevice } from '../vhost/types';
import { nodeId, spaceId } from './ids';
import type { Labeled, LayerModel, SpaceModel } from './layers';
import { ALL, layerHull, mapPart, sortRanges } from './layers';
import { batchPending, compareXlate, iotlbOf, shownAsids, untranslatedWhy, vdpaDevices, xlateBadge, xlateOf } from './vdpa-xlate';

const uaddrOf = (v: Interval): bigint => (v as IotlbEntry).uaddr;

const sameEntry = (a: IotlbEntry, b: IotlbEntry): boolean => a === b || (a.last === b.last && a.uaddr === b.uaddr && a.perm === b.perm);

/**
 * Where the IOTLB and the device's map disagree, compared entry by entry as xlateReport does.
 * The device's map is a clone of the IOTLB taken at set_map time, so the B-tree diff visits only
 * what changed since (O(changes), not O(entries)).
 */
function staleLayer(dev: VdpaDevice, asid: number): LayerModel {
  const iotlb = iotlbOf(dev, asid);
  const x = xlateOf(dev, asid);
  const pending = batchPending(dev, asid);
  const why = pending ? 'batch open: the parent gets the IOTLB with BATCH_END\'s set_map' : untranslatedWhy(x);
  if (x.kind !== 'map') {
    // Nothing of the IOTLB is translated: the layer is the IOTLB itself, by reference.
    return { kind: 'stale', source: 'maps', parts: [mapPart('iotlb', iotlb, uaddrOf, ALL, () => `IOTLB entry the device does not translate: ${why}`)] };
  }
  const out: Labeled[] = [];
  const missing = (e: IotlbEntry): void => {
    out.push({ first: e.first, last: e.last, backing: e.uaddr, label: `IOTLB entry the device does not translate: ${why}` });
  };
  const extra = (e: IotlbEntry): void => {
    out.push({ first: e.first, last: e.last, backing: e.uaddr, label: pending
      ? 'the device still translates this until BATCH_END\'s set_map; the vhost IOTLB no longer holds it'
      : 'the device still translates this; the vhost IOTLB no longer holds it' });
  };
  iotlb.diff(x.map, missing, extra, (now, was) => {
    if (sameEntry(now, was)) return;
    missing(now);
    extra(was);
  });
  return { kind: 'stale', source: 'list', ranges: sortRanges(out) };
}

function asidSpace(sim: Sim, dev: VdpaDevice, asid: number): SpaceModel {
  const spec = PARENTS[dev.parent];
  const range = iovaRangeOf(spec, sim.state.platform);
  const x = xlateOf(dev, asid);
  const iotlb = iotlbOf(dev, asid);
  const layers: LayerModel[] = [
    {
      kind: 'identity', source: 'list',
      ranges: x.kind === 'identity' ? [{ first: range.first, last: range.last, label: 'identity: the device uses the IOVA as the address' }] : [],
    },
    { kind: 'mapping', source: 'maps', parts: [mapPart('iotlb', iotlb, uaddrOf)] },
    { kind: 'device-map', source: 'maps', parts: x.kind === 'map' ? [mapPart('device', x.map, uaddrOf)] : [] },
    staleLayer(dev, asid),
  ];
  // Fit to what is mapped on either side; an empty ASID fits to the device's IOVA range.
  let extent: Interval = range;
  for (const l of layers) {
    if (l.kind !== 'mapping' && l.kind !== 'device-map') continue;
    const h = layerHull(l);
    if (h) extent = extent === range ? h : { first: h.first < extent.first ? h.first : extent.first, last: h.last > extent.last ? h.last : extent.last };
  }
  const name = `${dev.id} ASID ${asid}`;
  return {
    id: spaceId.asid(dev.id, asid), kind: 'vdpa-iotlb', name,
    // The state first: the lane's gutter shows two lines of it ("vhost IOTLB" is the lane's kind word).
    title: `${name} · device ${xlateBadge(compareXlate(dev, asid), batchPending(dev, asid))} · ${spec.kind}`,
    node: nodeId.asid(dev.id, asid), extent, walkable: false, layers,
  };
}

export function collectVdpaSpaces(sim: Sim): SpaceModel[] {
  const out: SpaceModel[] = [];
  for (const dev of vdpaDevices(sim)) for (const asid of shownAsids(dev)) out.push(asidSpace(sim, dev, asid));
  return out;
}
