// Which space and IOVA the view walks, following the shared selection: an address picked on
// the map walks it; a range defaults the IOVA to its first byte; a node with address spaces
// defaults the space. The view's own range selections (a table span it asked the map to
// highlight) must not move the walked IOVA, so they are recognised and ignored.

import type { AddressSpaceView, Snapshot } from '../../core/view/types';
import type { Selection } from '../../state/selection';
import { sameSelection } from '../../state/selection';

export interface WalkTarget {
  readonly space: string | null;
  readonly iova: bigint | null;
}

export function walkableSpaces(snapshot: Snapshot): AddressSpaceView[] {
  return snapshot.spaces.filter((s) => s.walkable);
}

const isWalkable = (snapshot: Snapshot, id: string): boolean => snapshot.spaces.some((s) => s.id === id && s.walkable);

/** The target after `sel` became the selection; `emitted` is the last selection this view sent. */
export function targetFromSelection(sel: Selection, snapshot: Snapshot, current: WalkTarget, emitted: Selection | null): WalkTarget {
  switch (sel.kind) {
    case 'none':
      return current;
    case 'address':
      return isWalkable(snapshot, sel.space) ? { space: sel.space, iova: sel.iova } : current;
    case 'range':
      if (emitted && sameSelection(sel, emitted)) return current;
      return isWalkable(snapshot, sel.space) ? { space: sel.space, iova: sel.first } : current;
    case 'node': {
      const node = snapshot.nodes.find((n) => n.id === sel.id);
      const spaces = (node?.spaces ?? []).filter((id) => isWalkable(snapshot, id));
      if (spaces.length === 0 || (current.space !== null && spaces.includes(current.space))) return current;
      return { space: spaces[0]!, iova: current.iova };
    }
  }
}

/** The space to walk: the target's when it is still walkable at this step, else the first walkable one. */
export function resolveSpace(target: WalkTarget, snapshot: Snapshot): AddressSpaceView | null {
  const spaces = walkableSpaces(snapshot);
  return spaces.find((s) => s.id === target.space) ?? spaces[0] ?? null;
}

/** An IOVA worth walking when none was chosen: the first mapped byte, else the start of the extent. */
export function defaultIova(space: AddressSpaceView): bigint {
  let best: bigint | null = null;
  for (const layer of space.layers) {
    if (layer.kind !== 'mapping') continue;
    // The contract does not promise sorted sets: take the minimum (one pass, only on a default).
    for (const f of layer.first) if (best === null || f < best) best = f;
  }
  return best ?? space.extent.first;
}
