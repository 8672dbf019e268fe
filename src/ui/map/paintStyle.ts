// How the map's ranges look, apart from how they are drawn: each role's fill strength, the hatch
// tile, the 1 px seam of bars, and the labels inside wide rectangles. The canvas (paintLane.ts)
// and the SVG export (files/mapSvg.ts) both read these, so the file looks like the screen.
// Pure: no canvas, no DOM.

import type { RangeKind, RangeSet } from '../../core/view/types';
import { formatSize } from '../../core/u64';
import type { RectList } from './drawlist';

/** Opacity of an underlay: the usable range is the lane's own background, the rest a tint. */
export function underlayAlpha(kind: RangeKind): number {
  return kind === 'usable' ? 1 : 0.25;
}

/** Opacity of a band's fill (an excluded band reads as stronger than a reserved one). */
export function bandAlpha(kind: RangeKind, dark: boolean): number {
  return kind === 'excluded' ? (dark ? 0.45 : 0.3) : dark ? 0.22 : 0.14;
}

/** Opacity of the hatch over a band. */
export function bandHatchAlpha(kind: RangeKind): number {
  return kind === 'excluded' ? 0.55 : 0.7;
}

/** Opacity of a window frame's fill. */
export function frameAlpha(dark: boolean): number {
  return dark ? 0.14 : 0.1;
}

/** A frame narrower than this is a solid sliver: there is no room to outline it. */
export const FRAME_OUTLINE_MIN_PX = 3;

/** Opacity of the panel-coloured hatch over a kernel bug's bar. */
export const BUG_HATCH_ALPHA = 0.6;

/** A bar's drawn width: a 1 px seam on the right of wide bars, since abutting mappings are separate kernel objects. */
export function barWidth(w: number): number {
  return w >= 5 ? w - 1 : Math.max(1, w);
}

/** The hatch: a tile of `size` px repeated, three diagonal strokes [x0, y0, x1, y1] so the lines join across tiles. */
export const HATCH = {
  size: 6,
  lineWidth: 1.2,
  strokes: [[-1, 7, 7, -1], [5, 7, 7, 5], [-1, 1, 1, -1]],
} as const;

/** Text on a solid fill (a bar, the accent). */
export function inkOn(dark: boolean): string {
  return dark ? '#0d1117' : '#ffffff';
}

/** `text` cut with an ellipsis to `max` pixels by `width`; null when not even 3 characters fit. */
export function cutText(text: string, max: number, width: (s: string) => number): string | null {
  if (width(text) <= max) return text;
  for (let n = text.length - 1; n >= 3; n--) {
    const t = text.slice(0, n) + '…';
    if (width(t) <= max) return t;
  }
  return null;
}

/** A rectangle narrower than this carries no label. */
const LABEL_MIN_PX = 44;

export interface InlineLabel {
  /** Where the text starts (5 px inside the visible part of the rectangle). */
  readonly x: number;
  readonly text: string;
}

/**
 * Inside each single range's rectangle wide enough, its label or its size ("msi", "window 0",
 * "2 MiB"), cut to fit by `textWidth`.
 */
export function inlineLabels(set: RangeSet, r: RectList, width: number, textWidth: (s: string) => number): InlineLabel[] {
  const out: InlineLabel[] = [];
  for (let i = 0; i < r.n; i++) {
    if (r.cnt[i] !== 1) continue;
    const x0 = Math.max(r.x0[i]!, 0);
    const x1 = Math.min(r.x1[i]!, width);
    if (x1 - x0 < LABEL_MIN_PX) continue;
    const k = r.idx[i]!;
    const size = (set.last[k] as bigint) - (set.first[k] as bigint) + 1n;
    const text = set.label?.[k] ?? (size === 1n << 64n ? '16 EiB' : formatSize(size));
    const fit = cutText(text, x1 - x0 - 10, textWidth);
    if (fit) out.push({ x: x0 + 5, text: fit });
  }
  return out;
}
