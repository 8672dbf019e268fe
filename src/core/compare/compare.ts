// compareRuns: one scenario run on two configurations in lockstep, step results aligned, and
// the first divergence (one side fails, a different errno, a different output, or the step
// changed the DMA state differently) as the headline.
//
// Steps align one to one: both sides run the same steps (a variant never adds, drops or
// rewrites one), so row i is step i on both. A failing step leaves its handle as the kernel
// would (fd -1, id 0) on that side only, and the runs go on, exactly as runScenario does.

import type { Scenario } from '../scenario/types';
import { runStep, SimulatorBug } from '../sim/run';
import type { StepResult } from '../sim/run';
import { Sim } from '../sim/sim';
import { incompatibilities } from './compat';
import { SideTracker } from './tracker';
import type { KeyStep } from './tracker';
import { firstDifference, sameChanges, sameRuns } from './translations';
import type { CompareResult, CompareRow, Side, SideInfo, StateDifference, StateRelation, Variant, Verdict } from './types';
import { applyVariant, sideLabels } from './variant';
import { compareOutcomes } from './verdict';
import { rowSentence } from './words';

export interface CompareOptions {
  /**
   * Mappings the state comparison may visit in all (both sides, every step) before it stops and
   * says so. Each step's comparison reads every mapping the scenario's handles hold, so a long
   * scenario with many mappings would otherwise cost steps x mappings.
   */
  readonly stateBudget?: number;
}

export const DEFAULT_STATE_BUDGET = 4_000_000;
/** Keys listed per divergent row. */
const MAX_DIFFERENCES = 6;

interface SideRun {
  sim: Sim | null;
  bug: { step: number | null; message: string } | null;
  ran: number;
}

export function compareRuns(s: Scenario, a: Variant, b: Variant, opts: CompareOptions = {}): CompareResult {
  const labels = sideLabels(a, b);
  const incompat = incompatibilities(s, a, b);
  const blockers = incompat.filter((x) => x.severity === 'blocker');
  if (blockers.length > 0) {
    const info = (v: Variant, label: string): SideInfo => ({ variant: v, label, ran: 0, bug: null });
    return {
      a: info(a, labels.a), b: info(b, labels.b), incompatibilities: incompat, blocked: true, rows: [], divergences: [], first: null,
      headline: `Not compared: ${blockers[0]!.message}`, stateComparedUpTo: 0, stateNote: null,
    };
  }

  const A = start(applyVariant(s, a));
  const B = start(applyVariant(s, b));
  const budget = opts.stateBudget ?? DEFAULT_STATE_BUDGET;
  const trackA = A.sim ? new SideTracker(A.sim) : null;
  const trackB = B.sim ? new SideTracker(B.sim) : null;
  // Keys whose translations (or bug findings) differ between the sides now. Empty at first: a
  // machine before its first step has no handle and no opened device, so no key.
  const differs = new Set<string>();
  let stateOn = trackA !== null && trackB !== null;
  let spent = 0;
  let stateComparedUpTo = 0;
  let stateNote: string | null = stateOn ? null : 'a simulator bug stopped one side before the first step: the state was not compared';
  let differsSince: number | null = null;
  const rows: CompareRow[] = [];

  s.steps.forEach((step, i) => {
    const rA = advance(A, step, i);
    const rB = advance(B, step, i);
    let state: StateRelation = 'unknown';
    let differences: StateDifference[] = [];
    if (stateOn && A.sim && B.sim && trackA && trackB) {
      // `inspect` changes nothing: the state after it is the state before it.
      if (step.op === 'inspect') {
        state = differs.size > 0 ? 'differs' : 'same';
        stateComparedUpTo = i + 1;
      } else {
        ({ state, differences } = relate(trackA.advance(A.sim), trackB.advance(B.sim), differs));
        spent += trackA.takeCost() + trackB.takeCost();
        if (spent > budget) {
          stateOn = false;
          state = 'unknown';
          differences = [];
          stateNote = `the state was compared up to step ${i - 1}: past it, comparing the mappings would read more than ${budget.toLocaleString('en-US')} of them`;
        } else {
          stateComparedUpTo = i + 1;
        }
      }
    } else if (stateOn) {
      stateOn = false;
      stateNote = `the state was compared up to step ${i - 1}: a simulator bug stopped one side`;
    }
    if (state === 'diverged') differsSince = i;
    else if (state === 'same' || state === 'converged' || state === 'unknown') differsSince = null;

    let verdict: Verdict;
    let inspectNotComparable = false;
    if (!rA || !rB) {
      verdict = { kind: 'not-run', side: !rA && !rB ? 'both' : !rA ? 'a' : 'b' };
    } else {
      const o = compareOutcomes(step.op, rA, rB);
      verdict = o.verdict.kind === 'same' && state === 'diverged' ? { kind: 'state' } : o.verdict;
      inspectNotComparable = o.inspectNotComparable;
    }
    rows.push({
      index: i, op: step.op, a: rA, b: rB, verdict, state,
      differences: state === 'diverged' || state === 'converged' ? differences : [],
      differsSince: state === 'differs' || state === 'diverged' ? differsSince : null,
      ...(inspectNotComparable ? { inspectNotComparable: true as const } : {}),
    });
  });

  const divergences = rows.filter((r) => r.verdict.kind !== 'same').map((r) => r.index);
  const first = divergences[0] ?? null;
  const sideA: SideInfo = { variant: a, label: labels.a, ran: A.ran, bug: A.bug };
  const sideB: SideInfo = { variant: b, label: labels.b, ran: B.ran, bug: B.bug };
  const headline = first !== null
    ? rowSentence(rows[first]!, labels)
    : `No divergence: all ${rows.length} steps give the same results${stateComparedUpTo === rows.length ? ' and the same DMA state' : ''} on ${labels.a} and ${labels.b}.`;
  return { a: sideA, b: sideB, incompatibilities: incompat, blocked: false, rows, divergences, first, headline, stateComparedUpTo, stateNote };
}

function start(s: Scenario): SideRun {
  try {
    return { sim: Sim.create(s), bug: null, ran: 0 };
  } catch (e) {
    return { sim: null, bug: { step: null, message: `simulator bug while setting up the machine: ${e instanceof Error ? e.message : String(e)}` }, ran: 0 };
  }
}

/** Runs one step on a side; a simulator bug stops that side (as the CLI's run stops). */
function advance(side: SideRun, step: Scenario['steps'][number], i: number): StepResult | null {
  if (!side.sim) return null;
  try {
    const r = runStep(side.sim, step, i);
    side.ran = i + 1;
    return r;
  } catch (e) {
    side.bug = { step: i, message: e instanceof SimulatorBug ? e.message : `simulator bug at step ${i} (${step.op}): ${e instanceof Error ? e.message : String(e)}` };
    side.sim = null;
    return null;
  }
}

const NO_KEY: KeyStep = {
  effect: [], bugsAdded: [], bugsDropped: [], bugs: [], via: null, exists: false, before: () => [], after: () => [],
};

function sameList(x: readonly string[], y: readonly string[]): boolean {
  return x.length === y.length && x.every((m, i) => m === y[i]);
}

/**
 * How the two sides' states relate after a step, from what the step did to each key on each
 * side. `differs` (the keys that differ) is carried from step to step and updated here. A key
 * both sides changed the same way keeps its relation (unless it differed: then the same change
 * may have closed the difference, so it is compared in full); a key changed differently is
 * compared in full and is where the state diverged.
 */
function relate(A: Map<string, KeyStep>, B: Map<string, KeyStep>, differs: Set<string>): { state: StateRelation; differences: StateDifference[] } {
  const diverged: StateDifference[] = [];
  const converged: StateDifference[] = [];
  for (const key of new Set([...A.keys(), ...B.keys()])) {
    const ka = A.get(key) ?? NO_KEY;
    const kb = B.get(key) ?? NO_KEY;
    const sameEffect = sameChanges(ka.effect, kb.effect) && sameList(ka.bugsAdded, kb.bugsAdded) && sameList(ka.bugsDropped, kb.bugsDropped);
    const touched = ka.effect.length + kb.effect.length + ka.bugsAdded.length + kb.bugsAdded.length + ka.bugsDropped.length + kb.bugsDropped.length > 0;
    const was = differs.has(key);
    if (sameEffect && (!touched || !was)) {
      if (!ka.exists && !kb.exists) differs.delete(key);
      continue;
    }
    const now = !sameRuns(ka.after(), kb.after()) || !sameList(ka.bugs, kb.bugs);
    if (now) differs.add(key);
    else differs.delete(key);
    if (!sameEffect && now) diverged.push(differenceOf(key, ka, kb, 'after'));
    else if (was && !now) converged.push(differenceOf(key, ka, kb, 'before'));
  }
  if (diverged.length > 0) return { state: 'diverged', differences: diverged.slice(0, MAX_DIFFERENCES) };
  if (converged.length > 0 && differs.size === 0) return { state: 'converged', differences: converged.slice(0, MAX_DIFFERENCES) };
  return { state: differs.size > 0 ? 'differs' : 'same', differences: [] };
}

/** Where one key differs between the sides, after the step (or before it, for a difference that closed). */
function differenceOf(key: string, ka: KeyStep, kb: KeyStep, when: 'before' | 'after'): StateDifference {
  const xa = ka[when]();
  const xb = kb[when]();
  const d = firstDifference(xa, xb);
  const base = {
    key, viaA: ka.via, viaB: kb.via,
    iova: d?.iova ?? 0n, a: d?.a ?? null, b: d?.b ?? null,
    countA: ka.exists ? xa.length : null, countB: kb.exists ? xb.length : null,
  };
  if (d) return base;
  const onlyA = ka.bugs.find((m) => !kb.bugs.includes(m));
  const onlyB = kb.bugs.find((m) => !ka.bugs.includes(m));
  if (onlyA !== undefined) return { ...base, bug: { side: 'a', message: onlyA } };
  if (onlyB !== undefined) return { ...base, bug: { side: 'b', message: onlyB } };
  return base;
}

export type { Side };
