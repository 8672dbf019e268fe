// Getting scenario text from where the user points: a URL (?src=, the examples) or a local file.
// Every failure becomes one sentence naming the place, for the load-problem panel.

export type Fetched = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly message: string };

/** Larger inputs are refused before reading them whole (the parser's own limit is 8 MiB). */
export const MAX_SOURCE_BYTES = 8 * 1024 * 1024;

export async function fetchScenarioText(url: string, fetchFn: typeof fetch = fetch): Promise<Fetched> {
  let res: Response;
  try {
    res = await fetchFn(url, { cache: 'no-cache' });
  } catch (e) {
    return { ok: false, message: `could not fetch it (${e instanceof Error ? e.message : String(e)}); is the address right and reachable from this page?` };
  }
  if (!res.ok) return { ok: false, message: `the server answered HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}` };
  const length = Number(res.headers.get('content-length') ?? '0');
  if (length > MAX_SOURCE_BYTES) return { ok: false, message: `it is ${(length / 1e6).toFixed(1)} MB; the limit is 8 MiB` };
  const type = res.headers.get('content-type') ?? '';
  let text: string;
  try {
    text = await res.text();
  } catch (e) {
    return { ok: false, message: `reading the response failed (${e instanceof Error ? e.message : String(e)})` };
  }
  // Dev servers and static hosts answer unknown paths with the app's own index.html.
  if (type.includes('text/html') || /^\s*<(!doctype|html)/i.test(text)) {
    return { ok: false, message: 'the server answered with an HTML page, not a scenario file (is the path right?)' };
  }
  return { ok: true, text };
}

export async function readFileText(file: File): Promise<Fetched> {
  if (file.size > MAX_SOURCE_BYTES) return { ok: false, message: `it is ${(file.size / 1e6).toFixed(1)} MB; the limit is 8 MiB` };
  try {
    return { ok: true, text: await file.text() };
  } catch (e) {
    return { ok: false, message: `could not read it (${e instanceof Error ? e.message : String(e)})` };
  }
}

/** One entry of the built-in examples list (served at /scenarios/index.json, see vite.config.ts). */
export interface ExampleEntry {
  readonly file: string;
  readonly url: string;
  readonly title: string;
  readonly description?: string;
  readonly platform?: string;
  readonly steps?: number;
}

export async function fetchExamples(url: string, fetchFn: typeof fetch = fetch): Promise<{ ok: true; examples: ExampleEntry[] } | { ok: false; message: string }> {
  const r = await fetchScenarioText(url, fetchFn);
  if (!r.ok) return r;
  try {
    const doc = JSON.parse(r.text) as { examples?: unknown };
    if (!Array.isArray(doc.examples)) return { ok: false, message: 'the examples index has no "examples" list' };
    const examples = doc.examples.filter(isEntry);
    return { ok: true, examples };
  } catch (e) {
    return { ok: false, message: `the examples index is not JSON (${e instanceof Error ? e.message : String(e)})` };
  }
}

function isEntry(x: unknown): x is ExampleEntry {
  if (typeof x !== 'object' || x === null) return false;
  const e = x as Record<string, unknown>;
  return typeof e.file === 'string' && typeof e.url === 'string' && typeof e.title === 'string';
}
