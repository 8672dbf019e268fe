// Every edge of the graph in one SVG, under the cards, in the flow's coordinates (React Flow's
// viewport portal pans and zooms it with the cards). The layout knows where every card is, so
// routes.ts routes each edge from the layout (as the SVG export does): no handles to measure, no
// per-edge component, one memoized draw for 400 edges.
// Edge kinds are told apart by stroke (palette.ts EDGE_STYLE); a label only where the view
// model gives one. Edges are not interactive: the inspector lists a node's neighbours instead.

import { memo } from 'react';
import { EDGE_STYLE } from '../palette';
import type { LayoutResult } from './layout';
import type { GraphModel } from './model';
import { routeEdges } from './routes';

export interface EdgeLayerProps {
  readonly model: GraphModel;
  readonly layout: LayoutResult;
  readonly selectedId: string | null;
}

/** About the advance of one character of an edge label (10px, graph.css .topo-edge-label). */
const LABEL_CHAR_PX = 5.6;

export const EdgeLayer = memo(function EdgeLayer({ model, layout, selectedId }: EdgeLayerProps) {
  const drawn = routeEdges(model, layout, selectedId, (label) => label.length * LABEL_CHAR_PX);
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
