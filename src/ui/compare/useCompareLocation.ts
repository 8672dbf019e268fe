// `?compare=` in the page address (core/compare/param.ts) opens compare mode on the sides it
// names, once the page's scenario has loaded. Read once, when the page opens: later changes of
// the sides are not written back (the address bar belongs to the link codec, ui/share).

import { useEffect } from 'react';
import { parseCompareParam } from '../../core/compare/param';
import { useExplorerStore } from '../StoreContext';
import { useCompareStore } from './useCompare';

export function useCompareLocation(): void {
  const explorer = useExplorerStore();
  const compare = useCompareStore();
  useEffect(() => {
    const raw = new URLSearchParams(window.location.search).get('compare');
    if (raw === null) return;
    const p = parseCompareParam(raw);
    const open = (): void => {
      if (p.ok) compare.getState().openWith(p.specs);
      else compare.getState().openWith(null, `The link's compare=${raw.slice(0, 80)} was not understood (${p.message}); the default sides are shown.`);
    };
    // The run must be done: the explorer's cursor goes to its step, then both panes follow it.
    if (explorer.getState().current && explorer.getState().run.kind === 'done') {
      open();
      return;
    }
    const stop = explorer.subscribe((s) => {
      if (s.current && s.run.kind === 'done') {
        stop();
        open();
      }
    });
    return stop;
  }, [explorer, compare]);
}
