// Keyboard stepping, page-wide: Left/Right (Shift: 10 steps), PageUp/PageDown (10 steps),
// Home/End, Space for play/pause. Never while the user types (inputs, text areas, selects,
// contenteditable), never with Ctrl/Alt/Meta (browser and OS shortcuts), never inside an
// element that handles its own keys (`data-own-keys`: the graph, the map, a slider), and never
// while a dialog (the editor) is open. Space on a focused button or link is left to it (it
// presses the button).

import { useEffect } from 'react';
import type { ExplorerStore } from '../../state/store';
import { ownsKeys, typing } from '../hooks/keyTargets';

export function useStepKeys(store: ExplorerStore): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      if (typing(e.target) || ownsKeys(e.target)) return;
      const st = store.getState();
      if (st.editorOpen || !st.current) return;
      const big = e.shiftKey ? 10 : 1;
      switch (e.key) {
        case 'ArrowRight':
          void st.stepBy(big);
          break;
        case 'ArrowLeft':
          void st.stepBy(-big);
          break;
        case 'PageDown':
          void st.stepBy(10);
          break;
        case 'PageUp':
          void st.stepBy(-10);
          break;
        case 'Home':
          void st.seek(-1);
          break;
        case 'End':
          void st.seek(Number.MAX_SAFE_INTEGER);
          break;
        case ' ': {
          const t = e.target;
          if (t instanceof Element && t.closest('button, a, summary, [role="button"]')) return;
          st.setPlaying(!st.playing);
          break;
        }
        default:
          return;
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);
}
