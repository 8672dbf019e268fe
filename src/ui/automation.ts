// The drawing registry behind `window.iovaAtlas.whenIdle()` (the automation API, see
// shell/automationApi.ts and the README section "Automating the explorer").
//
// "Settled" means: no worker request is pending, the store holds the snapshot of the step the
// cursor is on, and no view is still drawing. The last part is what this file knows: a view
// that draws asynchronously (a layout in progress, a canvas redraw scheduled for the next frame,
// a page walk being fetched) calls `markBusy(key)` when it starts and `markIdle(key)` once the
// result is on screen. Keys are a set, not a counter: marking busy twice and idle once is idle,
// so a view cannot leak a count by re-rendering. Use one key per view instance ("map", "graph",
// "pagetable"), and mark busy synchronously (in render or useLayoutEffect) when new data arrives,
// so that there is no frame in which the data changed but the view has not said so yet.
//
// A key left busy makes whenIdle() time out naming that key: a stuck view is found, not hidden.

type Listener = () => void;

const busy = new Map<string, number>();
const listeners = new Set<Listener>();

function changed(): void {
  for (const l of [...listeners]) l();
}

/** A view started drawing (or fetching what it will draw). */
export function markBusy(key: string): void {
  if (busy.has(key)) return;
  busy.set(key, performance.now());
  changed();
}

/** The view's drawing for `key` is on screen. Unknown keys are ignored. */
export function markIdle(key: string): void {
  if (!busy.delete(key)) return;
  changed();
}

/** The keys of the views still drawing, with how long each has been busy (ms). */
export function busyViews(): { key: string; ms: number }[] {
  const now = performance.now();
  return [...busy.entries()].map(([key, since]) => ({ key, ms: Math.round(now - since) }));
}

export function isDrawing(): boolean {
  return busy.size > 0;
}

/** Called whenever a key becomes busy or idle; returns the unsubscribe function. */
export function subscribeDrawing(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** Test helper: forget every key (a view unmounted while busy, between tests). */
export function resetDrawing(): void {
  if (busy.size === 0) return;
  busy.clear();
  changed();
}
