// Getting tours from the server: the list (public/tours/index.json: the tours in the order the
// picker shows them), a tour file, and the scenario text of a chapter (a file of
// public/scenarios, fetched once per tour, or the embedded scenario written out as JSON).

import { fetchScenarioText } from '../../state/sources';
import type { ChapterScenario, Tour } from './format';
import { TOUR_NAME } from './format';

const BASE = import.meta.env.BASE_URL;
export const TOURS_INDEX = `${BASE}tours/index.json`;

export const tourUrl = (name: string): string => `${BASE}tours/${name}.json`;
export const scenarioUrl = (file: string): string => `${BASE}scenarios/${file}`;

export type Loaded<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/** The tour names listed by public/tours/index.json ({ "tours": ["first-steps", ...] }). */
export async function fetchTourNames(fetchFn: typeof fetch = fetch): Promise<Loaded<string[]>> {
  const r = await fetchScenarioText(TOURS_INDEX, fetchFn);
  if (!r.ok) return { ok: false, message: `the list of tours is unavailable: ${r.message}` };
  try {
    const doc = JSON.parse(r.text) as { tours?: unknown };
    if (!Array.isArray(doc.tours)) return { ok: false, message: 'the list of tours has no "tours" array' };
    return { ok: true, value: doc.tours.filter((n): n is string => typeof n === 'string' && TOUR_NAME.test(n)) };
  } catch (e) {
    return { ok: false, message: `the list of tours is not JSON (${e instanceof Error ? e.message : String(e)})` };
  }
}

export async function fetchTour(name: string, fetchFn: typeof fetch = fetch): Promise<Loaded<Tour>> {
  if (!TOUR_NAME.test(name)) return { ok: false, message: `"${name.slice(0, 40)}" is not a tour name (lowercase letters, digits and dashes)` };
  const r = await fetchScenarioText(tourUrl(name), fetchFn);
  if (!r.ok) return { ok: false, message: `tour "${name}" could not be loaded: ${r.message}` };
  // The validator (valibot and the schema) loads with the first tour, not with the page; a
  // chunk that cannot be fetched (a redeploy, the network) is said, not left hanging.
  let parseTourText: (json: string) => import('./format').TourParse;
  try {
    ({ parseTourText } = await import('./parseTour'));
  } catch (e) {
    return { ok: false, message: `tour "${name}" could not be read: its validator did not load (${e instanceof Error ? e.message : String(e)})` };
  }
  const t = parseTourText(r.text);
  if (!t.ok) return { ok: false, message: `tour "${name}" is not a valid tour: ${t.issues.map((i) => `${i.where}: ${i.message}`).join('; ')}` };
  return { ok: true, value: t.tour };
}

/** The scenario text of a chapter: what the explorer opens. */
export async function chapterText(sc: ChapterScenario, fetchFn: typeof fetch = fetch): Promise<Loaded<string>> {
  switch (sc.kind) {
    case 'embedded':
      return { ok: true, value: JSON.stringify(sc.doc, null, 2) };
    case 'file': {
      const r = await fetchScenarioText(scenarioUrl(sc.file), fetchFn);
      return r.ok ? { ok: true, value: r.text } : { ok: false, message: `scenario ${sc.file} could not be loaded: ${r.message}` };
    }
    default: {
      const never: never = sc;
      return never;
    }
  }
}
