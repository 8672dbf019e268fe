// One edge: routed through dagre's bends, told apart by stroke (palette.ts EDGE_STYLE), with
// a short label only where the view model gives one. Plain SVG, no interaction layer: edges
// are not selectable (the inspector lists a node's neighbours instead).

import type { Edge, EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { EDGE_STYLE } from '../palette';
import type { EdgeKind } from '../../core/view/types';
import type { Point } from './layout';
import { edgeMidpoint, edgePath } from './path';

export type TopoEdgeData = {
  readonly kind: EdgeKind;
  readonly label: string | undefined;
  readonly bends: readonly Point[] | undefined;
  readonly removed: boolean;
  /** Touches the selected node. */
  readonly lit: boolean;
};

export type TopoFlowEdge = Edge<TopoEdgeData, 'topo'>;

export const TopoEdgePath = memo(function TopoEdgePath({ sourceX, sourceY, targetX, targetY, data }: EdgeProps<TopoFlowEdge>) {
  if (!data) return null;
  const st = EDGE_STYLE[data.kind];
  const d = edgePath(sourceX, sourceY, data.bends, targetX, targetY);
  const cls = `topo-edge topo-edge-${data.kind}${st.strong ? ' topo-edge-strong' : ''}${data.removed ? ' topo-edge-removed' : ''}${data.lit ? ' topo-edge-lit' : ''}`;
  const mid = data.label ? edgeMidpoint(sourceX, sourceY, data.bends, targetX, targetY) : null;
  return (
    <g className={cls} data-kind={data.kind}>
      <path d={d} fill="none" strokeWidth={data.lit ? st.width + 0.75 : st.width} strokeDasharray={st.dash ?? undefined} />
      {mid && (
        <text x={mid.x} y={mid.y - 4} textAnchor="middle" className="topo-edge-label">
          {data.label}
        </text>
      )}
    </g>
  );
});
