// The root's `data-busy` (the idle signal tests and screenshots wait for), written straight to
// the element. Views mark themselves busy and idle on every frame of a pan, zoom or seek
// (ui/automation.ts); as React state that re-rendered the whole explorer twice a frame, which
// the bench's CPU profile showed as most of the main thread's time while panning a 100k-range
// map. Here only the attribute changes.

import { useLayoutEffect } from 'react';
import type { RefObject } from 'react';
import { isDrawing, subscribeDrawing } from '../automation';

/** Keeps `data-busy` on `ref`'s element: "true" while `busy` or any view is drawing. */
export function useBusyAttribute(ref: RefObject<HTMLElement | null>, busy: boolean): void {
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const write = (): void => {
      const v = busy || isDrawing() ? 'true' : 'false';
      if (el.dataset.busy !== v) el.dataset.busy = v;
    };
    write();
    return subscribeDrawing(write);
  }, [ref, busy]);
}
