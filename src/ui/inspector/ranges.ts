// Looking ranges up in an address space's layers (typed arrays, maybe 100k entries): the
// ranges equal to a selected [first, last], and the ranges that contain an address. Linear
// scans: a few ms at the largest sizes, and run once per selection, not per frame. Pure.

import type { AddressSpaceView, RangeKind, StepChanges } from '../../core/view/types';

export interface FoundRange {
  readonly kind: RangeKind;
  readonly first: bigint;
  readonly last: bigint;
  readonly backing: bigint | null;
  readonly label: string | null;
}

function entry(space: AddressSpaceView, layer: number, i: number): FoundRange {
  const l = space.layers[layer]!;
  return {
    kind: l.kind,
    first: l.first[i]!,
    last: l.last[i]!,
    backing: l.backing ? (l.backing[i] ?? null) : null,
    label: l.label ? (l.label[i] ?? null) : null,
  };
}

/** Every layer's range that is exactly [first, last]. */
export function rangesEqual(space: AddressSpaceView, first: bigint, last: bigint): FoundRange[] {
  const out: FoundRange[] = [];
  space.layers.forEach((l, li) => {
    for (let i = 0; i < l.first.length; i++) if (l.first[i] === first && l.last[i] === last) out.push(entry(space, li, i));
  });
  return out;
}

/** Every layer's ranges that contain `iova` (overlapping layers, such as reserved, give several). */
export function rangesContaining(space: AddressSpaceView, iova: bigint, maxPerLayer = 4): FoundRange[] {
  const out: FoundRange[] = [];
  space.layers.forEach((l, li) => {
    let n = 0;
    for (let i = 0; i < l.first.length && n < maxPerLayer; i++) {
      if (l.first[i]! <= iova && iova <= l.last[i]!) {
        out.push(entry(space, li, i));
        n++;
      }
    }
  });
  return out;
}

/** How many ranges of each kind the space has ("mapping 3, reserved 2"). */
export function layerCounts(space: AddressSpaceView): { kind: RangeKind; count: number }[] {
  const m = new Map<RangeKind, number>();
  for (const l of space.layers) m.set(l.kind, (m.get(l.kind) ?? 0) + l.first.length);
  return [...m].map(([kind, count]) => ({ kind, count }));
}

/** Whether the step added or removed exactly this range of this space (the first change found). */
export function rangeChange(changes: StepChanges, space: string, first: bigint, last: bigint): 'added' | 'removed' | null {
  return rangeChangesOf(changes, space, first, last)[0]?.what ?? null;
}

/**
 * Every layer in which the step added or removed exactly this range: one range can be removed
 * from one layer and stay in another (a reset drops the device's copy, the IOTLB keeps it).
 */
export function rangeChangesOf(changes: StepChanges, space: string, first: bigint, last: bigint): { kind: RangeKind; what: 'added' | 'removed' }[] {
  const out: { kind: RangeKind; what: 'added' | 'removed' }[] = [];
  for (const c of changes.ranges) {
    if (c.space !== space) continue;
    if (c.added.some((r) => r.first === first && r.last === last)) out.push({ kind: c.kind, what: 'added' });
    if (c.removed.some((r) => r.first === first && r.last === last)) out.push({ kind: c.kind, what: 'removed' });
  }
  return out;
}
