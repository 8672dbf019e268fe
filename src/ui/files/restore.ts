// Restoring the last session on page load (state/autosave.ts keeps it). A link or ?src= wins:
// - a scenario link in the fragment (#s=, #json=): the link is what the user opened; no restore
//   (a plain reload keeps the address bar's link, so links do most reloads themselves: the
//   session restores a tab reopened at the bare address, and scenarios too large for a link);
// - ?src= naming the URL the saved session came from (a reload of the same page): the page loads
//   it as usual, then goes to the saved step, selection and view if the text is unchanged;
// - ?src= naming another URL, or any other parameter (?tour=, and whatever later features put in
//   the address to open something): no restore; that address says what to show;
// - nothing: the saved scenario is opened at its step.
// Runs once per explorer (React's strict mode mounts effects twice). Embeds (?embed=1) render
// share/embed/EmbedApp.tsx, which never mounts the session keeper.

import type { SavedSession } from '../../state/autosave';
import { readSession } from '../../state/autosave';
import type { ExplorerState, ExplorerStore } from '../../state/store';
import { hasScenarioLink, srcOf } from '../share/params';
import { tourQuery } from '../tours/useTourLocation';
import { applyViewState, openAt } from './openAt';
import { nameSource } from './names';

export type RestoreOutcome = { readonly kind: 'restored'; readonly title: string; readonly step: number; readonly text: string } | { readonly kind: 'none' };

const NONE: RestoreOutcome = { kind: 'none' };
const started = new WeakMap<ExplorerStore, Promise<RestoreOutcome>>();

export function restoreOnce(store: ExplorerStore, storage: Storage | null): Promise<RestoreOutcome> {
  let p = started.get(store);
  if (!p) {
    p = restore(store, storage).catch(() => NONE);
    started.set(store, p);
  }
  return p;
}

async function restore(store: ExplorerStore, storage: Storage | null): Promise<RestoreOutcome> {
  if (hasScenarioLink(window.location.hash) || tourQuery(window.location.search) || otherParams(window.location.search)) return NONE;
  const r = readSession(storage);
  if (r.kind !== 'ok') return NONE;
  const s = r.session;
  const src = srcOf(window.location.search);
  if (src) {
    if (s.src !== src) return NONE;
    const loaded = await until(store, (st) => (st.current?.src === src && st.run.kind === 'done' ? true : st.problem && !st.loading ? false : null), 20_000);
    const st = store.getState();
    // A scenario edited on the server since: keep the fresh one as the page opened it.
    if (!loaded || st.current?.text !== s.text) return NONE;
    await st.seek(s.step);
    await applyViewState(store, s);
    return outcome(store, s);
  }
  const st = store.getState();
  // Something opened first (a script through window.iovaAtlas): it wins.
  if (st.current || st.loading) return NONE;
  const ok = await openAt(store, s);
  return ok ? outcome(store, s) : NONE;
}

/** The address has query parameters besides ?src=. */
function otherParams(search: string): boolean {
  return [...new URLSearchParams(search).keys()].some((k) => k !== 'src');
}

function outcome(store: ExplorerStore, s: SavedSession): RestoreOutcome {
  const cur = store.getState().current;
  return { kind: 'restored', title: cur ? nameSource(cur.view.title, cur.origin) : s.origin, step: store.getState().cursor, text: s.text };
}

/** Resolves with the predicate's answer once it gives one (true or false), or false at the timeout. */
function until(store: ExplorerStore, pred: (st: ExplorerState) => boolean | null, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const first = pred(store.getState());
    if (first !== null) return resolve(first);
    const timer = setTimeout(() => {
      unsubscribe();
      resolve(false);
    }, timeoutMs);
    const unsubscribe = store.subscribe((st) => {
      const v = pred(st);
      if (v === null) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(v);
    });
  });
}
