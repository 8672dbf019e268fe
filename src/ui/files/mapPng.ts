// The address map as PNG: the map's own painter (map/paint.ts) run on an offscreen canvas at the
// device pixel ratio, with the title lines, the lane titles and the legend drawn around it, at
// the same layout as the SVG export (mapLayout.ts), so both files have the same size.

import { AXIS_H, LANE_H, laneTop } from '../map/lanes';
import { RectCache, paintMap } from '../map/paint';
import type { ExportColors, TextMeasure } from './exportColors';
import { MONO_STACK, SANS_STACK } from './exportColors';
import type { LegendEntry, MapExportInput } from './mapLayout';
import { PAD, SWATCH, SWATCH_DASH, laneMeta, legendEntries, mapLayout, placeLegend } from './mapLayout';
import { canvasToPng, clampScale } from './svgToPng';
import { paintHeader } from './header';
import { NO_SPACES } from './mapSvg';

export async function buildMapPng(input: MapExportInput, scale: number): Promise<{ blob: Blob; width: number; height: number; scale: number }> {
  const L = mapLayout(input.spaces, input.plotWidth, input.caption, input.measure);
  const k = clampScale(L.width, L.height, scale);
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(L.width * k);
  canvas.height = Math.round(L.height * k);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser gave no 2D canvas to draw the map on');
  const c = input.colors;
  ctx.setTransform(k, 0, 0, k, 0, 0);
  ctx.fillStyle = c.bg;
  ctx.fillRect(0, 0, L.width, L.height);
  paintHeader(ctx, L.header, L.width, c);

  // The plot: exactly what the map paints on screen, without the hover.
  ctx.save();
  ctx.translate(L.plotX, L.plotY);
  ctx.beginPath();
  ctx.rect(0, 0, L.plotW, L.plotH);
  ctx.clip();
  const ticks = paintMap(ctx, { spaces: input.spaces, changes: input.changes, vp: input.vp, width: L.plotW, height: L.plotH, selection: input.selection, hover: null, colors: c }, new RectCache());
  if (input.spaces.length === 0) {
    ctx.fillStyle = c.muted;
    ctx.font = `12px ${SANS_STACK}`;
    ctx.fillText(NO_SPACES, 12, AXIS_H + 27);
  }
  ctx.restore();

  // The lane titles, as the DOM gutter shows them.
  const gx = L.gutterX;
  const gw = L.gutterW;
  ctx.fillStyle = c.panel;
  ctx.fillRect(gx, L.plotY, gw, L.plotH);
  ctx.fillStyle = c.panel2;
  ctx.fillRect(gx, L.plotY, gw, AXIS_H);
  ctx.fillStyle = c.border;
  ctx.fillRect(gx, L.plotY + AXIS_H - 1, gw, 1);
  ctx.fillRect(L.plotX - 1, L.plotY, 1, L.plotH);
  ctx.textBaseline = 'alphabetic';
  ctx.fillStyle = c.muted;
  ctx.font = ticks.prefix === null ? `11px ${SANS_STACK}` : `11px ${MONO_STACK}`;
  ctx.fillText(ticks.prefix === null ? 'address (hex)' : `${ticks.prefix}…`, gx + 10, L.plotY + AXIS_H / 2 + 2);
  input.spaces.forEach((s, i) => {
    const top = L.plotY + laneTop(i);
    ctx.fillStyle = c.text;
    ctx.font = `600 12px ${SANS_STACK}`;
    ctx.fillText(fit(ctx, s.title, gw - 20), gx + 10, top + 19);
    ctx.fillStyle = c.muted;
    ctx.font = `10.5px ${SANS_STACK}`;
    ctx.fillText(fit(ctx, laneMeta(s), gw - 20), gx + 10, top + 35);
    ctx.fillStyle = c.border;
    ctx.fillRect(gx, top + LANE_H - 1, gw, 1);
  });
  ctx.strokeStyle = c.border;
  ctx.lineWidth = 1;
  ctx.strokeRect(gx + 0.5, L.plotY + 0.5, gw + L.plotW - 1, L.plotH - 1);

  paintLegend(ctx, legendEntries(input.spaces, input.changes, c), gx, L.legendY, L.width - PAD, c, input.measure);
  const blob = await canvasToPng(canvas);
  return { blob, width: canvas.width, height: canvas.height, scale: k };
}

function paintLegend(ctx: CanvasRenderingContext2D, entries: readonly LegendEntry[], x0: number, y: number, right: number, c: ExportColors, measure: TextMeasure): void {
  const { placed, more } = placeLegend(entries, x0, right, measure);
  ctx.font = `11px ${SANS_STACK}`;
  ctx.textBaseline = 'alphabetic';
  for (const { entry: e, x } of placed) {
    const s = SWATCH[e.style];
    ctx.save();
    ctx.strokeStyle = e.color;
    ctx.fillStyle = e.color;
    if (s.fill !== null) {
      if (s.fill !== 1) ctx.globalAlpha = s.fill;
      ctx.fillRect(x + 0.5, y + 0.5, 13, 11);
      if (s.fill !== 1) ctx.globalAlpha = 1;
    }
    if (s.stroke !== null) {
      if (s.stroke !== 1) ctx.lineWidth = s.stroke;
      if (s.dash) ctx.setLineDash([...SWATCH_DASH]);
      // A 2 px outline is drawn a pixel in, so that it stays inside the swatch.
      if (s.stroke >= 2) ctx.strokeRect(x + 1, y + 1, 12, 10);
      else ctx.strokeRect(x + 0.5, y + 0.5, 13, 11);
    }
    ctx.restore();
    ctx.fillStyle = c.muted;
    ctx.fillText(e.label, x + 20, y + 10);
  }
  if (more !== null) {
    ctx.fillStyle = c.muted;
    ctx.fillText('…', more, y + 10);
  }
}

/** `text` cut with an ellipsis to `max` pixels in the context's current font. */
function fit(ctx: CanvasRenderingContext2D, text: string, max: number): string {
  if (ctx.measureText(text).width <= max) return text;
  for (let n = text.length - 1; n >= 1; n--) {
    const t = text.slice(0, n) + '…';
    if (ctx.measureText(t).width <= max) return t;
  }
  return '…';
}
