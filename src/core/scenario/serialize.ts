// Turning core values back into JSON: bigint becomes lowercase hex (the canonical spelling
// of 64-bit values in results, inspect output and saved scenarios).

import { hex } from '../u64';

/** Deep copy with every bigint replaced by its lowercase hex string. */
export function toJsonValue(x: unknown): unknown {
  if (typeof x === 'bigint') return hex(x);
  if (Array.isArray(x)) return x.map(toJsonValue);
  if (x !== null && typeof x === 'object') {
    const o: Record<string, unknown> = {};
    // defineProperty, not assignment: an own "__proto__" key must stay a key, not a prototype.
    for (const [k, val] of Object.entries(x)) {
      if (val !== undefined) Object.defineProperty(o, k, { value: toJsonValue(val), enumerable: true, writable: true, configurable: true });
    }
    return o;
  }
  return x;
}

export function stringifyJson(x: unknown, indent?: number): string {
  return JSON.stringify(toJsonValue(x), null, indent);
}

/**
 * A short, safe description of an untrusted value for error messages: never recurses into
 * it (a value nested 100,000 deep must not overflow the stack) and never prints much.
 */
export function preview(x: unknown): string {
  if (typeof x === 'string') return JSON.stringify(x.length > 40 ? x.slice(0, 37) + '...' : x);
  if (typeof x === 'number' || typeof x === 'boolean' || typeof x === 'bigint') return String(x);
  if (x === null) return 'null';
  if (x === undefined) return 'nothing';
  if (Array.isArray(x)) return `a list of ${x.length}`;
  return typeof x === 'object' ? 'an object' : typeof x;
}
