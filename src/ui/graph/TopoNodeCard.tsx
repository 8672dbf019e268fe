// One object of the topology: a compact card with its kind's colour, its label, its detail
// line, its badges and the scenario handles that name it. Memoized and free of hooks that
// subscribe to the flow's store: a seek re-renders only the cards whose data changed. No
// React Flow handles: the edges are drawn from the layout (EdgeLayer.tsx).

import type { Node, NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { CSSProperties } from 'react';
import { NODE_STYLE } from '../palette';
import type { GraphNodeData } from './model';

export type TopoFlowNode = Node<GraphNodeData, 'topo'>;

const BADGE_CLASS: Readonly<Record<string, string>> = {
  'kernel bug': 'topo-badge topo-badge-bug',
  released: 'topo-badge topo-badge-quiet',
};

const STATUS_WORD = { same: '', added: 'added by this step', changed: 'changed by this step', removed: 'removed by this step' } as const;

export const TopoNodeCard = memo(function TopoNodeCard({ id, data, selected }: NodeProps<TopoFlowNode>) {
  const style = NODE_STYLE[data.kind];
  const cls = `topo-card topo-${data.kind} topo-${data.status}${selected ? ' topo-selected' : ''}`;
  const vars = { '--kind': `var(${style.color})` } as CSSProperties;
  const title = [data.known ? `${style.label}: ${data.label}` : data.label, data.detail, STATUS_WORD[data.status]].filter(Boolean).join('\n');
  return (
    <div className={cls} style={vars} title={title} data-testid="graph-node" data-node-id={id} data-kind={data.kind} data-status={data.status}>
      {data.kind === 'fd' || !data.known ? <FdBody data={data} /> : <CardBody data={data} kindLabel={style.label} />}
    </div>
  );
});

function CardBody({ data, kindLabel }: { data: GraphNodeData; kindLabel: string }) {
  return (
    <>
      <div className="topo-row topo-head">
        <span className="topo-kind">{kindLabel}</span>
        {/* A ghost says only that it is gone: its old badges would crowd the word out. */}
        {data.status === 'removed' ? (
          <span className="topo-badge topo-badge-removed">removed</span>
        ) : (
          data.badges.map((b) => (
            <span key={b} className={BADGE_CLASS[b] ?? 'topo-badge'}>
              {b}
            </span>
          ))
        )}
      </div>
      <div className="topo-row">
        <span className="topo-label">{data.label}</span>
        <Handles names={data.handles} />
      </div>
      <div className="topo-detail">{data.detail}</div>
    </>
  );
}

function FdBody({ data }: { data: GraphNodeData }) {
  return (
    <>
      <div className="topo-row">
        <span className="topo-label">{data.label}</span>
        <Handles names={data.handles} />
      </div>
      <div className="topo-detail">{data.detail}</div>
    </>
  );
}

/** The first handle name and how many more (the inspector lists them all). */
function Handles({ names }: { names: readonly string[] }) {
  if (names.length === 0) return null;
  return (
    <span className="topo-handles" title={names.join(' ')}>
      {names[0]}
      {names.length > 1 && <span className="topo-more"> +{names.length - 1}</span>}
    </span>
  );
}
