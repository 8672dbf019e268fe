// What "fit" shows. Content is what a developer looks for first: mappings, sPAPR windows and
// kernel-bug ranges of the IOVA spaces. The process's memory is left out of the default fit
// because user addresses (0x7f..) and IOVAs live in different places of the shared axis; it is
// still one key away (fit all, or the lane's own fit button).

import type { AddressSpaceView, RangeKind } from '../../core/view/types';

const CONTENT: ReadonlySet<RangeKind> = new Set<RangeKind>(['mapping', 'window', 'bug', 'vma']);

export type Bounds = readonly [bigint, bigint];

function union(a: Bounds | null, b: Bounds | null): Bounds | null {
  if (!a) return b;
  if (!b) return a;
  return [a[0] < b[0] ? a[0] : b[0], a[1] > b[1] ? a[1] : b[1]];
}

/** The span of a lane's content (mappings, windows, bug ranges, process memory), or null. */
export function laneContent(space: AddressSpaceView): Bounds | null {
  let b: Bounds | null = null;
  for (const set of space.layers) {
    const n = set.first.length;
    if (!CONTENT.has(set.kind) || n === 0) continue;
    b = union(b, [set.first[0] as bigint, set.last[n - 1] as bigint]);
  }
  return b;
}

/** What fitting one lane shows: its content, else its extent (aperture, windows). */
export function laneBounds(space: AddressSpaceView): Bounds {
  return laneContent(space) ?? [space.extent.first, space.extent.last];
}

/**
 * Fit to content: the content of the IOVA lanes; failing that, any lane's content (only the
 * process has some); failing that, the IOVA lanes' extents; null when there are no lanes.
 */
export function contentBounds(spaces: readonly AddressSpaceView[]): Bounds | null {
  // An SVA PASID's lane is user memory too (the mm's CPU addresses), not IOVAs.
  const iova = spaces.filter((s) => s.kind !== 'process' && s.kind !== 'sva');
  let b: Bounds | null = null;
  for (const s of iova) b = union(b, laneContent(s));
  if (b) return b;
  for (const s of spaces) b = union(b, laneContent(s));
  if (b) return b;
  for (const s of iova.length ? iova : spaces) b = union(b, [s.extent.first, s.extent.last]);
  return b;
}

/** Fit all: every lane's extent and content. */
export function allBounds(spaces: readonly AddressSpaceView[]): Bounds | null {
  let b: Bounds | null = null;
  for (const s of spaces) b = union(union(b, [s.extent.first, s.extent.last]), laneContent(s));
  return b;
}
