// What is drawn over a lane's ranges: the current step's additions (outlined) and removals
// (dashed ghosts, since they are gone from the layers), arrows at the lane's edge for changes
// off screen, and the selection (a range's frame or an address's marker). Where each mark goes
// is paintGeometry.ts (the SVG export places them the same way); this file only paints.

import type { AddressSpaceView } from '../../core/view/types';
import { withAlpha } from './colors';
import type { Triangle } from './paintGeometry';
import { changeMarks, offArrow, selectionMark } from './paintGeometry';
import type { Scene } from './scene';

export function paintChanges(ctx: CanvasRenderingContext2D, scene: Scene, space: AddressSpaceView, top: number): void {
  const { vp, width, colors: c } = scene;
  const { marks, offLeft, offRight } = changeMarks(scene.changes, space, vp, width, top, c);
  for (const { x0, x1, y, h, color, ghost } of marks) {
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
  if (offLeft) fillTriangle(ctx, offArrow(-1, width, top), offLeft);
  if (offRight) fillTriangle(ctx, offArrow(1, width, top), offRight);
}

export function paintSelection(ctx: CanvasRenderingContext2D, scene: Scene, space: AddressSpaceView, top: number): void {
  const { vp, width, selection, colors: c } = scene;
  const mark = selectionMark(selection, space, vp, width, top);
  if (mark?.kind === 'range') {
    const { fill: f, frame: r } = mark;
    ctx.fillStyle = withAlpha(c.accent, 0.12);
    ctx.fillRect(f.x, f.y, f.w, f.h);
    ctx.strokeStyle = c.accent;
    ctx.lineWidth = 2;
    ctx.strokeRect(r.x, r.y, r.w, r.h);
  } else if (mark?.kind === 'address') {
    const b = mark.bar;
    ctx.fillStyle = c.accent;
    ctx.fillRect(b.x, b.y, b.w, b.h);
    fillTriangle(ctx, mark.tip, null);
  }
}

/** Fills a triangle, in `color` or (null) in the current fill style. */
export function fillTriangle(ctx: CanvasRenderingContext2D, [a, b, c]: Triangle, color: string | null): void {
  if (color !== null) ctx.fillStyle = color;
  ctx.beginPath();
  ctx.moveTo(a[0], a[1]);
  ctx.lineTo(b[0], b[1]);
  ctx.lineTo(c[0], c[1]);
  ctx.closePath();
  ctx.fill();
}
