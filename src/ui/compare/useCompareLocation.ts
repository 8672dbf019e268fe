// `?compare=` in the page address (core/compare/param.ts) opens compare mode on the sides it
// names, once the page's scenario has loaded. And back: while compare mode is open the address
// says so, with the sides compared (replaceState, like the tour's ?tour=), so the address bar
// and a shared link reopen it; closing it removes the parameter. The fragment (#s=, the
// scenario, written by ui/share) is left as it is.

import { useEffect } from 'react';
import { formatCompareParam, parseCompareParam } from '../../core/compare/param';
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

  useEffect(
    () =>
      compare.subscribe((s, prev) => {
        if (s.open === prev.open && s.specs === prev.specs) return;
        const url = new URL(window.location.href);
        if (s.open && s.specs) url.searchParams.set('compare', formatCompareParam(s.specs.a, s.specs.b));
        else if (!s.open) url.searchParams.delete('compare');
        else return; // open, sides not known yet: the first result names them
        if (url.href !== window.location.href) window.history.replaceState(window.history.state, '', url);
      }),
    [compare],
  );
}
