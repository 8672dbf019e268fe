// The screen as a link records it, and back: the step, the selection and the view (layout mode,
// the address map's window, the page walk's target). Pure; the store and the map are read by
// the callers.

import type { LinkOpened, LinkSelection, LinkView } from '../../core/share';
import type { Selection } from '../../state/selection';
import type { ViewMode, WalkTarget } from '../../state/store';

/**
 * Texts longer than this are not tried (the 8 MiB an untrusted load may hold): no link of them
 * could be opened again, and preparing them would cost a second of CPU for nothing.
 */
export const MAX_LINKABLE_TEXT = 8 * 1024 * 1024;

/** The address map's window ([start, start + span)), exact. */
export interface MapWindow {
  readonly start: bigint;
  readonly span: bigint;
}

/** What a link carries besides the scenario. */
export interface ScreenState {
  readonly step: number;
  readonly selection: LinkSelection;
  readonly view: LinkView;
}

export interface ScreenInputs {
  readonly cursor: number;
  readonly selection: Selection;
  readonly viewMode: ViewMode;
  readonly walkTarget: WalkTarget | null;
  /**
   * The map's window when the user placed it; null when the map follows the content on its own
   * (reopening at the same step fits the same content, so recording it would only pin it).
   */
  readonly map: MapWindow | null;
}

export function screenState(s: ScreenInputs): ScreenState {
  const view: { mode: ViewMode; map?: MapWindow; walk?: WalkTarget } = { mode: s.viewMode };
  if (s.map && s.viewMode !== 'graph') view.map = { start: s.map.start, span: s.map.span };
  if (s.walkTarget) view.walk = { space: s.walkTarget.space, iova: s.walkTarget.iova };
  return { step: s.cursor, selection: s.selection, view };
}

/** A stable key of a screen state: equal keys encode to the same link (for one scenario text). */
export function screenKey(s: ScreenState): string {
  return JSON.stringify([s.step, s.selection, s.view], (_k, v: unknown) => (typeof v === 'bigint' ? `0x${v.toString(16)}` : v));
}

/** What opening a link does to the explorer, in order (openLink.ts carries it out). */
export interface LinkPlan {
  readonly text: string;
  readonly step: number;
  readonly selection: Selection;
  readonly mode: ViewMode;
  readonly walk: WalkTarget | null;
  readonly map: MapWindow | null;
}

export function planOf(opened: Pick<LinkOpened, 'text' | 'step' | 'selection' | 'view'>): LinkPlan {
  const v = opened.view;
  return {
    text: opened.text,
    step: opened.step,
    selection: opened.selection,
    mode: v.mode,
    // The map window applies only where a map is shown.
    map: v.map && v.mode !== 'graph' ? { start: v.map.start, span: v.map.span } : null,
    walk: v.walk ? { space: v.walk.space, iova: v.walk.iova } : null,
  };
}
