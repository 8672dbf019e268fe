// Running scenarios: one result per step, in order. The same runner serves the worker, the
// tests and the CLI.

import type { Errno } from '../errno';
import { KernelError } from '../errno';
import type { OpName } from '../scenario/ops';
import type { Scenario, Step } from '../scenario/types';
import { HANDLERS } from './dispatch';
import { Sim } from './sim';

export type StepResult =
  | { index: number; op: OpName; ok: true; out: Record<string, unknown>; ret?: number | string; note?: string }
  | { index: number; op: OpName; ok: false; errno: Errno; reason: string; source: string; partial?: boolean };

/** A bug in the simulator (not a kernel error): carries the step it happened at. */
export class SimulatorBug extends Error {
  constructor(readonly index: number, readonly op: string, readonly inner: unknown) {
    super(`simulator bug at step ${index} (${op}): ${inner instanceof Error ? inner.message : String(inner)}`);
  }
}

export function runStep(sim: Sim, step: Step, index: number): StepResult {
  let outcome;
  try {
    outcome = HANDLERS[step.op](sim, step);
  } catch (e) {
    if (e instanceof KernelError) outcome = e.toFail();
    else throw new SimulatorBug(index, step.op, e);
  }
  if (outcome.ok) {
    const r: StepResult = { index, op: step.op, ok: true, out: outcome.out };
    if (outcome.ret !== undefined) r.ret = outcome.ret;
    // The simulator's own remark on a success (e.g. "the kernel returned 1 and mapped nothing").
    if (outcome.note !== undefined) r.note = outcome.note;
    return r;
  }
  // A creating step that failed still names its handle: later uses see what user space
  // would pass (fd -1, id 0), so they fail the way the kernel makes them fail.
  if (step.as) {
    if (step.op === 'open' || step.op === 'VFIO_GROUP_GET_DEVICE_FD') sim.bind(step.as, { kind: 'fd', fd: -1 });
    else if (step.op === 'mmap') sim.bind(step.as, { kind: 'addr', addr: 0n, length: 0n });
    else sim.bind(step.as, { kind: 'id', id: 0, ictx: null });
  }
  const r: StepResult = { index, op: step.op, ok: false, errno: outcome.errno, reason: outcome.reason, source: outcome.source };
  if (outcome.partial) r.partial = true;
  return r;
}

export function runScenario(scenario: Scenario): { results: StepResult[]; sim: Sim } {
  const sim = Sim.create(scenario);
  const results = scenario.steps.map((step, i) => runStep(sim, step, i));
  return { results, sim };
}
