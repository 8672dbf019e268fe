// Comparing the two results of one step: outcome first (ok / errno), then what the ioctl
// returned. The state comparison (dma-state.ts, compare.ts) comes on top.

import type { OpName } from '../scenario/ops';
import { stringifyJson } from '../scenario/serialize';
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
  if (stringifyJson(a.ret ?? null) !== stringifyJson(b.ret ?? null)) fields.push('ret');
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
  return keys.filter((k) => stringifyJson(x[k] ?? null) !== stringifyJson(y[k] ?? null));
}
