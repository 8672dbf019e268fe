// Whether a selection survives a seek: it does when what it names still exists at the new step
// (a node by its stable id; a range when its space still holds exactly that range; an address
// when its space still exists). Otherwise the selection is cleared rather than pointing at
// something that is not there.

import type { AddressSpaceView, Snapshot } from '../core/view/types';
import type { Selection } from './selection';
import { NO_SELECTION } from './selection';

export function selectionAfterSeek(sel: Selection, snap: Snapshot): Selection {
  switch (sel.kind) {
    case 'none':
      return sel;
    case 'node':
      return snap.nodes.some((n) => n.id === sel.id) ? sel : NO_SELECTION;
    case 'range': {
      const space = snap.spaces.find((s) => s.id === sel.space);
      return space && hasRange(space, sel.first, sel.last) ? sel : NO_SELECTION;
    }
    case 'address':
      return snap.spaces.some((s) => s.id === sel.space) ? sel : NO_SELECTION;
    default: {
      const never: never = sel;
      return never;
    }
  }
}

/** A linear scan of the typed arrays: 100k ranges take well under a millisecond. */
function hasRange(space: AddressSpaceView, first: bigint, last: bigint): boolean {
  for (const layer of space.layers) {
    const f = layer.first;
    const l = layer.last;
    for (let i = 0; i < f.length; i++) if (f[i] === first && l[i] === last) return true;
  }
  return false;
}
