// Converting between a step field's JSON value and what its form control shows, per field kind
// (ops.ts FieldKind). Writing keeps what the user typed: a 64-bit value stays the string they
// wrote (hex stays hex), an invalid one is kept as text for the parser to report. Pure.

import { FLAG_PREFIXES } from '../../core/scenario/ops';
import type { FieldSpec } from '../../core/scenario/ops';
import { parseU64 } from '../../core/u64';
import type { Json, JsonObject } from './doc';
import { isObject } from './doc';

/** What a text input shows for a u64, int, handle or string value. */
export function textOf(v: Json | undefined): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/**
 * A 64-bit field's text as JSON: always a string (the contract's spelling; a JSON number past
 * 2^53 would not be exact). Empty means "absent".
 */
export function u64Value(text: string): Json | undefined {
  return text === '' ? undefined : text;
}

/** The exact check the parser makes (schema.ts uses the same parseU64), for inline feedback. */
export function u64Problem(text: string, optional: boolean): string | null {
  if (text === '') return optional ? null : 'required';
  const r = parseU64(text);
  return r.ok ? null : r.message;
}

/** The value parsed exactly, or null: for the hint beside a valid input (its size in words). */
export function u64Of(text: string): bigint | null {
  const r = parseU64(text);
  return r.ok ? r.value : null;
}

/** A small integer: a JSON number when it is plain decimal, else the text (hex is accepted). */
export function intValue(text: string): Json | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  if (/^\d{1,10}$/.test(t)) return Number(t);
  return text;
}

export function intProblem(text: string, optional: boolean): string | null {
  if (text.trim() === '') return optional ? null : 'required';
  const r = parseU64(text);
  if (!r.ok) return `expected a small non-negative integer, got "${text.slice(0, 30)}"`;
  if (r.value > 0xffffffffn) return 'at most 0xffffffff';
  return null;
}

export function stripFlagPrefix(f: string): string {
  for (const p of FLAG_PREFIXES) if (f.startsWith(p)) return f.slice(p.length);
  return f;
}

/**
 * The flags a value holds, as the schema reads them (a list, or a string split on | , and
 * spaces; prefixes stripped): the known ones, and the rest, which the form shows as errors.
 */
export function flagsOf(v: Json | undefined, values: readonly string[]): { on: Set<string>; unknown: string[] } {
  const on = new Set<string>();
  const unknown: string[] = [];
  const list: readonly Json[] = typeof v === 'string' ? v.split(/[|,\s]+/).filter(Boolean) : Array.isArray(v) ? v : [];
  for (const f of list) {
    const name = typeof f === 'string' ? stripFlagPrefix(f) : JSON.stringify(f);
    if (typeof f === 'string' && values.includes(name)) on.add(name);
    else if (!unknown.includes(name)) unknown.push(name);
  }
  return { on, unknown };
}

/** The flag list written back: known flags in the table's order, then the unknown ones kept. */
export function flagsValue(on: ReadonlySet<string>, unknown: readonly string[], f: FieldSpec): Json | undefined {
  const list = [...(f.values ?? []).filter((x) => on.has(x)), ...unknown];
  if (list.length === 0 && f.optional) return undefined;
  return list;
}

export interface RangeRow {
  readonly start: string;
  readonly last: string;
}

/** Rows of a ranges field ([{ start, last }]); anything else comes back null (raw JSON only). */
export function rangesOf(v: Json | undefined): RangeRow[] | null {
  if (v === undefined) return [];
  if (!Array.isArray(v)) return null;
  const rows: RangeRow[] = [];
  for (const r of v as readonly Json[]) {
    if (!isObject(r)) return null;
    rows.push({ start: textOf(r.start), last: textOf(r.last) });
  }
  return rows;
}

export function rangesValue(rows: readonly RangeRow[]): Json {
  return rows.map((r): JsonObject => ({ start: r.start, last: r.last }));
}

/** A JSON value typed in a text area: the parsed value when it is JSON, else the text itself. */
export function jsonValue(text: string): { value: Json | undefined; problem: string | null } {
  if (text.trim() === '') return { value: undefined, problem: null };
  try {
    return { value: JSON.parse(text) as Json, problem: null };
  } catch (e) {
    return { value: text, problem: `not JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
}

export function jsonText(v: Json | undefined): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  return JSON.stringify(v, null, 2);
}
