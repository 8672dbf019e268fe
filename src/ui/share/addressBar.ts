// The address bar holds a link that reopens exactly what is on screen: the scenario, the step,
// the selection and the view (layout, the map's window when the user placed it, the page walk's
// target). Kept current with history.replaceState, debounced (browsers throttle it, and holding
// an arrow key must not rewrite the address 60 times a second); never a history entry per step.
//
// On page load and on `hashchange` (a link pasted into the address bar) the fragment is decoded
// and opened. A link that does not open leaves the current work alone: the banner says what is
// wrong and where, and the address bar goes back to the link of what is on screen (with nothing
// on screen, the bad link stays, to be copied into a bug report). When both ?src= and a link are
// given, the link wins (share/params.ts); if the link cannot be read, ?src= is opened instead.
//
// Framework-free, with the page's location and the map behind small interfaces, so the unit
// tests drive it with the real store in Node.

import type { ExplorerState, ExplorerStore } from '../../state/store';
import type { LinkCodec } from './codec';
import type { MapWindow, ScreenState } from './linkState';
import { MAX_LINKABLE_TEXT, planOf, screenKey, screenState } from './linkState';
import type { MapPlacer } from './openLink';
import { applyLinkPlan } from './openLink';
import { hasScenarioLink, srcOf } from './params';
import type { ShareStore } from './shareStore';

/** Quiet time before the address is rewritten. */
export const ADDRESS_DEBOUNCE_MS = 300;

export interface PageLocation {
  hash(): string;
  search(): string;
  /** Replaces the fragment in place (history.replaceState); "" removes it. */
  replaceHash(fragment: string): void;
}

export interface AddressBarDeps {
  readonly store: ExplorerStore;
  readonly share: ShareStore;
  readonly codec: LinkCodec;
  readonly location: PageLocation;
  /** The map's window when the user placed it; null when it follows the content (or no map). */
  readonly readMap: () => MapWindow | null;
  readonly placeMap: MapPlacer | null;
  readonly debounceMs?: number;
  /** Told when opening links starts and ends: the page is not settled meanwhile (whenIdle, data-busy). */
  readonly busy?: (busy: boolean) => void;
}

/** The parts of the explorer state a link records; a change in any of them rewrites the link. */
function linkedPartsChanged(a: ExplorerState, b: ExplorerState): boolean {
  return a.current !== b.current || a.cursor !== b.cursor || a.selection !== b.selection || a.viewMode !== b.viewMode || a.walkTarget !== b.walkTarget || a.run !== b.run || a.loading !== b.loading;
}

export class AddressBarSync {
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Link openings in progress: the address is not rewritten meanwhile. */
  private applying = 0;
  /** Bumped per write and per opened link: older answers are dropped. */
  private seq = 0;
  /** Text and screen of the link last made, and the fragment written for it. */
  private lastKey: string | null = null;
  private lastText: string | null = null;
  private written: string | null = null;
  private disposed = false;
  private readonly unsubscribe: () => void;
  private readonly debounceMs: number;

  constructor(private readonly deps: AddressBarDeps) {
    this.debounceMs = deps.debounceMs ?? ADDRESS_DEBOUNCE_MS;
    this.unsubscribe = deps.store.subscribe((s, prev) => {
      if (linkedPartsChanged(s, prev)) this.schedule();
    });
    deps.share.getState().setFlush(() => this.flush());
  }

  /** Page load: opens the fragment's link, if there is one. True when a link was tried. */
  start(): boolean {
    const hash = this.deps.location.hash();
    if (hash === '' || hash === '#') {
      this.schedule();
      return false;
    }
    void this.open(hash, true);
    return true;
  }

  /** The fragment changed under us (a pasted link, a hand edit). */
  hashChanged(): void {
    const hash = this.deps.location.hash();
    if (hash === this.written || hash === '' || hash === '#') return;
    void this.open(hash, false);
  }

  /** Something the link records may have changed outside the store (the map's window). */
  poke(): void {
    this.schedule();
  }

  /** Makes and writes the link of the current screen now. */
  async flush(): Promise<void> {
    this.clearTimer();
    await this.write(true);
  }

  dispose(): void {
    this.disposed = true;
    this.clearTimer();
    this.unsubscribe();
    if (this.applying > 0) this.deps.busy?.(false);
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    if (this.disposed) return;
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.write(false);
    }, this.debounceMs);
  }

  private async open(hash: string, initial: boolean): Promise<void> {
    const { store, share, codec } = this.deps;
    const seq = ++this.seq;
    const stale = (): boolean => this.disposed || seq !== this.seq;
    if (this.applying++ === 0) this.deps.busy?.(true);
    try {
      const r = await codec.decode(hash);
      if (stale()) return;
      const src = initial ? srcOf(this.deps.location.search()) : null;
      if (!r.ok) {
        share.getState().setNotice({ kind: 'failed', errorKind: r.kind, message: r.message, where: r.where, kept: store.getState().current !== null });
        // The address goes back to what is on screen (below); with nothing on screen, the
        // scenario file of ?src= is the next best thing.
        if (initial && src && !store.getState().current) void store.getState().openUrl(src);
        this.lastKey = null;
        return;
      }
      share.getState().setNotice(r.warnings.length > 0 ? { kind: 'warnings', warnings: r.warnings } : null);
      this.written = hash;
      const ok = await applyLinkPlan(store, planOf(r), { origin: src ?? 'the link', src, placeMap: this.deps.placeMap, stale });
      if (!ok && !stale() && store.getState().problem) {
        // The store says why (the load-problem panel); the banner need not repeat it.
        share.getState().setNotice(null);
      }
    } finally {
      if (--this.applying === 0) this.deps.busy?.(false);
      if (!this.disposed) this.schedule();
    }
  }

  private screen(st: ExplorerState): ScreenState {
    return screenState({ cursor: st.cursor, selection: st.selection, viewMode: st.viewMode, walkTarget: st.walkTarget, map: st.viewMode === 'graph' ? null : this.deps.readMap() });
  }

  private async write(force: boolean): Promise<void> {
    if (this.disposed || this.applying > 0) return;
    const { store, share, codec, location } = this.deps;
    const st = store.getState();
    const cur = st.current;
    if (!cur) {
      share.getState().setLink({ kind: 'none' });
      return;
    }
    // Mid-load or mid-run the screen is about to change; the store's next change comes back here.
    if (!force && (st.loading || st.run.kind === 'running')) return;
    const state = this.screen(st);
    const key = screenKey(state);
    if (key === this.lastKey && cur.text === this.lastText && location.hash() === (this.written ?? '')) return;
    const seq = ++this.seq;
    // A scenario too large for any link is not even sent to the worker (a trusted 64 MiB load).
    const answer =
      cur.text.length > MAX_LINKABLE_TEXT
        ? ({ ok: false, reason: 'too-large', message: `the scenario is ${(cur.text.length / 1e6).toFixed(1)} MB of text, too large for a link; share it as a file` } as const)
        : await codec.encode(cur.text, state);
    if (this.disposed || seq !== this.seq || store.getState().current !== cur) return;
    this.lastKey = key;
    this.lastText = cur.text;
    if (answer.ok) {
      share.getState().setLink({ kind: 'ok', fragment: answer.fragment });
      this.written = answer.fragment;
      if (location.hash() !== answer.fragment) location.replaceHash(answer.fragment);
    } else {
      share.getState().setLink({ kind: 'error', reason: answer.reason, message: answer.message });
      // No link holds this screen: an old one in the address would reopen something else.
      this.written = '';
      if (hasScenarioLink(location.hash())) location.replaceHash('');
    }
  }
}

/** The page's own location, for the explorer (the embed never rewrites its address). */
export const windowLocation: PageLocation = {
  hash: () => window.location.hash,
  search: () => window.location.search,
  replaceHash: (fragment) => {
    const url = window.location.pathname + window.location.search + fragment;
    window.history.replaceState(window.history.state, '', url);
  },
};
