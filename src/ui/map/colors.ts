// The map's colours, read from the theme's CSS variables (palette.css for kinds, styles.css for
// the chrome) so that the canvas, the legend and the graph agree, and re-read when the theme
// changes. Canvas cannot use var(--x) directly.

import type { RangeKind } from '../../core/view/types';
import { CHANGE_COLORS, RANGE_STYLE, cssColor } from '../palette';

export interface MapColors {
  readonly kind: Readonly<Record<RangeKind, string>>;
  readonly added: string;
  readonly removed: string;
  readonly bg: string;
  readonly panel: string;
  readonly panel2: string;
  readonly text: string;
  readonly muted: string;
  readonly faint: string;
  readonly border: string;
  readonly accent: string;
  readonly dark: boolean;
}

export function readColors(el: Element, dark: boolean): MapColors {
  const kind = {} as Record<RangeKind, string>;
  for (const k of Object.keys(RANGE_STYLE) as RangeKind[]) kind[k] = cssColor(RANGE_STYLE[k].color, el);
  return {
    kind,
    added: cssColor(CHANGE_COLORS.added, el),
    removed: cssColor(CHANGE_COLORS.removed, el),
    bg: cssColor('--bg', el),
    panel: cssColor('--panel', el),
    panel2: cssColor('--panel-2', el),
    text: cssColor('--text', el),
    muted: cssColor('--muted', el),
    faint: cssColor('--faint', el),
    border: cssColor('--border', el),
    accent: cssColor('--accent', el),
    dark,
  };
}

/** A colour with an alpha, for "#rrggbb" (the palette's spelling) or anything else as is. */
export function withAlpha(color: string, alpha: number): string {
  const m = /^#([0-9a-f]{6})$/i.exec(color);
  if (!m) return color;
  const n = parseInt(m[1]!, 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}
