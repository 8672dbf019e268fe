// What one frame of the map is drawn from, and the draw lists kept between frames.

import type { AddressSpaceView, RangeChange } from '../../core/view/types';
import type { Selection } from '../../state/selection';
import type { MapColors } from './colors';
import type { RectList } from './drawlist';
import { buildRects } from './drawlist';
import type { RangeRef } from './hit';
import type { Viewport } from './viewport';

export const MONO = "11px ui-monospace, 'SFMono-Regular', 'JetBrains Mono', Menlo, Consolas, 'DejaVu Sans Mono', monospace";
export const SANS = "10.5px system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', sans-serif";

export interface Hover {
  readonly x: number;
  readonly lane: number | null;
  readonly range: RangeRef | null;
  readonly addr: bigint;
}

export interface Scene {
  readonly spaces: readonly AddressSpaceView[];
  readonly changes: readonly RangeChange[];
  readonly vp: Viewport;
  /** CSS pixels. */
  readonly width: number;
  readonly height: number;
  readonly selection: Selection;
  readonly hover: Hover | null;
  readonly colors: MapColors;
}

/**
 * Draw lists of the last frame, reused while the viewport and the data stay the same (a hover
 * or a selection redraw costs only the painting).
 */
export class RectCache {
  private key = '';
  private spaces: readonly AddressSpaceView[] | null = null;
  private lists = new Map<object, RectList>();

  get(scene: Scene, first: BigUint64Array, last: BigUint64Array): RectList {
    const key = `${scene.vp.start}:${scene.vp.span}:${scene.width}`;
    if (key !== this.key || scene.spaces !== this.spaces) {
      this.key = key;
      this.spaces = scene.spaces;
      this.lists.clear();
    }
    let r = this.lists.get(first);
    if (!r) {
      r = buildRects(first, last, scene.vp, scene.width);
      this.lists.set(first, r);
    }
    return r;
  }
}
