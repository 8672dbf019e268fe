// Comparing the two results of one step: outcome first (ok / errno), then what the ioctl
// returned. The state comparison (dma-state.ts, compare.ts) comes on top.

import type { OpName } from '../scenario/ops';
import type { StepResult } from '../sim/run';
import type { Verdict } from './types';

export interface OutcomeComparison {
  readonly verdict: Verdict;
  /** An `inspect` whose two outputs have different shapes: not compared (see CompareRow). */
  readonly inspectNotComparable: boolean;
}

const SAME: Verdict = { kind: 'same' };

export function compareOutcomes(op: OpName, a: StepResult, b: StepResult): OutcomeComparison {
  if (a.ok !== b.ok) return { verdict: { kind: 'one-fails', failed: a.ok ? 'b' : 'a' }, inspectNotComparable: false };
  if (!a.ok && !b.ok) return { verdict: a.errno === b.errno ? SAME : { kind: 'errno' }, inspectNotComparable: false };
  if (!a.ok || !b.ok) throw new Error('unreachable');
  if (op === 'inspect') {
    // `inspect` is the simulator's own view of an object, not a kernel answer: a legacy
    // container and an iommufd context are different objects with different fields, so only
    // outputs of the same shape are compared (the DMA state is compared either way).
    if (!sameKeys(a.out, b.out)) return { verdict: SAME, inspectNotComparable: true };
  }
  const fields = differingFields(a.out, b.out);
  if (!sameValue(a.ret ?? null, b.ret ?? null)) fields.push('ret');
  return { verdict: fields.length > 0 ? { kind: 'out', fields } : SAME, inspectNotComparable: false };
}

function sameKeys(x: Record<string, unknown>, y: Record<string, unknown>): boolean {
  const kx = Object.keys(x).filter((k) => x[k] !== undefined).sort();
  const ky = Object.keys(y).filter((k) => y[k] !== undefined).sort();
  return kx.length === ky.length && kx.every((k, i) => k === ky[i]);
}

/** Top-level fields whose values differ (64-bit values by value: they are bigint on both sides). */
function differingFields(x: Record<string, unknown>, y: Record<string, unknown>): string[] {
  const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])];
  return keys.filter((k) => !sameValue(x[k] ?? null, y[k] ?? null));
}

/**
 * Deep equality of result values (JSON-like data with bigint), without serializing them: a
 * comparison of thousands of steps must not allocate a string per field. An absent key and an
 * undefined one are the same (as in the JSON the CLI prints).
 */
export function sameValue(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
  if (Array.isArray(x) || Array.isArray(y)) {
    if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!sameValue(x[i], y[i])) return false;
    return true;
  }
  const ox = x as Record<string, unknown>;
  const oy = y as Record<string, unknown>;
  const kx = Object.keys(ox).filter((k) => ox[k] !== undefined);
  const ky = Object.keys(oy).filter((k) => oy[k] !== undefined);
  if (kx.length !== ky.length) return false;
  for (const k of kx) if (!Object.prototype.hasOwnProperty.call(oy, k) || !sameValue(ox[k], oy[k])) return false;
  return true;
}
