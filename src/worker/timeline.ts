// Time travel over a scenario's run: checkpoints of the simulated machine, and seeking to any
// step by restoring the nearest checkpoint and replaying the steps after it.
//
// Positions count the steps applied: position p is the machine after steps 0..p-1, so the
// snapshot of step s (the state after it ran) is position s+1, and step -1 (before the first
// step) is position 0. A checkpoint is a `Sim.clone()` (cheap: the interval maps are
// copy-on-write B+trees, so a checkpoint shares every node the later steps do not touch).
//
// Checkpoint policy: one every `interval` steps, and one whenever `budgetMs` of simulation has
// passed since the last (a few expensive steps, e.g. huge unmaps, must not make one gap slow
// to replay). So a seek replays at most `interval` steps or about `budgetMs` of work, whichever
// comes first. Memory stays bounded by `maxCheckpoints`: past it, every other checkpoint is
// dropped and the interval doubles (the replay bound doubles with it, the count halves).
//
// Replay is checked against the recorded run (ok / errno per step): the core is deterministic,
// so a difference is a simulator bug and is reported as one rather than shown as truth.

import type { Scenario } from '../core/scenario/types';
import { checkExpect } from '../core/sim/expect';
import type { Mismatch } from '../core/sim/expect';
import { runStep, SimulatorBug } from '../core/sim/run';
import type { StepResult } from '../core/sim/run';
import { Sim } from '../core/sim/sim';
import type { PageWalkResult, Snapshot } from '../core/view/types';
import type { SimBugInfo } from './protocol';
import { buildSnapshot, walkSpace } from './views';

export interface TimelineOptions {
  /** Steps between checkpoints (before any thinning). */
  readonly interval?: number;
  /** Simulation time (ms) after which a checkpoint is taken even if `interval` is not reached. */
  readonly budgetMs?: number;
  /** Most checkpoints kept; past it they are thinned (every other one dropped). */
  readonly maxCheckpoints?: number;
  /** Step index at which to throw an injected SimulatorBug (test.fault 'bug'). */
  readonly injectBugAt?: number | null;
  readonly now?: () => number;
  /** The snapshot builder (default: the view model's); tests of replay alone pass a cheap one. */
  readonly build?: (sim: Sim, step: number, prev?: Sim) => Snapshot;
}

/**
 * Measured on the 2-core machine (tests/worker/timeline.test.ts prints the figures): a type1 or
 * IOAS map/unmap step replays in a few microseconds, so 256 steps cost about 1-3 ms and a
 * checkpoint a few hundred bytes of copied maps plus the B+tree nodes its steps touched.
 */
export const DEFAULT_TIMELINE: Required<Omit<TimelineOptions, 'injectBugAt' | 'now' | 'build'>> = {
  interval: 256,
  budgetMs: 8,
  maxCheckpoints: 1024,
};

export interface RecordedRun {
  readonly timeline: Timeline | null;
  readonly results: StepResult[];
  readonly mismatches: (Mismatch | null)[];
  readonly bug: SimBugInfo | null;
}

export interface SeekOutcome {
  readonly snapshot: Snapshot;
  /** Steps replayed to get there (0 when stepping forward by one from the cursor). */
  readonly replayed: number;
  /** Worker time for the replay and the snapshot, ms. */
  readonly ms: number;
  /** Of which building the snapshot (the view model), ms. */
  readonly buildMs: number;
}

export class Timeline {
  /** Checkpoint positions, ascending; positions[0] is 0. */
  private positions: number[];
  private sims: Sim[];
  private interval: number;
  /** The working machine and its position (never a checkpoint itself: checkpoints stay intact). */
  private cur: Sim;
  private curPos: number;

  private constructor(
    private readonly scenario: Scenario,
    private readonly results: readonly StepResult[],
    positions: number[],
    sims: Sim[],
    interval: number,
    cur: Sim,
    private readonly now: () => number,
    private readonly build: (sim: Sim, step: number, prev?: Sim) => Snapshot,
  ) {
    this.positions = positions;
    this.sims = sims;
    this.interval = interval;
    this.cur = cur;
    this.curPos = results.length;
  }

  /**
   * Runs every step from a fresh machine, as runScenario does, keeping checkpoints. The run
   * stops at a simulator bug (as the CLI's does); the steps before it stay seekable.
   */
  static record(s: Scenario, opts: TimelineOptions = {}): RecordedRun {
    const now = opts.now ?? (() => performance.now());
    const maxCheckpoints = Math.max(2, opts.maxCheckpoints ?? DEFAULT_TIMELINE.maxCheckpoints);
    const budgetMs = opts.budgetMs ?? DEFAULT_TIMELINE.budgetMs;
    let interval = Math.max(1, opts.interval ?? DEFAULT_TIMELINE.interval);
    const results: StepResult[] = [];
    const mismatches: (Mismatch | null)[] = [];
    let sim: Sim;
    try {
      sim = Sim.create(s);
    } catch (e) {
      return { timeline: null, results, mismatches, bug: { step: null, op: null, message: `simulator bug while setting up the machine: ${messageOf(e)}` } };
    }
    let positions = [0];
    let sims = [sim.clone()];
    let lastAt = now();
    let bug: SimBugInfo | null = null;
    for (let i = 0; i < s.steps.length; i++) {
      const step = s.steps[i]!;
      if (i > 0 && (i - positions[positions.length - 1]! >= interval || now() - lastAt >= budgetMs)) {
        positions.push(i);
        sims.push(sim.clone());
        lastAt = now();
        if (sims.length > maxCheckpoints) {
          // Keep checkpoint 0 and every other one after it.
          positions = positions.filter((_, k) => k % 2 === 0);
          sims = sims.filter((_, k) => k % 2 === 0);
          interval *= 2;
        }
      }
      try {
        if (opts.injectBugAt === i) throw new SimulatorBug(i, step.op, new Error('injected by a test (test.fault "bug")'));
        const r = runStep(sim, step, i);
        results.push(r);
        mismatches.push(checkExpect(step.expect, r));
      } catch (e) {
        bug = e instanceof SimulatorBug
          ? { step: e.index, op: e.op, message: e.message }
          : { step: i, op: step.op, message: `simulator bug at step ${i} (${step.op}): ${messageOf(e)}` };
        break;
      }
    }
    const timeline = new Timeline(s, results, positions, sims, interval, sim, now, opts.build ?? buildSnapshot);
    return { timeline, results, mismatches, bug };
  }

  /** Steps that ran (the last seekable step is ran - 1). */
  get ran(): number {
    return this.results.length;
  }

  /** The step the cursor is at (-1: before the first step). */
  get cursor(): number {
    return this.curPos - 1;
  }

  stats(): { checkpoints: number; interval: number; positions: readonly number[] } {
    return { checkpoints: this.sims.length, interval: this.interval, positions: this.positions };
  }

  /** The snapshot after step `step` (-1: the machine before the first step), with its changes. */
  seek(step: number): SeekOutcome {
    if (!Number.isInteger(step) || step < -1 || step >= this.ran) {
      throw new RangeError(`step ${step} is outside the run (-1 to ${this.ran - 1})`);
    }
    const t0 = this.now();
    const target = step + 1;
    let replayed: number;
    let before: Sim | undefined;
    if (target === 0) {
      replayed = this.moveTo(0);
    } else {
      replayed = this.moveTo(target - 1);
      before = this.cur.clone();
      this.apply(target - 1);
    }
    const t1 = this.now();
    const snapshot = this.build(this.cur, step, before);
    const t2 = this.now();
    return { snapshot, replayed, ms: t2 - t0, buildMs: t2 - t1 };
  }

  /** The page walk of `iova` in address space `space`, at the cursor. */
  walk(space: string, iova: bigint): PageWalkResult {
    return walkSpace(this.cur, space, iova);
  }

  /** A copy of the machine at the cursor (tests compare it with a fresh run). */
  simAtCursor(): Sim {
    return this.cur.clone();
  }

  /** Brings the working machine to position `p`; returns how many steps were replayed. */
  private moveTo(p: number): number {
    const k = this.checkpointAtOrBefore(p);
    const base = this.positions[k]!;
    // Going forward from the cursor is never worse than from the checkpoint below the target.
    if (!(this.curPos <= p && this.curPos >= base)) {
      this.cur = this.sims[k]!.clone();
      this.curPos = base;
    }
    const from = this.curPos;
    while (this.curPos < p) this.apply(this.curPos);
    return p - from;
  }

  private apply(i: number): void {
    const step = this.scenario.steps[i]!;
    const r = runStep(this.cur, step, i);
    const want = this.results[i]!;
    if (r.ok !== want.ok || (!r.ok && !want.ok && r.errno !== want.errno)) {
      throw new SimulatorBug(i, step.op, new Error(`replaying it gave ${outcomeText(r)}, the recorded run ${outcomeText(want)} (the core is not deterministic)`));
    }
    this.curPos = i + 1;
  }

  private checkpointAtOrBefore(p: number): number {
    let lo = 0;
    let hi = this.positions.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.positions[mid]! <= p) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

function outcomeText(r: StepResult): string {
  return r.ok ? 'ok' : r.errno;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
