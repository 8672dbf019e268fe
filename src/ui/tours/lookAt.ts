// "Look at": the thing a tour step points at, in words, from the snapshot on screen. The
// narration says why it matters; this line says where it is (the graph, the map, or the step's
// result in the inspector), so a newcomer never has to guess.

import type { Snapshot } from '../../core/view/types';
import type { Selection } from '../../state/selection';
import { hex } from '../format';
import { NODE_STYLE } from '../palette';

export function lookAt(sel: Selection, snapshot: Snapshot | null, view: 'split' | 'graph' | 'map'): string {
  switch (sel.kind) {
    case 'none':
      return "the step's result, above (the inspector on the right has all of it)";
    case 'node': {
      const n = snapshot?.nodes.find((x) => x.id === sel.id);
      const what = n ? `${NODE_STYLE[n.kind].label} "${n.label}"` : sel.id;
      return view === 'map' ? `${what}, described in the inspector` : `${what}, selected in the graph`;
    }
    case 'range': {
      const sp = snapshot?.spaces.find((s) => s.id === sel.space);
      const where = view === 'graph' ? 'described in the inspector' : 'selected on the address map';
      return `[${hex(sel.first)}, ${hex(sel.last)}] of ${sp ? sp.title.split(' · ')[0] : sel.space}, ${where}`;
    }
    case 'address': {
      const sp = snapshot?.spaces.find((s) => s.id === sel.space);
      return `address ${hex(sel.iova)} of ${sp ? sp.title.split(' · ')[0] : sel.space}, marked on the address map`;
    }
    default: {
      const never: never = sel;
      return never;
    }
  }
}
