// The worker's side of the protocol: holds the current scenario and answers requests by
// calling the core. It adds no semantics: parsing, running and checking `expect` are the
// core's (the same functions the CLI and the unit tests call). It never throws: every
// request gets a Response.

import { parseScenarioText } from '../core/scenario/parse';
import type { Scenario } from '../core/scenario/types';
import { checkExpect } from '../core/sim/expect';
import { runStep, SimulatorBug } from '../core/sim/run';
import type { StepResult } from '../core/sim/run';
import { Sim } from '../core/sim/sim';
import type { LoadResult, Request, Response, RunAllResult, ScenarioView, SimBugInfo, TestFaultRequest } from './protocol';

/** What a fault request asks the host (sim.worker.ts) to do to itself after answering. */
export type HostFault = 'throw' | 'exit' | 'hang';

export class SimSession {
  private scenario: Scenario | null = null;
  /** test.fault 'bug': the step at which the next runAll reports an injected SimulatorBug. */
  private injectedBugAt: number | null = null;

  /**
   * Answers one request. `fault` is set when the host must misbehave on purpose (tests); then
   * `response` is null: the request is deliberately lost, and the client must notice.
   */
  handle(req: Request): { response: Response | null; fault?: HostFault } {
    try {
      switch (req.kind) {
        case 'load':
          return { response: { id: req.id, ok: true, kind: req.kind, result: this.load(req.text) } };
        case 'runAll': {
          if (!this.scenario) {
            return { response: { id: req.id, ok: false, kind: req.kind, error: { kind: 'no-scenario', message: 'no scenario is loaded' } } };
          }
          return { response: { id: req.id, ok: true, kind: req.kind, result: this.runAll(this.scenario) } };
        }
        case 'test.fault':
          return this.fault(req);
        default: {
          const never: never = req;
          return { response: { id: (never as { id: number }).id, ok: false, kind: 'unknown', error: { kind: 'bad-request', message: 'unknown request kind' } } };
        }
      }
    } catch (e) {
      // Not expected (the core reports bugs as SimulatorBug, caught in runAll); still answered.
      const err = e instanceof Error ? e : new Error(String(e));
      return { response: { id: req.id, ok: false, kind: req.kind, error: { kind: 'internal', message: err.message, ...(err.stack ? { stack: err.stack } : {}) } } };
    }
  }

  private load(text: string): LoadResult {
    const r = parseScenarioText(text);
    if (!r.ok) return { ok: false, issues: r.issues };
    // Only a valid scenario replaces the current one: a bad file leaves the old one running.
    this.scenario = r.scenario;
    return { ok: true, scenario: viewOf(r.scenario) };
  }

  /**
   * runScenario (core/sim/run.ts) step by step, so that the results before a simulator bug
   * still reach the UI; the run stops at the bug, as the CLI's does.
   */
  private runAll(s: Scenario): RunAllResult {
    const results: StepResult[] = [];
    const mismatches: RunAllResult['mismatches'][number][] = [];
    let bug: SimBugInfo | null = null;
    const inject = this.injectedBugAt;
    this.injectedBugAt = null;
    let sim: Sim;
    try {
      sim = Sim.create(s);
    } catch (e) {
      return { results, mismatches, bug: { step: null, op: null, message: `simulator bug while setting up the machine: ${messageOf(e)}` } };
    }
    for (let i = 0; i < s.steps.length; i++) {
      const step = s.steps[i]!;
      try {
        if (inject === i) throw new SimulatorBug(i, step.op, new Error('injected by a test (test.fault "bug")'));
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
    return { results, mismatches, bug };
  }

  private fault(req: TestFaultRequest): { response: Response | null; fault?: HostFault } {
    switch (req.fault) {
      case 'bug':
        this.injectedBugAt = req.step ?? 0;
        return { response: { id: req.id, ok: true, kind: req.kind, result: { armed: true } } };
      case 'throw':
      case 'exit':
      case 'hang':
        return { response: null, fault: req.fault };
      default: {
        const never: never = req.fault;
        return { response: { id: req.id, ok: false, kind: req.kind, error: { kind: 'bad-request', message: `unknown fault ${String(never)}` } } };
      }
    }
  }
}

function viewOf(s: Scenario): ScenarioView {
  return {
    title: s.title,
    description: s.description,
    platform: s.platform,
    kernel: { vfio_container: s.kernel?.vfio_container ?? 'legacy' },
    hasPlatformOverrides: s.platform_overrides !== undefined,
    devices: s.devices,
    steps: s.steps,
  };
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
