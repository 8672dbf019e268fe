// The legend: every colour of the map and the graph with a sentence each, the step-change
// marks and the edge strokes. One table of colours (palette.ts) feeds the views and this, so
// the legend cannot disagree with what is drawn. Compact and collapsible (<details>: keyboard
// and screen-reader friendly for free).

import { EDGE_STYLE, CHANGE_STYLE, NODE_STYLE, RANGE_STYLE } from '../palette';
import type { EdgeKind, NodeKind, RangeKind } from '../../core/view/types';
import './legend.css';

export interface LegendProps {
  /** Open at first (default: open). */
  readonly defaultOpen?: boolean;
}

// Table order: the order in which a reader meets them (left to right in the graph).
const NODE_ORDER: readonly NodeKind[] = ['process', 'fd', 'device', 'group', 'container', 'iommu-backend', 'iommufd', 'ioas', 'hwpt', 'domain', 'window'];
const RANGE_ORDER: readonly RangeKind[] = ['mapping', 'usable', 'reserved', 'excluded', 'allowed', 'window', 'vma', 'bug'];
const EDGE_ORDER: readonly EdgeKind[] = ['member', 'set-container', 'backend', 'bound', 'attached', 'on-ioas', 'owns', 'fd'];

export function Legend({ defaultOpen = true }: LegendProps = {}) {
  return (
    <details className="legend" data-testid="legend" open={defaultOpen}>
      <summary className="legend-summary">Legend</summary>
      <div className="legend-body">
        <section className="legend-group" aria-label="Address ranges">
          <h4 className="legend-h">Address ranges</h4>
          <ul className="legend-list">
            {RANGE_ORDER.map((k) => (
              <li key={k} className="legend-item" data-testid="legend-range" data-kind={k}>
                <span className="legend-swatch legend-swatch-range" style={{ background: `var(${RANGE_STYLE[k].color})` }} aria-hidden="true" />
                <span className="legend-name">{RANGE_STYLE[k].label}</span>
                <span className="legend-help" title={RANGE_STYLE[k].help}>{RANGE_STYLE[k].help}</span>
              </li>
            ))}
          </ul>
        </section>
        <section className="legend-group" aria-label="Objects">
          <h4 className="legend-h">Objects</h4>
          <ul className="legend-list">
            {NODE_ORDER.map((k) => (
              <li key={k} className="legend-item" data-testid="legend-node" data-kind={k}>
                <span className="legend-swatch legend-swatch-node" style={{ borderLeftColor: `var(${NODE_STYLE[k].color})` }} aria-hidden="true" />
                <span className="legend-name">{NODE_STYLE[k].label}</span>
                <span className="legend-help" title={NODE_STYLE[k].help}>{NODE_STYLE[k].help}</span>
              </li>
            ))}
          </ul>
        </section>
        <section className="legend-group" aria-label="Relations">
          <h4 className="legend-h">Relations</h4>
          <ul className="legend-list">
            {EDGE_ORDER.map((k) => {
              const st = EDGE_STYLE[k];
              return (
                <li key={k} className="legend-item" data-testid="legend-edge" data-kind={k}>
                  <svg className={`legend-stroke${st.strong ? ' legend-stroke-strong' : ''}`} width="28" height="10" aria-hidden="true">
                    <line x1="1" y1="5" x2="27" y2="5" strokeWidth={st.width} strokeDasharray={st.dash ?? undefined} />
                  </svg>
                  <span className="legend-name">{st.label}</span>
                  <span className="legend-help" title={st.help}>{st.help}</span>
                </li>
              );
            })}
          </ul>
        </section>
        <section className="legend-group" aria-label="Changes of the current step">
          <h4 className="legend-h">This step</h4>
          <ul className="legend-list">
            {(Object.keys(CHANGE_STYLE) as (keyof typeof CHANGE_STYLE)[]).map((k) => (
              <li key={k} className="legend-item" data-testid="legend-change" data-kind={k}>
                <span className={`legend-swatch legend-swatch-change legend-change-${k}`} style={{ borderColor: `var(${CHANGE_STYLE[k].color})` }} aria-hidden="true" />
                <span className="legend-name">{CHANGE_STYLE[k].label}</span>
                <span className="legend-help" title={CHANGE_STYLE[k].help}>{CHANGE_STYLE[k].help}</span>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </details>
  );
}
