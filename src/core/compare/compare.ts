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
import { dmaStateOf } from './dma-state';
import type { DmaState } from './dma-state';
import { changesBetween, firstDifference, sameChanges, sameRuns } from './translations';
import type { CompareResult, CompareRow, Run, Side, SideInfo, StateDifference, StateRelation, Variant, Verdict } from './types';
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
  let prevA: DmaState | null = A.sim ? dmaStateOf(A.sim) : null;
  let prevB: DmaState | null = B.sim ? dmaStateOf(B.sim) : null;
  let spent = (prevA?.cost ?? 0) + (prevB?.cost ?? 0);
  let stateOn = spent <= budget;
  let stateComparedUpTo = 0;
  let stateNote: string | null = stateOn ? null : 'the scenario holds too many mappings to compare the state at every step';
  let differsSince: number | null = null;
  const rows: CompareRow[] = [];

  s.steps.forEach((step, i) => {
    const rA = advance(A, step, i);
    const rB = advance(B, step, i);
    let state: StateRelation = 'unknown';
    let differences: StateDifference[] = [];
    if (stateOn && A.sim && B.sim && prevA && prevB) {
      // `inspect` changes nothing: the state after it is the state before it.
      const curA = step.op === 'inspect' ? prevA : dmaStateOf(A.sim);
      const curB = step.op === 'inspect' ? prevB : dmaStateOf(B.sim);
      spent += step.op === 'inspect' ? 0 : curA.cost + curB.cost;
      if (spent > budget) {
        stateOn = false;
        stateNote = `the state was compared up to step ${i - 1}: past it, comparing every mapping at every step would visit more than ${budget.toLocaleString('en-US')} mappings`;
      } else {
        ({ state, differences } = relate(prevA, prevB, curA, curB));
        prevA = curA;
        prevB = curB;
        stateComparedUpTo = i + 1;
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

const NO_BUGS: readonly string[] = [];

function runsOf(st: DmaState, key: string): readonly Run[] {
  return st.entries.get(key)?.runs ?? [];
}

function bugsOf(st: DmaState, key: string): readonly string[] {
  return st.entries.get(key)?.bugs ?? NO_BUGS;
}

function sameList(x: readonly string[], y: readonly string[]): boolean {
  return x.length === y.length && x.every((m, i) => m === y[i]);
}

/** Findings present in `cur` and not in `prev` (the lists only grow while an object lives). */
function newBugs(prev: readonly string[], cur: readonly string[]): readonly string[] {
  if (cur.length === 0 || sameList(prev, cur)) return NO_BUGS;
  return cur.filter((m) => !prev.includes(m));
}

/** How the two sides' states relate after a step, given both before and after. */
function relate(prevA: DmaState, prevB: DmaState, curA: DmaState, curB: DmaState): { state: StateRelation; differences: StateDifference[] } {
  const keys = new Set<string>([...prevA.entries.keys(), ...prevB.entries.keys(), ...curA.entries.keys(), ...curB.entries.keys()]);
  const diverged: StateDifference[] = [];
  const converged: StateDifference[] = [];
  let differsNow = false;
  for (const key of keys) {
    const pa = runsOf(prevA, key);
    const pb = runsOf(prevB, key);
    const ca = runsOf(curA, key);
    const cb = runsOf(curB, key);
    const ga = bugsOf(curA, key);
    const gb = bugsOf(curB, key);
    const now = !sameRuns(ca, cb) || !sameList(ga, gb);
    if (now) differsNow = true;
    const unchangedA = (pa === ca || sameRuns(pa, ca)) && sameList(bugsOf(prevA, key), ga);
    const unchangedB = (pb === cb || sameRuns(pb, cb)) && sameList(bugsOf(prevB, key), gb);
    // Neither side changed this key: its relation is what it was.
    if (unchangedA && unchangedB) continue;
    const sameEffect = sameChanges(changesBetween(pa, ca), changesBetween(pb, cb)) &&
      sameList(newBugs(bugsOf(prevA, key), ga), newBugs(bugsOf(prevB, key), gb));
    if (sameEffect) continue;
    if (now) diverged.push(differenceOf(key, curA, curB));
    else converged.push(differenceOf(key, prevA, prevB));
  }
  if (diverged.length > 0) return { state: 'diverged', differences: diverged.slice(0, MAX_DIFFERENCES) };
  if (converged.length > 0) return { state: differsNow ? 'differs' : 'converged', differences: differsNow ? [] : converged.slice(0, MAX_DIFFERENCES) };
  return { state: differsNow ? 'differs' : 'same', differences: [] };
}

function differenceOf(key: string, stA: DmaState, stB: DmaState): StateDifference {
  const ea = stA.entries.get(key);
  const eb = stB.entries.get(key);
  const xa = ea?.runs ?? [];
  const xb = eb?.runs ?? [];
  const d = firstDifference(xa, xb);
  const base = {
    key, viaA: ea?.via ?? null, viaB: eb?.via ?? null,
    iova: d?.iova ?? 0n, a: d?.a ?? null, b: d?.b ?? null,
    countA: ea ? xa.length : null, countB: eb ? xb.length : null,
  };
  if (d) return base;
  const ga = ea?.bugs ?? NO_BUGS;
  const gb = eb?.bugs ?? NO_BUGS;
  const onlyA = ga.find((m) => !gb.includes(m));
  const onlyB = gb.find((m) => !ga.includes(m));
  if (onlyA !== undefined) return { ...base, bug: { side: 'a', message: onlyA } };
  if (onlyB !== undefined) return { ...base, bug: { side: 'b', message: onlyB } };
  return base;
}

export type { Side };
