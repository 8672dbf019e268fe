// Turning core values back into JSON: bigint becomes lowercase hex (the canonical spelling
// of 64-bit values in results, inspect output and saved scenarios).

import { hex } from '../u64';

/** Deep copy with every bigint replaced by its lowercase hex string. */
export function toJsonValue(x: unknown): unknown {
  if (typeof x === 'bigint') return hex(x);
  if (Array.isArray(x)) return x.map(toJsonValue);
  if (x !== null && typeof x === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(x)) if (val !== undefined) o[k] = toJsonValue(val);
    return o;
  }
  return x;
}

export function stringifyJson(x: unknown, indent?: number): string {
  return JSON.stringify(toJsonValue(x), null, indent);
}
