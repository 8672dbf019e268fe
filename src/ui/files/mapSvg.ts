// The address map as real SVG: the same lanes, kinds, ticks and marks the canvas paints
// (map/paint*.ts), from the same draw lists (map/drawlist.ts) and ticks (map/ticks.ts), so the
// file matches the screen. Every drawn range carries its exact hex in a <title> (a tooltip in
// browsers and vector editors); tick labels and lane titles are text, selectable and searchable.
// Pure: no DOM, so the unit tests build it in Node.

import type { AddressSpaceView, RangeKind, RangeSet } from '../../core/view/types';
import { buildRects } from '../map/drawlist';
import type { RectList } from '../map/drawlist';
import { hexGrouped, sizeText } from '../map/hexfmt';
import type { Role } from '../map/lanes';
import { AXIS_H, LANE_H, ROLE, ROLE_ORDER, laneTop, roleBox } from '../map/lanes';
import { placeLabels } from '../map/paintAxis';
import type { Triangle } from '../map/paintGeometry';
import { changeMarks, offArrow, pins, selectionMark } from '../map/paintGeometry';
import { BUG_HATCH_ALPHA, FRAME_OUTLINE_MIN_PX, HATCH, bandAlpha, bandHatchAlpha, barWidth, frameAlpha, inkOn, inlineLabels, underlayAlpha } from '../map/paintStyle';
import { hexTicks } from '../map/ticks';
import type { TickSet } from '../map/ticks';
import { RANGE_STYLE } from '../palette';
import type { ExportColors } from './exportColors';
import type { TextMeasure } from './exportColors';
import { MONO_STACK, SANS_STACK, cutText } from './exportColors';
import type { LegendEntry, MapExportInput, MapLayout } from './mapLayout';
import { headerSvg } from './header';
import { PAD, SWATCH, SWATCH_DASH, laneMeta, legendEntries, mapLayout, placeLegend } from './mapLayout';
import { num, xmlAttr, xmlText } from './xml';

const AXIS_CHAR_W = 11 * 0.6;

/** What the map says when a step has no address space (as AddressMap.tsx does). */
export const NO_SPACES = 'No address space at this step.';

export interface BuiltSvg {
  readonly svg: string;
  readonly width: number;
  readonly height: number;
}

/** `metadata`: the <metadata> element carrying the scenario (scenarioMeta.ts). */
export function buildMapSvg(input: MapExportInput, metadata: string): BuiltSvg {
  const L = mapLayout(input.spaces, input.plotWidth, input.caption, input.measure);
  const c = input.colors;
  const ticks = hexTicks(input.vp, L.plotW, (s) => s.length * AXIS_CHAR_W);
  const hatches = new Hatches();
  const plot: string[] = [];
  plot.push(`<rect width="${L.plotW}" height="${L.plotH}" fill="${c.panel}"/>`);
  for (const t of ticks.ticks) plot.push(`<rect x="${Math.round(t.x)}" y="${AXIS_H}" width="1" height="${L.plotH - AXIS_H}" fill="${c.border}"/>`);
  input.spaces.forEach((space, i) => plot.push(lane(input, L, space, laneTop(i), hatches)));
  if (input.spaces.length === 0) plot.push(`<text x="12" y="${AXIS_H + 27}" font-size="12" fill="${c.muted}">${xmlText(NO_SPACES)}</text>`);
  plot.push(axis(ticks, L.plotW, c));

  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${L.width}" height="${L.height}" viewBox="0 0 ${L.width} ${L.height}" font-family="${xmlAttr(SANS_STACK)}">`,
    `<title>${xmlText(`${input.caption.title} — ${input.caption.line}`)}</title>`,
    metadata,
    `<defs><clipPath id="plot-clip"><rect width="${L.plotW}" height="${L.plotH}"/></clipPath>${hatches.defs()}</defs>`,
    `<rect width="${L.width}" height="${L.height}" fill="${c.bg}"/>`,
    headerSvg(L.header, L.width, c),
    gutter(input, L, ticks.prefix),
    `<g transform="translate(${L.plotX},${L.plotY})"><g clip-path="url(#plot-clip)">${plot.join('')}</g></g>`,
    `<rect x="${L.gutterX + 0.5}" y="${L.plotY + 0.5}" width="${L.gutterW + L.plotW - 1}" height="${L.plotH - 1}" fill="none" stroke="${c.border}"/>`,
    legend(input, L),
    `</svg>`,
  );
  return { svg: parts.join('\n'), width: L.width, height: L.height };
}

// ------------------------------------------------------------------ around the plot

function gutter(input: MapExportInput, L: MapLayout, prefix: string | null): string {
  const c = input.colors;
  const x = L.gutterX;
  const gw = L.gutterW;
  const out: string[] = [`<rect x="${x}" y="${L.plotY}" width="${gw}" height="${L.plotH}" fill="${c.panel}"/>`];
  out.push(`<rect x="${x}" y="${L.plotY}" width="${gw}" height="${AXIS_H}" fill="${c.panel2}"/>`);
  out.push(`<rect x="${x}" y="${L.plotY + AXIS_H - 1}" width="${gw}" height="1" fill="${c.border}"/>`);
  const head = prefix === null ? 'address (hex)' : `${prefix}…`;
  out.push(`<text x="${x + 10}" y="${L.plotY + AXIS_H / 2 + 2}" font-size="11" fill="${c.muted}"${prefix === null ? '' : ` font-family="${xmlAttr(MONO_STACK)}"`}>${xmlText(head)}</text>`);
  input.spaces.forEach((s, i) => {
    const top = L.plotY + laneTop(i);
    const meta = laneMeta(s);
    const title = cutText(s.title, gw - 20, (t) => input.measure(t, 12, 'sans', 600)) ?? '';
    const metaCut = cutText(meta, gw - 20, (t) => input.measure(t, 10.5, 'sans')) ?? '';
    out.push(
      `<g data-space="${xmlAttr(s.id)}"><title>${xmlText(`${s.title} (${s.id}) · ${meta}`)}</title>` +
        `<text x="${x + 10}" y="${top + 19}" font-size="12" font-weight="600" fill="${c.text}">${xmlText(title)}</text>` +
        `<text x="${x + 10}" y="${top + 35}" font-size="10.5" fill="${c.muted}">${xmlText(metaCut)}</text></g>`,
      `<rect x="${x}" y="${top + LANE_H - 1}" width="${gw}" height="1" fill="${c.border}"/>`,
    );
  });
  out.push(`<rect x="${L.plotX - 1}" y="${L.plotY}" width="1" height="${L.plotH}" fill="${c.border}"/>`);
  return out.join('');
}

function legend(input: MapExportInput, L: MapLayout): string {
  const entries = legendEntries(input.spaces, input.changes, input.colors);
  return legendSvg(entries, L.gutterX, L.legendY, L.width - PAD, input.colors, input.measure);
}

/** A row of swatches and words; stops (with "…") rather than run past `right`. */
export function legendSvg(entries: readonly LegendEntry[], x0: number, y: number, right: number, c: ExportColors, measure: TextMeasure): string {
  const { placed, more } = placeLegend(entries, x0, right, measure);
  const out: string[] = [];
  for (const { entry: e, x } of placed) {
    const s = SWATCH[e.style];
    const opacity = s.fill !== null && s.fill !== 1 ? ` fill-opacity="${s.fill}"` : '';
    const stroke = s.stroke === null ? '' : ` stroke="${e.color}"${s.stroke === 1 ? '' : ` stroke-width="${s.stroke}"`}${s.dash ? ` stroke-dasharray="${SWATCH_DASH.join(' ')}"` : ''}`;
    out.push(
      `<rect x="${num(x + 0.5)}" y="${y + 0.5}" width="13" height="11" rx="2" fill="${s.fill === null ? 'none' : e.color}"${opacity}${stroke}/>`,
      `<text x="${num(x + 20)}" y="${y + 10}" font-size="11" fill="${c.muted}">${xmlText(e.label)}</text>`,
    );
  }
  if (more !== null) out.push(`<text x="${num(more)}" y="${y + 10}" font-size="11" fill="${c.muted}">…</text>`);
  return `<g data-legend="">${out.join('')}</g>`;
}

// ------------------------------------------------------------------ the plot

function axis(ticks: TickSet, width: number, c: ExportColors): string {
  const out: string[] = [`<rect width="${width}" height="${AXIS_H}" fill="${c.panel2}"/>`, `<rect y="${AXIS_H - 1}" width="${width}" height="1" fill="${c.border}"/>`];
  for (const x of ticks.minor) out.push(`<rect x="${Math.round(x)}" y="${AXIS_H - 4}" width="1" height="3" fill="${c.faint}"/>`);
  for (const t of ticks.ticks) out.push(`<rect x="${Math.round(t.x)}" y="${AXIS_H - 8}" width="1" height="7" fill="${c.muted}"/>`);
  // As the canvas places them (paintAxis.ts).
  for (const { i, lx } of placeLabels(ticks.ticks.map((t) => ({ x: Math.round(t.x), w: t.label.length * AXIS_CHAR_W })), width)) {
    const t = ticks.ticks[i]!;
    const [s0, s1] = t.strong;
    const span = (s: string, fill: string): string => (s ? `<tspan fill="${fill}">${xmlText(s)}</tspan>` : '');
    out.push(
      `<text x="${num(lx)}" y="${AXIS_H / 2 + 2}" font-family="${xmlAttr(MONO_STACK)}" font-size="11" data-addr="0x${t.addr.toString(16)}">` +
        span(t.label.slice(0, s0), c.faint) + span(t.label.slice(s0, s1), c.text) + span(t.label.slice(s1), c.faint) + `</text>`,
    );
  }
  return out.join('');
}

function lane(input: MapExportInput, L: MapLayout, space: AddressSpaceView, top: number, hatches: Hatches): string {
  const c = input.colors;
  const out: string[] = [`<g data-space="${xmlAttr(space.id)}">`, `<rect y="${top + LANE_H - 1}" width="${L.plotW}" height="1" fill="${c.border}"/>`];
  for (const role of ROLE_ORDER) {
    for (const set of space.layers) {
      if (ROLE[set.kind] !== role || set.first.length === 0) continue;
      const rects = buildRects(set.first, set.last, input.vp, L.plotW);
      out.push(rangeRects(role, set, rects, top, L.plotW, c, hatches));
      if (role !== 'underlay') out.push(pinsSvg(set.kind, rects, top, L.plotW, c));
      if (role !== 'underlay' && role !== 'strip') out.push(inlineLabelsSvg(role, set, rects, top, L.plotW, c, input.measure));
    }
  }
  out.push(changes(input, space, top, L.plotW), selection(input, space, top, L.plotW), '</g>');
  return out.join('');
}

/** The exact extent of rectangle i: one range, or a run of ranges merged below a pixel. */
function rectTitle(kind: RangeKind, set: RangeSet, r: RectList, i: number): string {
  const k = r.idx[i]!;
  const n = r.cnt[i]!;
  const first = set.first[k] as bigint;
  const last = set.last[k + n - 1] as bigint;
  const what = RANGE_STYLE[kind].label;
  if (n === 1) {
    const label = set.label?.[k];
    return `${what}${label ? ` "${label}"` : ''} [${hexGrouped(first)}, ${hexGrouped(last)}] ${sizeText(first, last)}`;
  }
  return `${n.toLocaleString('en-US')} ${what} ranges within [${hexGrouped(first)}, ${hexGrouped(last)}]`;
}

function rangeRects(role: Role, set: RangeSet, r: RectList, top: number, width: number, c: ExportColors, hatches: Hatches): string {
  const kind = set.kind;
  const color = c.kind[kind];
  const [b0, b1] = roleBox(role);
  const y = top + b0;
  const h = b1 - b0;
  const out: string[] = [];
  for (let i = 0; i < r.n; i++) {
    const x0 = r.x0[i]!;
    const w = r.x1[i]! - x0;
    if (r.x1[i]! < -1 || x0 > width + 1) continue;
    const title = `<title>${xmlText(rectTitle(kind, set, r, i))}</title>`;
    const box = `x="${num(x0)}" y="${y}" width="${num(Math.max(1, w))}" height="${h}"`;
    switch (role) {
      case 'underlay': {
        const alpha = underlayAlpha(kind);
        out.push(`<rect ${box} fill="${color}"${alpha === 1 ? '' : ` fill-opacity="${alpha}"`}>${title}</rect>`);
        break;
      }
      case 'band':
        out.push(`<g>${title}<rect ${box} fill="${color}" fill-opacity="${bandAlpha(kind, c.dark)}"/><rect ${box} fill="url(#${hatches.id(color, bandHatchAlpha(kind))})"/></g>`);
        break;
      case 'frame':
        if (w < FRAME_OUTLINE_MIN_PX) {
          out.push(`<rect ${box} fill="${color}">${title}</rect>`);
        } else {
          out.push(`<g>${title}<rect ${box} fill="${color}" fill-opacity="${frameAlpha(c.dark)}"/><rect x="${num(x0 + 0.75)}" y="${y + 0.75}" width="${num(w - 1.5)}" height="${h - 1.5}" fill="none" stroke="${color}" stroke-width="1.5"/></g>`);
        }
        break;
      case 'bar': {
        const bar = `<rect x="${num(x0)}" y="${y}" width="${num(barWidth(w))}" height="${h}" fill="${color}"/>`;
        out.push(kind === 'bug' ? `<g>${title}${bar}<rect ${box} fill="url(#${hatches.id(c.panel, BUG_HATCH_ALPHA)})"/></g>` : bar.replace('/>', `>${title}</rect>`));
        break;
      }
      case 'strip':
        out.push(`<rect ${box} fill="${color}">${title}</rect>`);
        break;
    }
  }
  return out.join('');
}

/** Pins over isolated ranges too narrow to see (placed by map/paintGeometry.ts, as on screen). */
function pinsSvg(kind: RangeKind, r: RectList, top: number, width: number, c: ExportColors): string {
  return pins(r, width, top).map((t) => `<path d="${triangleD(t)}" fill="${c.kind[kind]}"/>`).join('');
}

function inlineLabelsSvg(role: Role, set: RangeSet, r: RectList, top: number, width: number, c: ExportColors, measure: TextMeasure): string {
  const [b0, b1] = roleBox(role);
  // Baselines: centred in a bar; in the upper margin of a band or frame.
  const y = role === 'bar' ? top + (b0 + b1) / 2 + 4 : top + b0 + 10;
  const fill = role === 'bar' ? inkOn(c.dark) : c.kind[set.kind];
  return inlineLabels(set, r, width, (s) => measure(s, 10.5, 'sans'))
    .map((l) => `<text x="${num(l.x)}" y="${num(y)}" font-size="10.5" fill="${fill}" pointer-events="none">${xmlText(l.text)}</text>`)
    .join('');
}

/** The step's changes: added outlined, removed as dashed ghosts, arrows for those off screen. */
function changes(input: MapExportInput, space: AddressSpaceView, top: number, width: number): string {
  const { vp, colors: c } = input;
  const { marks, offLeft, offRight } = changeMarks(input.changes, space, vp, width, top, c);
  const out: string[] = [];
  for (const { kind, range: r, ghost, color, x0, x1, y, h } of marks) {
    const title = `<title>${xmlText(`${ghost ? 'removed' : 'added'} by this step: ${RANGE_STYLE[kind].label} [${hexGrouped(r.first)}, ${hexGrouped(r.last)}] ${sizeText(r.first, r.last)}`)}</title>`;
    const fill = ghost ? `fill="${color}" fill-opacity="0.14"` : 'fill="none"';
    out.push(`<rect x="${num(x0 + 1)}" y="${y + 1}" width="${num(x1 - x0 - 2)}" height="${h - 2}" ${fill} stroke="${color}" stroke-width="2"${ghost ? ' stroke-dasharray="4 3"' : ''}>${title}</rect>`);
  }
  if (offLeft) out.push(`<path d="${triangleD(offArrow(-1, width, top))}" fill="${offLeft}"><title>a change of this step is left of the window</title></path>`);
  if (offRight) out.push(`<path d="${triangleD(offArrow(1, width, top))}" fill="${offRight}"><title>a change of this step is right of the window</title></path>`);
  return out.join('');
}

function selection(input: MapExportInput, space: AddressSpaceView, top: number, width: number): string {
  const { vp, selection: sel, colors: c } = input;
  const mark = selectionMark(sel, space, vp, width, top);
  if (mark?.kind === 'range' && sel.kind === 'range') {
    const { fill: f, frame: r } = mark;
    return (
      `<g><title>${xmlText(`selected: [${hexGrouped(sel.first)}, ${hexGrouped(sel.last)}]`)}</title>` +
      `<rect x="${num(f.x)}" y="${f.y}" width="${num(f.w)}" height="${f.h}" fill="${c.accent}" fill-opacity="0.12"/>` +
      `<rect x="${num(r.x)}" y="${r.y}" width="${num(r.w)}" height="${r.h}" fill="none" stroke="${c.accent}" stroke-width="2"/></g>`
    );
  }
  if (mark?.kind === 'address' && sel.kind === 'address') {
    const b = mark.bar;
    return (
      `<g><title>${xmlText(`selected address ${hexGrouped(sel.iova)}`)}</title>` +
      `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" fill="${c.accent}"/>` +
      `<path d="${triangleD(mark.tip)}" fill="${c.accent}"/></g>`
    );
  }
  return '';
}

function triangleD([a, b, c]: Triangle): string {
  return `M${num(a[0])},${num(a[1])}L${num(b[0])},${num(b[1])}L${num(c[0])},${num(c[1])}Z`;
}

/** Hatch patterns, one per colour and opacity (the tile of map/paintStyle.ts, as the canvas draws it). */
const HATCH_D = HATCH.strokes.map(([x0, y0, x1, y1]) => `M${x0},${y0}L${x1},${y1}`).join('');

class Hatches {
  private readonly ids = new Map<string, string>();
  private readonly body: string[] = [];

  id(color: string, alpha: number): string {
    const key = `${color}@${alpha}`;
    let id = this.ids.get(key);
    if (!id) {
      id = `hatch${this.ids.size}`;
      this.ids.set(key, id);
      this.body.push(
        `<pattern id="${id}" width="${HATCH.size}" height="${HATCH.size}" patternUnits="userSpaceOnUse">` +
          `<path d="${HATCH_D}" stroke="${color}" stroke-opacity="${alpha}" stroke-width="${HATCH.lineWidth}"/></pattern>`,
      );
    }
    return id;
  }

  defs(): string {
    return this.body.join('');
  }
}

