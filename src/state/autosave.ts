// Autosave: the current scenario, step, selection, view mode and map window kept in localStorage
// so that a reload or a crashed tab reopens where the user was. Pure apart from the Storage it is
// given (tests pass a Map-backed one) and the timer.
//
// Two keys: the scenario text (large, rewritten only when the text changes) and the small state
// (rewritten on every step, selection or view change, debounced). The state names the text by
// length and hash, so a text write that failed never pairs an old state with the wrong scenario.
// Keys are distinct from the theme's (iova-atlas.theme) and from the editor's drafts, which live
// in sessionStorage under iova-atlas.draft.v1.* (a draft is keyed by the hash of the scenario it
// was made from, so restoring the same text here lets the editor find its draft again).
//
// A storage failure (quota, storage disabled, private mode) is reported once through onError and
// never thrown: the explorer keeps working, unsaved.

import type { Selection } from './selection';
import { NO_SELECTION } from './selection';
import type { ExplorerState, ExplorerStore, ViewMode, WalkTarget } from './store';
import { VIEW_MODES } from './store';

export const SESSION_STATE_KEY = 'iova-atlas.session.v1.state';
export const SESSION_TEXT_KEY = 'iova-atlas.session.v1.text';

/** The map's window when the user moved it; null while it follows the content (auto-fit). */
export interface SavedMapView {
  readonly start: bigint;
  readonly span: bigint;
}

/** What a session restores. */
export interface SessionState {
  readonly text: string;
  /** Where the scenario came from, in words ("example basics.json", "file x.json"). */
  readonly origin: string;
  /** The URL it was fetched from (?src=), if any. */
  readonly src: string | null;
  /** The cursor: -1 (before the first step) up to the last step. */
  readonly step: number;
  readonly selection: Selection;
  readonly viewMode: ViewMode;
  readonly map: SavedMapView | null;
  /** The page walk's target, when one was picked. */
  readonly walk: WalkTarget | null;
}

export interface SavedSession extends SessionState {
  /** Date.now() of the save. */
  readonly savedAt: number;
}

export type ReadResult =
  | { readonly kind: 'none' }
  | { readonly kind: 'ok'; readonly session: SavedSession }
  /** Something was stored but cannot be used (damaged, or a text that failed to save). */
  | { readonly kind: 'unusable'; readonly why: string };

type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

// ------------------------------------------------------------------ reading

export function readSession(storage: StorageLike | null): ReadResult {
  if (!storage) return { kind: 'none' };
  let rawState: string | null;
  let text: string | null;
  try {
    rawState = storage.getItem(SESSION_STATE_KEY);
    text = storage.getItem(SESSION_TEXT_KEY);
  } catch {
    return { kind: 'none' };
  }
  if (rawState === null) return { kind: 'none' };
  let o: Record<string, unknown>;
  try {
    const v: unknown = JSON.parse(rawState);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return { kind: 'unusable', why: 'the saved state is not an object' };
    o = v as Record<string, unknown>;
  } catch {
    return { kind: 'unusable', why: 'the saved state is not JSON' };
  }
  if (o.v !== 1) return { kind: 'unusable', why: `unknown autosave version ${String(o.v)}` };
  if (text === null) return { kind: 'unusable', why: 'the scenario text was not saved' };
  const t = o.text as { length?: unknown; hash?: unknown } | undefined;
  if (!t || t.length !== text.length || t.hash !== textHash(text)) return { kind: 'unusable', why: 'the saved scenario text does not match the saved state' };
  if (typeof o.origin !== 'string' || (o.src !== null && typeof o.src !== 'string')) return { kind: 'unusable', why: 'origin or src missing' };
  const step = typeof o.step === 'number' && Number.isSafeInteger(o.step) && o.step >= -1 ? o.step : null;
  if (step === null) return { kind: 'unusable', why: 'the saved step is not a step number' };
  const viewMode = (VIEW_MODES as readonly unknown[]).includes(o.view) ? (o.view as ViewMode) : 'split';
  return {
    kind: 'ok',
    session: {
      text,
      origin: o.origin,
      src: o.src as string | null,
      step,
      // A damaged selection or map window is dropped, not fatal: the scenario and step still open.
      selection: selectionFromJson(o.selection),
      viewMode,
      map: mapFromJson(o.map),
      walk: walkFromJson(o.walk),
      savedAt: typeof o.savedAt === 'number' ? o.savedAt : 0,
    },
  };
}

export function clearSession(storage: StorageLike | null): void {
  try {
    storage?.removeItem(SESSION_STATE_KEY);
    storage?.removeItem(SESSION_TEXT_KEY);
  } catch {
    // Nothing to clear where storage is unavailable.
  }
}

// ------------------------------------------------------------------ writing

/** Why a save failed, in words for the notice. */
export interface AutosaveFailure {
  readonly message: string;
}

export interface AutosaverOptions {
  /** Called once, at the first failure (later failures are silent; saving is retried). */
  readonly onError: (f: AutosaveFailure) => void;
  /** Debounce, ms: browsers serialize localStorage writes on the main thread. */
  readonly delayMs?: number;
  readonly now?: () => number;
  readonly setTimer?: (fn: () => void, ms: number) => unknown;
  readonly clearTimer?: (t: unknown) => void;
}

export class Autosaver {
  private pending: SessionState | null = null;
  private timer: unknown = null;
  /** Hash and length of the text last written successfully. */
  private written: { hash: string; length: number } | null = null;
  private lastText: string | null = null;
  private lastHash = '';
  private reported = false;
  private readonly delay: number;
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (t: unknown) => void;

  constructor(
    private readonly storage: StorageLike | null,
    private readonly opts: AutosaverOptions,
  ) {
    this.delay = opts.delayMs ?? 400;
    this.now = opts.now ?? Date.now;
    this.setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = opts.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));
  }

  /** Something changed: save this state after the debounce (the latest state wins). */
  update(s: SessionState): void {
    this.pending = s;
    if (this.timer !== null) return;
    this.timer = this.setTimer(() => {
      this.timer = null;
      this.flush();
    }, this.delay);
  }

  /** Writes the pending state now (page hide, tests). True when nothing is left unsaved. */
  flush(): boolean {
    if (this.timer !== null) {
      this.clearTimer(this.timer);
      this.timer = null;
    }
    const s = this.pending;
    if (!s) return true;
    this.pending = null;
    if (!this.storage) {
      this.fail('this browser gives the page no storage (disabled, or a private window)');
      return false;
    }
    const hash = this.hashOf(s.text);
    try {
      if (!this.written || this.written.hash !== hash || this.written.length !== s.text.length) {
        // Forget the old pairing first: a state must never name a text that is not stored.
        this.written = null;
        this.storage.setItem(SESSION_TEXT_KEY, s.text);
        this.written = { hash, length: s.text.length };
      }
      this.storage.setItem(SESSION_STATE_KEY, JSON.stringify(stateJson(s, hash, this.now())));
      return true;
    } catch (e) {
      this.fail(storageErrorText(e, s.text.length));
      return false;
    }
  }

  /** Stops saving and forgets the saved session ("start fresh"). */
  clear(): void {
    this.pending = null;
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
    this.written = null;
    clearSession(this.storage);
  }

  dispose(): void {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
  }

  private fail(message: string): void {
    if (this.reported) return;
    this.reported = true;
    this.opts.onError({ message });
  }

  /** The hash of the last text seen is kept: stepping through a 5 MB scenario hashes it once. */
  private hashOf(text: string): string {
    if (text !== this.lastText) {
      this.lastText = text;
      this.lastHash = textHash(text);
    }
    return this.lastHash;
  }
}

function stateJson(s: SessionState, hash: string, savedAt: number): Record<string, unknown> {
  return {
    v: 1,
    origin: s.origin,
    src: s.src,
    step: s.step,
    selection: selectionToJson(s.selection),
    view: s.viewMode,
    map: s.map ? { start: hex(s.map.start), span: hex(s.map.span) } : null,
    walk: s.walk ? { space: s.walk.space, iova: hex(s.walk.iova) } : null,
    text: { length: s.text.length, hash },
    savedAt,
  };
}

/** The failure in words: quota and security errors are what users meet. */
export function storageErrorText(e: unknown, textLength: number): string {
  const name = e instanceof Error || (typeof e === 'object' && e !== null && 'name' in e) ? String((e as { name: unknown }).name) : '';
  if (name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED') {
    // The size helps only when it is the reason (a few MB against the usual 5 MB per site).
    return `the browser's storage for this page is full${textLength >= 100_000 ? ` (the scenario is ${(textLength / 1e6).toFixed(1)} MB of text)` : ''}`;
  }
  if (name === 'SecurityError') return 'the browser does not allow this page to store anything (privacy settings or a private window)';
  const msg = e instanceof Error ? e.message : String(e);
  return `the browser refused to store it (${msg || name || 'unknown error'})`;
}

// ------------------------------------------------------------------ following the store

/** What to save of the explorer now; null while there is nothing worth saving. */
export function sessionOf(st: ExplorerState, map: SavedMapView | null): SessionState | null {
  const cur = st.current;
  if (!cur) return null;
  return { text: cur.text, origin: cur.origin, src: cur.src, step: st.cursor, selection: st.selection, viewMode: st.viewMode, map, walk: st.walkTarget };
}

/**
 * Saves on every change of the scenario, cursor, selection or view mode, and when the map's
 * window moves (it lives outside the store: polled every `pollMs`). A hidden page flushes at
 * once (the tab may be discarded). Returns the stop function.
 */
export function autosaveStore(store: ExplorerStore, saver: Autosaver, opts: { readonly mapView: () => SavedMapView | null; readonly pollMs?: number }): () => void {
  let lastMap = '';
  const save = (): void => {
    const map = opts.mapView();
    lastMap = map ? `${map.start}:${map.span}` : '';
    const s = sessionOf(store.getState(), map);
    if (s) saver.update(s);
  };
  const unsubscribe = store.subscribe((st, prev) => {
    if (st.current !== prev.current || st.cursor !== prev.cursor || st.selection !== prev.selection || st.viewMode !== prev.viewMode || st.walkTarget !== prev.walkTarget) save();
  });
  const poll = setInterval(() => {
    const map = opts.mapView();
    if ((map ? `${map.start}:${map.span}` : '') !== lastMap) save();
  }, opts.pollMs ?? 1000);
  const onHide = (): void => {
    if (document.visibilityState === 'hidden') saver.flush();
  };
  const onPageHide = (): void => void saver.flush();
  document.addEventListener('visibilitychange', onHide);
  window.addEventListener('pagehide', onPageHide);
  save();
  return () => {
    unsubscribe();
    clearInterval(poll);
    document.removeEventListener('visibilitychange', onHide);
    window.removeEventListener('pagehide', onPageHide);
    saver.flush();
    saver.dispose();
  };
}

// ------------------------------------------------------------------ JSON of the parts

/** FNV-1a over the UTF-16 code units, 32 bits, as 8 hex digits: a check, not security. */
export function textHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

function hex(x: bigint): string {
  return '0x' + x.toString(16);
}

function u64(x: unknown): bigint | null {
  if (typeof x !== 'string' || !/^0x[0-9a-f]{1,16}$/.test(x)) return null;
  return BigInt(x);
}

export function selectionToJson(sel: Selection): unknown {
  switch (sel.kind) {
    case 'none': return null;
    case 'node': return { kind: 'node', id: sel.id };
    case 'range': return { kind: 'range', space: sel.space, first: hex(sel.first), last: hex(sel.last) };
    case 'address': return { kind: 'address', space: sel.space, iova: hex(sel.iova) };
  }
}

export function selectionFromJson(x: unknown): Selection {
  if (typeof x !== 'object' || x === null) return NO_SELECTION;
  const o = x as Record<string, unknown>;
  if (o.kind === 'node' && typeof o.id === 'string') return { kind: 'node', id: o.id };
  if (o.kind === 'range' && typeof o.space === 'string') {
    const first = u64(o.first);
    const last = u64(o.last);
    if (first !== null && last !== null && first <= last) return { kind: 'range', space: o.space, first, last };
  }
  if (o.kind === 'address' && typeof o.space === 'string') {
    const iova = u64(o.iova);
    if (iova !== null) return { kind: 'address', space: o.space, iova };
  }
  return NO_SELECTION;
}

export function walkFromJson(x: unknown): WalkTarget | null {
  if (typeof x !== 'object' || x === null) return null;
  const o = x as Record<string, unknown>;
  const iova = u64(o.iova);
  return typeof o.space === 'string' && iova !== null ? { space: o.space, iova } : null;
}

function mapFromJson(x: unknown): SavedMapView | null {
  if (typeof x !== 'object' || x === null) return null;
  const o = x as Record<string, unknown>;
  const start = u64(o.start);
  // A span can be 2^64 (the whole space): 17 hex digits.
  const span = typeof o.span === 'string' && /^0x[0-9a-f]{1,17}$/.test(o.span) ? BigInt(o.span) : null;
  if (start === null || span === null || span <= 0n || span > 1n << 64n) return null;
  return { start, span };
}
