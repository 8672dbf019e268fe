// Where everything goes in an exported address map, shared by the SVG and the PNG so both come
// out the same size: the title lines, the lane titles on the left, the plot (the map's own
// painting at its on-screen width and window), and a legend of the kinds drawn.

import type { AddressSpaceView, RangeChange, RangeKind } from '../../core/view/types';
import type { Selection } from '../../state/selection';
import { SPACE_WORDS, laneCounts, plotHeight } from '../map/lanes';
import type { Viewport } from '../map/viewport';
import { RANGE_STYLE } from '../palette';
import type { Caption } from './caption';
import type { ExportColors, TextMeasure } from './exportColors';
import type { HeaderLayout } from './header';
import { PAD, headerLayout } from './header';

/** What an address-map export draws: the map's data, window and width, and the words around it. */
export interface MapExportInput {
  readonly spaces: readonly AddressSpaceView[];
  readonly changes: readonly RangeChange[];
  readonly vp: Viewport;
  /** The plot's width in CSS pixels (the map's on-screen width). */
  readonly plotWidth: number;
  readonly selection: Selection;
  readonly colors: ExportColors;
  readonly caption: Caption;
  readonly measure: TextMeasure;
}

export { PAD };
/** The lane titles' column: as wide as the longest title needs, within these bounds. */
export const GUTTER_MIN = 180;
export const GUTTER_MAX = 380;
export const LEGEND_H = 30;

export interface MapLayout {
  readonly header: HeaderLayout;
  readonly gutterX: number;
  readonly gutterW: number;
  readonly width: number;
  readonly height: number;
  readonly plotX: number;
  readonly plotY: number;
  readonly plotW: number;
  readonly plotH: number;
  readonly legendY: number;
}

export function mapLayout(spaces: readonly AddressSpaceView[], plotWidth: number, caption: Caption, measure: TextMeasure): MapLayout {
  const plotW = Math.max(240, Math.round(plotWidth));
  const plotH = plotHeight(spaces.length);
  // Slides want whole lane titles: the column grows (the on-screen gutter is fixed and cuts them).
  let need = 0;
  for (const s of spaces) need = Math.max(need, measure(s.title, 12, 'sans', 600), measure(laneMeta(s), 10.5, 'sans'));
  const gutterW = Math.ceil(Math.min(GUTTER_MAX, Math.max(GUTTER_MIN, need + 20)));
  const plotX = PAD + gutterW;
  const width = plotX + plotW + PAD;
  const header = headerLayout(caption, width, measure);
  const plotY = header.height;
  return { header, gutterX: PAD, gutterW, width, height: plotY + plotH + LEGEND_H + PAD, plotX, plotY, plotW, plotH, legendY: plotY + plotH + 12 };
}

/** The second line of a lane title: "IOAS · 3 mappings · 1 reserved" (as the map's gutter). */
export function laneMeta(s: AddressSpaceView): string {
  return `${SPACE_WORDS[s.kind]} · ${laneCounts(s)}`;
}

/** Legend order: what a reader looks for first. */
const LEGEND_ORDER: readonly RangeKind[] = ['mapping', 'window', 'vma', 'bug', 'reserved', 'excluded', 'allowed', 'usable'];

export interface LegendEntry {
  readonly label: string;
  readonly color: string;
  /** How the swatch is drawn: solid, hatched band, outlined frame, or a change outline. */
  readonly style: 'solid' | 'hatch' | 'frame' | 'outline' | 'dashed';
}

/** The kinds actually drawn at this step, then the change marks when the step changed ranges. */
export function legendEntries(spaces: readonly AddressSpaceView[], changes: readonly RangeChange[], c: ExportColors): LegendEntry[] {
  const present = new Set<RangeKind>();
  for (const s of spaces) for (const l of s.layers) if (l.first.length > 0) present.add(l.kind);
  const out: LegendEntry[] = LEGEND_ORDER.filter((k) => present.has(k)).map((k) => ({
    label: RANGE_STYLE[k].label,
    color: c.kind[k],
    style: k === 'reserved' || k === 'excluded' ? 'hatch' : k === 'window' ? 'frame' : 'solid',
  }));
  if (changes.some((rc) => rc.added.length > 0)) out.push({ label: 'added by this step', color: c.added, style: 'outline' });
  if (changes.some((rc) => rc.removed.length > 0)) out.push({ label: 'removed by this step', color: c.removed, style: 'dashed' });
  return out;
}

/** Width of a legend entry: swatch, gap, label (11 px), gap to the next. */
export function legendEntryWidth(e: LegendEntry, measure: TextMeasure): number {
  return 14 + 6 + measure(e.label, 11, 'sans') + 16;
}

/** Where the legend's entries go, left to right from x0; `more` is where "…" stands when they would run past `right`. */
export function placeLegend(entries: readonly LegendEntry[], x0: number, right: number, measure: TextMeasure): { placed: { entry: LegendEntry; x: number }[]; more: number | null } {
  const placed: { entry: LegendEntry; x: number }[] = [];
  let x = x0;
  for (const entry of entries) {
    const w = legendEntryWidth(entry, measure);
    if (x + w > right + 16) return { placed, more: x };
    placed.push({ entry, x });
    x += w;
  }
  return { placed, more: null };
}

/** How a swatch (13 × 11 px) is drawn in the SVG and the PNG: a fill at an opacity, an outline of a width, dashed or not. */
export interface SwatchStyle {
  readonly fill: number | null;
  readonly stroke: number | null;
  readonly dash: boolean;
}

export const SWATCH: Readonly<Record<LegendEntry['style'], SwatchStyle>> = {
  solid: { fill: 1, stroke: null, dash: false },
  hatch: { fill: 0.3, stroke: 1, dash: false },
  frame: { fill: 0.12, stroke: 1.5, dash: false },
  outline: { fill: null, stroke: 2, dash: false },
  dashed: { fill: 0.14, stroke: 2, dash: true },
};

/** The dashes of a removal's swatch (as the map's removed ghosts). */
export const SWATCH_DASH: readonly number[] = [4, 3];
