// Shared by the link and file fuzz suites: the seed (fixed by default, printed, FUZZ_SEED to
// change), run counts (FUZZ_RUNS_SCALE), hostile JSON, and the properties every input must meet.

import fc from 'fast-check';
import { expect } from 'vitest';
import type { LinkDecoded } from '../../src/core/share';
import { decodeLink, encodeLink } from '../../src/core/share';
import { jsonEqual, toPlainJson } from '../../src/core/share/json';

export const SEED = Number(process.env.FUZZ_SEED ?? '20251121');

export function runs(n: number): number {
  const scale = Number(process.env.FUZZ_RUNS_SCALE ?? '1');
  return Math.max(1, Math.round(n * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}

/** Counts what the fuzzers fed and how it came out, printed at the end of each suite. */
export class Tally {
  private readonly counts = new Map<string, number>();
  total = 0;

  constructor(private readonly parent?: Tally) {}

  add(key: string): void {
    this.total++;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.parent?.add(key);
  }

  private readonly cpu0 = process.cpuUsage();

  /** CPU seconds since the tally was made (load-independent, unlike wall time). */
  cpuSeconds(): number {
    const d = process.cpuUsage(this.cpu0);
    return (d.user + d.system) / 1e6;
  }

  toString(): string {
    return [...this.counts.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ');
  }
}

/** fc.assert with the suite's seed; the seed and replay path also go to stderr on a failure. */
export function assertFuzz<T>(prop: fc.IProperty<T>, numRuns: number): void {
  const params: fc.Parameters<T> = { seed: SEED, numRuns, endOnFailure: true, includeErrorInReport: true };
  if (process.env.FUZZ_PATH) params.path = process.env.FUZZ_PATH;
  try {
    fc.assert(prop, params);
  } catch (e) {
    console.error(`[fuzz] failure with FUZZ_SEED=${SEED}\n${e instanceof Error ? e.message : String(e)}`);
    throw e;
  }
}

const KINDS = ['empty', 'not-a-link', 'bad-characters', 'truncated', 'corrupted', 'too-large', 'newer-version', 'unknown-version', 'invalid-scenario'];

/**
 * The property of every link: decoding never throws (fast-check fails the run if it does), and
 * either opens a scenario that re-encodes to an equivalent link, or refuses with a message that
 * is not the last-resort "internal error". Returns the outcome for the tally.
 */
export function checkLink(fragment: string, tally?: Tally): LinkDecoded {
  const r = decodeLink(fragment);
  if (!r.ok) {
    expect(KINDS).toContain(r.kind);
    expect(r.message).toMatch(/^The link/);
    expect(r.message).not.toMatch(/internal error/);
    expect(typeof r.where).toBe('string');
    tally?.add(r.kind);
    return r;
  }
  const again = decodeLink(encodeLink({ scenario: r.text, step: r.step, selection: r.selection, view: r.view }));
  if (!again.ok) throw new Error(`a link that opened re-encodes to one that does not: ${again.message}`);
  expect(again.text).toBe(r.text);
  expect(jsonEqual(again.doc, r.doc)).toBe(true);
  expect(again.step).toBe(r.step);
  expect(again.selection).toEqual(r.selection);
  expect(jsonEqual(toPlainJson(again.view), toPlainJson(r.view))).toBe(true);
  expect(again.scenario.steps.length).toBe(r.scenario.steps.length);
  tally?.add(r.warnings.length > 0 ? 'opened with warnings' : 'opened');
  return r;
}

export function expectNoPollution(): void {
  const probe = {} as Record<string, unknown>;
  expect(probe.polluted).toBeUndefined();
  expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  expect(Object.getPrototypeOf(probe)).toBe(Object.prototype);
}

// ---------------------------------------------------------------- hostile JSON (as text)

const deepArray = (n: number) => '['.repeat(n) + ']'.repeat(n);
const deepObject = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);

/** Cheap hostile values: any number of these per case. */
export const SMALL_HOSTILE: readonly string[] = [
  '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}', '{"prototype":{"polluted":1}}',
  '{"__proto__":[],"op":"open"}', '[{"__proto__":{"polluted":1}}]',
  '9007199254740993', '18446744073709551616', '1e308', '1e400', '-1e400', '-1', '-0', '1.5', '0', '4294967296',
  '"NaN"', '"Infinity"', '"-Infinity"', '"0x"', '"0x-1"', '"-0x1"', '"1e3"', '"0x1_0000_0000_0000_0000"', '"18446744073709551616"',
  '"  0x10  "', '"0x10 "', '"\\u0000"', '"\\ud800"', '"0b101"', '"0o17"', '"Ox10"', '"0xFFFFFFFFFFFFFFFF"',
  'null', 'true', 'false', '[]', '{}', '""', '"x"', '[null]', '[[]]', '{"":""}',
  deepArray(65), deepObject(65),
];

/** Costly hostile values (deep, huge): fed less often. */
export const BIG_HOSTILE: readonly string[] = [
  deepArray(1000), deepArray(100_000), deepObject(20_000),
  `[${'0,'.repeat(100_000)}0]`, `[${'{},'.repeat(50_000)}{}]`,
  `"${'x'.repeat(1_000_000)}"`, `"${'\\u0041'.repeat(100_000)}"`,
];

export const hostileJson: fc.Arbitrary<string> = fc.oneof(
  { weight: 20, arbitrary: fc.constantFrom(...SMALL_HOSTILE) },
  { weight: 1, arbitrary: fc.constantFrom(...BIG_HOSTILE) },
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
);
