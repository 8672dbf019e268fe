// The inspector for a range and for an address of an address space: the space, the kind of
// range, [first, last], its exact size, the user memory behind it; for an address, the ranges
// that hold it and, for a mapping, the user address it translates to.

import { useMemo } from 'react';
import type { AddressSpaceView, Snapshot } from '../../core/view/types';
import type { Selection } from '../../state/selection';
import { NODE_STYLE, RANGE_STYLE } from '../palette';
import { HexValue } from './CopyButton';
import type { FoundRange } from './ranges';
import { rangeChangesOf, rangesContaining, rangesEqual } from './ranges';
import { humanSize, rangeSize } from './values';

interface SpaceProps {
  readonly snapshot: Snapshot;
  readonly space: string;
  readonly onSelect: (sel: Selection) => void;
}

function SpaceLine({ snapshot, space, onSelect, view }: SpaceProps & { view: AddressSpaceView | undefined }) {
  const owner = view ? snapshot.nodes.find((n) => n.id === view.node) : undefined;
  return (
    <div className="insp-kv-row">
      <dt>space</dt>
      <dd>
        {view ? view.title : <code>{space}</code>}
        {owner && (
          <button type="button" className="insp-link" onClick={() => onSelect({ kind: 'node', id: owner.id })}>
            <span className="insp-swatch insp-swatch-small" style={{ background: `var(${NODE_STYLE[owner.kind].color})` }} aria-hidden="true" />
            {owner.label}
          </button>
        )}
      </dd>
    </div>
  );
}

function Missing({ space }: { space: string }) {
  return (
    <p className="insp-missing">
      The address space <code>{space}</code> does not exist at this step.
    </p>
  );
}

export function RangeView({ snapshot, space, first, last, onSelect }: SpaceProps & { first: bigint; last: bigint }) {
  const view = snapshot.spaces.find((s) => s.id === space);
  const found = useMemo(() => (view ? rangesEqual(view, first, last) : []), [view, first, last]);
  const changes = rangeChangesOf(snapshot.changes, space, first, last);
  const size = rangeSize(first, last);
  const kinds = found.map((f) => f.kind);
  return (
    <div data-testid="inspector-range">
      <header className="insp-head">
        <div className="insp-kind">
          {found[0] && <span className="insp-swatch" style={{ background: `var(${RANGE_STYLE[found[0].kind].color})` }} aria-hidden="true" />}
          {kinds.length > 0 ? [...new Set(kinds)].map((k) => RANGE_STYLE[k].label).join(' · ') : 'range'}
          {changes.map((c) => (
            // The layer is named unless it is the one range shown: "device map removed by this
            // step" on an IOTLB mapping that stays, not a plain "removed".
            <span key={`${c.kind}-${c.what}`} className={`insp-status insp-status-${c.what}`} data-testid="range-change">
              {kinds.length === 1 && kinds[0] === c.kind ? '' : `${RANGE_STYLE[c.kind].label} `}
              {c.what} by this step
            </span>
          ))}
        </div>
        <h3 className="insp-title mono">
          [0x{first.toString(16)}, 0x{last.toString(16)}]
        </h3>
        {found[0] && <p className="insp-detail">{RANGE_STYLE[found[0].kind].help}</p>}
      </header>
      {!view && <Missing space={space} />}
      <section className="insp-section">
        <dl className="insp-kv">
          <SpaceLine snapshot={snapshot} space={space} onSelect={onSelect} view={view} />
          <div className="insp-kv-row">
            <dt>first</dt>
            <dd>
              <HexValue value={first} what="first" />
            </dd>
          </div>
          <div className="insp-kv-row">
            <dt>last</dt>
            <dd>
              <HexValue value={last} what="last" />
            </dd>
          </div>
          <div className="insp-kv-row">
            <dt>size</dt>
            <dd>
              <HexValue value={size} what="size" />
              <span className="insp-note">{humanSize(size)}</span>
            </dd>
          </div>
          {found.map((f, i) => (
            <Backing key={i} range={f} />
          ))}
        </dl>
        {view && found.length === 0 && <p className="small muted">No single range of this space is exactly this span.</p>}
      </section>
    </div>
  );
}

function Backing({ range }: { range: FoundRange }) {
  if (range.backing === null && range.label === null) return null;
  return (
    <>
      {range.backing !== null && (
        <div className="insp-kv-row">
          <dt>user address</dt>
          <dd>
            <HexValue value={range.backing} what="user address" />
            <span className="insp-note mono">
              .. 0x{(range.backing + (range.last - range.first)).toString(16)}
            </span>
          </dd>
        </div>
      )}
      {range.label !== null && (
        <div className="insp-kv-row">
          <dt>{range.kind === 'mapping' ? 'owner' : 'label'}</dt>
          <dd>{range.label}</dd>
        </div>
      )}
    </>
  );
}

export function AddressView({ snapshot, space, iova, onSelect }: SpaceProps & { iova: bigint }) {
  const view = snapshot.spaces.find((s) => s.id === space);
  const found = useMemo(() => (view ? rangesContaining(view, iova) : []), [view, iova]);
  return (
    <div data-testid="inspector-address">
      <header className="insp-head">
        <div className="insp-kind">address</div>
        <h3 className="insp-title mono">0x{iova.toString(16)}</h3>
      </header>
      {!view && <Missing space={space} />}
      <section className="insp-section">
        <dl className="insp-kv">
          <SpaceLine snapshot={snapshot} space={space} onSelect={onSelect} view={view} />
          <div className="insp-kv-row">
            <dt>{view?.kind === 'process' ? 'address' : 'IOVA'}</dt>
            <dd>
              <HexValue value={iova} what="address" />
            </dd>
          </div>
        </dl>
      </section>
      {view && (
        <section className="insp-section">
          <h4 className="insp-h">In</h4>
          {found.length === 0 && <p className="small muted">No range of this space holds this address.</p>}
          <ul className="insp-list">
            {found.map((f, i) => (
              <li key={i} className="insp-hit">
                <button
                  type="button"
                  className="insp-link"
                  onClick={() => onSelect({ kind: 'range', space, first: f.first, last: f.last })}
                >
                  <span className="insp-swatch insp-swatch-small" style={{ background: `var(${RANGE_STYLE[f.kind].color})` }} aria-hidden="true" />
                  {RANGE_STYLE[f.kind].label}
                </button>
                <span className="mono small">
                  [0x{f.first.toString(16)}, 0x{f.last.toString(16)}] +0x{(iova - f.first).toString(16)}
                </span>
                {f.backing !== null && (
                  <div className="insp-translate small">
                    → user address <HexValue value={f.backing + (iova - f.first)} what="user address" />
                  </div>
                )}
                {f.label !== null && <div className="small muted">{f.label}</div>}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
