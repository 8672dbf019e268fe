// Exports of the map and the graph at the step shown: gathers what each export draws (the
// snapshot, the map's window and width, the graph's model and layout, the theme's colours, the
// scenario for the metadata) and hands it to the SVG or PNG builder.

import type { EdgeKind, Snapshot } from '../../core/view/types';
import { EDGE_STYLE } from '../palette';
import { canonicalText, encodeLink, prepareScenario } from '../../core/share';
import type { PreparedScenario } from '../../core/share';
import type { ExplorerState } from '../../state/store';
import type { GraphMemory } from '../graph/memory';
import { layoutInputOf } from '../graph/layout';
import { LayoutEngine } from '../graph/layoutEngine';
import { buildGraphModel } from '../graph/model';
import { contentBounds } from '../map/fit';
import { formatSize } from '../../core/u64';
import { hexGrouped } from '../map/hexfmt';
import { mapOnScreen } from './mapOnScreen';
import type { MapWindow } from './mapOnScreen';
import type { Viewport } from '../map/viewport';
import { WHOLE_SPACE, fitRange, lastVisible } from '../map/viewport';
import { captionOf } from './caption';
import { canvasTextMeasure, readExportColors } from './exportColors';
import { buildGraphSvg } from './graphSvg';
import { buildMapPng } from './mapPng';
import { buildMapSvg } from './mapSvg';
import type { ExportFormat, ExportView } from './names';
import { exportFileName, nameSource } from './names';
import { scenarioMetadata } from './scenarioMeta';
import { svgToPng } from './svgToPng';

export interface ExportedFile {
  readonly name: string;
  readonly blob: Blob;
  /** Pixels of the PNG, or the SVG's width and height. */
  readonly width: number;
  readonly height: number;
}

/** The map's width when it is not on screen (graph-only view). */
const DEFAULT_PLOT_WIDTH = 960;

export async function exportView(st: ExplorerState, memory: GraphMemory, view: ExportView, format: ExportFormat): Promise<ExportedFile> {
  const current = st.current;
  const snapshot = st.snapshot;
  if (!current || !snapshot) throw new Error('there is nothing to export until the scenario has run');
  const step = snapshot.step;
  const colors = readExportColors(st.theme === 'dark');
  const measure = canvasTextMeasure();
  const shown = mapOnScreen();
  const win: MapWindow = shown && shown.width > 0 ? shown : { vp: fitContent(snapshot), width: DEFAULT_PLOT_WIDTH, autoFit: true };
  const metadata = scenarioMetadata({
    text: canonicalOr(current.text),
    step,
    selection: st.selection,
    viewMode: st.viewMode,
    map: win.autoFit ? null : { start: win.vp.start, span: win.vp.span },
    walk: st.walkTarget,
    link: linkOf(current.text, st, step, win),
  });
  const name = exportFileName(nameSource(current.view.title, current.origin), step, view, format);
  const scale = typeof window !== 'undefined' ? window.devicePixelRatio || 1 : 1;

  if (view === 'map') {
    const last = lastVisible(win.vp);
    const caption = captionOf(current, st.run, step, `address map [${hexGrouped(win.vp.start)}, ${hexGrouped(last)}], ${spanText(win.vp.span)}`);
    const input = { spaces: snapshot.spaces, changes: snapshot.changes.ranges, vp: win.vp, plotWidth: win.width, selection: st.selection, colors, caption, measure };
    if (format === 'svg') {
      const svg = buildMapSvg(input, metadata);
      return { name, blob: new Blob([svg.svg], { type: 'image/svg+xml' }), width: svg.width, height: svg.height };
    }
    const png = await buildMapPng(input, scale);
    return { name, blob: png.blob, width: png.width, height: png.height };
  }

  const model = buildGraphModel(snapshot, memory);
  // The same deterministic layout the graph computes for this model (graph/layout.ts), off the
  // main thread when large, as the graph does.
  layouts ??= new LayoutEngine();
  const layout = await layouts.request(model.signature, layoutInputOf(model));
  const selectedId = st.selection.kind === 'node' ? st.selection.id : null;
  const sel = st.selection;
  const relatedId = sel.kind === 'range' || sel.kind === 'address' ? (snapshot.spaces.find((s) => s.id === sel.space)?.node ?? null) : null;
  const live = snapshot.nodes.length;
  // As the graph says under itself: hub fans are drawn only for a selected end.
  const hidden = new Map<string, number>();
  for (const e of model.edges) if (e.hub && e.source !== selectedId && e.target !== selectedId) hidden.set(e.kind, (hidden.get(e.kind) ?? 0) + 1);
  const notDrawn = hidden.size ? ` · not drawn: ${[...hidden].map(([k, n]) => `${n} ${EDGE_STYLE[k as EdgeKind].label}`).join(', ')} relations of busy objects` : '';
  const caption = captionOf(current, st.run, step, `topology: ${live} object${live === 1 ? '' : 's'}${notDrawn}`);
  const svg = buildGraphSvg({ model, layout, selectedId, relatedId, colors, caption, measure }, metadata);
  if (format === 'svg') return { name, blob: new Blob([svg.svg], { type: 'image/svg+xml' }), width: svg.width, height: svg.height };
  const png = await svgToPng(svg.svg, svg.width, svg.height, scale);
  return { name, blob: png.blob, width: png.width, height: png.height };
}

function spanText(span: bigint): string {
  return span === 1n << 64n ? '16 EiB (2^64)' : formatSize(span);
}

function fitContent(s: Snapshot): Viewport {
  const b = contentBounds(s.spaces);
  return b ? fitRange(b[0], b[1]) : WHOLE_SPACE;
}

/** The scenario as its canonical file text (64-bit values in lowercase hex), else as it is. */
export function canonicalOr(text: string): string {
  const c = canonicalText(text);
  return c.ok ? c.text : text;
}

let prepared: { text: string; p: PreparedScenario } | null = null;
/** Kept between exports: its cache makes a second export of the same step instant. */
let layouts: LayoutEngine | null = null;

/** The share link of what is exported, when the scenario fits in one (else the JSON alone). */
function linkOf(text: string, st: ExplorerState, step: number, win: MapWindow): string | null {
  try {
    if (prepared?.text !== text) prepared = { text, p: prepareScenario(text) };
    return encodeLink({
      scenario: prepared.p,
      step,
      selection: st.selection,
      view: {
        mode: st.viewMode,
        ...(win.autoFit ? {} : { map: { start: win.vp.start, span: win.vp.span } }),
        ...(st.walkTarget ? { walk: { space: st.walkTarget.space, iova: st.walkTarget.iova } } : {}),
      },
    });
  } catch {
    return null;
  }
}
