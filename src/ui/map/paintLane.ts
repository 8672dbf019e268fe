// One lane, back to front: underlays (usable), hatched bands (reserved, outside the aperture),
// window frames, mapping bars, allowed strips; pins on ranges too small to see; the ranges'
// own labels inside rectangles wide enough; then the step's changes and the selection.

import type { AddressSpaceView, RangeKind } from '../../core/view/types';
import { withAlpha } from './colors';
import type { RectList } from './drawlist';
import type { Role } from './lanes';
import { LANE_H, ROLE, ROLE_ORDER, roleBox } from './lanes';
import { pins } from './paintGeometry';
import { fillTriangle, paintChanges, paintSelection } from './paintMarks';
import { BUG_HATCH_ALPHA, FRAME_OUTLINE_MIN_PX, HATCH, bandAlpha, bandHatchAlpha, barWidth, frameAlpha, inkOn, inlineLabels, underlayAlpha } from './paintStyle';
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
    case 'underlay': {
      const a = underlayAlpha(kind);
      ctx.fillStyle = a === 1 ? color : withAlpha(color, a);
      for (let i = 0; i < r.n; i++) ctx.fillRect(r.x0[i]!, y, Math.max(1, r.x1[i]! - r.x0[i]!), h);
      return;
    }
    case 'band': {
      ctx.fillStyle = withAlpha(color, bandAlpha(kind, c.dark));
      for (let i = 0; i < r.n; i++) ctx.fillRect(r.x0[i]!, y, Math.max(1, r.x1[i]! - r.x0[i]!), h);
      ctx.fillStyle = hatch(ctx, withAlpha(color, bandHatchAlpha(kind)));
      for (let i = 0; i < r.n; i++) ctx.fillRect(r.x0[i]!, y, Math.max(1, r.x1[i]! - r.x0[i]!), h);
      return;
    }
    case 'frame':
      ctx.fillStyle = withAlpha(color, frameAlpha(c.dark));
      for (let i = 0; i < r.n; i++) ctx.fillRect(r.x0[i]!, y, Math.max(1, r.x1[i]! - r.x0[i]!), h);
      ctx.strokeStyle = color;
      ctx.lineWidth = 1.5;
      for (let i = 0; i < r.n; i++) {
        const w = r.x1[i]! - r.x0[i]!;
        if (w < FRAME_OUTLINE_MIN_PX) {
          ctx.fillStyle = color;
          ctx.fillRect(r.x0[i]!, y, Math.max(1, w), h);
        } else {
          ctx.strokeRect(r.x0[i]! + 0.75, y + 0.75, w - 1.5, h - 1.5);
        }
      }
      return;
    case 'bar':
      ctx.fillStyle = color;
      for (let i = 0; i < r.n; i++) ctx.fillRect(r.x0[i]!, y, barWidth(r.x1[i]! - r.x0[i]!), h);
      if (kind === 'bug') {
        ctx.fillStyle = hatch(ctx, withAlpha(c.panel, BUG_HATCH_ALPHA));
        for (let i = 0; i < r.n; i++) ctx.fillRect(r.x0[i]!, y, Math.max(1, r.x1[i]! - r.x0[i]!), h);
      }
      return;
    case 'strip':
      ctx.fillStyle = color;
      for (let i = 0; i < r.n; i++) ctx.fillRect(r.x0[i]!, y, Math.max(1, r.x1[i]! - r.x0[i]!), h);
      return;
  }
}

/** Pins above isolated ranges too narrow to see (paintGeometry.ts places them). */
function paintPins(ctx: CanvasRenderingContext2D, scene: Scene, kind: RangeKind, r: RectList, top: number): void {
  ctx.fillStyle = scene.colors.kind[kind];
  for (const t of pins(r, scene.width, top)) fillTriangle(ctx, t, null);
}

/** Inside a rectangle wide enough, the range's label (or its size): "msi", "window 0", "2 MiB". */
function paintInlineLabels(ctx: CanvasRenderingContext2D, scene: Scene, r: RectList, set: AddressSpaceView['layers'][number], role: Role, top: number): void {
  const c = scene.colors;
  ctx.font = SANS;
  ctx.textBaseline = 'middle';
  const [b0, b1] = roleBox(role);
  // Bars carry their text inside; bands and frames above the bar, in the upper margin.
  const y = role === 'bar' ? top + (b0 + b1) / 2 + 0.5 : top + b0 + 6;
  for (const { x, text } of inlineLabels(set, r, scene.width, (s) => ctx.measureText(s).width)) {
    ctx.fillStyle = role === 'bar' ? inkOn(c.dark) : c.kind[set.kind];
    ctx.fillText(text, x, y);
  }
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
  tile.width = HATCH.size;
  tile.height = HATCH.size;
  const t = tile.getContext('2d');
  if (!t) return color;
  t.strokeStyle = color;
  t.lineWidth = HATCH.lineWidth;
  t.beginPath();
  for (const [x0, y0, x1, y1] of HATCH.strokes) {
    t.moveTo(x0, y0);
    t.lineTo(x1, y1);
  }
  t.stroke();
  const p = ctx.createPattern(tile, 'repeat');
  if (!p) return color;
  byColor.set(color, p);
  return p;
}
