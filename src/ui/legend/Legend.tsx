// The legend: every colour of the map and the graph with a sentence each, the step-change
// marks and the edge strokes. One table of colours (palette.ts) feeds the views and this, so
// the legend cannot disagree with what is drawn; kinds beyond VFIO and iommufd (vDPA, SVA, KVM)
// are listed after the core ones, and any kind added to the palette shows up here by itself.
// Compact and collapsible (<details>: keyboard and screen-reader friendly for free).

import type { ReactNode } from 'react';
import type { EdgeKind, NodeKind, RangeKind } from '../../core/view/types';
import { CHANGE_STYLE, EDGE_STYLE, NODE_STYLE, RANGE_STYLE } from '../palette';
import './legend.css';

export interface LegendProps {
  /** Open at first (default: open). */
  readonly defaultOpen?: boolean;
}

// The core kinds, in the order a reader meets them (left to right in the graph).
const NODE_CORE: readonly NodeKind[] = ['process', 'fd', 'device', 'group', 'container', 'iommu-backend', 'iommufd', 'ioas', 'hwpt', 'domain', 'window'];
const RANGE_CORE: readonly RangeKind[] = ['mapping', 'usable', 'reserved', 'excluded', 'allowed', 'window', 'vma', 'bug'];
const EDGE_CORE: readonly EdgeKind[] = ['member', 'set-container', 'backend', 'bound', 'attached', 'on-ioas', 'owns', 'fd'];

/** The core kinds first, then every other kind of the palette, in the palette's order. */
function ordered<K extends string>(core: readonly K[], all: Readonly<Record<K, unknown>>): { core: K[]; more: K[] } {
  const rest = (Object.keys(all) as K[]).filter((k) => !core.includes(k));
  return { core: [...core], more: rest };
}

function Item({ testid, kind, swatch, name, help }: { testid: string; kind: string; swatch: ReactNode; name: string; help: string }) {
  return (
    <li className="legend-item" data-testid={testid} data-kind={kind}>
      {swatch}
      <span className="legend-name">{name}</span>
      <span className="legend-help" title={help}>
        {help}
      </span>
    </li>
  );
}

function Group<K extends string>({ title, kinds, render }: { title: string; kinds: { core: K[]; more: K[] }; render: (k: K) => ReactNode }) {
  return (
    <section className="legend-group" aria-label={title}>
      <h4 className="legend-h">{title}</h4>
      <ul className="legend-list">{kinds.core.map(render)}</ul>
      {kinds.more.length > 0 && (
        <>
          <h5 className="legend-sub">vDPA · SVA · KVM</h5>
          <ul className="legend-list">{kinds.more.map(render)}</ul>
        </>
      )}
    </section>
  );
}

const rangeItem = (k: RangeKind) => (
  <Item
    key={k}
    testid="legend-range"
    kind={k}
    name={RANGE_STYLE[k].label}
    help={RANGE_STYLE[k].help}
    swatch={<span className="legend-swatch legend-swatch-range" style={{ background: `var(${RANGE_STYLE[k].color})` }} aria-hidden="true" />}
  />
);

const nodeItem = (k: NodeKind) => (
  <Item
    key={k}
    testid="legend-node"
    kind={k}
    name={NODE_STYLE[k].label}
    help={NODE_STYLE[k].help}
    swatch={<span className="legend-swatch legend-swatch-node" style={{ borderLeftColor: `var(${NODE_STYLE[k].color})` }} aria-hidden="true" />}
  />
);

const edgeItem = (k: EdgeKind) => {
  const st = EDGE_STYLE[k];
  return (
    <Item
      key={k}
      testid="legend-edge"
      kind={k}
      name={st.label}
      help={st.help}
      swatch={
        <svg className={`legend-stroke${st.strong ? ' legend-stroke-strong' : ''}`} width="28" height="10" aria-hidden="true">
          <line x1="1" y1="5" x2="27" y2="5" strokeWidth={st.width} strokeDasharray={st.dash ?? undefined} />
        </svg>
      }
    />
  );
};

export function Legend({ defaultOpen = true }: LegendProps = {}) {
  return (
    <details className="legend" data-testid="legend" open={defaultOpen}>
      <summary className="legend-summary">Legend</summary>
      <div className="legend-body">
        <Group title="Address ranges" kinds={ordered(RANGE_CORE, RANGE_STYLE)} render={rangeItem} />
        <Group title="Objects" kinds={ordered(NODE_CORE, NODE_STYLE)} render={nodeItem} />
        <Group title="Relations" kinds={ordered(EDGE_CORE, EDGE_STYLE)} render={edgeItem} />
        <section className="legend-group" aria-label="Changes of the current step">
          <h4 className="legend-h">This step</h4>
          <ul className="legend-list">
            {(Object.keys(CHANGE_STYLE) as (keyof typeof CHANGE_STYLE)[]).map((k) => (
              <Item
                key={k}
                testid="legend-change"
                kind={k}
                name={CHANGE_STYLE[k].label}
                help={CHANGE_STYLE[k].help}
                swatch={<span className={`legend-swatch legend-swatch-change legend-change-${k}`} style={{ borderColor: `var(${CHANGE_STYLE[k].color})` }} aria-hidden="true" />}
              />
            ))}
          </ul>
        </section>
      </div>
    </details>
  );
}
