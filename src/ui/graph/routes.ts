// Which edges of the graph are drawn, along which route, in which order and with which label:
// one answer for the screen (EdgeLayer.tsx) and the SVG export (files/graphSvg.ts), so the file
// shows the edges the page shows. Each edge goes from its left card's right side through dagre's
// bends to its right card's left side (path.ts). Pure: no DOM, no React.

import type { LayoutResult, Point } from './layout';
import type { GraphModel, ModelEdge } from './model';
import { edgeMidpoint, edgePath } from './path';

export interface RoutedEdge {
  readonly e: ModelEdge;
  /** The SVG path. */
  readonly d: string;
  /** An edge of the selected node: highlighted, and drawn over the others. */
  readonly lit: boolean;
  /** Where the label goes, or null when the edge carries none. */
  readonly mid: Point | null;
}

/** Drawn first to last: quiet kinds at the bottom, the selected node's edges on top. */
const DEPTH: Readonly<Record<ModelEdge['kind'], number>> = {
  fd: 0, 'kvm-file': 0, owns: 1, bound: 1, 'sva-bind': 1, backend: 2, 'on-ioas': 2, 'shares-mm': 2, 'hw-table': 2,
  member: 3, 'set-container': 3, parent: 3, pasid: 3, attached: 4,
};

/**
 * The edges to draw, bottom to top. `labelWidth` is a label's width in pixels (at the 10 px edge
 * label size): the page and the file measure text differently.
 */
export function routeEdges(model: GraphModel, layout: LayoutResult, selectedId: string | null, labelWidth: (label: string) => number): RoutedEdge[] {
  const size = new Map(model.nodes.map((n) => [n.id, n]));
  const drawn: RoutedEdge[] = [];
  for (const e of model.edges) {
    const lit = selectedId !== null && (e.source === selectedId || e.target === selectedId);
    // A hub's fan is drawn only while one of its ends is selected (model.ts).
    if (e.hub && !lit) continue;
    const s = size.get(e.source);
    const t = size.get(e.target);
    const ps = layout.positions[e.source];
    const pt = layout.positions[e.target];
    if (!s || !t || !ps || !pt) continue;
    const sx = ps.x + s.width;
    const sy = ps.y + s.height / 2;
    const tx = pt.x;
    const ty = pt.y + t.height / 2;
    const bends = e.hub ? undefined : layout.bends[e.id];
    // Labels only on live, routed edges with room for them: a ghost's label repeats its
    // successor's, a fan's 80 labels would be noise, and a label squeezed between two adjacent
    // columns would sit on the cards.
    const labelled = e.label !== undefined && !e.removed && !e.hub && labelWidth(e.label) + 16 <= tx - sx;
    drawn.push({ e, d: edgePath(sx, sy, bends, tx, ty), lit, mid: labelled ? edgeMidpoint(sx, sy, bends, tx, ty) : null });
  }
  drawn.sort((a, b) => Number(a.lit) - Number(b.lit) || DEPTH[a.e.kind] - DEPTH[b.e.kind]);
  return drawn;
}
