// While a tour plays, the plain Left and Right arrows move through the tour's steps instead of
// the timeline's (Shift+arrows, PageUp/PageDown, Home/End and Space still drive the timeline).
// The listener runs in the capture phase and marks the event handled, so the page-wide stepping
// keys (shell/useStepKeys.ts, which skip handled events) leave it alone. Same courtesy rules as
// the stepping keys: never while typing, inside an element that owns its keys (the graph, the
// map, a slider) or a dialog, never with a modifier.

import { useEffect } from 'react';
import type { ExplorerStore } from '../../state/store';
import { ownsKeys, typing } from '../hooks/keyTargets';
import { tourStoreFor } from './tourStore';

export function useTourKeys(explorer: ExplorerStore): void {
  useEffect(() => {
    const tours = tourStoreFor(explorer);
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.shiftKey) return;
      if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
      const t = tours.getState();
      if (!t.active || t.pickerOpen || explorer.getState().editorOpen) return;
      if (typing(e.target) || ownsKeys(e.target)) return;
      e.preventDefault();
      void (e.key === 'ArrowRight' ? t.next() : t.prev());
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [explorer]);
}
