// The tour player's state, one small zustand store per explorer (found through the explorer's
// store, so no provider is needed and two explorers on a page each have their own): the picker,
// the catalogue of tours, and the tour being played with its position. Moving in a tour asks
// the explorer for a full state (apply.ts); a newer move supersedes an older one still running.

import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { ExplorerStore } from '../../state/store';
import { applyTourStep } from './apply';
import type { Tour, TourPosition } from './format';
import { positionOf, stepAt, tourLength } from './format';
import type { Loaded } from './load';
import { chapterText, fetchTour, fetchTourNames } from './load';

export interface CatalogEntry {
  readonly name: string;
  readonly tour: Tour | null;
  /** Why the tour cannot be offered (it did not load or validate). */
  readonly problem?: string;
}

export type Catalog =
  | { readonly kind: 'idle' }
  | { readonly kind: 'loading' }
  | { readonly kind: 'ok'; readonly entries: readonly CatalogEntry[] }
  | { readonly kind: 'error'; readonly message: string };

export interface ActiveTour {
  readonly name: string;
  readonly tour: Tour;
  /** The step shown, 0-based over the whole tour. */
  readonly index: number;
}

export interface TourState {
  readonly pickerOpen: boolean;
  readonly catalog: Catalog;
  /** The tour being loaded (before `active` is set). */
  readonly starting: string | null;
  readonly active: ActiveTour | null;
  /** A tour step is being applied. */
  readonly going: boolean;
  /** The last failure (a tour that did not load, a chapter whose scenario did not), until dismissed. */
  readonly problem: string | null;

  readonly openPicker: () => void;
  readonly closePicker: () => void;
  readonly loadCatalog: () => Promise<void>;
  /** Loads tour `name` and goes to its step `index` (0-based, clamped). */
  readonly start: (name: string, index?: number) => Promise<void>;
  readonly go: (index: number) => Promise<void>;
  readonly next: () => Promise<void>;
  readonly prev: () => Promise<void>;
  readonly exit: () => void;
  readonly dismissProblem: () => void;
}

export type TourStore = StoreApi<TourState>;

/** The origin the explorer shows for a chapter's scenario; also how the panel knows it is on screen. */
export function chapterOrigin(name: string, tour: Tour, chapter: number): string {
  return `tour ${name}, chapter ${chapter + 1}: ${tour.chapters[chapter]!.title}`;
}

export function activePosition(a: ActiveTour): TourPosition {
  return positionOf(a.tour, a.index);
}

export function createTourStore(explorer: ExplorerStore, fetchFn: typeof fetch = (i, o) => fetch(i, o)): TourStore {
  // Moves are numbered; an older move's answers are dropped once a newer one started.
  let moves = 0;
  // Chapter texts of the active tour, fetched once each.
  let texts = new Map<number, Promise<Loaded<string>>>();

  return createStore<TourState>()((set, get) => {
    const textOf = (tour: Tour, chapter: number): Promise<Loaded<string>> => {
      let p = texts.get(chapter);
      if (!p) {
        p = chapterText(tour.chapters[chapter]!.scenario, fetchFn);
        texts.set(chapter, p);
        // A failed fetch is not cached: the next move tries again.
        void p.then((r) => { if (!r.ok && texts.get(chapter) === p) texts.delete(chapter); });
      }
      return p;
    };

    const go = async (index: number): Promise<void> => {
      const a = get().active;
      if (!a) return;
      const move = ++moves;
      const pos = positionOf(a.tour, index);
      set({ active: { ...a, index: pos.index }, going: true });
      const text = await textOf(a.tour, pos.chapter);
      if (move !== moves) return;
      if (!text.ok) {
        set({ going: false, problem: text.message });
        return;
      }
      await applyTourStep(
        explorer,
        { text: text.value, origin: chapterOrigin(a.name, a.tour, pos.chapter), step: stepAt(a.tour, pos) },
        () => move !== moves,
      );
      if (move === moves) set({ going: false });
    };

    return {
      pickerOpen: false,
      catalog: { kind: 'idle' },
      starting: null,
      active: null,
      going: false,
      problem: null,

      openPicker: () => {
        set({ pickerOpen: true });
        if (get().catalog.kind === 'idle' || get().catalog.kind === 'error') void get().loadCatalog();
      },
      closePicker: () => set({ pickerOpen: false }),

      loadCatalog: async () => {
        set({ catalog: { kind: 'loading' } });
        const names = await fetchTourNames(fetchFn);
        if (!names.ok) {
          set({ catalog: { kind: 'error', message: names.message } });
          return;
        }
        const entries = await Promise.all(names.value.map(async (name): Promise<CatalogEntry> => {
          const t = await fetchTour(name, fetchFn);
          return t.ok ? { name, tour: t.value } : { name, tour: null, problem: t.message };
        }));
        set({ catalog: { kind: 'ok', entries } });
      },

      start: async (name, index = 0) => {
        const move = ++moves;
        set({ starting: name, pickerOpen: false, problem: null });
        const cached = get().catalog;
        const known = cached.kind === 'ok' ? cached.entries.find((e) => e.name === name)?.tour : undefined;
        const t: Loaded<Tour> = known ? { ok: true, value: known } : await fetchTour(name, fetchFn);
        if (move !== moves) return;
        if (!t.ok) {
          // Shown in the picker, with the tours that do exist (a mistyped ?tour= link lands here).
          set({ starting: null, problem: t.message, pickerOpen: true });
          if (get().catalog.kind === 'idle') void get().loadCatalog();
          return;
        }
        texts = new Map();
        set({ starting: null, active: { name, tour: t.value, index: 0 } });
        await go(Math.max(0, Math.min(tourLength(t.value) - 1, index)));
      },

      go,
      next: async () => {
        const a = get().active;
        if (a && a.index < tourLength(a.tour) - 1) await go(a.index + 1);
      },
      prev: async () => {
        const a = get().active;
        if (a && a.index > 0) await go(a.index - 1);
      },
      exit: () => {
        moves++;
        texts = new Map();
        set({ active: null, going: false, starting: null });
      },
      dismissProblem: () => set({ problem: null }),
    };
  });
}

// One tour store per explorer store: found from the explorer's store wherever that is in reach.
const stores = new WeakMap<ExplorerStore, TourStore>();

export function tourStoreFor(explorer: ExplorerStore): TourStore {
  let s = stores.get(explorer);
  if (!s) {
    s = createTourStore(explorer);
    stores.set(explorer, s);
  }
  return s;
}
