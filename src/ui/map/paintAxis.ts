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
  for (const t of ticks.ticks) {
    ctx.fillStyle = c.muted;
    ctx.fillRect(Math.round(t.x), AXIS_H - 8, 1, 7);
  }
  for (const p of placeLabels(ticks.ticks.map((t) => ({ x: Math.round(t.x), w: t.label.length * charW })), width)) {
    const t = ticks.ticks[p.i]!;
    drawMarked(ctx, t.label, t.strong, p.lx, AXIS_H / 2 - 2, charW, c.faint, c.text);
  }
}

/**
 * Where tick labels go: right of their tick, the last one left of it rather than clipped, none
 * overlapping another. Left to right, a label that would overlap is dropped, except the last
 * tick's: the end of the range is where the content often is (a window at 1<<59), so its label
 * wins over the ones before it. Pure: index of each tick labelled and its label's left edge.
 */
export function placeLabels(ticks: readonly { x: number; w: number }[], width: number): { i: number; lx: number }[] {
  const out: { i: number; lx: number; end: number }[] = [];
  ticks.forEach((t, i) => {
    let lx = t.x + 4;
    if (lx + t.w > width - 2) lx = t.x - 4 - t.w;
    if (lx < 2) return;
    if (i === ticks.length - 1) while (out.length > 0 && lx < out[out.length - 1]!.end + 8) out.pop();
    const prev = out[out.length - 1];
    if (prev && lx < prev.end + 8) return;
    out.push({ i, lx, end: lx + t.w });
  });
  return out.map(({ i, lx }) => ({ i, lx }));
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
