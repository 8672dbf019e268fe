// Playing one tour step on the explorer: open the chapter's scenario if it is not the one shown,
// else seek; then the view mode, the selection and the map window. Every step is a seek to the
// full state of its scenario step (the store's openText / seek), never a patch of what is shown,
// so a tour step looks the same whether reached by Next, by Previous or from a link.

import { NO_SELECTION } from '../../state/selection';
import type { ExplorerStore } from '../../state/store';
import { mapAutomation } from '../map/mapApi';
import type { TourStep } from './format';

export interface StepTarget {
  /** The chapter's scenario text, and the origin it is opened under (names the tour and chapter). */
  readonly text: string;
  readonly origin: string;
  readonly step: TourStep;
}

function frame(): Promise<void> {
  return new Promise((r) => requestAnimationFrame(() => r()));
}

/** Is the explorer showing this chapter's scenario (the one the tour opened, unedited)? */
export function showsChapter(explorer: ExplorerStore, origin: string): boolean {
  return explorer.getState().current?.origin === origin;
}

/**
 * Applies `t` and resolves when it is on screen. `stale()` says a newer tour step was asked for
 * meanwhile: then nothing more is applied (the newer one owns the screen).
 */
export async function applyTourStep(explorer: ExplorerStore, t: StepTarget, stale: () => boolean): Promise<void> {
  const st = explorer.getState();
  if (showsChapter(explorer, t.origin) && st.current?.text === t.text && st.run.kind === 'done') await st.seek(t.step.at);
  // Not a source URL: the address bar carries ?tour= instead (useTourLocation.ts).
  else await st.openText(t.text, t.origin, null, { step: t.step.at });
  if (stale()) return;
  const now = explorer.getState();
  now.setPlaying(false);
  now.setViewMode(t.step.view);
  now.select(t.step.select.kind === 'none' ? NO_SELECTION : t.step.select);
  await placeMap(t.step, stale);
  if (!stale()) fitGraph(t.step);
}

/**
 * The graph shows the whole machine at every tour step: the graph's own camera keeps a node
 * that is partly on screen where it is, and a tour step's subject cut at the pane's edge is
 * not "on screen". The graph has no API for this yet, so its own "fit the whole graph"
 * control is pressed (React Flow's class name for it; nothing happens if it is not there).
 */
function fitGraph(step: TourStep): void {
  if (step.view === 'map') return;
  const button = document.querySelector<HTMLButtonElement>('[data-testid="pane-graph"] .react-flow__controls-fitview');
  button?.click();
}

/**
 * The map window: the step's, or back to fitting the content (a window left by an earlier tour
 * step must not hide what this one is about). The map mounts a frame after the view mode
 * changes, and draws the new snapshot before it can be moved, hence the frames and `drawn()`.
 */
async function placeMap(step: TourStep, stale: () => boolean): Promise<void> {
  if (step.view === 'graph') return;
  await frame();
  await frame();
  if (stale()) return;
  try {
    await mapAutomation.drawn();
    if (stale()) return;
    if (step.window) await mapAutomation.setViewport(step.window.first, step.window.last - step.window.first + 1n);
    else await mapAutomation.fit('content');
  } catch {
    // No map on screen (the page is too small to show it, or it was unmounted meanwhile):
    // the narration still stands on the graph and the inspector.
  }
}
