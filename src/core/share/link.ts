// Scenario links: the URL fragment that reopens what is on screen (the scenario, the step, the
// selection and the view). encodeLink writes the current version; decodeLink reads every version
// (versions.ts), validates the scenario with the same parser as files, and never throws: a
// truncated, damaged, oversized or hostile link comes back as a message saying what is wrong.

import { deflateSync } from 'fflate';
import type { Scenario, ScenarioIssue } from '../scenario/types';
import { toBase64Url } from './base64url';
import { encodeBodyV1, encodeDocV1 } from './body-v1';
import type { ScenarioDoc } from './canonical';
import { canonicalFromScenario, canonicalFromText, canonicalFromValue, docToFileText } from './canonical';
import { crc32 } from './crc32';
import { DEFLATE_DICT_V1 } from './deflate-dict-v1';
import type { LinkFailure } from './errors';
import { linkFailure } from './errors';
import { depthOver, MAX_JSON_DEPTH } from './json';
import type { LinkSelection, LinkView, LinkWarning } from './state';
import { readSelection, readStep, readView, selectionToJson, viewToJson } from './state';
import { formatBytes } from './inflate';
import { decodeVersioned, LINK_VERSION, MAX_LINK_BODY_BYTES, MAX_LINK_CHARS } from './versions';

/** Links up to this long survive chat clients and issue trackers (reference §4). */
export const LINK_SAFE_CHARS = 2000;
/** Links up to this long open in every browser and server log (RFC 9110 recommends >= 8000). */
export const LINK_COMPATIBLE_CHARS = 8000;

/** A scenario made ready for encoding: canonical, validated, its part of the body built once. */
export class PreparedScenario {
  /** @internal use prepareScenario */
  constructor(readonly doc: ScenarioDoc, readonly scenario: Scenario, readonly docPart: Uint8Array) {}
}

/** Why encodeLink could not make a link: the scenario is invalid, or too large for any link. */
export class LinkEncodeError extends Error {
  constructor(readonly reason: 'invalid-scenario' | 'too-large', message: string, readonly issues: readonly ScenarioIssue[] = []) {
    super(message);
  }

  static invalid(issues: readonly ScenarioIssue[]): LinkEncodeError {
    const first = issues[0] ? `${issues[0].where}: ${issues[0].message}` : 'unknown problem';
    return new LinkEncodeError('invalid-scenario', `the scenario is not valid, so it cannot be shared: ${first}`, issues);
  }
}

/**
 * Validates and canonicalizes a scenario once, for encoding many links (one per step or
 * selection change). Text keeps macros as written; a parsed Scenario gives its primitive steps.
 * Throws LinkEncodeError when the scenario is not valid.
 */
export function prepareScenario(scenario: Scenario | string): PreparedScenario {
  let doc: ScenarioDoc;
  let parsed: Scenario;
  if (typeof scenario === 'string') {
    const c = canonicalFromText(scenario);
    if (!c.ok) throw LinkEncodeError.invalid(c.issues);
    doc = c.doc;
    parsed = c.scenario;
  } else {
    doc = canonicalFromScenario(scenario);
    parsed = scenario;
  }
  return new PreparedScenario(doc, parsed, encodeDocV1(doc));
}

export interface LinkState {
  readonly scenario: Scenario | string | PreparedScenario;
  /** The step shown: -1 (before the first) to the last; absent opens at the last step. */
  readonly step?: number;
  readonly selection?: LinkSelection;
  readonly view?: LinkView;
}

/**
 * The fragment, "#s=1.<payload>", in the current version. Throws LinkEncodeError when the
 * scenario is invalid, or when the link could not be opened again (its body over
 * MAX_LINK_BODY_BYTES or the fragment over MAX_LINK_CHARS): offer the file instead.
 */
export function encodeLink(state: LinkState): string {
  const prepared = state.scenario instanceof PreparedScenario ? state.scenario : prepareScenario(state.scenario);
  const tail = [state.step ?? null, selectionToJson(state.selection), viewToJson(state.view)];
  while (tail.length > 0 && tail[tail.length - 1] === null) tail.pop();
  const body = encodeBodyV1(prepared.docPart, tail);
  if (body.length > MAX_LINK_BODY_BYTES) {
    throw new LinkEncodeError('too-large', `the scenario takes ${formatBytes(body.length)} in a link, more than the ${formatBytes(MAX_LINK_BODY_BYTES)} a link may hold; share it as a file`);
  }
  const packed = deflateSync(body, { level: 9, mem: 8, dictionary: DEFLATE_DICT_V1 });
  const out = new Uint8Array(4 + packed.length);
  const c = crc32(body);
  out[0] = c >>> 24;
  out[1] = (c >>> 16) & 0xff;
  out[2] = (c >>> 8) & 0xff;
  out[3] = c & 0xff;
  out.set(packed, 4);
  const link = `#s=${LINK_VERSION}.${toBase64Url(out)}`;
  if (link.length > MAX_LINK_CHARS) {
    throw new LinkEncodeError('too-large', `the link would be ${link.length} characters, more than the ${MAX_LINK_CHARS} a browser keeps; share the scenario as a file`);
  }
  return link;
}

export interface LinkOpened {
  readonly ok: true;
  /** The link version it was written in. */
  readonly version: number;
  readonly scenario: Scenario;
  /** The scenario as canonical file text (macros as written): what the explorer opens. */
  readonly text: string;
  readonly doc: ScenarioDoc;
  readonly step: number;
  readonly selection: LinkSelection;
  readonly view: LinkView;
  /** Parts of the link that were dropped or adjusted; the rest opened. */
  readonly warnings: readonly LinkWarning[];
}

export type LinkDecoded = LinkOpened | LinkFailure;

/**
 * Reads a fragment ("#s=...", "s=...", "#json=...", or a whole URL with one). Never throws.
 * Whitespace inside the payload (a link wrapped by a mail client) is ignored; other fragment
 * parameters are left to the page and only noted in `warnings`.
 */
export function decodeLink(fragment: string): LinkDecoded {
  try {
    return decode(fragment);
  } catch (e) {
    // Every path above is meant to return a message; this is the last guard for the user's work,
    // and the fuzz tests fail if it ever fires.
    return linkFailure('corrupted', `The link could not be read (internal error: ${e instanceof Error ? e.message : String(e)}).`);
  }
}

function decode(fragment: string): LinkDecoded {
  if (typeof fragment !== 'string') return linkFailure('empty', 'The link is empty.');
  if (fragment.length > MAX_LINK_CHARS) {
    return linkFailure('too-large', `The link is too large: ${fragment.length} characters (the limit is ${MAX_LINK_CHARS}); share the scenario as a file instead.`);
  }
  const hash = fragment.indexOf('#');
  let frag = hash >= 0 ? fragment.slice(hash + 1) : fragment;
  frag = frag.trim();
  if (frag.length === 0) return linkFailure('empty', 'The link is empty: it holds no scenario.');
  const warnings: LinkWarning[] = [];
  let found: { version: number; payload: string } | undefined;
  for (const part of frag.split('&')) {
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    if ((key === 's' || key === 'json') && found) {
      warnings.push({ where: key, message: `a second scenario part ("${key}=") was ignored` });
    } else if (key === 's') {
      const m = /^(\d{1,9})\.(.*)$/s.exec(value);
      if (!m) return linkFailure(value.length === 0 ? 'truncated' : 'corrupted', 'The link is damaged: its scenario part does not start with a version marker like "1.".', 'link, character 1');
      const version = Number(m[1]);
      // Version 0 has its own form (#json=); "s=0." was never written.
      if (version === 0) return linkFailure('unknown-version', 'The link says it is version 0, which no iova-atlas wrote in this form (version 0 links are "#json=...").');
      found = { version, payload: cleanPayload(m[2]!) };
    } else if (key === 'json') {
      found = { version: 0, payload: cleanPayload(value) };
    } else if (key.length > 0) {
      warnings.push({ where: key.slice(0, 40), message: `the fragment part "${key.slice(0, 40)}" is not part of a scenario link and was left alone` });
    }
  }
  if (!found) return linkFailure('not-a-link', 'The link holds no scenario: a scenario link has "#s=" (or "#json=") in it.');

  const d = decodeVersioned(found.version, found.payload);
  if (!d.ok) return d;
  const { record } = d;
  if (depthOver(record.selection, MAX_JSON_DEPTH) || depthOver(record.view, MAX_JSON_DEPTH)) {
    return linkFailure('corrupted', `The link is damaged: its selection or view nests more than ${MAX_JSON_DEPTH} levels deep.`, 'link body');
  }
  const c = canonicalFromValue(record.doc);
  if (!c.ok) {
    const first = c.issues[0];
    const where = first?.where ?? '(document)';
    const what = first ? describeIssue(first) : 'unknown problem';
    return linkFailure('invalid-scenario', `The link's scenario is not valid: ${what}.`, where, c.issues);
  }
  const step = readStep(record.step, c.scenario.steps.length, warnings);
  const selection = readSelection(record.selection, warnings);
  const view = readView(record.view, warnings);
  return { ok: true, version: found.version, scenario: c.scenario, text: docToFileText(c.doc), doc: c.doc, step, selection, view, warnings };
}

/** "step 4, field iova: ..." for a step issue; the path otherwise. */
function describeIssue(i: ScenarioIssue): string {
  if (i.step !== undefined) return `step ${i.step}${i.field ? `, field ${i.field}` : ''}: ${i.message}`;
  return `${i.where}: ${i.message}`;
}

/** Drops whitespace (line wrapping) and undoes percent-encoding some clients add. */
function cleanPayload(p: string): string {
  let s = p.replace(/\s+/g, '');
  if (s.includes('%')) {
    try {
      s = decodeURIComponent(s);
    } catch {
      // Left as is: the base64url decoder names the '%'.
    }
  }
  return s;
}
