// Every edge of the graph in one SVG, under the cards, in the flow's coordinates (React Flow's
// viewport portal pans and zooms it with the cards). The layout knows where every card is, so
// each edge goes from its left card's right side through dagre's bends to its right card's left
// side: no handles to measure, no per-edge component, one memoized draw for 400 edges.
// Edge kinds are told apart by stroke (palette.ts EDGE_STYLE); a label only where the view
// model gives one. Edges are not interactive: the inspector lists a node's neighbours instead.

import { memo } from 'react';
import { EDGE_STYLE } from '../palette';
import type { LayoutResult } from './layout';
import type { GraphModel, ModelEdge } from './model';
import { edgeMidpoint, edgePath } from './path';

export interface EdgeLayerProps {
  readonly model: GraphModel;
  readonly layout: LayoutResult;
  readonly selectedId: string | null;
}

/** About the advance of one character of an edge label (10px, graph.css .topo-edge-label). */
const LABEL_CHAR_PX = 5.6;

/** Drawn first to last: quiet kinds at the bottom, the selected node's edges on top. */
const DEPTH: Readonly<Record<ModelEdge['kind'], number>> = {
  fd: 0, 'kvm-file': 0, owns: 1, bound: 1, 'sva-bind': 1, backend: 2, 'on-ioas': 2, 'shares-mm': 2, 'hw-table': 2,
  member: 3, 'set-container': 3, parent: 3, pasid: 3, attached: 4,
};

export const EdgeLayer = memo(function EdgeLayer({ model, layout, selectedId }: EdgeLayerProps) {
  const size = new Map(model.nodes.map((n) => [n.id, n]));
  const drawn: { e: ModelEdge; d: string; lit: boolean; mid: { x: number; y: number } | null }[] = [];
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
    const labelled = e.label !== undefined && !e.removed && !e.hub && e.label.length * LABEL_CHAR_PX + 16 <= tx - sx;
    drawn.push({ e, d: edgePath(sx, sy, bends, tx, ty), lit, mid: labelled ? edgeMidpoint(sx, sy, bends, tx, ty) : null });
  }
  drawn.sort((a, b) => Number(a.lit) - Number(b.lit) || DEPTH[a.e.kind] - DEPTH[b.e.kind]);
  return (
    <svg className="topo-edges" width={Math.max(1, layout.width)} height={Math.max(1, layout.height)} aria-hidden="true" data-testid="graph-edges">
      {drawn.map(({ e, d, lit }) => {
        const st = EDGE_STYLE[e.kind];
        const cls = `topo-edge topo-edge-${e.kind}${st.strong ? ' topo-edge-strong' : ''}${e.removed ? ' topo-edge-removed' : ''}${lit ? ' topo-edge-lit' : ''}`;
        return (
          <path
            key={e.id}
            className={cls}
            data-edge-id={e.id}
            d={d}
            fill="none"
            strokeWidth={lit ? st.width + 0.75 : st.width}
            strokeDasharray={st.dash ?? undefined}
          />
        );
      })}
      {drawn.map(({ e, mid }) =>
        mid ? (
          <text key={`label:${e.id}`} x={mid.x} y={mid.y - 4} textAnchor="middle" className="topo-edge-label">
            {e.label}
          </text>
        ) : null,
      )}
    </svg>
  );
});
