// The explorer's state: one vanilla zustand store per explorer instance (no module singleton),
// created with its engine and provided to React through context (ui/StoreContext.tsx).
//
// Loading keeps the current scenario until a new one is valid: a failed fetch, a non-JSON file
// or an invalid scenario only sets `problem`, which names where it came from.
//
// Time travel: `cursor` is the step the user is at (-1: before the first step) and moves at
// once; `snapshot` is what the worker computed for it and follows (seeker.ts: a newer seek
// supersedes an older one). After a run the cursor goes to the last step (the scenario's
// outcome), or to the step asked for. The selection survives a seek when what it names still
// exists (survive.ts). The authoritative simulated state stays in the worker; the store holds
// only view state and a mirror of the current snapshot.

import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { PageWalkResult, Snapshot } from '../core/view/types';
import type { RecoveryEvent, WorkerStatus } from '../worker/client';
import { WorkerError } from '../worker/client';
import type { RunAllResult, ScenarioIssue, ScenarioView, SeekResult } from '../worker/protocol';
import type { SimEngine } from './engine';
import { Seeker } from './seeker';
import type { Selection } from './selection';
import { NO_SELECTION, sameSelection } from './selection';
import { selectionAfterSeek } from './survive';
import type { ExampleEntry } from './sources';
import { fetchExamples, fetchScenarioText, readFileText } from './sources';
import type { Theme } from './theme';
import { saveTheme } from './theme';

export interface LoadedScenario {
  /** Where it came from, in words: "example basics.json", "file x.json", a URL. */
  readonly origin: string;
  /** The URL it was fetched from (kept in ?src= so the page can be shared), if any. */
  readonly src: string | null;
  readonly text: string;
  readonly view: ScenarioView;
}

export type RunState =
  | { readonly kind: 'none' }
  | { readonly kind: 'running' }
  | { readonly kind: 'done'; readonly run: RunAllResult }
  | { readonly kind: 'lost'; readonly message: string };

export interface LoadProblem {
  readonly origin: string;
  readonly message: string;
  readonly issues: readonly ScenarioIssue[];
}

export type ExamplesState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ok'; readonly examples: readonly ExampleEntry[] }
  | { readonly kind: 'error'; readonly message: string };

/** The main view: the graph and the address map side by side, or one of them. */
export const VIEW_MODES = ['split', 'graph', 'map'] as const;
export type ViewMode = (typeof VIEW_MODES)[number];

/** Playback speeds, in steps per second. */
export const SPEEDS = [1, 2, 5, 10, 25, 60] as const;

/** The address the page-table view walks (the last address picked, kept across selections). */
export interface WalkTarget {
  readonly space: string;
  readonly iova: bigint;
}

/** The last seek the worker answered and the store applied. */
export interface SeekInfo {
  readonly step: number;
  readonly replayed: number;
  /** Worker time, ms. */
  readonly ms: number;
  /** How many seeks have been applied since the page loaded (tests see a re-seek happen). */
  readonly count: number;
}

/** Same shape as the editor's ApplyResult (ui/editor/ScenarioEditor.tsx). */
export type EditResult = { readonly ok: true } | { readonly ok: false; readonly issues: readonly ScenarioIssue[] };

export interface ExplorerState {
  readonly current: LoadedScenario | null;
  readonly run: RunState;
  /** A load in progress (the current scenario stays shown meanwhile). */
  readonly loading: { readonly origin: string } | null;
  readonly problem: LoadProblem | null;
  readonly examples: ExamplesState;
  readonly worker: WorkerStatus;
  /** The last crash the client recovered from, until dismissed. */
  readonly recovery: (RecoveryEvent & { readonly at: number }) | null;
  readonly theme: Theme;

  /** The step the explorer is at: -1 before the first step, up to the last step that ran. */
  readonly cursor: number;
  /** The state after step `snapshot.step`, as the views draw it; null until the first seek. */
  readonly snapshot: Snapshot | null;
  /** A seek is in flight or waiting. */
  readonly seeking: boolean;
  readonly seekError: string | null;
  readonly lastSeek: SeekInfo | null;
  readonly playing: boolean;
  /** Steps per second while playing (one of SPEEDS). */
  readonly speed: number;
  readonly selection: Selection;
  readonly viewMode: ViewMode;
  readonly walkTarget: WalkTarget | null;
  readonly editorOpen: boolean;

  /**
   * Opens scenario text. `step` is where the cursor goes once it ran (default: the last step;
   * clamped to the run). `trusted`: only for in-page callers (the automation API): lifts the
   * 8 MiB cap to 64 MiB; text from files, links and fetches is never trusted.
   */
  readonly openText: (text: string, origin: string, src?: string | null, opts?: { step?: number; trusted?: boolean }) => Promise<void>;
  readonly openUrl: (url: string, origin?: string) => Promise<void>;
  readonly openFile: (file: File) => Promise<void>;
  readonly loadExamples: (indexUrl: string) => Promise<void>;
  readonly rerun: () => Promise<void>;
  readonly restartWorker: () => void;
  readonly dismissProblem: () => void;
  readonly dismissRecovery: () => void;
  readonly setTheme: (t: Theme) => void;

  /** Moves the cursor (clamped to -1 .. the last step that ran); resolves when the seek settled. */
  readonly seek: (step: number) => Promise<void>;
  readonly stepBy: (delta: number) => Promise<void>;
  readonly setPlaying: (playing: boolean) => void;
  readonly setSpeed: (speed: number) => void;
  readonly select: (sel: Selection) => void;
  readonly setViewMode: (m: ViewMode) => void;
  readonly setWalkTarget: (t: WalkTarget | null) => void;
  /** The page walk at the cursor's step (the worker's cursor follows the store's seeks). */
  readonly walk: (space: string, iova: bigint) => Promise<PageWalkResult>;
  readonly setEditorOpen: (open: boolean) => void;
  /** Loads edited text if it is a valid scenario; an invalid edit changes nothing. */
  readonly applyEdit: (text: string) => Promise<EditResult>;
  /** Back to no scenario (the welcome page): "start fresh" after a restored session. */
  readonly closeScenario: () => void;
  /** Called by the engine's callbacks (main.tsx wires them). */
  readonly workerStatusChanged: (s: WorkerStatus) => void;
  readonly workerRecovered: (e: RecoveryEvent) => void;
}

export type ExplorerStore = StoreApi<ExplorerState>;

export interface ExplorerDeps {
  readonly engine: SimEngine;
  readonly theme: Theme;
  readonly storage: Storage | null;
  readonly fetchFn?: typeof fetch;
  readonly now?: () => number;
}

export function createExplorerStore(deps: ExplorerDeps): ExplorerStore {
  const { engine } = deps;
  const fetchFn = deps.fetchFn ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const now = deps.now ?? Date.now;
  // Each load gets a generation; answers for an older one are dropped (the user moved on).
  let generation = 0;
  // Bumped whenever `current` is replaced: seeks of an older scenario are stale.
  let scenarioGen = 0;

  return createStore<ExplorerState>()((set, get) => {
    const problem = (origin: string, message: string, issues: readonly ScenarioIssue[] = []): void => {
      set({ problem: { origin, message, issues }, loading: null });
    };

    const seeker = new Seeker(engine, {
      current: () => ({ step: get().cursor, generation: scenarioGen }),
      applied: (r: SeekResult) => {
        const prev = get();
        const selection = selectionAfterSeek(prev.selection, r.snapshot);
        const walkTarget = prev.walkTarget && r.snapshot.spaces.some((sp) => sp.id === prev.walkTarget!.space) ? prev.walkTarget : null;
        set({
          snapshot: r.snapshot,
          seekError: null,
          lastSeek: { step: r.snapshot.step, replayed: r.replayed, ms: r.ms, count: (prev.lastSeek?.count ?? 0) + 1 },
          ...(sameSelection(selection, prev.selection) ? {} : { selection }),
          ...(walkTarget === prev.walkTarget ? {} : { walkTarget }),
        });
      },
      failed: (message) => set({ seekError: message, playing: false }),
      busy: (busy) => set({ seeking: busy }),
    });

    /** The last step that can be shown: the last that ran, or the last of the scenario meanwhile. */
    const lastStep = (): number => {
      const st = get();
      if (st.run.kind === 'done') return st.run.run.results.length - 1;
      return (st.current?.view.steps.length ?? 0) - 1;
    };

    const seekTo = (step: number): Promise<void> => {
      const st = get();
      if (!st.current || st.run.kind !== 'done') return Promise.resolve();
      const to = Math.max(-1, Math.min(lastStep(), Math.trunc(step)));
      if (to !== st.cursor) set({ cursor: to });
      return seeker.request({ step: to, generation: scenarioGen });
    };

    const run = async (gen: number, step?: number): Promise<void> => {
      set({ run: { kind: 'running' } });
      try {
        const r = await engine.runAll();
        if (gen !== generation) return;
        set({ run: { kind: 'done', run: r } });
        await seekTo(step ?? r.results.length - 1);
      } catch (e) {
        if (gen === generation) set({ run: { kind: 'lost', message: errorText(e) } });
      }
    };

    /** A new valid scenario replaces the current one: its snapshot and cursor go with it. */
    const replaceCurrent = (cur: LoadedScenario): void => {
      scenarioGen++;
      seeker.cancel();
      set({ current: cur, problem: null, loading: null, snapshot: null, cursor: -1, seekError: null, playing: false });
    };

    return {
      current: null,
      run: { kind: 'none' },
      loading: null,
      problem: null,
      examples: { kind: 'loading' },
      worker: engine.getStatus(),
      recovery: null,
      theme: deps.theme,
      cursor: -1,
      snapshot: null,
      seeking: false,
      seekError: null,
      lastSeek: null,
      playing: false,
      speed: 5,
      selection: NO_SELECTION,
      viewMode: 'split',
      walkTarget: null,
      editorOpen: false,

      openText: async (text, origin, src = null, opts = {}) => {
        const gen = ++generation;
        set({ loading: { origin } });
        let r;
        try {
          r = await (opts.trusted === true ? engine.load(text, origin, { trusted: true }) : engine.load(text, origin));
        } catch (e) {
          if (gen === generation) problem(origin, errorText(e));
          return;
        }
        if (gen !== generation) return;
        if (!r.ok) {
          problem(origin, `this is not a valid scenario (${r.issues.length === 1 ? '1 problem' : `${r.issues.length} problems`})`, r.issues);
          return;
        }
        replaceCurrent({ origin, src, text, view: r.scenario });
        await run(gen, opts.step);
      },

      openUrl: async (url, origin = url) => {
        const gen = ++generation;
        set({ loading: { origin } });
        const r = await fetchScenarioText(url, fetchFn);
        if (gen !== generation) return;
        if (!r.ok) {
          problem(origin, r.message);
          return;
        }
        await get().openText(r.text, origin, url);
      },

      openFile: async (file) => {
        const origin = `file ${file.name}`;
        const gen = ++generation;
        set({ loading: { origin } });
        const r = await readFileText(file);
        if (gen !== generation) return;
        if (!r.ok) {
          problem(origin, r.message);
          return;
        }
        await get().openText(r.text, origin, null);
      },

      loadExamples: async (indexUrl) => {
        const r = await fetchExamples(indexUrl, fetchFn);
        set({ examples: r.ok ? { kind: 'ok', examples: r.examples } : { kind: 'error', message: r.message } });
      },

      rerun: async () => {
        if (!get().current) return;
        const at = get().cursor;
        scenarioGen++;
        seeker.cancel();
        set({ snapshot: null, playing: false });
        await run(generation, at);
      },

      restartWorker: () => engine.restart(),
      dismissProblem: () => set({ problem: null }),
      dismissRecovery: () => set({ recovery: null }),
      setTheme: (t) => {
        saveTheme(deps.storage, t);
        set({ theme: t });
      },

      seek: (step) => seekTo(step),
      stepBy: (delta) => seekTo(get().cursor + delta),
      setPlaying: (playing) => {
        // Play from the end starts again from the beginning, as media players do.
        if (playing && get().cursor >= lastStep()) void seekTo(-1);
        set({ playing: playing && get().run.kind === 'done' });
      },
      setSpeed: (speed) => set({ speed: Math.max(0.1, speed) }),
      select: (sel) => {
        if (sameSelection(sel, get().selection)) return;
        set(sel.kind === 'address' ? { selection: sel, walkTarget: { space: sel.space, iova: sel.iova } } : { selection: sel });
      },
      setViewMode: (m) => set({ viewMode: m }),
      setWalkTarget: (t) => set({ walkTarget: t }),
      walk: (space, iova) => engine.walk(space, iova),
      setEditorOpen: (open) => set({ editorOpen: open }),
      applyEdit: async (text) => {
        const cur = get().current;
        const origin = cur ? `${cur.origin.replace(/^edited /, '')}` : 'the editor';
        const gen = ++generation;
        let r;
        try {
          r = await engine.load(text, `edited ${origin}`);
        } catch (e) {
          return { ok: false, issues: [{ where: '(worker)', message: errorText(e) }] };
        }
        if (!r.ok) return { ok: false, issues: r.issues };
        if (gen !== generation) return { ok: true };
        const at = get().cursor;
        // Edited text has no address to share: it lives only in this page.
        replaceCurrent({ origin: `edited ${origin}`, src: null, text, view: r.scenario });
        void run(gen, at);
        return { ok: true };
      },
      closeScenario: () => {
        // Answers of loads and seeks in flight are for the scenario being closed: drop them.
        generation++;
        scenarioGen++;
        seeker.cancel();
        set({ current: null, run: { kind: 'none' }, loading: null, problem: null, snapshot: null, cursor: -1, seekError: null, playing: false, selection: NO_SELECTION, walkTarget: null });
      },
      workerStatusChanged: (s) => set({ worker: s }),
      workerRecovered: (e) => {
        set({ recovery: { ...e, at: now() } });
        // The new worker holds the scenario (the client replayed it) but not the run; seeking
        // back to the cursor makes it run and brings its cursor to ours (walks need it there).
        const st = get();
        if (st.current && st.run.kind === 'done') void seeker.request({ step: st.cursor, generation: scenarioGen });
      },
    };
  });
}

function errorText(e: unknown): string {
  if (e instanceof WorkerError) return e.message;
  return e instanceof Error ? e.message : String(e);
}
