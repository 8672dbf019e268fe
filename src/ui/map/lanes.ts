// Lane geometry and how each kind of range is drawn in a lane. One lane per address space; all
// lanes share the x axis (the same address window), so a mapping in an IOAS lines up with the
// reserved region of the domain below it.

import type { AddressSpaceView, RangeKind, SpaceKind } from '../../core/view/types';

/** Height of the tick axis above the lanes, in CSS pixels. */
export const AXIS_H = 28;
/** Height of one lane. */
export const LANE_H = 46;

/**
 * How a kind is drawn:
 * - underlay: a pale fill behind everything (where a MAP may land);
 * - band: a hatched band over the lane's height (reserved, outside the aperture);
 * - frame: an outlined box (a sPAPR window);
 * - bar: a solid bar in the middle (mappings, process memory, kernel bugs);
 * - strip: a thin line under the bars (IOMMU_IOAS_ALLOW_IOVAS).
 */
export type Role = 'underlay' | 'band' | 'frame' | 'bar' | 'strip';

export const ROLE: Readonly<Record<RangeKind, Role>> = {
  usable: 'underlay',
  reserved: 'band',
  excluded: 'band',
  window: 'frame',
  mapping: 'bar',
  vma: 'bar',
  bug: 'bar',
  allowed: 'strip',
  // vDPA lanes: the device's pass-through behind everything, its own map as a strip under the
  // IOTLB's bars, and a hatched band where the two disagree (seed 001's stale device map).
  identity: 'underlay',
  'device-map': 'strip',
  stale: 'band',
};

/** Back to front. */
export const ROLE_ORDER: readonly Role[] = ['underlay', 'band', 'frame', 'bar', 'strip'];

/** Which kind answers a hover first when several contain the address (front to back). */
export const HIT_ORDER: readonly RangeKind[] = ['bug', 'mapping', 'vma', 'stale', 'device-map', 'window', 'reserved', 'excluded', 'allowed', 'identity', 'usable'];

/** Vertical extent [y0, y1) of a role inside a lane (relative to the lane's top). */
export function roleBox(role: Role): readonly [number, number] {
  switch (role) {
    case 'underlay':
    case 'band':
    case 'frame':
      return [4, LANE_H - 4];
    case 'bar':
      return [16, LANE_H - 12];
    case 'strip':
      return [LANE_H - 9, LANE_H - 6];
  }
}

/** What a lane is, in a few words (the lane title gives the object's own name). */
export const SPACE_WORDS: Readonly<Record<SpaceKind, string>> = {
  type1: 'type1',
  ioas: 'IOAS',
  hwpt: 'HWPT',
  spapr: 'sPAPR TCE',
  process: 'user VA',
  'compat-ioas': 'IOAS (compat)',
  'vdpa-iotlb': 'vhost IOTLB',
  sva: 'SVA PASID',
  pasid: 'PASID',
  'kvm-tce': 'guest TCEs',
};

const COUNT_WORDS: Readonly<Record<RangeKind, readonly [string, string]>> = {
  mapping: ['mapping', 'mappings'],
  reserved: ['reserved', 'reserved'],
  excluded: ['outside aperture', 'outside aperture'],
  allowed: ['allowed', 'allowed'],
  usable: ['usable', 'usable'],
  window: ['window', 'windows'],
  vma: ['vma', 'vmas'],
  bug: ['bug range', 'bug ranges'],
  identity: ['identity', 'identity'],
  'device-map': ['device entry', 'device entries'],
  stale: ['stale', 'stale'],
};

/** "3 mappings · 2 windows · 1 reserved": what the lane holds, front-most kinds first. */
export function laneCounts(space: AddressSpaceView): string {
  const counts = new Map<RangeKind, number>();
  for (const layer of space.layers) counts.set(layer.kind, (counts.get(layer.kind) ?? 0) + layer.first.length);
  const parts: string[] = [];
  for (const kind of HIT_ORDER) {
    // The underlays (usable, allowed) are context, not content: the tooltip and table have them.
    if (ROLE[kind] === 'underlay' || ROLE[kind] === 'strip') continue;
    const n = counts.get(kind);
    if (n === undefined || n === 0) continue;
    const [one, many] = COUNT_WORDS[kind];
    parts.push(`${n.toLocaleString('en-US')} ${n === 1 ? one : many}`);
  }
  return parts.length ? parts.join(' · ') : 'empty';
}

/** The lane under a y offset in the plot (null over the axis or below the last lane). */
export function laneAtY(y: number, lanes: number): number | null {
  if (y < AXIS_H) return null;
  const i = Math.floor((y - AXIS_H) / LANE_H);
  return i < lanes ? i : null;
}

/** Top of lane i in the plot. */
export function laneTop(i: number): number {
  return AXIS_H + i * LANE_H;
}

export function plotHeight(lanes: number): number {
  return AXIS_H + Math.max(1, lanes) * LANE_H;
}
