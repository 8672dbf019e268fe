// The topology graph as SVG, drawn from the graph's own model and layout (graph/model.ts,
// graph/layout.ts): the same cards, columns, edge routes and change marks as on screen, but
// vector, whole (not only what the camera shows) and without the HTML of React Flow's cards.
// Text is cut to the cards' fixed widths by an estimate (monospace is exact at 0.6 em); the full
// text of every card is in its <title>. Pure: the unit tests build it in Node.

import type { NodeKind } from '../../core/view/types';
import type { LayoutResult } from '../graph/layout';
import type { GraphModel, ModelNode } from '../graph/model';
import { NODE_KINDS } from '../graph/model';
import { routeEdges } from '../graph/routes';
import { EDGE_STYLE, NODE_STYLE } from '../palette';
import type { Caption } from './caption';
import type { ExportColors } from './exportColors';
import type { TextMeasure } from './exportColors';
import { MONO_STACK, SANS_STACK, cutText } from './exportColors';
import { PAD, headerLayout, headerSvg } from './header';
import type { BuiltSvg } from './mapSvg';
import { num, xmlAttr, xmlText } from './xml';

export interface GraphExportInput {
  readonly model: GraphModel;
  readonly layout: LayoutResult;
  /** The selected node (outlined, its hub edges drawn) and the node owning a selected range. */
  readonly selectedId: string | null;
  readonly relatedId: string | null;
  readonly colors: ExportColors;
  readonly caption: Caption;
  readonly measure: TextMeasure;
}

/** Room around the drawing for the selection outline (3 px off the card) and change rings. */
const MARGIN = 12;
const MIN_WIDTH = 560;
const LEGEND_ROW = 22;

const STATUS_WORD = { same: '', added: 'added by this step', changed: 'changed by this step', removed: 'removed by this step' } as const;

export function buildGraphSvg(input: GraphExportInput, metadata: string): BuiltSvg {
  const { model, layout, colors: c } = input;
  const drawW = model.nodes.length ? layout.width : 200;
  const drawH = model.nodes.length ? layout.height : 40;
  const width = Math.ceil(Math.max(MIN_WIDTH, drawW + 2 * MARGIN + 2 * PAD));
  const head = headerLayout(input.caption, width, input.measure);
  const gx = PAD + MARGIN;
  const gy = head.height + MARGIN;
  const legendRows = legendLayout(input, width - 2 * PAD);
  const legendY = gy + drawH + MARGIN + 10;
  const height = Math.ceil(legendY + legendRows.length * LEGEND_ROW + PAD - 6);

  const body: string[] = [];
  if (model.nodes.length === 0) body.push(`<text x="0" y="20" font-size="12" fill="${c.muted}">No objects at this step.</text>`);
  body.push(edges(input));
  // Ghosts under the live cards they may overlap, as on screen.
  const order = [...model.nodes].sort((a, b) => Number(a.data.status !== 'removed') - Number(b.data.status !== 'removed'));
  for (const n of order) {
    const p = layout.positions[n.id];
    if (p) body.push(card(n, p.x, p.y, input));
  }

  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${xmlAttr(SANS_STACK)}">`,
    `<title>${xmlText(`${input.caption.title} — ${input.caption.line}`)}</title>`,
    metadata,
    `<rect width="${width}" height="${height}" fill="${c.bg}"/>`,
    headerSvg(head, width, c),
    `<g transform="translate(${gx},${gy})">${body.join('')}</g>`,
    legend(legendRows, PAD, legendY, c),
    `</svg>`,
  ].join('\n');
  return { svg, width, height };
}

// ------------------------------------------------------------------ edges

function edges(input: GraphExportInput): string {
  const { model, layout, selectedId, colors: c } = input;
  // The page's routes, order and labels (graph/routes.ts), with labels measured for the file.
  const drawn = routeEdges(model, layout, selectedId, (label) => input.measure(label, 10, 'sans'));
  const out: string[] = [];
  for (const { e, d, lit } of drawn) {
    const st = EDGE_STYLE[e.kind];
    // The stylesheet's precedence (graph.css): lit over removed over fd over strong.
    const stroke = lit ? c.accent : e.removed ? c.removed : e.kind === 'fd' ? c.borderStrong : st.strong ? c.muted : c.faint;
    const dash = st.dash ? ` stroke-dasharray="${st.dash}"` : '';
    const opacity = e.removed && !lit ? ' stroke-opacity="0.55"' : '';
    out.push(`<path d="${d}" fill="none" stroke="${stroke}" stroke-width="${lit ? st.width + 0.75 : st.width}"${dash}${opacity} data-edge-id="${xmlAttr(e.id)}"><title>${xmlText(`${st.label}: ${e.source} → ${e.target}`)}</title></path>`);
  }
  for (const { e, mid } of drawn) {
    if (!mid || e.label === undefined) continue;
    out.push(`<text x="${num(mid.x)}" y="${num(mid.y - 4)}" text-anchor="middle" font-size="10" fill="${c.muted}" stroke="${c.bg}" stroke-width="3" stroke-linejoin="round" paint-order="stroke">${xmlText(e.label)}</text>`);
  }
  return out.join('');
}

// ------------------------------------------------------------------ cards

interface Row {
  /** Line height, and the font size that sets the baseline in it. */
  readonly h: number;
  readonly f: number;
  readonly draw: (baseline: number) => string;
}

function card(n: ModelNode, x: number, y: number, input: GraphExportInput): string {
  const c = input.colors;
  const d = n.data;
  const w = n.width;
  const h = n.height;
  const small = d.kind === 'fd' || !d.known;
  const bar = d.kind === 'fd' ? 3 : 4;
  const ghost = d.status === 'removed';
  const kindColor = ghost ? c.removed : c.node[d.kind];
  const style = NODE_STYLE[d.kind];
  const left = x + bar + (d.kind === 'fd' ? 8 : 10);
  const right = x + w - 1 - (d.kind === 'fd' ? 6 : 8);
  const avail = right - left;

  const out: string[] = [];
  const tip = [d.known ? `${style.label}: ${d.label}` : d.label, d.detail, d.handles.length ? `handles: ${d.handles.join(' ')}` : '', d.badges.join(', '), STATUS_WORD[d.status]].filter(Boolean).join('\n');
  out.push(`<g data-node-id="${xmlAttr(n.id)}" data-kind="${d.kind}"${ghost ? ' opacity="0.5"' : ''}><title>${xmlText(tip)}</title>`);

  // Outlines outside the card: the selection (2 px, 3 px off), the related node (dashed), the
  // step's mark (a 2 px ring right outside the border).
  if (n.id === input.selectedId) out.push(`<rect x="${num(x - 4)}" y="${num(y - 4)}" width="${w + 8}" height="${h + 8}" rx="7" fill="none" stroke="${c.accent}" stroke-width="2"/>`);
  else if (n.id === input.relatedId) out.push(`<rect x="${num(x - 3.5)}" y="${num(y - 3.5)}" width="${w + 7}" height="${h + 7}" rx="7" fill="none" stroke="${c.accent}" stroke-dasharray="3 2"/>`);
  if (d.status === 'added' || d.status === 'changed') out.push(`<rect x="${num(x - 1)}" y="${num(y - 1)}" width="${w + 2}" height="${h + 2}" rx="6" fill="none" stroke="${d.status === 'added' ? c.added : c.changed}" stroke-width="2"/>`);

  // The card: the kind's bar on the left, the panel, the border.
  if (!ghost) {
    out.push(`<rect x="${num(x)}" y="${num(y)}" width="${w}" height="${h}" rx="5" fill="${kindColor}"/>`);
    out.push(`<path d="M${num(x + bar)},${num(y)}H${num(x + w - 5)}A5,5 0 0 1 ${num(x + w)},${num(y + 5)}V${num(y + h - 5)}A5,5 0 0 1 ${num(x + w - 5)},${num(y + h)}H${num(x + bar)}Z" fill="${c.panel}"/>`);
    out.push(`<rect x="${num(x + 0.5)}" y="${num(y + 0.5)}" width="${w - 1}" height="${h - 1}" rx="4.5" fill="none" stroke="${c.borderStrong}"/>`);
    out.push(`<rect x="${num(x)}" y="${num(y + 0.5)}" width="${bar}" height="${h - 1}" fill="${kindColor}"/>`);
  } else {
    out.push(`<rect x="${num(x + 0.5)}" y="${num(y + 0.5)}" width="${w - 1}" height="${h - 1}" rx="4.5" fill="none" stroke="${c.removed}" stroke-dasharray="4 3"/>`);
    out.push(`<rect x="${num(x)}" y="${num(y + 0.5)}" width="${bar}" height="${h - 1}" fill="${c.removed}"/>`);
  }

  const rows: Row[] = [];
  if (!small) rows.push({ h: 14, f: 10, draw: (b) => headRow(d, style.label, left, right, b, c, input.measure) });
  rows.push({ h: small ? 15 : 16, f: small ? 11.5 : 13, draw: (b) => labelRow(d.label, d.handles, left, avail, b, small ? 11.5 : 13, c, input.measure) });
  if (d.detail) {
    const f = small ? 10.5 : 11.5;
    const text = cutText(d.detail, avail, (s) => input.measure(s, f, 'sans'));
    if (text) rows.push({ h: small ? 13 : 14, f, draw: (b) => `<text x="${num(left)}" y="${num(b)}" font-size="${f}" fill="${c.muted}">${xmlText(text)}</text>` });
  }
  // Rows centred in the content box (border 1, padding 4 or 2), 1 px apart, as the flex column.
  const pad = d.kind === 'fd' ? 2 : 4;
  const inner = h - 2 - 2 * pad;
  const total = rows.reduce((s, r) => s + r.h, 0) + (rows.length - 1);
  let top = y + 1 + pad + (inner - total) / 2;
  for (const r of rows) {
    // Baseline in a line box: half the leading, then the ascent (about 0.93 em in DejaVu Sans).
    out.push(r.draw(top + (r.h - 1.164 * r.f) / 2 + 0.928 * r.f));
    top += r.h + 1;
  }
  out.push('</g>');
  return out.join('');
}

function headRow(d: ModelNode['data'], kindLabel: string, left: number, right: number, baseline: number, c: ExportColors, measure: TextMeasure): string {
  const kind = kindLabel.toUpperCase();
  const out = [`<text x="${num(left)}" y="${num(baseline)}" font-size="10" font-weight="600" letter-spacing="0.5" fill="${c.muted}">${xmlText(kind)}</text>`];
  const kindEnd = left + measure(kind, 10, 'sans', 600) + kind.length * 0.5;
  const badges = d.status === 'removed' ? ['removed'] : d.badges;
  // Right-aligned, in order; what does not fit after the kind is left out (the title has it).
  const widths = badges.map((b) => measure(b, 10, 'sans') + 10);
  let x = right;
  const placed: string[] = [];
  for (let i = badges.length - 1; i >= 0; i--) {
    const bw = widths[i]!;
    if (x - bw < kindEnd + 6) break;
    x -= bw;
    placed.unshift(badge(badges[i]!, x, bw, baseline, d.status === 'removed', c));
    x -= 4;
  }
  return out.concat(placed).join('');
}

function badge(text: string, x: number, w: number, baseline: number, removed: boolean, c: ExportColors): string {
  const bug = text === 'kernel bug';
  const stroke = removed ? c.removed : bug ? 'none' : c.borderStrong;
  const fill = bug ? c.bugSoft : 'none';
  const color = removed ? c.removed : bug ? c.bug : c.muted;
  const dash = text === 'released' ? ' stroke-dasharray="3 2"' : '';
  return (
    `<rect x="${num(x + 0.5)}" y="${num(baseline - 10.5)}" width="${num(w - 1)}" height="14" rx="3" fill="${fill}" stroke="${stroke}"${dash}/>` +
    `<text x="${num(x + w / 2)}" y="${num(baseline)}" font-size="10" text-anchor="middle" fill="${color}"${bug ? ' font-weight="600"' : ''}>${xmlText(text)}</text>`
  );
}

function labelRow(label: string, handles: readonly string[], left: number, avail: number, baseline: number, f: number, c: ExportColors, measure: TextMeasure): string {
  const names = handles.join(' ');
  const handlesW = names ? measure(names, 11, 'mono') : 0;
  // The label wins the row (graph.css): handle names give way first.
  const labelMax = names ? Math.max(avail * 0.6, avail - 6 - handlesW) : avail;
  const shown = cutText(label, labelMax, (s) => measure(s, f, 'mono', 600)) ?? label.slice(0, 1) + '…';
  const out = [`<text x="${num(left)}" y="${num(baseline)}" font-family="${xmlAttr(MONO_STACK)}" font-size="${f}" font-weight="600" fill="${c.text}">${xmlText(shown)}</text>`];
  if (names) {
    const room = avail - measure(shown, f, 'mono', 600) - 6;
    const h = cutText(names, room, (s) => measure(s, 11, 'mono'));
    if (h) out.push(`<text x="${num(left + avail)}" y="${num(baseline)}" text-anchor="end" font-family="${xmlAttr(MONO_STACK)}" font-size="11" fill="${c.handle}">${xmlText(h)}</text>`);
  }
  return out.join('');
}

// ------------------------------------------------------------------ legend

interface LegendItem {
  readonly label: string;
  readonly draw: (x: number, y: number) => string;
  readonly width: number;
}

/** The kinds drawn, then the change marks present; wrapped into rows of at most `max` pixels. */
function legendLayout(input: GraphExportInput, max: number): LegendItem[][] {
  const c = input.colors;
  const kinds = new Set<NodeKind>(input.model.nodes.filter((n) => n.data.status !== 'removed').map((n) => n.data.kind));
  const items: LegendItem[] = [];
  const item = (label: string, draw: (x: number, y: number) => string): void => {
    items.push({ label, draw, width: 20 + input.measure(label, 11, 'sans') + 16 });
  };
  for (const k of NODE_KINDS) {
    if (!kinds.has(k)) continue;
    item(NODE_STYLE[k].label, (x, y) => `<rect x="${num(x + 0.5)}" y="${y + 0.5}" width="13" height="11" rx="2" fill="${c.panel}" stroke="${c.borderStrong}"/><rect x="${num(x)}" y="${y}" width="4" height="12" fill="${c.node[k]}"/>`);
  }
  const statuses = new Set(input.model.nodes.map((n) => n.data.status));
  const ring = (color: string, dash = ''): ((x: number, y: number) => string) => (x, y) => `<rect x="${num(x + 1)}" y="${y + 1}" width="12" height="10" rx="2" fill="none" stroke="${color}" stroke-width="2"${dash}/>`;
  if (statuses.has('added')) item('added by this step', ring(c.added));
  if (statuses.has('changed')) item('changed by this step', ring(c.changed));
  if (statuses.has('removed')) item('removed by this step', ring(c.removed, ' stroke-dasharray="3 2"'));
  const rows: LegendItem[][] = [];
  let row: LegendItem[] = [];
  let w = 0;
  for (const it of items) {
    if (row.length > 0 && w + it.width > max) {
      rows.push(row);
      row = [];
      w = 0;
    }
    row.push(it);
    w += it.width;
  }
  if (row.length) rows.push(row);
  return rows;
}

function legend(rows: readonly LegendItem[][], x0: number, y0: number, c: ExportColors): string {
  const out: string[] = ['<g data-legend="">'];
  rows.forEach((row, i) => {
    let x = x0;
    const y = y0 + i * LEGEND_ROW;
    for (const it of row) {
      out.push(it.draw(x, y), `<text x="${num(x + 20)}" y="${y + 10}" font-size="11" fill="${c.muted}">${xmlText(it.label)}</text>`);
      x += it.width;
    }
  });
  out.push('</g>');
  return out.join('');
}
