// Paints one frame of the map on a 2D canvas: the hex axis, then each lane back to front
// (underlays, hatched bands, window frames, mapping bars, allowed strips), then the step's
// changes, the selection and the hover. Everything is drawn from draw lists (drawlist.ts) in CSS
// pixels under a devicePixelRatio transform, so the cost follows the width, not the data.

import type { AddressSpaceView, RangeChange, RangeKind } from '../../core/view/types';
import type { Selection } from '../../state/selection';
import type { MapColors } from './colors';
import { withAlpha } from './colors';
import type { RectList } from './drawlist';
import { buildRects } from './drawlist';
import { formatSize } from '../../core/u64';
import type { RangeRef } from './hit';
import type { Role } from './lanes';
import { AXIS_H, LANE_H, ROLE, ROLE_ORDER, laneTop, roleBox } from './lanes';
import { indexOfRange } from './search';
import type { TickSet } from './ticks';
import { hexTicks } from './ticks';
import { hexGrouped } from './hexfmt';
import type { Viewport } from './viewport';
import { addrToPx } from './viewport';

export const MONO = "11px ui-monospace, 'SFMono-Regular', 'JetBrains Mono', Menlo, Consolas, 'DejaVu Sans Mono', monospace";
const SANS = "10.5px system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', sans-serif";

export interface Hover {
  readonly x: number;
  readonly lane: number | null;
  readonly range: RangeRef | null;
  readonly addr: bigint;
}

export interface Scene {
  readonly spaces: readonly AddressSpaceView[];
  readonly changes: readonly RangeChange[];
  readonly vp: Viewport;
  /** CSS pixels. */
  readonly width: number;
  readonly height: number;
  readonly selection: Selection;
  readonly hover: Hover | null;
  readonly colors: MapColors;
}

/**
 * Draw lists of the last frame, reused while the viewport and the data stay the same (a hover
 * or a selection redraw costs only the painting).
 */
export class RectCache {
  private key = '';
  private spaces: readonly AddressSpaceView[] | null = null;
  private lists = new Map<object, RectList>();

  get(scene: Scene, first: BigUint64Array, last: BigUint64Array): RectList {
    const key = `${scene.vp.start}:${scene.vp.span}:${scene.width}`;
    if (key !== this.key || scene.spaces !== this.spaces) {
      this.key = key;
      this.spaces = scene.spaces;
      this.lists.clear();
    }
    let r = this.lists.get(first);
    if (!r) {
      r = buildRects(first, last, scene.vp, scene.width);
      this.lists.set(first, r);
    }
    return r;
  }
}

export function paintMap(ctx: CanvasRenderingContext2D, scene: Scene, cache: RectCache): TickSet {
  const { width, height, colors: c } = scene;
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = c.panel;
  ctx.fillRect(0, 0, width, height);

  ctx.font = MONO;
  const charW = ctx.measureText('0000000000').width / 10;
  const ticks = hexTicks(scene.vp, width, (s) => s.length * charW);

  // Grid lines first, under the lanes' content.
  ctx.fillStyle = withAlpha(c.border, c.dark ? 0.9 : 1);
  for (const t of ticks.ticks) ctx.fillRect(Math.round(t.x), AXIS_H, 1, height - AXIS_H);

  scene.spaces.forEach((space, i) => paintLane(ctx, scene, cache, space, laneTop(i)));
  paintAxis(ctx, scene, ticks, charW);
  paintHover(ctx, scene, charW);
  return ticks;
}

function paintAxis(ctx: CanvasRenderingContext2D, scene: Scene, ticks: TickSet, charW: number): void {
  const { width, colors: c } = scene;
  ctx.fillStyle = c.panel2;
  ctx.fillRect(0, 0, width, AXIS_H);
  ctx.fillStyle = c.border;
  ctx.fillRect(0, AXIS_H - 1, width, 1);
  ctx.fillStyle = c.faint;
  for (const x of ticks.minor) ctx.fillRect(Math.round(x), AXIS_H - 4, 1, 3);
  ctx.font = MONO;
  ctx.textBaseline = 'middle';
  let lastEnd = -Infinity;
  for (const t of ticks.ticks) {
    const x = Math.round(t.x);
    ctx.fillStyle = c.muted;
    ctx.fillRect(x, AXIS_H - 8, 1, 7);
    const w = t.label.length * charW;
    // Labels sit right of their tick; the last one is moved left of its tick rather than clipped.
    let lx = x + 4;
    if (lx + w > width - 2) lx = x - 4 - w;
    if (lx < lastEnd + 8 || lx < 2) continue;
    drawMarked(ctx, t.label, t.strong, lx, AXIS_H / 2 - 2, charW, c.faint, c.text);
    lastEnd = lx + w;
  }
}

/** A label with its distinguishing digits in the strong colour and the rest muted. */
function drawMarked(ctx: CanvasRenderingContext2D, label: string, strong: readonly [number, number], x: number, y: number, charW: number, muted: string, text: string): void {
  const parts: [string, string][] = [
    [label.slice(0, strong[0]), muted],
    [label.slice(strong[0], strong[1]), text],
    [label.slice(strong[1]), muted],
  ];
  let px = x;
  for (const [s, color] of parts) {
    if (!s) continue;
    ctx.fillStyle = color;
    ctx.fillText(s, px, y);
    px += s.length * charW;
  }
}

function paintLane(ctx: CanvasRenderingContext2D, scene: Scene, cache: RectCache, space: AddressSpaceView, top: number): void {
  const { width, colors: c } = scene;
  ctx.fillStyle = c.border;
  ctx.fillRect(0, top + LANE_H - 1, width, 1);
  for (const role of ROLE_ORDER) {
    for (const set of space.layers) {
      if (ROLE[set.kind] !== role || set.first.length === 0) continue;
      const rects = cache.get(scene, set.first, set.last);
      paintRects(ctx, scene, role, set.kind, rects, top);
      if (role !== 'underlay') paintPins(ctx, scene, set.kind, rects, top);
      if (role !== 'underlay' && role !== 'strip') paintInlineLabels(ctx, scene, rects, set, role, top);
    }
  }
  paintChanges(ctx, scene, space, top);
  paintSelection(ctx, scene, space, top);
}

function paintRects(ctx: CanvasRenderingContext2D, scene: Scene, role: Role, kind: RangeKind, r: RectList, top: number): void {
  const c = scene.colors;
  const color = c.kind[kind];
  const [b0, b1] = roleBox(role);
  const y = top + b0;
  const h = b1 - b0;
  switch (role) {
    case 'underlay':
      ctx.fillStyle = kind === 'usable' ? color : withAlpha(color, 0.25);
      for (let i = 0; i < r.n; i++) ctx.fillRect(r.x0[i]!, y, Math.max(1, r.x1[i]! - r.x0[i]!), h);
      return;
    case 'band': {
      ctx.fillStyle = withAlpha(color, kind === 'excluded' ? (c.dark ? 0.45 : 0.3) : c.dark ? 0.22 : 0.14);
      for (let i = 0; i < r.n; i++) ctx.fillRect(r.x0[i]!, y, Math.max(1, r.x1[i]! - r.x0[i]!), h);
      ctx.fillStyle = hatch(ctx, withAlpha(color, kind === 'excluded' ? 0.55 : 0.7));
      for (let i = 0; i < r.n; i++) ctx.fillRect(r.x0[i]!, y, Math.max(1, r.x1[i]! - r.x0[i]!), h);
      return;
    }
    case 'frame':
      ctx.fillStyle = withAlpha(color, c.dark ? 0.14 : 0.1);
      for (let i = 0; i < r.n; i++) ctx.fillRect(r.x0[i]!, y, Math.max(1, r.x1[i]! - r.x0[i]!), h);
      ctx.strokeStyle = color;
      ctx.lineWidth = 1.5;
      for (let i = 0; i < r.n; i++) {
        const w = r.x1[i]! - r.x0[i]!;
        if (w < 3) ctx.fillStyle = color, ctx.fillRect(r.x0[i]!, y, Math.max(1, w), h);
        else ctx.strokeRect(r.x0[i]! + 0.75, y + 0.75, w - 1.5, h - 1.5);
      }
      return;
    case 'bar':
      ctx.fillStyle = color;
      for (let i = 0; i < r.n; i++) {
        const w = r.x1[i]! - r.x0[i]!;
        // A 1 px seam on the right of wide bars: abutting mappings are separate kernel objects.
        ctx.fillRect(r.x0[i]!, y, w >= 5 ? w - 1 : Math.max(1, w), h);
      }
      if (kind === 'bug') {
        ctx.fillStyle = hatch(ctx, withAlpha(c.panel, 0.6));
        for (let i = 0; i < r.n; i++) ctx.fillRect(r.x0[i]!, y, Math.max(1, r.x1[i]! - r.x0[i]!), h);
      }
      return;
    case 'strip':
      ctx.fillStyle = color;
      for (let i = 0; i < r.n; i++) ctx.fillRect(r.x0[i]!, y, Math.max(1, r.x1[i]! - r.x0[i]!), h);
      return;
  }
}

/** A range narrower than this many pixels with nothing else near it gets a pin. */
const PIN_BELOW_PX = 3;
const PIN_CLEAR_PX = 10;

/**
 * A small pin above ranges too narrow to see with nothing near them: in a sparse 64-bit space
 * (a 4 KiB mapping next to a window at 2^59) they are what the eye has to find.
 */
function paintPins(ctx: CanvasRenderingContext2D, scene: Scene, kind: RangeKind, r: RectList, top: number): void {
  ctx.fillStyle = scene.colors.kind[kind];
  for (let i = 0; i < r.n; i++) {
    const x0 = r.x0[i]!;
    const x1 = r.x1[i]!;
    if (x1 - x0 >= PIN_BELOW_PX || x1 < 0 || x0 > scene.width) continue;
    if (i > 0 && x0 - r.x1[i - 1]! < PIN_CLEAR_PX) continue;
    if (i + 1 < r.n && r.x0[i + 1]! - x1 < PIN_CLEAR_PX) continue;
    const m = Math.min(Math.max((x0 + x1) / 2, 4), scene.width - 4);
    ctx.beginPath();
    ctx.moveTo(m - 4, top + 2);
    ctx.lineTo(m + 4, top + 2);
    ctx.lineTo(m, top + 8);
    ctx.closePath();
    ctx.fill();
  }
}

/** Inside a rectangle wide enough, the range's label (or its size): "msi", "window 0", "2 MiB". */
function paintInlineLabels(ctx: CanvasRenderingContext2D, scene: Scene, r: RectList, set: AddressSpaceView['layers'][number], role: Role, top: number): void {
  const c = scene.colors;
  ctx.font = SANS;
  ctx.textBaseline = 'middle';
  const [b0, b1] = roleBox(role);
  // Bars carry their text inside; bands and frames above the bar, in the upper margin.
  const y = role === 'bar' ? top + (b0 + b1) / 2 + 0.5 : top + b0 + 6;
  for (let i = 0; i < r.n; i++) {
    if (r.cnt[i] !== 1) continue;
    const x0 = Math.max(r.x0[i]!, 0);
    const x1 = Math.min(r.x1[i]!, scene.width);
    if (x1 - x0 < 44) continue;
    const k = r.idx[i]!;
    const size = (set.last[k] as bigint) - (set.first[k] as bigint) + 1n;
    const text = set.label?.[k] ?? (size === 1n << 64n ? '16 EiB' : formatSize(size));
    const fit = fitText(ctx, text, x1 - x0 - 10);
    if (!fit) continue;
    ctx.fillStyle = role === 'bar' ? (c.dark ? '#0d1117' : '#ffffff') : c.kind[set.kind];
    ctx.fillText(fit, x0 + 5, y);
  }
}

function fitText(ctx: CanvasRenderingContext2D, text: string, max: number): string | null {
  if (ctx.measureText(text).width <= max) return text;
  for (let n = text.length - 1; n >= 3; n--) {
    const t = text.slice(0, n) + '…';
    if (ctx.measureText(t).width <= max) return t;
  }
  return null;
}

function paintChanges(ctx: CanvasRenderingContext2D, scene: Scene, space: AddressSpaceView, top: number): void {
  const { vp, width, colors: c } = scene;
  let offLeft: string | null = null;
  let offRight: string | null = null;
  for (const rc of scene.changes) {
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
        // Too narrow to see: widen around its centre so a 4 KiB change shows at any zoom.
        if (x1 - x0 < 4) {
          const m = (x0 + x1) / 2;
          x0 = m - 2;
          x1 = m + 2;
        }
        ctx.lineWidth = 2;
        ctx.strokeStyle = color;
        if (ghost) {
          ctx.fillStyle = withAlpha(color, 0.14);
          ctx.fillRect(x0, y, x1 - x0, h);
          ctx.setLineDash([4, 3]);
        }
        ctx.strokeRect(x0 + 1, y + 1, x1 - x0 - 2, h - 2);
        ctx.setLineDash([]);
      }
    }
  }
  // A change off screen is pointed at from the lane's edge.
  if (offLeft) arrow(ctx, 3, top + LANE_H / 2, -1, offLeft);
  if (offRight) arrow(ctx, width - 3, top + LANE_H / 2, 1, offRight);
}

function arrow(ctx: CanvasRenderingContext2D, x: number, y: number, dir: 1 | -1, color: string): void {
  ctx.fillStyle = color;
  ctx.beginPath();
  ctx.moveTo(x, y);
  ctx.lineTo(x - dir * 7, y - 6);
  ctx.lineTo(x - dir * 7, y + 6);
  ctx.closePath();
  ctx.fill();
}

function paintSelection(ctx: CanvasRenderingContext2D, scene: Scene, space: AddressSpaceView, top: number): void {
  const { vp, width, selection: sel, colors: c } = scene;
  if (sel.kind === 'range' && sel.space === space.id) {
    // The role box of the layer holding the range (a reserved band is taller than a bar).
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
    if (x1 < -4 || x0 > width + 4) return;
    x0 = Math.max(x0, -3);
    x1 = Math.min(x1, width + 3);
    if (x1 - x0 < 6) {
      const m = (x0 + x1) / 2;
      x0 = m - 3;
      x1 = m + 3;
    }
    ctx.fillStyle = withAlpha(c.accent, 0.12);
    ctx.fillRect(x0, top + b0 - 3, x1 - x0, b1 - b0 + 6);
    ctx.strokeStyle = c.accent;
    ctx.lineWidth = 2;
    ctx.strokeRect(x0 - 1, top + b0 - 4, x1 - x0 + 2, b1 - b0 + 8);
  } else if (sel.kind === 'address' && sel.space === space.id) {
    const x = addrToPx(vp, width, sel.iova);
    if (x < -1 || x > width + 1) return;
    ctx.fillStyle = c.accent;
    ctx.fillRect(Math.round(x) - 1, top + 2, 2, LANE_H - 4);
    ctx.beginPath();
    ctx.moveTo(x - 5, top + 2);
    ctx.lineTo(x + 5, top + 2);
    ctx.lineTo(x, top + 8);
    ctx.closePath();
    ctx.fill();
  }
}

function paintHover(ctx: CanvasRenderingContext2D, scene: Scene, charW: number): void {
  const h = scene.hover;
  if (!h) return;
  const { width, height, vp, colors: c } = scene;
  const x = Math.round(h.x);
  ctx.fillStyle = withAlpha(c.text, 0.35);
  ctx.fillRect(x, AXIS_H, 1, height - AXIS_H);
  if (h.lane !== null && h.range) {
    const [b0, b1] = roleBox(ROLE[h.range.kind] === 'underlay' || ROLE[h.range.kind] === 'strip' ? 'band' : ROLE[h.range.kind]);
    const top = laneTop(h.lane);
    let x0 = addrToPx(vp, width, h.range.first);
    let x1 = addrToPx(vp, width, h.range.last + 1n);
    x0 = Math.max(x0, -2);
    x1 = Math.min(x1, width + 2);
    if (x1 - x0 < 4) {
      const m = (x0 + x1) / 2;
      x0 = m - 2;
      x1 = m + 2;
    }
    ctx.strokeStyle = c.text;
    ctx.lineWidth = 1;
    ctx.strokeRect(x0 + 0.5, top + b0 - 1.5, x1 - x0 - 1, b1 - b0 + 3);
  }
  // The exact address at the cursor, on the axis (covers the tick labels while hovering).
  const label = hexGrouped(h.addr);
  const w = label.length * charW + 10;
  const lx = Math.min(Math.max(x - w / 2, 0), width - w);
  ctx.fillStyle = c.accent;
  ctx.fillRect(lx, 3, w, AXIS_H - 10);
  ctx.fillStyle = c.dark ? '#0d1117' : '#ffffff';
  ctx.font = MONO;
  ctx.textBaseline = 'middle';
  ctx.fillText(label, lx + 5, AXIS_H / 2 - 2);
}

const hatchCache = new WeakMap<CanvasRenderingContext2D, Map<string, CanvasPattern>>();

/** A diagonal hatch in `color` (cached per context and colour). */
function hatch(ctx: CanvasRenderingContext2D, color: string): CanvasPattern | string {
  let byColor = hatchCache.get(ctx);
  if (!byColor) {
    byColor = new Map();
    hatchCache.set(ctx, byColor);
  }
  const hit = byColor.get(color);
  if (hit) return hit;
  const tile = document.createElement('canvas');
  tile.width = 6;
  tile.height = 6;
  const t = tile.getContext('2d');
  if (!t) return color;
  t.strokeStyle = color;
  t.lineWidth = 1.2;
  t.beginPath();
  t.moveTo(-1, 7);
  t.lineTo(7, -1);
  t.moveTo(5, 7);
  t.lineTo(7, 5);
  t.moveTo(-1, 1);
  t.lineTo(1, -1);
  t.stroke();
  const p = ctx.createPattern(tile, 'repeat');
  if (!p) return color;
  byColor.set(color, p);
  return p;
}
