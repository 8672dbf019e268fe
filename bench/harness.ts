// What the core benches (core.bench.ts, vhost.bench.ts) share: scenarios run through the real
// parser and runner, steps replayed on a live simulator through runStep, and the windowed timing
// of an add + remove pair among many live entries.

// The whole core, vhost included, as the CLI runs it (core/beyond/eager.ts).
import '../src/core/beyond/eager';
import { parseScenarioValue, parseStep } from '../src/core/scenario/parse';
import type { Step } from '../src/core/scenario/types';
import { runScenario, runStep } from '../src/core/sim/run';
import type { StepResult } from '../src/core/sim/run';
import type { Sim } from '../src/core/sim/sim';
import { rng } from './browser/stats';

/** A step template, validated as a scenario file's step would be. */
export function step(raw: Record<string, unknown>): Step {
  const r = parseStep(raw, 0);
  if ('issues' in r) throw new Error('bench step does not validate: ' + JSON.stringify(r.issues));
  return r.step;
}

/** Runs a scenario document; `what` names it in the error when it or one of its steps fails. */
export function runDoc(doc: unknown, what: string): { results: StepResult[]; sim: Sim } {
  const parsed = parseScenarioValue(doc);
  if (!parsed.ok) throw new Error(`${what} scenario does not validate: ` + JSON.stringify(parsed.issues));
  const out = runScenario(parsed.scenario);
  for (const r of out.results) if (!r.ok) throw new Error(`${what} step ${r.op} failed: ${r.errno} ${r.reason}`);
  return out;
}

/**
 * Runs steps on `sim` through the real runStep path, numbered on from one counter; a failure
 * throws "<what> at <iova> failed: <errno> <reason>".
 */
export function stepper(sim: Sim): (s: Step, what: string, iova: bigint) => void {
  let n = 0;
  return (s, what, iova) => {
    const r = runStep(sim, s, n++);
    if (!r.ok) throw new Error(`${what} at 0x${iova.toString(16)} failed: ${r.errno} ${r.reason}`);
  };
}

/** Where the live entries of an add/remove bench sit: entry i at base + i × stride, 4 KiB each. */
export interface LiveSet {
  readonly live: number;
  readonly base: bigint;
  readonly stride: bigint;
}

export function populate(set: LiveSet, add: (iova: bigint) => void): void {
  for (let i = 0; i < set.live; i++) add(set.base + BigInt(i) * set.stride);
}

/**
 * Adds and removes one extra 4 KiB entry in a random gap among the live set (gaps from a seeded
 * rng, so runs are comparable), in windows of about 10 ms until the windows add up to `seconds`;
 * each add and each remove counts as an op. The median window rate: on a shared machine other
 * processes steal whole time slices from some windows, and the median ignores those, while the
 * garbage collection this workload causes itself recurs in most windows and stays in. The mean
 * over the whole time is given for comparison.
 */
export function timeAddRemove(set: LiveSet, seed: number, seconds: number, add: (iova: bigint) => void, remove: (iova: bigint) => void): { median: number; mean: number } {
  const next = rng(seed);
  const gaps = Array.from({ length: 4096 }, () => set.base + BigInt(Math.floor(next() * set.live)) * set.stride + 0x1000n);
  let i = 0;
  const pair = (): void => {
    const g = gaps[i++ % gaps.length]!;
    add(g);
    remove(g);
  };
  for (let k = 0; k < 4000; k++) pair(); // warm up the JIT on this bed
  const rates: number[] = [];
  let ops = 0;
  let total = 0;
  while (total < seconds * 1000) {
    let n = 0;
    const t0 = performance.now();
    let t = t0;
    while (t - t0 < 10) {
      for (let k = 0; k < 32; k++) pair();
      n += 64;
      t = performance.now();
    }
    rates.push(n / ((t - t0) / 1000));
    ops += n;
    total += t - t0;
  }
  rates.sort((x, y) => x - y);
  return { median: rates[rates.length >> 1]!, mean: ops / (total / 1000) };
}
