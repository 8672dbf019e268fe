// Validation of the tour format (format.ts): the schema, and every problem with where it is.
// Its own module so that valibot and the schema load only when a tour is opened (load.ts).
// Pure (no DOM, no React): the Node tests validate every tour with the same code the page uses.
// Unknown keys are refused everywhere, so a typo ("selct") is an error, not a silent no-op.

import * as v from 'valibot';
import { u64Schema } from '../../core/scenario/u64-schema';
import type { Selection } from '../../state/selection';
import { SCENARIO_FILE, TOUR_FORMAT, TOUR_VERSION } from './format';
import type { TourChapter, TourIssue, TourParse, TourStep } from './format';

const text = (max: number) => v.pipe(v.string(), v.minLength(1, 'cannot be empty'), v.maxLength(max, `at most ${max} characters`));

const u64 = u64Schema;

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
