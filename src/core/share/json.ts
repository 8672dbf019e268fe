// JSON from untrusted links, handled without recursion on the input and without prototype
// pollution: JSON.parse makes "__proto__" an ordinary own key, but a later `o[key] = value`
// copy would turn it into the object's prototype. Every copy here defines properties instead.

import { hex } from '../u64';

/** Deeper JSON is refused before anything recursive (JSON.stringify, the parser's messages) sees it. */
export const MAX_JSON_DEPTH = 64;

export type JsonParse = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };

export function parseJsonGuarded(text: string, what: string): JsonParse {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `${what} is not valid JSON (${e instanceof Error ? e.message.slice(0, 120) : 'parse error'})` };
  }
  const depth = depthOver(value, MAX_JSON_DEPTH);
  if (depth) return { ok: false, message: `${what} nests arrays and objects more than ${MAX_JSON_DEPTH} deep` };
  return { ok: true, value };
}

/** True when the value nests deeper than `max` (iterative: safe on any depth). */
export function depthOver(root: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [x, d] = stack.pop()!;
    if (x === null || typeof x !== 'object') continue;
    if (d > max) return true;
    for (const v of Array.isArray(x) ? x : Object.values(x)) if (v !== null && typeof v === 'object') stack.push([v, d + 1]);
  }
  return false;
}

/** Sets an own enumerable property, even one named "__proto__" (never sets a prototype). */
export function setOwn(o: Record<string, unknown>, key: string, value: unknown): void {
  // Only "__proto__" has a setter on the way (Object.prototype's); defineProperty is slow in V8.
  if (key === '__proto__') Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  else o[key] = value;
}

/**
 * Deep copy into plain JSON: bigint becomes lowercase "0x..." hex, undefined members are
 * dropped, functions and symbols become absent. Inputs come from validated scenarios (bounded
 * depth), so recursion is fine here.
 */
export function toPlainJson(x: unknown): unknown {
  if (typeof x === 'bigint') return hex(x);
  if (Array.isArray(x)) return x.map((v) => (v === undefined || typeof v === 'function' || typeof v === 'symbol' ? null : toPlainJson(v)));
  if (x !== null && typeof x === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) if (v !== undefined && typeof v !== 'function' && typeof v !== 'symbol') setOwn(o, k, toPlainJson(v));
    return o;
  }
  if (typeof x === 'number' && !Number.isFinite(x)) return null;
  return x;
}

/** Structural equality of two JSON values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => jsonEqual(v, bb[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const ob = b as Record<string, unknown>;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(ob, k) && jsonEqual((a as Record<string, unknown>)[k], ob[k]));
}
