// Comparing a step's result with its `expect`. 64-bit values compare by value whatever their
// spelling; objects compare on the keys given; lists compare whole, in order.

import type { Expect } from '../scenario/types';
import { parseU64 } from '../u64';
import type { StepResult } from './run';

export interface Mismatch {
  readonly step: number;
  readonly expected: string;
  readonly got: string;
}

export function checkExpect(expect: Expect | undefined, r: StepResult): Mismatch | null {
  if (!expect) return null;
  const got = describe(r);
  if (expect.errno !== undefined) {
    if (r.ok || r.errno !== expect.errno) return { step: r.index, expected: `errno ${expect.errno}`, got };
    return null;
  }
  if (expect.ok === false) return r.ok ? { step: r.index, expected: 'failure', got } : null;
  if (!r.ok) return { step: r.index, expected: expect.out ? `ok with out ${short(expect.out)}` : 'ok', got };
  if (expect.out) {
    const path = firstDifference(expect.out, r.out, 'out');
    if (path) return { step: r.index, expected: `${path.where} = ${short(path.expected)}`, got: `${path.where} = ${short(path.got)}` };
  }
  return null;
}

function describe(r: StepResult): string {
  return r.ok ? 'ok' : `errno ${r.errno} (${r.reason})`;
}

type Diff = { where: string; expected: unknown; got: unknown };

/** The first place where `got` does not match `expected`, or null. */
export function firstDifference(expected: unknown, got: unknown, where: string): Diff | null {
  if (Array.isArray(expected)) {
    if (!Array.isArray(got)) return { where, expected, got };
    if (expected.length !== got.length) return { where: `${where}.length`, expected: expected.length, got: got.length };
    for (let i = 0; i < expected.length; i++) {
      const d = firstDifference(expected[i], got[i], `${where}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (expected !== null && typeof expected === 'object') {
    if (got === null || typeof got !== 'object' || Array.isArray(got)) return { where, expected, got };
    for (const [k, ev] of Object.entries(expected)) {
      const d = firstDifference(ev, (got as Record<string, unknown>)[k], `${where}.${k}`);
      if (d) return d;
    }
    return null;
  }
  return scalarEqual(expected, got) ? null : { where, expected, got };
}

function scalarEqual(e: unknown, g: unknown): boolean {
  if (e === g) return true;
  // Numbers and numeric strings compare by value (64-bit values are bigint in results).
  const ev = numeric(e);
  const gv = numeric(g);
  return ev !== null && gv !== null && ev === gv;
}

function numeric(x: unknown): bigint | null {
  if (typeof x === 'bigint') return x;
  if (typeof x === 'number' && Number.isSafeInteger(x) && x >= 0) return BigInt(x);
  if (typeof x === 'string') {
    const r = parseU64(x);
    return r.ok ? r.value : null;
  }
  return null;
}

function short(x: unknown): string {
  const s = JSON.stringify(x, (_k, v: unknown) => (typeof v === 'bigint' ? '0x' + v.toString(16) : v));
  return s === undefined ? 'undefined' : s.length > 200 ? s.slice(0, 197) + '...' : s;
}
