// The handle names a step may use: those created (`as`) by the steps before it, which is the
// parser's rule (parse.ts checkSemantics). Pure.

import type { Json } from './doc';
import { isObject } from './doc';
import { textOf } from './fieldValues';

export interface HandleChoice {
  readonly name: string;
  /** The step that created it (the latest one when a name is reused). */
  readonly index: number;
  /** What it is, in a few words: the creating op and its main argument. */
  readonly what: string;
}

/** Handles created by steps[0 .. before-1], in creation order. */
export function handlesBefore(steps: readonly Json[], before: number): HandleChoice[] {
  const byName = new Map<string, HandleChoice>();
  const end = Math.min(before, steps.length);
  for (let i = 0; i < end; i++) {
    const s = steps[i];
    if (!isObject(s) || typeof s.as !== 'string' || s.as === '') continue;
    byName.delete(s.as);
    byName.set(s.as, { name: s.as, index: i, what: describe(s.op, s.path) });
  }
  return [...byName.values()];
}

function describe(op: Json | undefined, path: Json | undefined): string {
  const o = textOf(op);
  return o === 'open' && typeof path === 'string' ? `open ${path}` : o;
}
