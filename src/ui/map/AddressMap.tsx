// The address map: one lane per address space (containers, IOAS, domains, sPAPR windows, the
// process's memory) on a shared 64-bit axis, canvas-drawn, zoomable from the whole 2^64 space
// down to one 4 KiB page. The bigint viewport and the painting live in MapController; this
// component wires it to React: data and selection in, pointer and keys to selections out.

import { lazy, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent, MouseEvent } from 'react';
import type { Snapshot } from '../../core/view/types';
import type { Selection } from '../../state/selection';
import { NO_SELECTION } from '../../state/selection';
import type { Theme } from '../../state/theme';
import { MapController } from './controller';
import { attachGestures } from './gestures';
import { LaneTitles } from './LaneTitles';
import { registerMap } from './mapApi';
import { LazyPart } from '../components/LazyPart';
import { MapToolbar } from './MapToolbar';
import { plotHeight } from './lanes';
import './map.css';

export interface AddressMapProps {
  readonly snapshot: Snapshot;
  readonly selection: Selection;
  readonly onSelect: (sel: Selection) => void;
  readonly theme: Theme;
}

export function AddressMap(props: AddressMapProps) {
  const { snapshot, selection, onSelect, theme } = props;
  const [ctl] = useState(() => new MapController());
  const plotRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  const [tableOpen, setTableOpen] = useState(false);
  const tableId = useId();
  const spaces = snapshot.spaces;

  // The canvas, its size and the gestures first, so that the data below marks the map busy at
  // once (layout effects run in order, before the browser paints).
  useLayoutEffect(() => {
    const plot = plotRef.current;
    const canvas = canvasRef.current;
    if (!plot || !canvas) return;
    ctl.attach(canvas);
    ctl.setWidth(plot.clientWidth);
    const ro = new ResizeObserver(() => ctl.setWidth(plot.clientWidth));
    ro.observe(plot);
    const detachGestures = attachGestures(plot, ctl);
    const unregister = registerMap(ctl, () => plotRef.current);
    return () => {
      detachGestures();
      ro.disconnect();
      unregister();
      ctl.detach();
    };
  }, [ctl]);

  // New data marks the map busy before the browser paints (automation.ts: no frame where the
  // data changed but the map has not said so).
  useLayoutEffect(() => ctl.setData(spaces, snapshot.changes.ranges), [ctl, spaces, snapshot.changes.ranges]);
  useLayoutEffect(() => ctl.setSelection(selection), [ctl, selection]);
  useLayoutEffect(() => ctl.setTheme(theme === 'dark'), [ctl, theme]);

  // Lanes of the selected topology node (an IOAS, a container) are marked in the titles.
  const highlighted = useMemo(() => {
    if (selection.kind !== 'node') return new Set<string>();
    const node = snapshot.nodes.find((n) => n.id === selection.id);
    return new Set(node?.spaces ?? []);
  }, [selection, snapshot.nodes]);

  const local = (e: MouseEvent): { x: number; y: number } | null => {
    const r = plotRef.current?.getBoundingClientRect();
    return r ? { x: e.clientX - r.left, y: e.clientY - r.top } : null;
  };

  const pick = (e: MouseEvent, address: boolean): void => {
    const p = local(e);
    if (!p) return;
    const hit = ctl.hitAt(p.x, p.y);
    if (!hit) return;
    const r = hit.range;
    if (address) {
      // At a coarse zoom the pointer may be next to the small mapping it picked: walk the mapping.
      const iova = r && (hit.addr < r.first || hit.addr > r.last) ? r.first : hit.addr;
      onSelectRef.current({ kind: 'address', space: hit.space.id, iova });
    } else if (r) {
      onSelectRef.current({ kind: 'range', space: hit.space.id, first: r.first, last: r.last });
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const w = ctl.getWidth();
    switch (e.key) {
      case '+':
      case '=':
        ctl.zoomAtPointer(e.shiftKey && e.key === '=' ? 8 : 2);
        break;
      case '-':
      case '_':
        ctl.zoomAtPointer(e.key === '_' ? 1 / 8 : 1 / 2);
        break;
      case 'ArrowLeft':
        ctl.pan(w * (e.shiftKey ? 0.5 : 0.125));
        break;
      case 'ArrowRight':
        ctl.pan(-w * (e.shiftKey ? 0.5 : 0.125));
        break;
      case 'f':
        ctl.fit('content');
        break;
      case 'a':
        ctl.fit('all');
        break;
      case '0':
        ctl.fit('whole');
        break;
      case 'Escape':
        if (selection.kind === 'range' || selection.kind === 'address') onSelectRef.current(NO_SELECTION);
        else return;
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  const empty = spaces.length === 0;
  return (
    <section className="amap" data-testid="address-map" aria-label="Address map">
      <MapToolbar ctl={ctl} tableOpen={tableOpen} tableId={tableId} onToggleTable={() => setTableOpen((o) => !o)} />
      <div className="amap-body">
        <LaneTitles ctl={ctl} spaces={spaces} highlighted={highlighted} onFit={(space) => ctl.fit({ space })} onSelectNode={(id) => onSelectRef.current({ kind: 'node', id })} />
        <div
          ref={plotRef}
          className="amap-plot"
          // An empty map keeps room for its notice (three lines in a narrow pane).
          style={{ height: empty ? plotHeight(0) + 40 : plotHeight(spaces.length) }}
          tabIndex={0}
          role="group"
          aria-roledescription="address map"
          aria-label="Address map: + and - zoom, arrow keys pan, f fits the content, a fits all, 0 shows the whole 64-bit space; the table lists the same ranges"
          data-testid="map-plot"
          onPointerMove={(e) => ctl.setPointer(local(e))}
          onPointerLeave={() => ctl.setPointer(null)}
          onClick={(e) => pick(e, e.altKey || e.shiftKey || e.ctrlKey || e.metaKey)}
          onDoubleClick={(e) => pick(e, true)}
          onKeyDown={onKeyDown}
        >
          <canvas ref={canvasRef} className="amap-canvas" aria-hidden="true" />
          {empty && <p className="amap-empty muted">No address space at this step: lanes appear when a container gets its IOMMU, an IOAS is allocated or the process maps memory.</p>}
        </div>
      </div>
      <p className="amap-hint muted">
        <span>Wheel: zoom · drag: pan · click a range: select · <strong>double-click</strong> or <kbd>Alt</kbd>+click an address: page walk</span>
        <span className="amap-keys">
          <kbd>+</kbd> <kbd>−</kbd> zoom · <kbd>←</kbd> <kbd>→</kbd> pan · <kbd>f</kbd> fit content · <kbd>a</kbd> fit all · <kbd>0</kbd> 2<sup>64</sup>
        </span>
      </p>
      {tableOpen && (
        <LazyPart busyKey="map-table">
          <MapTable id={tableId} spaces={spaces} selection={selection} onSelect={onSelect} />
        </LazyPart>
      )}
      <HoverCard ctl={ctl} origin={() => {
        const r = plotRef.current?.getBoundingClientRect();
        return r ? { left: r.left, top: r.top } : null;
      }} />
    </section>
  );
}

// The table twin and the hover card load when first asked for (a click on Table, the first
// pointer over the plot), not with the page.
const MapTable = lazy(() => import('./MapTable').then((m) => ({ default: m.MapTable })));
const MapTooltip = lazy(() => import('./MapTooltip').then((m) => ({ default: m.MapTooltip })));

/**
 * The hover card, mounted from the first time a pointer is over the plot. It listens to the
 * controller only until then: after that the card follows it itself (no second re-render on
 * every pan and zoom frame).
 */
function HoverCard({ ctl, origin }: { ctl: MapController; origin: () => { left: number; top: number } | null }) {
  const [seen, setSeen] = useState(() => ctl.getPointer() !== null);
  useEffect(() => {
    if (seen) return;
    const look = (): void => {
      if (ctl.getPointer()) setSeen(true);
    };
    look();
    return ctl.subscribe(look);
  }, [ctl, seen]);
  if (!seen) return null;
  return (
    <LazyPart busyKey="map-tooltip" quiet>
      <MapTooltip ctl={ctl} origin={origin} />
    </LazyPart>
  );
}
