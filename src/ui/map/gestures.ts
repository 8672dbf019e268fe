// Pointer gestures through d3-zoom (wheel, drag, pinch), used only as a gesture engine: each
// zoom event's transform is compared with the previous one and the change is applied to the
// bigint viewport (viewport.ts applyGesture). d3's transform is reset to identity when a gesture
// ends, so its floats never grow with the zoom (2^64 / 4 KiB is a factor of 2^52). Double-click
// is not a zoom here: it picks an address for the page walk. Horizontal wheel (trackpads) and
// Shift+wheel pan.

import { select } from 'd3-selection';
import { zoom, zoomIdentity } from 'd3-zoom';
import type { D3ZoomEvent, ZoomTransform } from 'd3-zoom';
import type { PxTransform } from './viewport';

export interface GestureTarget {
  /** A gesture moved from transform `prev` to `next` (pixels). */
  gesture(prev: PxTransform, next: PxTransform): void;
  /** Pan by dx pixels (positive shows lower addresses). */
  pan(dx: number): void;
}

/** One wheel notch (deltaY 100) zooms by 2^0.8 ≈ 1.74: 2^64 down to a 4 KiB page in ~65 notches. */
const WHEEL_GAIN = 4;

function isHorizontalWheel(e: WheelEvent): boolean {
  return e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY);
}

export function attachGestures(el: HTMLElement, target: GestureTarget): () => void {
  const sel = select<HTMLElement, unknown>(el);
  let prev: ZoomTransform = zoomIdentity;
  const behavior = zoom<HTMLElement, unknown>()
    .filter((e: Event) => {
      if (e.type === 'wheel') return !isHorizontalWheel(e as WheelEvent);
      if (e.type === 'dblclick') return false;
      const m = e as MouseEvent;
      // Modifier clicks pick an address; a plain primary button drags.
      return !m.ctrlKey && !m.shiftKey && !m.altKey && !m.metaKey && !m.button;
    })
    .wheelDelta((e: WheelEvent) => -e.deltaY * (e.deltaMode === 1 ? 0.05 : e.deltaMode ? 1 : 0.002) * WHEEL_GAIN * (e.ctrlKey ? 2 : 1))
    .on('start', (e: D3ZoomEvent<HTMLElement, unknown>) => {
      prev = e.transform;
    })
    .on('zoom', (e: D3ZoomEvent<HTMLElement, unknown>) => {
      target.gesture({ x: prev.x, k: prev.k }, { x: e.transform.x, k: e.transform.k });
      prev = e.transform;
    })
    .on('end', () => {
      sel.property('__zoom', zoomIdentity);
      prev = zoomIdentity;
    });
  sel.call(behavior).on('dblclick.zoom', null);

  const onWheel = (e: WheelEvent): void => {
    if (!isHorizontalWheel(e)) return;
    e.preventDefault();
    const d = e.shiftKey && e.deltaX === 0 ? e.deltaY : e.deltaX;
    target.pan(-d * (e.deltaMode === 1 ? 16 : 1));
  };
  el.addEventListener('wheel', onWheel, { passive: false });

  return () => {
    el.removeEventListener('wheel', onWheel);
    sel.on('.zoom', null);
  };
}
