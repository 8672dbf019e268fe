// Opening a scenario where someone left it: at a step, with a selection, a view mode, a page-walk
// target and a map window. Used by the session restore (autosave) and by SVG exports dropped back
// on the page; the order is the link opener's (share/openLink.ts): step, view mode, selection,
// walk target, then the map's window once a map is on screen. Later loads win: the parts after
// the load are applied only while the scenario is still the one opened here.

import type { SessionState } from '../../state/autosave';
import type { ExplorerStore } from '../../state/store';
import { selectionAfterSeek } from '../../state/survive';
import { placeMapWindow } from '../share/mapWindow';

/** A scenario and where in it: what a saved session holds (state/autosave.ts), and an SVG export's metadata. */
export type OpenTarget = SessionState;

/** True when the scenario opened and is still the current one. */
export async function openAt(store: ExplorerStore, t: OpenTarget): Promise<boolean> {
  await store.getState().openText(t.text, t.origin, t.src, { step: t.step });
  const st = store.getState();
  if (st.current?.text !== t.text || st.run.kind !== 'done') return false;
  await applyViewState(store, t);
  return true;
}

/** The selection, view mode, walk target and map window, on the scenario they belong to. */
export async function applyViewState(store: ExplorerStore, t: Pick<OpenTarget, 'text' | 'selection' | 'viewMode' | 'map' | 'walk'>): Promise<void> {
  const st = store.getState();
  if (st.current?.text !== t.text) return;
  st.setViewMode(t.viewMode);
  const snap = st.snapshot;
  // Only what exists at this step (the store's own rule for a selection across a seek).
  if (t.selection.kind !== 'none' && snap) {
    const sel = selectionAfterSeek(t.selection, snap);
    if (sel.kind !== 'none') st.select(sel);
  }
  // An address selection is its own walk target (the store sets it).
  if (t.walk && t.selection.kind !== 'address' && snap?.spaces.some((s) => s.id === t.walk!.space)) st.setWalkTarget(t.walk);
  if (t.map && t.viewMode !== 'graph') await placeMapWindow(t.map, 3000);
}
