// Navigation buttons and the exact viewport: first and last address shown, the span and the
// zoom (bytes per pixel). The readout subscribes to the controller so pan/zoom re-render only it.

import { useSyncExternalStore } from 'react';
import type { MapController } from './controller';
import { bytesPerPxText, hexGrouped, sizeText } from './hexfmt';
import { bytesPerPx, lastVisible } from './viewport';

export interface MapToolbarProps {
  readonly ctl: MapController;
  readonly tableOpen: boolean;
  readonly tableId: string;
  readonly onToggleTable: () => void;
}

export function MapToolbar({ ctl, tableOpen, tableId, onToggleTable }: MapToolbarProps) {
  // Only the auto-fit flag: the buttons need not re-render on every pan or zoom frame.
  const auto = useSyncExternalStore(ctl.subscribe, () => ctl.isAutoFit());
  return (
    <div className="amap-toolbar" role="toolbar" aria-label="Address map navigation">
      <div className="amap-buttons">
        <button type="button" className="btn btn-small" aria-pressed={auto} title="Fit to the mappings and windows, and keep fitting at each step until you zoom or pan (f)" onClick={() => ctl.fit('content')}>
          Fit content
        </button>
        <button type="button" className="btn btn-small" title="Fit to every lane's aperture, windows and content (a)" onClick={() => ctl.fit('all')}>
          Fit all
        </button>
        <button type="button" className="btn btn-small" title="The whole 64-bit space (0)" onClick={() => ctl.fit('whole')}>
          2<sup>64</sup>
        </button>
        <button type="button" className="btn btn-small amap-zoom" aria-label="Zoom out" title="Zoom out (-)" onClick={() => ctl.zoom(1 / 4)}>
          −
        </button>
        <button type="button" className="btn btn-small amap-zoom" aria-label="Zoom in" title="Zoom in (+)" onClick={() => ctl.zoom(4)}>
          +
        </button>
      </div>
      <ViewportReadout ctl={ctl} />
      <button type="button" className="btn btn-small" aria-expanded={tableOpen} aria-controls={tableId} onClick={onToggleTable}>
        {tableOpen ? 'Hide table' : 'Table'}
      </button>
    </div>
  );
}

function ViewportReadout({ ctl }: { readonly ctl: MapController }) {
  useSyncExternalStore(ctl.subscribe, ctl.getVersion);
  const vp = ctl.getViewport();
  const w = ctl.getWidth();
  const last = lastVisible(vp);
  return (
    <div className="amap-readout" data-testid="map-viewport" data-start={`0x${vp.start.toString(16)}`} data-last={`0x${last.toString(16)}`}>
      <span className="mono amap-range" title="The first and last address the map shows (inclusive)">
        {hexGrouped(vp.start)} – {hexGrouped(last)}
      </span>
      <span className="amap-span muted">
        {sizeText(vp.start, last)}
        {w > 0 ? ` · ${bytesPerPxText(bytesPerPx(vp, w))}` : ''}
      </span>
    </div>
  );
}
