// The inspector for one object: kind, label, detail, badges, the scenario handles naming it,
// every attribute (64-bit values exact in hex, with their size where they are sizes), its
// address spaces (with "show in map") and its neighbours (a click selects them).

import { useMemo } from 'react';
import type { AddressSpaceView, Snapshot, TopoNode } from '../../core/view/types';
import type { Selection } from '../../state/selection';
import { EDGE_STYLE, NODE_STYLE, RANGE_STYLE } from '../palette';
import { naturalCompare } from '../graph/model';
import { HexValue } from './CopyButton';
import { layerCounts } from './ranges';
import { attrText } from './values';

export interface NodeViewProps {
  readonly snapshot: Snapshot;
  readonly id: string;
  readonly onSelect: (sel: Selection) => void;
  readonly onShowSpace: (space: AddressSpaceView) => void;
}

export function NodeView({ snapshot, id, onSelect, onShowSpace }: NodeViewProps) {
  const node = snapshot.nodes.find((n) => n.id === id);
  if (!node) {
    const removed = snapshot.changes.removedNodes.includes(id);
    return (
      <section className="insp-section" data-testid="inspector-node" data-node-id={id} data-missing="true">
        <p className="insp-missing">
          <code>{id}</code> {removed ? 'was removed by this step.' : 'does not exist at this step.'}
        </p>
        <button type="button" className="btn btn-small" onClick={() => onSelect({ kind: 'none' })}>
          Clear the selection
        </button>
      </section>
    );
  }
  const status = snapshot.changes.addedNodes.includes(id) ? 'added' : snapshot.changes.changedNodes.includes(id) ? 'changed' : null;
  return (
    <div data-testid="inspector-node" data-node-id={id}>
      <NodeHeader node={node} status={status} />
      <Attributes node={node} />
      <Spaces node={node} snapshot={snapshot} onShowSpace={onShowSpace} />
      <Neighbours node={node} snapshot={snapshot} onSelect={onSelect} />
    </div>
  );
}

function NodeHeader({ node, status }: { node: TopoNode; status: 'added' | 'changed' | null }) {
  const style = NODE_STYLE[node.kind];
  return (
    <header className="insp-head">
      <div className="insp-kind">
        <span className="insp-swatch" style={{ background: `var(${style.color})` }} aria-hidden="true" />
        {style.label}
        {status && <span className={`insp-status insp-status-${status}`}>{status} by this step</span>}
      </div>
      <h3 className="insp-title">{node.label}</h3>
      {node.detail && <p className="insp-detail">{node.detail}</p>}
      {((node.badges?.length ?? 0) > 0 || (node.handles?.length ?? 0) > 0) && (
        <p className="insp-tags">
          {node.badges?.map((b) => (
            <span key={b} className={b === 'kernel bug' ? 'tag insp-tag-bug' : 'tag'}>
              {b}
            </span>
          ))}
          {node.handles?.map((h) => (
            <span key={h} className="insp-handle" title="a scenario handle that names this object">
              {h}
            </span>
          ))}
        </p>
      )}
      <p className="insp-id muted small">
        id <code>{node.id}</code>
      </p>
    </header>
  );
}

function Attributes({ node }: { node: TopoNode }) {
  const entries = Object.entries(node.attrs);
  if (entries.length === 0) return null;
  return (
    <section className="insp-section">
      <h4 className="insp-h">Attributes</h4>
      <dl className="insp-kv">
        {entries.map(([k, v]) => {
          const t = attrText(k, v);
          return (
            <div key={k} className="insp-kv-row">
              <dt>{k}</dt>
              <dd>
                {t.hex !== null ? <HexValue value={t.hex} what={k} /> : <code>{t.text}</code>}
                {t.note && <span className="insp-note">{t.note}</span>}
              </dd>
            </div>
          );
        })}
      </dl>
    </section>
  );
}

function Spaces({ node, snapshot, onShowSpace }: { node: TopoNode; snapshot: Snapshot; onShowSpace: (s: AddressSpaceView) => void }) {
  const spaces = useMemo(() => {
    const ids = new Set(node.spaces ?? []);
    // The view model names a space's owner on both sides; either is enough.
    return snapshot.spaces.filter((s) => ids.has(s.id) || s.node === node.id);
  }, [node, snapshot]);
  if (spaces.length === 0) return null;
  return (
    <section className="insp-section">
      <h4 className="insp-h">Address spaces</h4>
      <ul className="insp-list">
        {spaces.map((s) => (
          <li key={s.id} className="insp-space">
            <div className="insp-space-head">
              <span className="insp-space-title">{s.title}</span>
              <button type="button" className="btn btn-small" onClick={() => onShowSpace(s)} data-testid="show-in-map">
                Show in map
              </button>
            </div>
            <div className="insp-space-extent mono">
              [0x{s.extent.first.toString(16)}, 0x{s.extent.last.toString(16)}]
            </div>
            <div className="insp-space-counts small muted">
              {layerCounts(s).map(({ kind, count }) => (
                <span key={kind} className="insp-count">
                  <span className="insp-swatch insp-swatch-small" style={{ background: `var(${RANGE_STYLE[kind].color})` }} aria-hidden="true" />
                  {count} {RANGE_STYLE[kind].label}
                </span>
              ))}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Neighbours({ node, snapshot, onSelect }: { node: TopoNode; snapshot: Snapshot; onSelect: (sel: Selection) => void }) {
  const list = useMemo(() => {
    const byId = new Map(snapshot.nodes.map((n) => [n.id, n]));
    const out: { edge: string; kindLabel: string; note: string | undefined; other: TopoNode; outgoing: boolean }[] = [];
    for (const e of snapshot.edges) {
      if (e.source !== node.id && e.target !== node.id) continue;
      const outgoing = e.source === node.id;
      const other = byId.get(outgoing ? e.target : e.source);
      if (other) out.push({ edge: e.id, kindLabel: EDGE_STYLE[e.kind].label, note: e.label, other, outgoing });
    }
    return out.sort((a, b) => a.kindLabel.localeCompare(b.kindLabel) || naturalCompare(a.other.id, b.other.id));
  }, [node, snapshot]);
  if (list.length === 0) return null;
  return (
    <section className="insp-section">
      <h4 className="insp-h">Neighbours</h4>
      <ul className="insp-list insp-neighbours">
        {list.map(({ edge, kindLabel, note, other, outgoing }) => (
          <li key={edge}>
            <span className="insp-rel" title={outgoing ? `this ${kindLabel} that` : `that ${kindLabel} this`}>
              {outgoing ? `${kindLabel} →` : `← ${kindLabel}`}
            </span>
            <button type="button" className="insp-link" onClick={() => onSelect({ kind: 'node', id: other.id })} data-testid="neighbour">
              <span className="insp-swatch insp-swatch-small" style={{ background: `var(${NODE_STYLE[other.kind].color})` }} aria-hidden="true" />
              {other.label}
            </button>
            <span className="insp-rel-kind small muted">
              {NODE_STYLE[other.kind].label}
              {note && ` · ${note}`}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
