// Where the map's marks go, apart from how they are drawn: the step's changes, the arrows for
// changes off screen, the selection, the pins. The canvas (paintMarks.ts, paintLane.ts, paint.ts)
// and the SVG export (files/mapSvg.ts) both draw from these, so the file cannot drift from the
// screen. Pure: no canvas, no DOM.

import type { AddressSpaceView, RangeChange, RangeKind, RangeRef } from '../../core/view/types';
import type { Selection } from '../../state/selection';
import type { RectList } from './drawlist';
import type { Role } from './lanes';
import { LANE_H, ROLE, roleBox } from './lanes';
import { indexOfRange } from './search';
import type { Viewport } from './viewport';
import { addrToPx } from './viewport';

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** Three corners of a filled triangle. */
export type Triangle = readonly [readonly [number, number], readonly [number, number], readonly [number, number]];

/**
 * [x0, x1) cut to `pad` px past the plot's edges, then widened around its centre to 2 × pad px
 * when narrower: a 4 KiB range stays visible at any zoom.
 */
export function onPlot(x0: number, x1: number, width: number, pad: number): [number, number] {
  x0 = Math.max(x0, -pad);
  x1 = Math.min(x1, width + pad);
  if (x1 - x0 < 2 * pad) {
    const m = (x0 + x1) / 2;
    x0 = m - pad;
    x1 = m + pad;
  }
  return [x0, x1];
}

/** The role whose box a frame around a range outlines: a strip or an underlay is too thin or too faint, so a band. */
export function markRole(role: Role): Role {
  return role === 'strip' || role === 'underlay' ? 'band' : role;
}

/** A downward tip at x hanging from the lane's top (pins, the selected address). */
export function tip(x: number, top: number, half: number): Triangle {
  return [[x - half, top + 2], [x + half, top + 2], [x, top + 8]];
}

export interface ChangeMark {
  readonly kind: RangeKind;
  readonly range: RangeRef;
  /** Removed: a dashed ghost (it is gone from the layers); added: an outline. */
  readonly ghost: boolean;
  readonly color: string;
  readonly x0: number;
  readonly x1: number;
  readonly y: number;
  readonly h: number;
}

export interface ChangeMarks {
  /** In drawing order: each change's removals, then its additions. */
  readonly marks: readonly ChangeMark[];
  /** The colour of the first change left (right) of the window, pointed at from that edge. */
  readonly offLeft: string | null;
  readonly offRight: string | null;
}

export function changeMarks(changes: readonly RangeChange[], space: AddressSpaceView, vp: Viewport, width: number, top: number, colors: { readonly added: string; readonly removed: string }): ChangeMarks {
  const marks: ChangeMark[] = [];
  let offLeft: string | null = null;
  let offRight: string | null = null;
  for (const rc of changes) {
    if (rc.space !== space.id) continue;
    const [b0, b1] = roleBox(ROLE[rc.kind]);
    for (const [list, color, ghost] of [[rc.removed, colors.removed, true], [rc.added, colors.added, false]] as const) {
      for (const r of list) {
        const x0 = addrToPx(vp, width, r.first);
        const x1 = addrToPx(vp, width, r.last + 1n);
        if (x1 < 0) {
          offLeft ??= color;
          continue;
        }
        if (x0 > width) {
          offRight ??= color;
          continue;
        }
        const [v0, v1] = onPlot(x0, x1, width, 2);
        marks.push({ kind: rc.kind, range: r, ghost, color, x0: v0, x1: v1, y: top + b0 - 2, h: b1 - b0 + 4 });
      }
    }
  }
  return { marks, offLeft, offRight };
}

/** The arrow at the lane's left (-1) or right (1) edge for a change off screen. */
export function offArrow(side: -1 | 1, width: number, top: number): Triangle {
  const x = side < 0 ? 3 : width - 3;
  const y = top + LANE_H / 2;
  return [[x, y], [x - side * 7, y - 6], [x - side * 7, y + 6]];
}

export type SelectionMark =
  /** A range: a tinted box and a frame just outside it. */
  | { readonly kind: 'range'; readonly fill: Box; readonly frame: Box }
  /** An address: a thin bar over the lane's height with a tip on top. */
  | { readonly kind: 'address'; readonly bar: Box; readonly tip: Triangle };

/** The selection's mark in this lane, or null when it is elsewhere or off screen. */
export function selectionMark(sel: Selection, space: AddressSpaceView, vp: Viewport, width: number, top: number): SelectionMark | null {
  if (sel.kind === 'range' && sel.space === space.id) {
    // The role box of the layer holding the range (a reserved band is taller than a bar).
    let role: Role = 'bar';
    for (const set of space.layers) {
      if (indexOfRange(set.first, set.last, sel.first, sel.last) >= 0) {
        role = ROLE[set.kind];
        if (role === 'bar') break;
      }
    }
    const [b0, b1] = roleBox(markRole(role));
    const x0 = addrToPx(vp, width, sel.first);
    const x1 = addrToPx(vp, width, sel.last + 1n);
    if (x1 < -4 || x0 > width + 4) return null;
    const [v0, v1] = onPlot(x0, x1, width, 3);
    return {
      kind: 'range',
      fill: { x: v0, y: top + b0 - 3, w: v1 - v0, h: b1 - b0 + 6 },
      frame: { x: v0 - 1, y: top + b0 - 4, w: v1 - v0 + 2, h: b1 - b0 + 8 },
    };
  }
  if (sel.kind === 'address' && sel.space === space.id) {
    const x = addrToPx(vp, width, sel.iova);
    if (x < -1 || x > width + 1) return null;
    return { kind: 'address', bar: { x: Math.round(x) - 1, y: top + 2, w: 2, h: LANE_H - 4 }, tip: tip(x, top, 5) };
  }
  return null;
}

/** A range narrower than this many pixels with nothing else near it gets a pin. */
const PIN_BELOW_PX = 3;
const PIN_CLEAR_PX = 10;

/**
 * Pins above ranges too narrow to see with nothing near them: in a sparse 64-bit space (a 4 KiB
 * mapping next to a window at 2^59) they are what the eye has to find.
 */
export function pins(r: RectList, width: number, top: number): Triangle[] {
  const out: Triangle[] = [];
  for (let i = 0; i < r.n; i++) {
    const x0 = r.x0[i]!;
    const x1 = r.x1[i]!;
    if (x1 - x0 >= PIN_BELOW_PX || x1 < 0 || x0 > width) continue;
    if (i > 0 && x0 - r.x1[i - 1]! < PIN_CLEAR_PX) continue;
    if (i + 1 < r.n && r.x0[i + 1]! - x1 < PIN_CLEAR_PX) continue;
    out.push(tip(Math.min(Math.max((x0 + x1) / 2, 4), width - 4), top, 4));
  }
  return out;
}
