// Opening a link: the scenario (unless it is the one open already: then only a seek), the step,
// then the view mode, the selection, the page walk's target and the map's window, in that order
// (the selection must exist at the step; the map reveals a selected range, then takes the
// link's window). Shared by the explorer and the embed.

import type { ExplorerStore } from '../../state/store';
import type { LinkPlan, MapWindow } from './linkState';

export interface MapPlacer {
  /** Puts the address map's window there once a map is on screen; false when none appeared. */
  (w: MapWindow): Promise<boolean>;
}

/**
 * Carries out `plan`; resolves true when the link's scenario is the current one and the rest
 * was applied, false when the load failed (the store's load problem says why; the previous
 * scenario stays) or `stale()` says a newer request took over.
 */
export async function applyLinkPlan(store: ExplorerStore, plan: LinkPlan, opts: { origin: string; src: string | null; placeMap: MapPlacer | null; stale: () => boolean }): Promise<boolean> {
  const st = store.getState();
  if (st.current && st.current.text === plan.text && st.run.kind === 'done') {
    await st.seek(plan.step);
  } else {
    await st.openText(plan.text, opts.origin, opts.src, { step: plan.step });
    const now = store.getState().current;
    if (!now || now.text !== plan.text) return false;
  }
  if (opts.stale()) return false;
  const s = store.getState();
  s.setViewMode(plan.mode);
  s.select(plan.selection);
  // An address selection is its own walk target (the store sets it); otherwise the link's.
  if (plan.selection.kind !== 'address') s.setWalkTarget(plan.walk);
  if (plan.map && opts.placeMap) await opts.placeMap(plan.map);
  return !opts.stale();
}
