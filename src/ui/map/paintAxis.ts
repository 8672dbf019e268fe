// The hex axis above the lanes: minor ticks, major ticks and their labels, the distinguishing
// digits drawn strong and the rest muted; a label never overlaps the previous one.

import { AXIS_H } from './lanes';
import type { Scene } from './scene';
import { MONO } from './scene';
import type { TickSet } from './ticks';

export function paintAxis(ctx: CanvasRenderingContext2D, scene: Scene, ticks: TickSet, charW: number): void {
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
