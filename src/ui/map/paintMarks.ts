// What is drawn over a lane's ranges: the current step's additions (outlined) and removals
// (dashed ghosts, since they are gone from the layers), arrows at the lane's edge for changes
// off screen, and the selection (a range's frame or an address's marker).

import type { AddressSpaceView } from '../../core/view/types';
import { withAlpha } from './colors';
import type { Role } from './lanes';
import { LANE_H, ROLE, roleBox } from './lanes';
import type { Scene } from './scene';
import { indexOfRange } from './search';
import { addrToPx } from './viewport';

export function paintChanges(ctx: CanvasRenderingContext2D, scene: Scene, space: AddressSpaceView, top: number): void {
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

export function paintSelection(ctx: CanvasRenderingContext2D, scene: Scene, space: AddressSpaceView, top: number): void {
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
