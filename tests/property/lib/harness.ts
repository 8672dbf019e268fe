// The real side of the model-based tests: a Sim built from a parsed scenario, driven one
// validated step at a time exactly as a scenario file drives it (parseStep + runStep), plus the
// small assertion and reporting helpers every suite shares.

import fc from 'fast-check';
import { parseScenarioValue, parseStep } from '../../../src/core/scenario/parse';
import { stringifyJson } from '../../../src/core/scenario/serialize';
import { inspectHandle } from '../../../src/core/sim/inspect';
import type { StepResult } from '../../../src/core/sim/run';
import { runStep } from '../../../src/core/sim/run';
import { Sim } from '../../../src/core/sim/sim';

export type RawStep = Record<string, unknown>;
export type Device = { id: string; group: number };

export const U64_MAX = (1n << 64n) - 1n;

/** Scenario spelling of a 64-bit value. */
export const hx = (x: bigint): string => '0x' + x.toString(16);

/** JSON with bigint as lowercase hex (the core's canonical spelling). */
export const js = (x: unknown): string => stringifyJson(x);

/** A scenario document as a file would hold it. */
export function scenarioDoc(platform: string, devices: readonly Device[], steps: readonly RawStep[]): Record<string, unknown> {
  return { format: 'iova-atlas.scenario', version: 1, platform, devices, steps };
}

export class Real {
  /** Every step run so far (setup included), to print a failing run as a scenario. */
  readonly log: RawStep[];
  /** The results of the steps run through exec (setup excluded). */
  readonly results: StepResult[] = [];

  private constructor(public sim: Sim, public index: number, log: RawStep[], readonly platform: string, readonly devices: readonly Device[]) {
    this.log = log;
  }

  /** A Sim created from the parsed scenario `setup`, whose steps have run and all succeeded. */
  static create(platform: string, devices: readonly Device[], setup: readonly RawStep[]): Real {
    const p = parseScenarioValue(scenarioDoc(platform, devices, setup));
    if (!p.ok) throw new Error('setup scenario is invalid: ' + JSON.stringify(p.issues.slice(0, 3)));
    const sim = Sim.create(p.scenario);
    p.scenario.steps.forEach((s, i) => {
      const r = runStep(sim, s, i);
      if (!r.ok) throw new Error(`setup step ${i} (${s.op}) failed: ${r.errno} ${r.reason}`);
    });
    return new Real(sim, p.scenario.steps.length, [...setup], platform, devices);
  }

  /** A copy whose Sim is sim.clone(): the checkpoint path. */

  /** Validates the raw step as a scenario step and runs it. */
  exec(raw: RawStep): StepResult {
    const parsed = parseStep(raw, this.index);
    if ('issues' in parsed) throw new Error(`generated step is invalid: ${JSON.stringify(parsed.issues)} in ${js(raw)}`);
    this.log.push(raw);
    const r = runStep(this.sim, parsed.step, this.index++);
    this.results.push(r);
    if (STATS) {
      const auto = (r.op === 'IOMMU_IOAS_MAP' || r.op === 'IOMMU_IOAS_COPY') && !(raw.flags as string[]).includes('FIXED_IOVA');
      const k = `${r.op}${auto ? ' (auto)' : ''} ${r.ok ? 'ok' : r.errno}${!r.ok && r.partial ? ' (partial)' : ''}${process.env.PROPERTY_STATS === 'reasons' && !r.ok ? ' ' + r.reason.replace(/0x[0-9a-f]+/g, 'N').slice(0, 90) : ''}`;
      STATS.set(k, (STATS.get(k) ?? 0) + 1);
    }
    return r;
  }

  inspect(handle: string): Record<string, unknown> {
    const o = inspectHandle(this.sim, handle);
    if (!o) throw new Error(`inspect ${handle}: names nothing`);
    return o;
  }

  /** The run so far as a scenario file (for failure reports). */
  scenario(): string {
    return JSON.stringify(scenarioDoc(this.platform, this.devices, this.log));
  }

  /** Runs `body`; a failure's message gets the whole run so far, as a scenario file to replay. */
  reporting(body: () => void): void {
    try {
      body();
    } catch (e) {
      if (e instanceof Error && !e.message.includes('\nscenario: ')) e.message += `\nscenario: ${this.scenario()}`;
      throw e;
    }
  }
}

/** PROPERTY_STATS=1: count outcomes per op, to see what the generators reach. */
const STATS: Map<string, number> | null = process.env.PROPERTY_STATS ? new Map() : null;

export function printStats(title: string): void {
  if (!STATS) return;
  const lines = [...STATS].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, n]) => `  ${k}: ${n}`);
  console.log(`${title}\n${lines.join('\n')}`);
  STATS.clear();
}

export class Mismatch extends Error {}

/** Deep equality through the canonical JSON spelling; throws with both sides. */
export function eq(actual: unknown, expected: unknown, what: string): void {
  const a = js(actual);
  const e = js(expected);
  if (a !== e) throw new Mismatch(`${what}:\n  expected ${e}\n  got      ${a}`);
}

export function check(cond: boolean, what: string): void {
  if (!cond) throw new Mismatch(what);
}

/** What the model says a step must return. */
export type Expected =
  | { ok: true; out?: Record<string, unknown> }
  | { ok: false; errno: string; partial?: boolean };

export const OK = (out?: Record<string, unknown>): Expected => (out ? { ok: true, out } : { ok: true });
export const ERR = (errno: string, partial = false): Expected => ({ ok: false, errno, ...(partial ? { partial } : {}) });

/** The result matches the prediction: accept/reject, errno, the keys of `out` given, `partial`. */
export function expectResult(r: StepResult, e: Expected, step: RawStep): void {
  const where = `${js(step)} -> ${r.ok ? `ok ${js(r.out)}` : `${r.errno} (${r.reason})`}`;
  if (e.ok) {
    check(r.ok, `model predicts success: ${where}`);
    if (r.ok && e.out) for (const [k, v] of Object.entries(e.out)) eq(r.out[k], v, `out.${k} of ${where}`);
  } else {
    check(!r.ok, `model predicts ${e.errno}: ${where}`);
    if (!r.ok) {
      eq(r.errno, e.errno, `errno of ${where}`);
      eq(r.partial === true, e.partial === true, `partial flag of ${where}`);
    }
  }
}

/**
 * fc.assert, with the failure (seed, replay path, shrunk counterexample) also written to stderr:
 * vitest 5 on Node 20 cannot print failed-test errors (its reporter needs Map.groupBy), and the
 * seed must never be lost.
 */
/**
 * fc.commands constraints: up to 40 commands. Replaying a failure needs the commands' replayPath
 * too (printed in the counterexample as replayPath="..."): PROPERTY_REPLAY_PATH.
 */
export function commandsConstraints(): fc.CommandsContraints {
  const c: fc.CommandsContraints = { maxCommands: 40, size: 'max' };
  if (process.env.PROPERTY_REPLAY_PATH) c.replayPath = process.env.PROPERTY_REPLAY_PATH;
  return c;
}

export function assertProperty<T>(prop: fc.IProperty<T>, params: fc.Parameters<T>): void {
  // Replay: PROPERTY_SEED=<seed> PROPERTY_PATH=<path> PROPERTY_REPLAY_PATH=<replayPath>
  //   npx vitest run tests/property -t '<test name>'
  const replay: fc.Parameters<T> = {};
  if (process.env.PROPERTY_SEED) replay.seed = Number(process.env.PROPERTY_SEED);
  if (process.env.PROPERTY_PATH) replay.path = process.env.PROPERTY_PATH;
  try {
    // The model's complaint and the replayable scenario go into the message itself.
    fc.assert(prop, { includeErrorInReport: true, ...params, ...replay });
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    throw e;
  }
}

/** numRuns for one suite; PROPERTY_RUNS_SCALE (e.g. 0.1 or 10) scales every suite at once. */
export function runs(n: number): number {
  const scale = Number(process.env.PROPERTY_RUNS_SCALE ?? '1');
  return Math.max(1, Math.round(n * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}
