// The hover card: exactly what is under the pointer. The range's inclusive [first, last], its
// size in words and hex, its kind and owner, the user memory behind it, the lane, and the other
// ranges that contain it.

import { useSyncExternalStore } from 'react';
import { createPortal } from 'react-dom';
import { RANGE_STYLE } from '../palette';
import type { MapController } from './controller';
import { hexGrouped, sizeText } from './hexfmt';
import { SPACE_WORDS } from './lanes';

export interface MapTooltipProps {
  readonly ctl: MapController;
  /** The plot's position on the page, to turn plot pixels into client pixels. */
  readonly origin: () => { left: number; top: number } | null;
}

function span(r: { readonly first: bigint; readonly last: bigint }): string {
  return `[${hexGrouped(r.first)}, ${hexGrouped(r.last)}]`;
}

export function MapTooltip({ ctl, origin }: MapTooltipProps) {
  useSyncExternalStore(ctl.subscribe, ctl.getVersion);
  const hit = ctl.getHit();
  const p = ctl.getPointer();
  if (!hit || !p) return null;
  // Only with a card to place: origin() reads layout, and on every pan, zoom or seek frame
  // without a pointer it forced a synchronous layout of the whole page (the bench's profile).
  const o = origin();
  if (!o) return null;
  const r = hit.range;
  const cx = o.left + p.x;
  const cy = o.top + p.y;
  const flipX = cx > window.innerWidth - 380;
  const flipY = cy > window.innerHeight - 240;
  const style = {
    left: flipX ? undefined : cx + 14,
    right: flipX ? window.innerWidth - cx + 14 : undefined,
    top: flipY ? undefined : cy + 16,
    bottom: flipY ? window.innerHeight - cy + 12 : undefined,
  };
  const size = r ? r.last - r.first + 1n : 0n;
  const changes = ctl.changesAt(hit.space.id, r && (hit.addr < r.first || hit.addr > r.last) ? r.first : hit.addr);
  // In <body>: the map is a size container (its own containing block) and scrolls, and neither
  // may clip or shift the card.
  return createPortal(
    <div className="amap-tooltip" style={style} role="tooltip" data-testid="map-tooltip">
      <div className="amap-tt-lane">
        {hit.space.title} <span className="muted">· {SPACE_WORDS[hit.space.kind]}</span>
      </div>
      {r ? (
        <>
          <div className="amap-tt-kind">
            <span className="amap-swatch" style={{ background: `var(${RANGE_STYLE[r.kind].color})` }} />
            {RANGE_STYLE[r.kind].label}
            {r.label ? <span className="amap-tt-label"> · {r.label}</span> : null}
          </div>
          <div className="mono amap-tt-range" data-testid="map-tooltip-range">{span(r)}</div>
          <div className="amap-tt-row">
            <span className="muted">size</span> <span className="mono">{sizeText(r.first, r.last)}</span>
          </div>
          {r.backing !== null && (
            <div className="amap-tt-row">
              <span className="muted">user VA</span>{' '}
              <span className="mono">
                {hexGrouped(r.backing)} – {hexGrouped(r.backing + size - 1n)}
              </span>
            </div>
          )}
          {hit.inPixel > 1 && (
            <div className="amap-tt-row amap-tt-note">
              1 of {hit.inPixel.toLocaleString('en-US')} {RANGE_STYLE[r.kind].label} ranges in this pixel: zoom in to tell them apart
            </div>
          )}
          {hit.also.map((a, i) => (
            <div className="amap-tt-row amap-tt-also" key={i}>
              <span className="muted">in {RANGE_STYLE[a.kind].label}</span> <span className="mono">{span(a)}</span>
              {a.label ? <span className="muted"> · {a.label}</span> : null}
            </div>
          ))}
        </>
      ) : (
        <div className="amap-tt-row muted">nothing here</div>
      )}
      {changes.map((c, i) => (
        <div className={`amap-tt-row amap-tt-${c.kind}`} key={`c${i}`} data-testid="map-tooltip-change">
          {c.kind === 'added' ? '+ added' : '− removed'} by this step: {RANGE_STYLE[c.what].label}{' '}
          <span className="mono">{span(c.range)}</span>
        </div>
      ))}
      <div className="amap-tt-row amap-tt-at">
        <span className="muted">pointer</span> <span className="mono">{hexGrouped(hit.addr)}</span>
      </div>
      <div className="amap-tt-hint muted">
        {r ? 'click: select · ' : ''}
        {hit.space.walkable ? 'double-click or Alt+click: walk the page table here' : 'double-click or Alt+click: pick this address'}
      </div>
    </div>,
    document.body,
  );
}
