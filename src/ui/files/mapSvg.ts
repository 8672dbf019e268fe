// The address map as real SVG: the same lanes, kinds, ticks and marks the canvas paints
// (map/paint*.ts), from the same draw lists (map/drawlist.ts) and ticks (map/ticks.ts), so the
// file matches the screen. Every drawn range carries its exact hex in a <title> (a tooltip in
// browsers and vector editors); tick labels and lane titles are text, selectable and searchable.
// Pure: no DOM, so the unit tests build it in Node.

import type { AddressSpaceView, RangeKind, RangeSet } from '../../core/view/types';
import { formatSize } from '../../core/u64';
import { buildRects } from '../map/drawlist';
import type { RectList } from '../map/drawlist';
import { hexGrouped, sizeText } from '../map/hexfmt';
import type { Role } from '../map/lanes';
import { AXIS_H, LANE_H, ROLE, ROLE_ORDER, laneTop, roleBox } from '../map/lanes';
import { hexTicks } from '../map/ticks';
import type { TickSet } from '../map/ticks';
import { addrToPx } from '../map/viewport';
import { indexOfRange } from '../map/search';
import { RANGE_STYLE } from '../palette';
import type { ExportColors } from './exportColors';
import type { TextMeasure } from './exportColors';
import { MONO_STACK, SANS_STACK, cutText } from './exportColors';
import type { MapExportInput, MapLayout } from './mapLayout';
import { headerSvg } from './header';
import { PAD, laneMeta, legendEntries, legendEntryWidth, mapLayout } from './mapLayout';
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
export function legendSvg(entries: readonly ReturnType<typeof legendEntries>[number][], x0: number, y: number, right: number, c: ExportColors, measure: TextMeasure): string {
  const out: string[] = [];
  let x = x0;
  for (const e of entries) {
    const w = legendEntryWidth(e, measure);
    if (x + w > right + 16) {
      out.push(`<text x="${num(x)}" y="${y + 10}" font-size="11" fill="${c.muted}">…</text>`);
      break;
    }
    const sw = `x="${num(x + 0.5)}" y="${y + 0.5}" width="13" height="11"`;
    switch (e.style) {
      case 'solid':
        out.push(`<rect ${sw} rx="2" fill="${e.color}"/>`);
        break;
      case 'hatch':
        out.push(`<rect ${sw} rx="2" fill="${e.color}" fill-opacity="0.3" stroke="${e.color}"/>`);
        break;
      case 'frame':
        out.push(`<rect ${sw} rx="2" fill="${e.color}" fill-opacity="0.12" stroke="${e.color}" stroke-width="1.5"/>`);
        break;
      case 'outline':
        out.push(`<rect ${sw} rx="2" fill="none" stroke="${e.color}" stroke-width="2"/>`);
        break;
      case 'dashed':
        out.push(`<rect ${sw} rx="2" fill="${e.color}" fill-opacity="0.14" stroke="${e.color}" stroke-width="2" stroke-dasharray="4 3"/>`);
        break;
    }
    out.push(`<text x="${num(x + 20)}" y="${y + 10}" font-size="11" fill="${c.muted}">${xmlText(e.label)}</text>`);
    x += w;
  }
  return `<g data-legend="">${out.join('')}</g>`;
}

// ------------------------------------------------------------------ the plot

function axis(ticks: TickSet, width: number, c: ExportColors): string {
  const out: string[] = [`<rect width="${width}" height="${AXIS_H}" fill="${c.panel2}"/>`, `<rect y="${AXIS_H - 1}" width="${width}" height="1" fill="${c.border}"/>`];
  for (const x of ticks.minor) out.push(`<rect x="${Math.round(x)}" y="${AXIS_H - 4}" width="1" height="3" fill="${c.faint}"/>`);
  let lastEnd = -Infinity;
  for (const t of ticks.ticks) {
    const x = Math.round(t.x);
    out.push(`<rect x="${x}" y="${AXIS_H - 8}" width="1" height="7" fill="${c.muted}"/>`);
    const w = t.label.length * AXIS_CHAR_W;
    // As the canvas does: right of the tick, the last one left of it, none over another.
    let lx = x + 4;
    if (lx + w > width - 2) lx = x - 4 - w;
    if (lx < lastEnd + 8 || lx < 2) continue;
    const [s0, s1] = t.strong;
    const span = (s: string, fill: string): string => (s ? `<tspan fill="${fill}">${xmlText(s)}</tspan>` : '');
    out.push(
      `<text x="${num(lx)}" y="${AXIS_H / 2 + 2}" font-family="${xmlAttr(MONO_STACK)}" font-size="11" data-addr="0x${t.addr.toString(16)}">` +
        span(t.label.slice(0, s0), c.faint) + span(t.label.slice(s0, s1), c.text) + span(t.label.slice(s1), c.faint) + `</text>`,
    );
    lastEnd = lx + w;
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
      if (role !== 'underlay') out.push(pins(set.kind, rects, top, L.plotW, c));
      if (role !== 'underlay' && role !== 'strip') out.push(inlineLabels(role, set, rects, top, L.plotW, c, input.measure));
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
      case 'underlay':
        out.push(`<rect ${box} fill="${color}"${kind === 'usable' ? '' : ' fill-opacity="0.25"'}>${title}</rect>`);
        break;
      case 'band': {
        const excluded = kind === 'excluded';
        const alpha = excluded ? (c.dark ? 0.45 : 0.3) : c.dark ? 0.22 : 0.14;
        out.push(`<g>${title}<rect ${box} fill="${color}" fill-opacity="${alpha}"/><rect ${box} fill="url(#${hatches.id(color, excluded ? 0.55 : 0.7)})"/></g>`);
        break;
      }
      case 'frame':
        if (w < 3) {
          out.push(`<rect ${box} fill="${color}">${title}</rect>`);
        } else {
          out.push(`<g>${title}<rect ${box} fill="${color}" fill-opacity="${c.dark ? 0.14 : 0.1}"/><rect x="${num(x0 + 0.75)}" y="${y + 0.75}" width="${num(w - 1.5)}" height="${h - 1.5}" fill="none" stroke="${color}" stroke-width="1.5"/></g>`);
        }
        break;
      case 'bar': {
        // The 1 px seam of wide bars, as on screen: abutting mappings are separate objects.
        const bw = w >= 5 ? w - 1 : Math.max(1, w);
        const bar = `<rect x="${num(x0)}" y="${y}" width="${num(bw)}" height="${h}" fill="${color}"/>`;
        out.push(kind === 'bug' ? `<g>${title}${bar}<rect ${box} fill="url(#${hatches.id(c.panel, 0.6)})"/></g>` : bar.replace('/>', `>${title}</rect>`));
        break;
      }
      case 'strip':
        out.push(`<rect ${box} fill="${color}">${title}</rect>`);
        break;
    }
  }
  return out.join('');
}

/** Pins over isolated ranges too narrow to see (paintLane.ts: the same rule). */
function pins(kind: RangeKind, r: RectList, top: number, width: number, c: ExportColors): string {
  const out: string[] = [];
  for (let i = 0; i < r.n; i++) {
    const x0 = r.x0[i]!;
    const x1 = r.x1[i]!;
    if (x1 - x0 >= 3 || x1 < 0 || x0 > width) continue;
    if (i > 0 && x0 - r.x1[i - 1]! < 10) continue;
    if (i + 1 < r.n && r.x0[i + 1]! - x1 < 10) continue;
    const m = Math.min(Math.max((x0 + x1) / 2, 4), width - 4);
    out.push(`<path d="M${num(m - 4)},${top + 2}L${num(m + 4)},${top + 2}L${num(m)},${top + 8}Z" fill="${c.kind[kind]}"/>`);
  }
  return out.join('');
}

function inlineLabels(role: Role, set: RangeSet, r: RectList, top: number, width: number, c: ExportColors, measure: TextMeasure): string {
  const [b0, b1] = roleBox(role);
  // Baselines: centred in a bar; in the upper margin of a band or frame.
  const y = role === 'bar' ? top + (b0 + b1) / 2 + 4 : top + b0 + 10;
  const fill = role === 'bar' ? (c.dark ? '#0d1117' : '#ffffff') : c.kind[set.kind];
  const out: string[] = [];
  for (let i = 0; i < r.n; i++) {
    if (r.cnt[i] !== 1) continue;
    const x0 = Math.max(r.x0[i]!, 0);
    const x1 = Math.min(r.x1[i]!, width);
    if (x1 - x0 < 44) continue;
    const k = r.idx[i]!;
    const size = (set.last[k] as bigint) - (set.first[k] as bigint) + 1n;
    const text = set.label?.[k] ?? (size === 1n << 64n ? '16 EiB' : formatSize(size));
    const fit = cutText(text, x1 - x0 - 10, (s) => measure(s, 10.5, 'sans'));
    if (fit) out.push(`<text x="${num(x0 + 5)}" y="${num(y)}" font-size="10.5" fill="${fill}" pointer-events="none">${xmlText(fit)}</text>`);
  }
  return out.join('');
}

/** The step's changes: added outlined, removed as dashed ghosts, arrows for those off screen. */
function changes(input: MapExportInput, space: AddressSpaceView, top: number, width: number): string {
  const { vp, colors: c } = input;
  const out: string[] = [];
  let offLeft: string | null = null;
  let offRight: string | null = null;
  for (const rc of input.changes) {
    if (rc.space !== space.id) continue;
    const [b0, b1] = roleBox(ROLE[rc.kind]);
    const y = top + b0 - 2;
    const h = b1 - b0 + 4;
    for (const [list, color, ghost] of [[rc.removed, c.removed, true], [rc.added, c.added, false]] as const) {
      for (const r of list) {
        let x0 = addrToPx(vp, width, r.first);
        let x1 = addrToPx(vp, width, r.last + 1n);
        if (x1 < 0) {
          offLeft ??= color;
          continue;
        }
        if (x0 > width) {
          offRight ??= color;
          continue;
        }
        x0 = Math.max(x0, -2);
        x1 = Math.min(x1, width + 2);
        if (x1 - x0 < 4) {
          const m = (x0 + x1) / 2;
          x0 = m - 2;
          x1 = m + 2;
        }
        const title = `<title>${xmlText(`${ghost ? 'removed' : 'added'} by this step: ${RANGE_STYLE[rc.kind].label} [${hexGrouped(r.first)}, ${hexGrouped(r.last)}] ${sizeText(r.first, r.last)}`)}</title>`;
        const fill = ghost ? `fill="${color}" fill-opacity="0.14"` : 'fill="none"';
        out.push(`<rect x="${num(x0 + 1)}" y="${y + 1}" width="${num(x1 - x0 - 2)}" height="${h - 2}" ${fill} stroke="${color}" stroke-width="2"${ghost ? ' stroke-dasharray="4 3"' : ''}>${title}</rect>`);
      }
    }
  }
  const mid = top + LANE_H / 2;
  if (offLeft) out.push(`<path d="M3,${mid}L10,${mid - 6}L10,${mid + 6}Z" fill="${offLeft}"><title>a change of this step is left of the window</title></path>`);
  if (offRight) out.push(`<path d="M${width - 3},${mid}L${width - 10},${mid - 6}L${width - 10},${mid + 6}Z" fill="${offRight}"><title>a change of this step is right of the window</title></path>`);
  return out.join('');
}

function selection(input: MapExportInput, space: AddressSpaceView, top: number, width: number): string {
  const { vp, selection: sel, colors: c } = input;
  if (sel.kind === 'range' && sel.space === space.id) {
    let role: Role = 'bar';
    for (const set of space.layers) {
      if (indexOfRange(set.first, set.last, sel.first, sel.last) >= 0) {
        role = ROLE[set.kind];
        if (role === 'bar') break;
      }
    }
    const [b0, b1] = roleBox(role === 'strip' || role === 'underlay' ? 'band' : role);
    let x0 = addrToPx(vp, width, sel.first);
    let x1 = addrToPx(vp, width, sel.last + 1n);
    if (x1 < -4 || x0 > width + 4) return '';
    x0 = Math.max(x0, -3);
    x1 = Math.min(x1, width + 3);
    if (x1 - x0 < 6) {
      const m = (x0 + x1) / 2;
      x0 = m - 3;
      x1 = m + 3;
    }
    return (
      `<g><title>${xmlText(`selected: [${hexGrouped(sel.first)}, ${hexGrouped(sel.last)}]`)}</title>` +
      `<rect x="${num(x0)}" y="${top + b0 - 3}" width="${num(x1 - x0)}" height="${b1 - b0 + 6}" fill="${c.accent}" fill-opacity="0.12"/>` +
      `<rect x="${num(x0 - 1)}" y="${top + b0 - 4}" width="${num(x1 - x0 + 2)}" height="${b1 - b0 + 8}" fill="none" stroke="${c.accent}" stroke-width="2"/></g>`
    );
  }
  if (sel.kind === 'address' && sel.space === space.id) {
    const x = addrToPx(vp, width, sel.iova);
    if (x < -1 || x > width + 1) return '';
    return (
      `<g><title>${xmlText(`selected address ${hexGrouped(sel.iova)}`)}</title>` +
      `<rect x="${Math.round(x) - 1}" y="${top + 2}" width="2" height="${LANE_H - 4}" fill="${c.accent}"/>` +
      `<path d="M${num(x - 5)},${top + 2}L${num(x + 5)},${top + 2}L${num(x)},${top + 8}Z" fill="${c.accent}"/></g>`
    );
  }
  return '';
}

/** Hatch patterns, one per colour and opacity (map/paintLane.ts draws the same tile). */
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
        `<pattern id="${id}" width="6" height="6" patternUnits="userSpaceOnUse">` +
          `<path d="M-1,7L7,-1M5,7L7,5M-1,1L1,-1" stroke="${color}" stroke-opacity="${alpha}" stroke-width="1.2"/></pattern>`,
      );
    }
    return id;
  }

  defs(): string {
    return this.body.join('');
  }
}

