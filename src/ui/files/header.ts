// The title block of an export: the scenario's title (wrapped to two lines at most, so a slide
// shows it whole), the step line under it, and "iova-atlas" on the right. Laid out by estimated
// widths, so the SVG and the PNG of one view get the same size.

import type { Caption } from './caption';
import type { ExportColors } from './exportColors';
import type { TextMeasure } from './exportColors';
import { SANS_STACK, cutText } from './exportColors';
import { xmlText } from './xml';

export const PAD = 20;
const TITLE_PX = 15;
const LINE_H = 20;
const MAX_TITLE_LINES = 2;
/** Room kept right of the title for the "iova-atlas" mark. */
const MARK_W = 80;

export interface HeaderLayout {
  readonly titleLines: readonly string[];
  readonly lines: readonly string[];
  /** From the top of the image to where the content starts. */
  readonly height: number;
}

export function headerLayout(caption: Caption, width: number, measure: TextMeasure): HeaderLayout {
  const max = width - 2 * PAD - MARK_W;
  const titleLines = wrap(caption.title, max, (s) => measure(s, TITLE_PX, 'sans', 600), MAX_TITLE_LINES);
  const lines = wrap(caption.line, width - 2 * PAD, (s) => measure(s, 12, 'sans'), 2);
  return { titleLines, lines, height: PAD + titleLines.length * LINE_H + lines.length * 16 + 14 };
}

/** Greedy word wrap; the last line allowed is cut with an ellipsis; a word too long is cut. */
export function wrap(text: string, max: number, width: (s: string) => number, maxLines: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let cur = '';
  for (let i = 0; i < words.length; i++) {
    const next = cur ? `${cur} ${words[i]}` : words[i]!;
    if (width(next) <= max) {
      cur = next;
      continue;
    }
    if (lines.length === maxLines - 1 || !cur) {
      // The last line: the rest of the text, cut to fit.
      const rest = [cur, ...words.slice(i)].filter(Boolean).join(' ');
      lines.push(cutText(rest, max, width) ?? '…');
      return lines;
    }
    lines.push(cur);
    cur = words[i]!;
  }
  if (cur) lines.push(cutText(cur, max, width) ?? '…');
  return lines.length ? lines : [''];
}

const baseline = (i: number): number => PAD + TITLE_PX + i * LINE_H;
/** The step line sits one title line below the last title line; its own lines 16 px apart. */
const lineBaseline = (h: HeaderLayout, i: number): number => baseline(h.titleLines.length) + i * 16;

export function headerSvg(h: HeaderLayout, width: number, c: ExportColors): string {
  const out = h.titleLines.map((t, i) => `<text x="${PAD}" y="${baseline(i)}" font-size="${TITLE_PX}" font-weight="600" fill="${c.text}">${xmlText(t)}</text>`);
  h.lines.forEach((l, i) => out.push(`<text x="${PAD}" y="${lineBaseline(h, i)}" font-size="12" fill="${c.muted}">${xmlText(l)}</text>`));
  out.push(`<text x="${width - PAD}" y="${baseline(0)}" font-size="11" fill="${c.faint}" text-anchor="end">iova-atlas</text>`);
  return `<g data-header="">${out.join('')}</g>`;
}

export function paintHeader(ctx: CanvasRenderingContext2D, h: HeaderLayout, width: number, c: ExportColors): void {
  ctx.textBaseline = 'alphabetic';
  ctx.textAlign = 'left';
  ctx.fillStyle = c.text;
  ctx.font = `600 ${TITLE_PX}px ${SANS_STACK}`;
  h.titleLines.forEach((t, i) => ctx.fillText(t, PAD, baseline(i)));
  ctx.fillStyle = c.muted;
  ctx.font = `12px ${SANS_STACK}`;
  h.lines.forEach((l, i) => ctx.fillText(l, PAD, lineBaseline(h, i)));
  ctx.fillStyle = c.faint;
  ctx.font = `11px ${SANS_STACK}`;
  ctx.textAlign = 'right';
  ctx.fillText('iova-atlas', width - PAD, baseline(0));
  ctx.textAlign = 'left';
}
