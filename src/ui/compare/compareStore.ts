// Compare mode's state, one small zustand store per explorer (found through the explorer's
// store, as the tour player's is): open or not, the two sides asked for, the comparison, and
// both sides' snapshots at the explorer's cursor.
//
// It follows the explorer: a new or edited scenario is compared again (the sides kept for an
// edit, back to the defaults for another scenario), and the explorer's cursor is the step both
// panes show (the keys, the scrubber and the timeline all move it). Its own worker starts when
// compare mode opens and stops when it closes (compareEngine.ts).

import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { CompareResult, Side, VariantSpec } from '../../core/compare';
// From its own module, not the barrel: the barrel brings the whole simulator (compareRuns) into the page's first chunk.
import { specOf } from '../../core/compare/variant';
import type { Selection } from '../../state/selection';
import { NO_SELECTION, sameSelection } from '../../state/selection';
import type { ExplorerState, ExplorerStore, LoadedScenario } from '../../state/store';
import type { CompareSeekResult } from '../../worker/compare';
import { WorkerError } from '../../worker/client';
import type { CompareEngine } from './compareEngine';
import { WorkerCompareEngine } from './compareEngine';

export type CompareRun =
  | { readonly kind: 'idle' }
  | { readonly kind: 'running' }
  | { readonly kind: 'done'; readonly result: CompareResult }
  | { readonly kind: 'error'; readonly message: string };

/** What the two panes draw: the address maps, the graphs, or nothing (the table takes the room). */
export type ComparePane = 'map' | 'graph' | 'none';

export interface CompareState {
  readonly open: boolean;
  /** The sides asked for; null until the first result (the worker's defaults for the scenario). */
  readonly specs: { readonly a: VariantSpec; readonly b: VariantSpec } | null;
  readonly run: CompareRun;
  /** Both sides after the step shown (the explorer's cursor, once the seek answered). */
  readonly shown: CompareSeekResult | null;
  readonly seeking: boolean;
  readonly seekError: string | null;
  readonly pane: ComparePane;
  /** Shared by both panes: node and space ids name the same objects on both sides when they exist. */
  readonly selection: Selection;

  /** Why the page address's `compare=` was not taken as written (until dismissed). */
  readonly linkProblem: string | null;

  readonly setOpen: (open: boolean) => void;
  /** Opens compare mode on these sides (null: the defaults), e.g. from a link. */
  readonly openWith: (specs: { readonly a: VariantSpec; readonly b: VariantSpec } | null, problem?: string | null) => void;
  readonly dismissLinkProblem: () => void;
  readonly setSpec: (side: Side, spec: VariantSpec) => void;
  readonly swap: () => void;
  readonly useDefaults: () => void;
  readonly rerun: () => void;
  readonly setPane: (p: ComparePane) => void;
  readonly select: (sel: Selection) => void;
  /** Moves the explorer's cursor (both panes follow). */
  readonly goTo: (step: number) => Promise<void>;
}

export type CompareStore = StoreApi<CompareState>;

export interface CompareDeps {
  readonly engine?: () => CompareEngine;
}

/** "edited x.json" and "x.json" are the same scenario (sides kept); anything else is another one. */
function sameScenario(a: LoadedScenario | null, b: LoadedScenario | null): boolean {
  if (!a || !b) return false;
  const base = (o: string): string => o.replace(/^edited /, '');
  return base(a.origin) === base(b.origin);
}

export function createCompareStore(explorer: ExplorerStore, deps: CompareDeps = {}): CompareStore {
  const makeEngine = deps.engine ?? (() => new WorkerCompareEngine());
  let engine: CompareEngine | null = null;
  // Bumped by every new comparison: answers for an older one are dropped.
  let gen = 0;
  // The scenario text the engine holds, so it is loaded again only when it changed.
  let loadedText: string | null = null;
  let seekInFlight = false;
  let seekWanted: number | null = null;
  // Assigned below, before any of the functions using it can run (they run from its actions).
  let store: CompareStore;
  const get = (): CompareState => store.getState();
  const set = (p: Partial<CompareState>): void => store.setState(p);

  const compare = async (): Promise<void> => {
    const cur = explorer.getState().current;
    if (!get().open || !cur || !engine) return;
    const my = ++gen;
    set({ run: { kind: 'running' }, shown: null, seekError: null });
    try {
      if (loadedText !== cur.text) {
        const l = await engine.load(cur.text, cur.origin);
        if (my !== gen) return;
        if (!l.ok) {
          set({ run: { kind: 'error', message: `the scenario did not load in compare mode's worker (${l.issues[0]?.message ?? 'invalid'})` } });
          return;
        }
        loadedText = cur.text;
      }
      const specs = get().specs;
      const result = await (specs ? engine.compare(specs.a, specs.b) : engine.compare());
      if (my !== gen) return;
      set({ run: { kind: 'done', result }, specs: specs ?? { a: specOf(result.a.variant), b: specOf(result.b.variant) } });
      requestSeek(explorer.getState().cursor);
    } catch (e) {
      if (my === gen) set({ run: { kind: 'error', message: errorText(e) } });
    }
  };

  /** The latest step asked wins; one seek is in flight at a time. */
  const requestSeek = (step: number): void => {
    seekWanted = step;
    if (!seekInFlight) void seekLoop();
  };

  const seekLoop = async (): Promise<void> => {
    while (seekWanted !== null && engine) {
      const st = get();
      if (!st.open || st.run.kind !== 'done' || st.run.result.blocked) {
        seekWanted = null;
        break;
      }
      const step = Math.max(-1, Math.min(st.run.result.rows.length - 1, seekWanted));
      seekWanted = null;
      if (st.shown?.step === step) continue;
      const my = gen;
      seekInFlight = true;
      set({ seeking: true });
      try {
        const shown = await engine.seek(step);
        if (my === gen) set({ shown, seekError: null });
      } catch (e) {
        if (my === gen) set({ seekError: errorText(e) });
      } finally {
        seekInFlight = false;
      }
    }
    if (get().seeking) set({ seeking: false });
  };

  store = createStore<CompareState>()(() => ({
    open: false,
    specs: null,
    run: { kind: 'idle' },
    shown: null,
    seeking: false,
    seekError: null,
    pane: 'map',
    selection: NO_SELECTION,
    linkProblem: null,

    openWith: (specs, problem = null) => {
      set({ specs, linkProblem: problem });
      if (get().open) void compare();
      else get().setOpen(true);
    },
    dismissLinkProblem: () => set({ linkProblem: null }),
    setOpen: (open) => {
      if (open === get().open) return;
      if (open) {
        engine = makeEngine();
        loadedText = null;
        // A worker restarted after a crash holds the scenario but not the comparison.
        engine.onLost(() => void compare());
        set({ open: true });
        void compare();
      } else {
        gen++;
        engine?.dispose();
        engine = null;
        loadedText = null;
        seekWanted = null;
        set({ open: false, run: { kind: 'idle' }, shown: null, seeking: false, seekError: null, selection: NO_SELECTION });
      }
    },
    setSpec: (side, spec) => {
      const specs = get().specs;
      if (!specs) return;
      set({ specs: side === 'a' ? { a: spec, b: specs.b } : { a: specs.a, b: spec } });
      void compare();
    },
    swap: () => {
      const specs = get().specs;
      if (!specs) return;
      set({ specs: { a: specs.b, b: specs.a } });
      void compare();
    },
    useDefaults: () => {
      set({ specs: null });
      void compare();
    },
    rerun: () => void compare(),
    setPane: (pane) => set({ pane }),
    select: (sel) => {
      if (!sameSelection(sel, get().selection)) set({ selection: sel });
    },
    goTo: (step) => explorer.getState().seek(step),
  }));

  // Follow the explorer: its scenario (compared again) and its cursor (both panes seek).
  explorer.subscribe((now: ExplorerState, before: ExplorerState) => {
    if (!get().open) return;
    if (now.current !== before.current) {
      if (!sameScenario(now.current, before.current)) set({ specs: null, selection: NO_SELECTION });
      if (now.current) void compare();
      else set({ run: { kind: 'idle' }, shown: null });
      return;
    }
    if (now.cursor !== before.cursor) requestSeek(now.cursor);
  });

  return store;
}

function errorText(e: unknown): string {
  return e instanceof WorkerError || e instanceof Error ? e.message : String(e);
}

const stores = new WeakMap<ExplorerStore, CompareStore>();

/** The compare store of an explorer, created on first use. */
export function compareStoreFor(explorer: ExplorerStore): CompareStore {
  let s = stores.get(explorer);
  if (!s) {
    s = createCompareStore(explorer);
    stores.set(explorer, s);
  }
  return s;
}
