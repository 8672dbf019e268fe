// One lane, back to front: underlays (usable), hatched bands (reserved, outside the aperture),
// window frames, mapping bars, allowed strips; pins on ranges too small to see; the ranges'
// own labels inside rectangles wide enough; then the step's changes and the selection.

import type { AddressSpaceView, RangeKind } from '../../core/view/types';
import { formatSize } from '../../core/u64';
import { withAlpha } from './colors';
import type { RectList } from './drawlist';
import type { Role } from './lanes';
import { LANE_H, ROLE, ROLE_ORDER, roleBox } from './lanes';
import { paintChanges, paintSelection } from './paintMarks';
import type { RectCache, Scene } from './scene';
import { SANS } from './scene';

export function paintLane(ctx: CanvasRenderingContext2D, scene: Scene, cache: RectCache, space: AddressSpaceView, top: number): void {
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
        // A frame too narrow to outline is a solid sliver.
        if (w < 3) {
          ctx.fillStyle = color;
          ctx.fillRect(r.x0[i]!, y, Math.max(1, w), h);
        } else {
          ctx.strokeRect(r.x0[i]! + 0.75, y + 0.75, w - 1.5, h - 1.5);
        }
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
