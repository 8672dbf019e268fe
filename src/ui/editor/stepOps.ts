// Editing the step list: insert, delete, duplicate, move, change a step's op. Each operation
// takes the steps and a parallel list of stable row keys (React keys, the open form) and
// returns both, so a row keeps its identity when it moves. Pure.

import { OPS, isOpName } from '../../core/scenario/ops';
import type { FieldSpec, OpName } from '../../core/scenario/ops';
import type { Json, JsonObject } from './doc';
import { isObject, setKey, stepKeyOrder } from './doc';
import { flagsOf } from './fieldValues';

export interface Rows {
  readonly steps: readonly Json[];
  readonly keys: readonly string[];
}

let nextKey = 0;
/** A key no other row has (unique within the page's lifetime). */
export function freshKey(): string {
  return `r${(nextKey++).toString(36)}`;
}

export function keysFor(n: number): string[] {
  return Array.from({ length: n }, freshKey);
}

/** Inserts `step` so that it becomes index `at` (0..length). */
export function insertStep(rows: Rows, at: number, step: Json, key = freshKey()): Rows {
  const i = clamp(at, 0, rows.steps.length);
  return { steps: splice(rows.steps, i, 0, step), keys: splice(rows.keys, i, 0, key) };
}

export function deleteStep(rows: Rows, i: number): Rows {
  if (i < 0 || i >= rows.steps.length) return rows;
  return { steps: splice(rows.steps, i, 1), keys: splice(rows.keys, i, 1) };
}

/**
 * A copy right after the original. A copied `as` would define the same handle twice, which the
 * runner allows (the later one wins) but is rarely meant, so the copy's `as` gets a new name.
 */
export function duplicateStep(rows: Rows, i: number): Rows {
  const s = rows.steps[i];
  if (s === undefined) return rows;
  let copy: Json = s;
  if (isObject(s) && typeof s.as === 'string') {
    copy = setKey(s, 'as', uniqueName(s.as, definedNames(rows.steps)), stepKeyOrder(s.op));
  }
  return insertStep(rows, i + 1, copy);
}

/** Moves step `from` so that it ends up at index `to`. */
export function moveStep(rows: Rows, from: number, to: number): Rows {
  const n = rows.steps.length;
  if (from < 0 || from >= n) return rows;
  const dest = clamp(to, 0, n - 1);
  if (dest === from) return rows;
  const steps = rows.steps.slice();
  const keys = rows.keys.slice();
  const [s] = steps.splice(from, 1);
  const [k] = keys.splice(from, 1);
  steps.splice(dest, 0, s!);
  keys.splice(dest, 0, k!);
  return { steps, keys };
}

/**
 * The step as it starts in the form: the op, empty flag lists where flags are required (no
 * flag is a valid, explicit choice), and a fresh handle name where the op must create one.
 */
export function newStep(op: OpName, steps: readonly Json[]): JsonObject {
  const spec = OPS[op];
  let step: JsonObject = { op };
  for (const [name, f] of Object.entries(spec.fields)) {
    if (f.kind === 'flags' && !('optional' in f && f.optional)) step = { ...step, [name]: [] };
  }
  if ('as' in spec && spec.as === 'required') step = { ...step, as: uniqueName(AS_BASE[op] ?? 'h', definedNames(steps)) };
  return step;
}

/**
 * Another op for an existing step: fields the new op also has keep their values, the others
 * are dropped (they would be "unknown field" errors); as, note and expect stay.
 */
export function changeOp(step: JsonObject, op: OpName, steps: readonly Json[]): JsonObject {
  const spec = OPS[op];
  const fresh = newStep(op, steps);
  let out: JsonObject = { op };
  for (const [k, f] of Object.entries(spec.fields) as [string, FieldSpec][]) {
    const v = k in step ? carry(step[k], f) : fresh[k];
    if (v !== undefined) out = { ...out, [k]: v };
  }
  const asAllowed = 'as' in spec;
  const as = asAllowed ? (step.as ?? fresh.as) : undefined;
  if (as !== undefined) out = { ...out, as };
  if (step.expect !== undefined) out = { ...out, expect: step.expect };
  if (step.note !== undefined) out = { ...out, note: step.note };
  return out;
}

/**
 * A value carried to another op's field of the same name: flags and enum values only when the
 * new op knows them (MAP's READ means nothing to UNMAP's flags).
 */
function carry(v: Json | undefined, f: FieldSpec): Json | undefined {
  if (v === undefined) return undefined;
  if (f.kind === 'flags') {
    const kept = [...flagsOf(v, f.values ?? []).on];
    return kept.length === 0 && f.optional ? undefined : kept;
  }
  if (f.kind === 'enum') return typeof v === 'string' && (f.values ?? []).includes(v) ? v : undefined;
  return v;
}

/** Base names for handles the user must name: short, as in the example scenarios. */
const AS_BASE: Partial<Record<OpName, string>> = {
  IOMMU_IOAS_ALLOC: 'ioas',
  IOMMU_HWPT_ALLOC: 'hwpt',
  VFIO_DEVICE_BIND_IOMMUFD: 'dev',
};

export function definedNames(steps: readonly Json[]): Set<string> {
  const names = new Set<string>();
  for (const s of steps) if (isObject(s) && typeof s.as === 'string') names.add(s.as);
  return names;
}

/** `base` itself when free, else base2, base3, ... (a trailing number is replaced). */
export function uniqueName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base) && base !== '') return base;
  const stem = base.replace(/\d+$/, '') || 'h';
  for (let n = 2; ; n++) {
    const name = `${stem}${n}`;
    if (!taken.has(name)) return name;
  }
}

export function isKnownOp(op: unknown): op is OpName {
  return typeof op === 'string' && isOpName(op);
}

function splice<T>(list: readonly T[], at: number, remove: number, ...add: T[]): T[] {
  const out = list.slice();
  out.splice(at, remove, ...add);
  return out;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, x));
}
