// The explorer's state: one vanilla zustand store per explorer instance (no module singleton),
// created with its engine and provided to React through context (ui/StoreContext.tsx).
//
// Loading keeps the current scenario until a new one is valid: a failed fetch, a non-JSON file
// or an invalid scenario only sets `problem`, which names where it came from.

import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { RecoveryEvent, WorkerStatus } from '../worker/client';
import { WorkerError } from '../worker/client';
import type { RunAllResult, ScenarioIssue, ScenarioView } from '../worker/protocol';
import type { SimEngine } from './engine';
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

  readonly openText: (text: string, origin: string, src?: string | null) => Promise<void>;
  readonly openUrl: (url: string, origin?: string) => Promise<void>;
  readonly openFile: (file: File) => Promise<void>;
  readonly loadExamples: (indexUrl: string) => Promise<void>;
  readonly rerun: () => Promise<void>;
  readonly restartWorker: () => void;
  readonly dismissProblem: () => void;
  readonly dismissRecovery: () => void;
  readonly setTheme: (t: Theme) => void;
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

  return createStore<ExplorerState>()((set, get) => {
    const problem = (origin: string, message: string, issues: readonly ScenarioIssue[] = []): void => {
      set({ problem: { origin, message, issues }, loading: null });
    };

    const run = async (gen: number): Promise<void> => {
      set({ run: { kind: 'running' } });
      try {
        const r = await engine.runAll();
        if (gen === generation) set({ run: { kind: 'done', run: r } });
      } catch (e) {
        if (gen === generation) set({ run: { kind: 'lost', message: errorText(e) } });
      }
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

      openText: async (text, origin, src = null) => {
        const gen = ++generation;
        set({ loading: { origin } });
        let r;
        try {
          r = await engine.load(text, origin);
        } catch (e) {
          if (gen === generation) problem(origin, errorText(e));
          return;
        }
        if (gen !== generation) return;
        if (!r.ok) {
          problem(origin, `this is not a valid scenario (${r.issues.length === 1 ? '1 problem' : `${r.issues.length} problems`})`, r.issues);
          return;
        }
        set({ current: { origin, src, text, view: r.scenario }, problem: null, loading: null });
        await run(gen);
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
        await run(generation);
      },

      restartWorker: () => engine.restart(),
      dismissProblem: () => set({ problem: null }),
      dismissRecovery: () => set({ recovery: null }),
      setTheme: (t) => {
        saveTheme(deps.storage, t);
        set({ theme: t });
      },
      workerStatusChanged: (s) => set({ worker: s }),
      workerRecovered: (e) => set({ recovery: { ...e, at: now() } }),
    };
  });
}

function errorText(e: unknown): string {
  if (e instanceof WorkerError) return e.message;
  return e instanceof Error ? e.message : String(e);
}
