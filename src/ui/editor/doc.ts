// The editor's document model: the scenario as plain JSON (exactly what the file holds), not
// the parsed Scenario. Forms read and write these raw values, so what the user typed (an
// invalid "0xZZ", a half-written handle name) stays in the draft and the parser reports it,
// instead of being lost in a conversion. Pure: no DOM, no React.

import { OPS, isOpName } from '../../core/scenario/ops';

export type Json = null | boolean | number | string | readonly Json[] | JsonObject;
export interface JsonObject {
  readonly [key: string]: Json;
}

export type DocRead =
  | { readonly ok: true; readonly root: JsonObject; readonly steps: readonly JsonObject[] | readonly Json[] }
  | { readonly ok: false; readonly kind: 'syntax' | 'shape' | 'inexact'; readonly message: string; readonly paths?: readonly string[] };

/** Parses the text for the forms. Refuses what the forms could not edit without losing anything. */
export function readDoc(text: string): DocRead {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (e) {
    return { ok: false, kind: 'syntax', message: e instanceof Error ? e.message : String(e) };
  }
  if (!isObject(root)) return { ok: false, kind: 'shape', message: 'the document is not a JSON object' };
  if (root.steps !== undefined && !Array.isArray(root.steps)) return { ok: false, kind: 'shape', message: '"steps" is not a list' };
  if (root.devices !== undefined && !Array.isArray(root.devices)) return { ok: false, kind: 'shape', message: '"devices" is not a list' };
  // JSON.parse rounds integers past 2^53; writing the document back would silently change
  // them, so the forms refuse it (the raw view can quote them first, textually and exactly).
  const inexact = inexactNumbers(root, '');
  if (inexact.length > 0) {
    return {
      ok: false, kind: 'inexact', paths: inexact,
      message: `${inexact.length === 1 ? 'a number is' : `${inexact.length} numbers are`} too large to be exact in JSON (${inexact.slice(0, 3).join(', ')}${inexact.length > 3 ? ', …' : ''}); 64-bit values are written as strings`,
    };
  }
  return { ok: true, root, steps: (root.steps ?? []) as readonly Json[] };
}

/** 2-space JSON, the spelling of the example files; a final newline when the original had one. */
export function writeDoc(root: JsonObject, trailingNewline: boolean): string {
  return JSON.stringify(root, null, 2) + (trailingNewline ? '\n' : '');
}

export function isObject(x: unknown): x is JsonObject {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function inexactNumbers(x: unknown, path: string, out: string[] = []): string[] {
  if (out.length >= 20) return out;
  if (typeof x === 'number') {
    if (Number.isInteger(x) && !Number.isSafeInteger(x)) out.push(path || '(document)');
  } else if (Array.isArray(x)) {
    x.forEach((v, i) => inexactNumbers(v, `${path}[${i}]`, out));
  } else if (isObject(x)) {
    for (const [k, v] of Object.entries(x)) inexactNumbers(v, path ? `${path}.${k}` : k, out);
  }
  return out;
}

// ---------------------------------------------------------------- key order

const DOC_ORDER = ['format', 'version', 'title', 'description', 'platform', 'platform_overrides', 'kernel', 'devices', 'steps'];
const DEVICE_ORDER = ['id', 'bdf', 'group', 'kind', 'parent', 'max_pasids', 'label'];

/** The order a step's keys are written in: op, the uAPI fields in table order, then as, expect, note. */
export function stepKeyOrder(op: unknown): readonly string[] {
  const fields = typeof op === 'string' && isOpName(op) ? Object.keys(OPS[op].fields) : [];
  return ['op', ...fields, 'as', 'expect', 'note'];
}

export const docKeyOrder = (): readonly string[] => DOC_ORDER;
export const deviceKeyOrder = (): readonly string[] => DEVICE_ORDER;

/**
 * Sets (or, with undefined, removes) one key. An existing key keeps its place; a new one goes
 * where `order` puts it among the keys already there (unknown keys stay last), so the JSON
 * reads like a hand-written file.
 */
export function setKey(obj: JsonObject, key: string, value: Json | undefined, order: readonly string[]): JsonObject {
  if (value === undefined) {
    if (!(key in obj)) return obj;
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(obj)) if (k !== key) out[k] = v;
    return out;
  }
  if (key in obj) {
    if (obj[key] === value) return obj;
    return { ...obj, [key]: value };
  }
  const rank = (k: string): number => {
    const i = order.indexOf(k);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  const mine = rank(key);
  const out: Record<string, Json> = {};
  let placed = false;
  for (const [k, v] of Object.entries(obj)) {
    if (!placed && rank(k) > mine) {
      out[key] = value;
      placed = true;
    }
    out[k] = v;
  }
  if (!placed) out[key] = value;
  return out;
}

/** Replaces element `i` of a list (immutably). */
export function replaceAt<T>(list: readonly T[], i: number, value: T): T[] {
  const out = list.slice();
  out[i] = value;
  return out;
}

/** A fresh document for an editor opened without a scenario. */
export function emptyDoc(): JsonObject {
  return { format: 'iova-atlas.scenario', version: 1, title: 'Untitled scenario', platform: 'x86-vtd-48', devices: [], steps: [] };
}
