// Paints one frame of the map on a 2D canvas: the grid, each lane (paintLane.ts), the hex axis
// (paintAxis.ts) and the hover. Everything is drawn from draw lists (drawlist.ts) in CSS pixels
// under a devicePixelRatio transform, so the cost follows the width, not the data.

import { withAlpha } from './colors';
import { hexGrouped } from './hexfmt';
import { AXIS_H, ROLE, laneTop, roleBox } from './lanes';
import { paintAxis } from './paintAxis';
import { markRole, onPlot } from './paintGeometry';
import { paintLane } from './paintLane';
import { inkOn } from './paintStyle';
import type { RectCache, Scene } from './scene';
import { MONO } from './scene';
import type { TickSet } from './ticks';
import { hexTicks } from './ticks';
import { addrToPx } from './viewport';

export type { Hover, Scene } from './scene';
export { RectCache } from './scene';

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

function paintHover(ctx: CanvasRenderingContext2D, scene: Scene, charW: number): void {
  const h = scene.hover;
  if (!h) return;
  const { width, height, vp, colors: c } = scene;
  const x = Math.round(h.x);
  ctx.fillStyle = withAlpha(c.text, 0.35);
  ctx.fillRect(x, AXIS_H, 1, height - AXIS_H);
  if (h.lane !== null && h.range) {
    const [b0, b1] = roleBox(markRole(ROLE[h.range.kind]));
    const top = laneTop(h.lane);
    const [x0, x1] = onPlot(addrToPx(vp, width, h.range.first), addrToPx(vp, width, h.range.last + 1n), width, 2);
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
  ctx.fillStyle = inkOn(c.dark);
  ctx.font = MONO;
  ctx.textBaseline = 'middle';
  ctx.fillText(label, lx + 5, AXIS_H / 2 - 2);
}
