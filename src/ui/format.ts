// Short, exact text for values in the step list: 64-bit values in hex (the kernel developer's
// spelling), flag lists joined with '|', ranges as first..last. Never lossy: a bigint is never
// turned into a number.

import { ERRNO_NUMBER } from '../core/errno';
import type { Errno } from '../core/errno';
import { HANDLE_FIELDS } from '../core/scenario/handle-fields';
import { stringifyJson } from '../core/scenario/serialize';
import type { Step } from '../worker/protocol';

/** Meta fields of a step, shown apart from the uAPI arguments. */
const META = new Set(['op', 'as', 'expect', 'note']);

export function hex(v: bigint): string {
  return '0x' + v.toString(16);
}

/** One value, compact. */
export function short(v: unknown): string {
  if (typeof v === 'bigint') return hex(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return String(v);
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    if (v.every((x) => typeof x === 'string')) return v.join('|');
    return '[' + v.map(short).join(', ') + ']';
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    // Inclusive ranges read best as first..last.
    const keys = Object.keys(o);
    if (keys.length === 2 && 'start' in o && ('last' in o || 'end' in o)) return `${short(o.start)}..${short(o.last ?? o.end)}`;
    return '{' + keys.filter((k) => o[k] !== undefined).map((k) => `${k}: ${short(o[k])}`).join(', ') + '}';
  }
  return String(v);
}

export interface Arg {
  readonly name: string;
  readonly value: string;
  /** A handle (names an earlier step's `as`), shown differently from literal values. */
  readonly handle: boolean;
}

/**
 * The step's uAPI arguments in the op table's order: the order the parser gives a step's fields
 * (the schema is built from the op table), so the table itself is not needed on the page.
 */
export function stepArgs(step: Step): Arg[] {
  const out: Arg[] = [];
  for (const k of Object.keys(step)) {
    const v = step[k];
    if (META.has(k) || v === undefined) continue;
    out.push({ name: k, value: short(v), handle: HANDLE_FIELDS.has(k) });
  }
  return out;
}

/** `out` inline when short, else null (the row then offers the full JSON). */
export function outInline(out: Record<string, unknown>, max = 160): string | null {
  const keys = Object.keys(out);
  if (keys.length === 0) return '';
  const s = keys.map((k) => `${k}=${short(out[k])}`).join(' ');
  return s.length <= max ? s : null;
}

/** Canonical JSON (64-bit values as lowercase hex), indented. */
export function prettyJson(x: unknown): string {
  return stringifyJson(x, 2);
}

export function errnoText(e: Errno): string {
  const n = ERRNO_NUMBER[e];
  return n === undefined ? e : `${e} (${n})`;
}
