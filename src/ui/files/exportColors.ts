// The colours an export is drawn in: the current theme's, read from the same CSS variables as
// the views (palette.css, styles.css), so an export looks like the screen it came from.

import type { NodeKind } from '../../core/view/types';
import type { MapColors } from '../map/colors';
import { readColors } from '../map/colors';
import { CHANGE_COLORS, NODE_STYLE, cssColor } from '../palette';

export interface ExportColors extends MapColors {
  readonly node: Readonly<Record<NodeKind, string>>;
  readonly changed: string;
  readonly borderStrong: string;
  readonly handle: string;
  readonly bug: string;
  readonly bugSoft: string;
}

export function readExportColors(dark: boolean, el: Element = document.documentElement): ExportColors {
  const node = {} as Record<NodeKind, string>;
  for (const k of Object.keys(NODE_STYLE) as NodeKind[]) node[k] = cssColor(NODE_STYLE[k].color, el);
  return {
    ...readColors(el, dark),
    node,
    changed: cssColor(CHANGE_COLORS.changed, el),
    borderStrong: cssColor('--border-strong', el),
    handle: cssColor('--handle', el),
    bug: cssColor('--bug', el),
    bugSoft: cssColor('--bug-soft', el),
  };
}

/** Font stacks of the app (styles.css), for SVG text and canvas. */
export const SANS_STACK = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', sans-serif";
export const MONO_STACK = "ui-monospace, 'SFMono-Regular', 'JetBrains Mono', Menlo, Consolas, 'DejaVu Sans Mono', monospace";

/**
 * Text widths for laying out SVG text, which nothing can measure before the file is opened:
 * in the page, the canvas measures the app's own font stacks (what a viewer on this machine
 * draws), with a little slack for other machines' fonts; in Node (the unit tests), an estimate
 * at the wide end of common faces (0.6 em a character; monospace is exactly that).
 */
export type TextMeasure = (text: string, px: number, family: 'sans' | 'mono', weight?: 400 | 600) => number;

export const estimateText: TextMeasure = (text, px) => text.length * px * 0.6;

/** Slack over the canvas measure: another machine's fallback font may be a little wider. */
const SLACK = 1.06;

export function canvasTextMeasure(): TextMeasure {
  const ctx = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
  if (!ctx) return estimateText;
  let font = '';
  return (text, px, family, weight = 400) => {
    const f = `${weight} ${px}px ${family === 'mono' ? MONO_STACK : SANS_STACK}`;
    if (f !== font) {
      ctx.font = f;
      font = f;
    }
    return ctx.measureText(text).width * SLACK;
  };
}

/** Text cut to a width: one rule for the screen and the files (map/paintStyle.ts). */
export { cutText } from '../map/paintStyle';
