// Tours in the address bar: `?tour=<name>&at=<k>` (k counts from 1, as the panel's "3 / 12"
// does) starts that tour at that step when the page loads, and the address follows the tour
// while it plays (replaceState: stepping through a tour adds no history entries). Exiting the
// tour removes both parameters. A query parameter, independent of the scenario links (#s=):
// the tour step names the scenario, its step, the view and the selection by itself.
//
// A page opened at `?tour=` may also carry a scenario link in its fragment: the address bar's
// copy of the same screen, written while the tour played. The tour wins, so the fragment is
// dropped before anything reads it: during the App's first render, which comes before every
// effect of the page (the link sync and the session restore read the address in effects).

import { useEffect, useState } from 'react';
import type { ExplorerStore } from '../../state/store';
import { tourStoreFor } from './tourStore';

export function tourQuery(search: string): { name: string; index: number } | null {
  const q = new URLSearchParams(search);
  const name = q.get('tour');
  if (!name) return null;
  const at = Number.parseInt(q.get('at') ?? '1', 10);
  return { name, index: Number.isFinite(at) && at >= 1 ? at - 1 : 0 };
}

/** Drops the fragment of an address that names a tour (once per page; idempotent). */
function tourWinsOverFragment(): boolean {
  if (!tourQuery(window.location.search) || window.location.hash === '') return false;
  window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
  return true;
}

export function useTourLocation(explorer: ExplorerStore): void {
  useState(tourWinsOverFragment);
  useEffect(() => {
    const tours = tourStoreFor(explorer);
    const initial = tourQuery(window.location.search);
    if (initial) void tours.getState().start(initial.name, initial.index);

    let shown: string | null = initial ? initial.name : null;
    return tours.subscribe((s) => {
      // Until the tour of the address has started (or failed), keep its parameters.
      if (s.starting) return;
      const url = new URL(window.location.href);
      if (s.active) {
        url.searchParams.set('tour', s.active.name);
        url.searchParams.set('at', String(s.active.index + 1));
        shown = s.active.name;
      } else if (shown !== null) {
        url.searchParams.delete('tour');
        url.searchParams.delete('at');
        shown = null;
      }
      if (url.href !== window.location.href) window.history.replaceState(window.history.state, '', url);
    });
  }, [explorer]);
}
