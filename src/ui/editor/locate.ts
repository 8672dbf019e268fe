// Where an issue is in the text: the parser names it by path (`steps[4].iova`, `devices[1].group`)
// or, for a syntax error, by line and column; the raw editor needs an offset to put the caret on.
// A small JSON scanner walks the text down that path (skipping everything else without building
// values), so it works on multi-megabyte scenarios and keeps the text's own positions. Pure.

import type { ScenarioIssue } from '../../core/scenario/types';

export type PathSeg = string | number;

/** `steps[4].allowed_iovas[0].start` -> ['steps', 4, 'allowed_iovas', 0, 'start']; null for `(json)` and `(file)`. */
export function parseWhere(where: string): PathSeg[] | null {
  if (where === '(document)') return [];
  if (where.startsWith('(')) return null;
  const out: PathSeg[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(where)) !== null) out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

export interface TextRange {
  readonly start: number;
  readonly end: number;
}

export interface Located extends TextRange {
  /** How many path segments were found (fewer when a field is missing: the range is its parent). */
  readonly depth: number;
}

/**
 * The range of the value at `path` (for an object member, from its key to the end of its value),
 * or of the deepest part of the path that exists. `from` starts the walk at a known value (a
 * step's offset from `stepOffsets`), with `path` relative to it.
 */
export function locatePath(text: string, path: readonly PathSeg[], from?: number): Located {
  const root = skipWs(text, from ?? 0);
  let range: TextRange = { start: root, end: safeSkipValue(text, root) };
  let at = root;
  let depth = 0;
  for (const seg of path) {
    const found = typeof seg === 'number' ? arrayElement(text, at, seg) : objectMember(text, at, seg);
    if (!found) break;
    range = { start: found.keyStart, end: found.end };
    at = found.valueStart;
    depth++;
  }
  return { ...range, depth };
}

/** The start offset of every element of the top-level "steps" list ([] when there is none). */
export function stepOffsets(text: string): number[] {
  const root = skipWs(text, 0);
  const steps = objectMember(text, root, 'steps');
  if (!steps || text[steps.valueStart] !== '[') return [];
  const out: number[] = [];
  let i = skipWs(text, steps.valueStart + 1);
  if (text[i] === ']') return out;
  while (i < text.length) {
    out.push(i);
    i = skipWs(text, skipValue(text, i));
    if (text[i] !== ',') break;
    i = skipWs(text, i + 1);
  }
  return out;
}

/** Where to put the caret for an issue: its value's range, or a syntax error's position. */
export function issueRange(text: string, issue: ScenarioIssue, offsets?: readonly number[]): TextRange {
  const path = parseWhere(issue.where);
  if (path === null) {
    const at = syntaxErrorOffset(text, issue.message);
    return { start: at, end: at };
  }
  if (path[0] === 'steps' && typeof path[1] === 'number' && offsets && offsets[path[1]] !== undefined) {
    const r = locatePath(text, path.slice(2), offsets[path[1]]);
    return { start: r.start, end: r.end };
  }
  const r = locatePath(text, path);
  return { start: r.start, end: r.end };
}

/** The parser's "malformed JSON at line L, column C" as an offset; the end when it has none. */
export function syntaxErrorOffset(text: string, message: string): number {
  const m = /line (\d+), column (\d+)/.exec(message);
  if (!m) return /empty/.test(message) ? 0 : text.length;
  return lineColToOffset(text, Number(m[1]), Number(m[2]));
}

export function lineColToOffset(text: string, line: number, col: number): number {
  let at = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', at);
    if (nl < 0) return text.length;
    at = nl + 1;
  }
  return Math.min(text.length, at + Math.max(0, col - 1));
}

/** 1-based line of an offset. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * Integer literals past 2^53 quoted as strings, textually: JSON.parse would round them, and
 * 64-bit values are strings in the format anyway. Everything else is left byte for byte.
 */
export function quoteLargeNumbers(text: string): string {
  let out = '';
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      i = skipString(text, i) - 1;
      continue;
    }
    if (c !== '-' && (c < '0' || c > '9')) continue;
    const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) continue;
    const tok = m[0];
    if (m[1] === undefined && m[2] === undefined && !Number.isSafeInteger(Number(tok))) {
      out += text.slice(last, i) + `"${tok}"`;
      last = i + tok.length;
    }
    i += tok.length - 1;
  }
  return out + text.slice(last);
}

// ---------------------------------------------------------------- scanner

interface Member {
  readonly keyStart: number;
  readonly valueStart: number;
  readonly end: number;
}

function objectMember(text: string, at: number, key: string): Member | null {
  if (text[at] !== '{') return null;
  let i = skipWs(text, at + 1);
  while (i < text.length && text[i] === '"') {
    const keyStart = i;
    const keyEnd = skipString(text, i);
    const name = keyText(text.slice(keyStart, keyEnd));
    i = skipWs(text, keyEnd);
    if (text[i] !== ':') return null;
    const valueStart = skipWs(text, i + 1);
    const end = skipValue(text, valueStart);
    if (name === key) return { keyStart, valueStart, end };
    i = skipWs(text, end);
    if (text[i] !== ',') return null;
    i = skipWs(text, i + 1);
  }
  return null;
}

function arrayElement(text: string, at: number, index: number): Member | null {
  if (text[at] !== '[') return null;
  let i = skipWs(text, at + 1);
  for (let n = 0; i < text.length && text[i] !== ']'; n++) {
    const end = skipValue(text, i);
    if (n === index) return { keyStart: i, valueStart: i, end };
    i = skipWs(text, end);
    if (text[i] !== ',') return null;
    i = skipWs(text, i + 1);
  }
  return null;
}

function keyText(quoted: string): string {
  if (!quoted.includes('\\')) return quoted.slice(1, -1);
  try {
    return JSON.parse(quoted) as string;
  } catch {
    return quoted.slice(1, -1);
  }
}

function skipWs(text: string, i: number): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
    i++;
  }
  return i;
}

/** The offset just past the string starting at `i` (a quote). */
function skipString(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text[j];
    if (c === '\\') j++;
    else if (c === '"') return j + 1;
  }
  return text.length;
}

/** The offset just past the value starting at `i`. Tolerates malformed text (stops at its end). */
function skipValue(text: string, i: number): number {
  const c = text[i];
  if (c === '"') return skipString(text, i);
  if (c === '{' || c === '[') {
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const d = text[j];
      if (d === '"') j = skipString(text, j) - 1;
      else if (d === '{' || d === '[') depth++;
      else if (d === '}' || d === ']') {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    return text.length;
  }
  let j = i;
  while (j < text.length && !',}] \n\r\t'.includes(text[j]!)) j++;
  return j;
}

function safeSkipValue(text: string, i: number): number {
  return i >= text.length ? text.length : skipValue(text, i);
}
