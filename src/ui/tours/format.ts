// The tour format, version 1 (public/tours/<name>.json): a guided tour is one or more chapters,
// each a scenario (a file of public/scenarios, or embedded whole) with narrated steps. A tour
// step names a step of that scenario (`at`, the index in the expanded step list, -1 = before
// the first step) and what to look at there: the view mode, the selection (the view model's ids,
// src/core/view/ids.ts) and optionally the address map's window. Playing a tour step seeks the
// explorer to that step's full state; it never patches the state on screen.
//
// Pure (no DOM, no React): the Node tests validate every tour with the same code the page uses.
// Unknown keys are refused everywhere, so a typo ("selct") is an error, not a silent no-op.

import * as v from 'valibot';
import { parseU64 } from '../../core/u64';
import type { Selection } from '../../state/selection';

export const TOUR_FORMAT = 'iova-atlas.tour';
export const TOUR_VERSION = 1;

/** Tour names are file names in public/tours (no path, no dots: safe in a URL and a fetch). */
export const TOUR_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** A referenced scenario is a file directly in public/scenarios. */
const SCENARIO_FILE = /^[a-z0-9][a-z0-9._-]{0,95}\.json$/;

export type TourView = 'split' | 'graph' | 'map';

export interface TourQuote {
  readonly text: string;
  /** Who wrote it, and where/when ("Alex Williamson, 12 Aug 2016"). */
  readonly who: string;
}

export interface TourStep {
  /** The scenario step shown (index in the expanded step list; -1: before the first step). */
  readonly at: number;
  /** The narration: 2-5 sentences, plain text (rendered as text, never HTML). */
  readonly text: string;
  readonly view: TourView;
  /** What the narration points at; `none` means "the step itself" (the inspector shows its result). */
  readonly select: Selection;
  /** The address map's window [first, last], when the narration needs one. */
  readonly window?: { readonly first: bigint; readonly last: bigint };
  readonly quote?: TourQuote;
  /** The kernel function(s) that decide what the step shows ("drivers/vfio/container.c: vfio_group_detach_container"). */
  readonly source?: string;
}

export type ChapterScenario = { readonly kind: 'file'; readonly file: string } | { readonly kind: 'embedded'; readonly doc: Record<string, unknown> };

export interface TourChapter {
  readonly title: string;
  readonly scenario: ChapterScenario;
  readonly steps: readonly TourStep[];
}

export interface Tour {
  readonly title: string;
  /** One line for the tour picker's card. */
  readonly summary: string;
  /** The seed threads it tells (file prefixes of /work/shared/seeds: "004"). */
  readonly seeds: readonly string[];
  /** The thread(s), in words: subject, list, date. */
  readonly thread?: string;
  readonly chapters: readonly TourChapter[];
}

export interface TourIssue {
  readonly where: string;
  readonly message: string;
}

export type TourParse = { readonly ok: true; readonly tour: Tour } | { readonly ok: false; readonly issues: readonly TourIssue[] };

// ---------------------------------------------------------------- schema

const text = (max: number) => v.pipe(v.string(), v.minLength(1, 'cannot be empty'), v.maxLength(max, `at most ${max} characters`));

const u64 = v.pipe(
  v.unknown(),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const r = parseU64(dataset.value);
    if (!r.ok) {
      addIssue({ message: r.message });
      return NEVER;
    }
    return r.value;
  }),
);

const selectionSchema = v.variant('kind', [
  v.strictObject({ kind: v.literal('none') }),
  v.strictObject({ kind: v.literal('node'), id: text(200) }),
  v.strictObject({ kind: v.literal('range'), space: text(200), first: u64, last: u64 }),
  v.strictObject({ kind: v.literal('address'), space: text(200), iova: u64 }),
]);

const stepSchema = v.strictObject({
  at: v.pipe(v.number(), v.integer('an integer step index'), v.minValue(-1, 'at least -1 (before the first step)')),
  text: text(900),
  view: v.optional(v.picklist(['split', 'graph', 'map'], 'one of split, graph, map'), 'split'),
  select: selectionSchema,
  window: v.optional(v.strictObject({ first: u64, last: u64 })),
  quote: v.optional(v.strictObject({ text: text(500), who: text(120) })),
  source: v.optional(text(200)),
});

const chapterSchema = v.strictObject({
  title: text(120),
  scenario: v.union([
    v.pipe(v.string(), v.regex(SCENARIO_FILE, 'a file name in public/scenarios ("seed004-last-group-leaves.json")')),
    v.looseObject({ format: v.literal('iova-atlas.scenario') }),
  ], 'a scenario file name in public/scenarios, or an embedded scenario object'),
  steps: v.pipe(v.array(stepSchema), v.minLength(1, 'a chapter has at least one step'), v.maxLength(200)),
});

const tourSchema = v.strictObject({
  format: v.literal(TOUR_FORMAT, `"format" must be "${TOUR_FORMAT}"`),
  version: v.literal(TOUR_VERSION, `"version" must be ${TOUR_VERSION} (the only tour format so far)`),
  title: text(120),
  summary: text(200),
  seeds: v.pipe(v.array(v.pipe(v.string(), v.regex(/^\d{3}$/, 'a seed thread number such as "004"'))), v.maxLength(8)),
  thread: v.optional(text(400)),
  chapters: v.pipe(v.array(chapterSchema), v.minLength(1, 'a tour has at least one chapter'), v.maxLength(20)),
});

function where(issue: v.BaseIssue<unknown>): string {
  const path = issue.path ?? [];
  let out = '';
  for (const p of path) {
    const k = (p as { key?: unknown }).key;
    out += typeof k === 'number' ? `[${k}]` : out ? `.${String(k)}` : String(k);
  }
  return out || '(tour)';
}

/** Validates a parsed JSON value as a tour; every problem comes back with where it is. */
export function parseTour(doc: unknown): TourParse {
  const r = v.safeParse(tourSchema, doc);
  if (!r.success) return { ok: false, issues: r.issues.slice(0, 20).map((i) => ({ where: where(i), message: i.message })) };
  const o = r.output;
  const issues: TourIssue[] = [];
  const chapters = o.chapters.map((c, ci): TourChapter => ({
    title: c.title,
    scenario: typeof c.scenario === 'string' ? { kind: 'file', file: c.scenario } : { kind: 'embedded', doc: c.scenario as Record<string, unknown> },
    steps: c.steps.map((s, si): TourStep => {
      if (s.window && s.window.first > s.window.last) issues.push({ where: `chapters[${ci}].steps[${si}].window`, message: 'first is above last' });
      if (s.select.kind === 'range' && s.select.first > s.select.last) issues.push({ where: `chapters[${ci}].steps[${si}].select`, message: 'first is above last' });
      return {
        at: s.at, text: s.text, view: s.view, select: s.select as Selection,
        ...(s.window ? { window: s.window } : {}),
        ...(s.quote ? { quote: s.quote } : {}),
        ...(s.source ? { source: s.source } : {}),
      };
    }),
  }));
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, tour: { title: o.title, summary: o.summary, seeds: o.seeds, ...(o.thread ? { thread: o.thread } : {}), chapters } };
}

export function parseTourText(json: string): TourParse {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch (e) {
    return { ok: false, issues: [{ where: '(json)', message: `not JSON (${e instanceof Error ? e.message : String(e)})` }] };
  }
  return parseTour(doc);
}

// ---------------------------------------------------------------- positions

/** A tour step by its place: the chapter, the step in it, and the step's number in the whole tour. */
export interface TourPosition {
  readonly chapter: number;
  readonly step: number;
  /** 0-based index over the whole tour. */
  readonly index: number;
}

export function tourLength(t: Tour): number {
  return t.chapters.reduce((n, c) => n + c.steps.length, 0);
}

/** The position of the `index`-th step of the whole tour (clamped into the tour). */
export function positionOf(t: Tour, index: number): TourPosition {
  const last = tourLength(t) - 1;
  let k = Math.max(0, Math.min(last, Math.trunc(index)));
  const at = k;
  for (let c = 0; c < t.chapters.length; c++) {
    const n = t.chapters[c]!.steps.length;
    if (k < n) return { chapter: c, step: k, index: at };
    k -= n;
  }
  return { chapter: t.chapters.length - 1, step: t.chapters[t.chapters.length - 1]!.steps.length - 1, index: last };
}

/** The whole-tour index of the first step of chapter `c`. */
export function chapterStart(t: Tour, c: number): number {
  let n = 0;
  for (let i = 0; i < c && i < t.chapters.length; i++) n += t.chapters[i]!.steps.length;
  return n;
}

export function stepAt(t: Tour, p: TourPosition): TourStep {
  return t.chapters[p.chapter]!.steps[p.step]!;
}
