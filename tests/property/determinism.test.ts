// Determinism and checkpoints: a random scenario (recorded from a model-checked run of the
// iommufd or type1 commands) gives identical results and identical inspect output every time it
// runs, whether run whole (runScenario) or step by step, and a Sim cloned midway (sim.clone(),
// the time-travel checkpoint) continues exactly like the original, with no write leaking from
// either copy into the other.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import type { StepResult } from '../../src/core/sim/run';
import { runScenario, runStep } from '../../src/core/sim/run';
import { inspectHandle } from '../../src/core/sim/inspect';
import { Sim } from '../../src/core/sim/sim';
import { parseScenarioValue } from '../../src/core/scenario/parse';
import type { Scenario } from '../../src/core/scenario/types';
import type { Device, RawStep } from './lib/harness';
import { assertProperty, commandsConstraints, eq, js, Real, runs, scenarioDoc } from './lib/harness';
import * as ioas from './lib/ioas-commands';
import type { IoasModel, PlatformModel } from './lib/ioas-model';
import { MOCK, VTD48 } from './lib/ioas-model';
import * as type1 from './lib/type1-commands';
import type { Type1Model } from './lib/type1-model';

/** Every named handle's inspect output (null for handles that name nothing now). */
function inspectAll(sim: Sim): string {
  const names = [...sim.state.handles.keys()].sort();
  return js(Object.fromEntries(names.map((h) => [h, inspectHandle(sim, h)])));
}

function parse(platform: string, devices: readonly Device[], steps: readonly RawStep[]): Scenario {
  const p = parseScenarioValue(scenarioDoc(platform, devices, steps));
  if (!p.ok) throw new Error('recorded scenario is invalid: ' + JSON.stringify(p.issues.slice(0, 3)));
  return p.scenario;
}

const runFrom = (sim: Sim, s: Scenario, from: number, to: number): StepResult[] =>
  s.steps.slice(from, to).map((step, i) => runStep(sim, step, from + i));

/**
 * The recorded scenario, run: twice whole, once step by step with a checkpoint taken after
 * `cutAt` steps, and the checkpoint run to the end too.
 */
function checkDeterminism(platform: string, devices: readonly Device[], steps: readonly RawStep[], recorded: readonly StepResult[], cut: number): void {
  try {
    determinism(parse(platform, devices, steps), recorded, cut);
  } catch (e) {
    if (e instanceof Error) e.message += `\nscenario: ${JSON.stringify(scenarioDoc(platform, devices, steps))}`;
    throw e;
  }
}

function determinism(s: Scenario, recorded: readonly StepResult[], cut: number): void {
  const a = runScenario(s);
  const b = runScenario(s);
  eq(js(b.results), js(a.results), 'two whole runs: results');
  eq(inspectAll(b.sim), inspectAll(a.sim), 'two whole runs: final inspect output');
  // The model-checked run executed the same steps one by one (after the setup prefix).
  eq(js(a.results.slice(a.results.length - recorded.length)), js(recorded), 'whole run vs the recorded step-by-step run');

  const k = cut % (s.steps.length + 1);
  const sim = Sim.create(s);
  const head = runFrom(sim, s, 0, k);
  const snap = sim.clone();
  const atCut = inspectAll(snap);
  eq(atCut, inspectAll(sim), `clone at step ${k}: same inspect output as the original`);
  const tailA = runFrom(sim, s, k, s.steps.length);
  eq(inspectAll(snap), atCut, `clone at step ${k}: the original's later steps leaked into the clone`);
  const finalA = inspectAll(sim);
  const tailB = runFrom(snap, s, k, s.steps.length);
  eq(inspectAll(sim), finalA, `clone at step ${k}: the clone's steps leaked into the original`);
  eq(js(tailB), js(tailA), `clone at step ${k}: results after the cut`);
  eq(inspectAll(snap), finalA, `clone at step ${k}: final inspect output`);
  eq(js([...head, ...tailA]), js(a.results), 'step-by-step run vs whole run');
}

function ioasSuite(p: PlatformModel, numRuns: number): void {
  assertProperty(
    fc.property(fc.commands(ioas.ioasCommands(p), commandsConstraints()), fc.nat(), (cmds, cut) => {
      let real: Real | null = null;
      fc.modelRun(() => {
        real = Real.create(p.name, ioas.DEVICES, ioas.SETUP);
        return { model: ioas.initialModel(p, real) as IoasModel, real };
      }, cmds);
      const r = real as unknown as Real;
      checkDeterminism(p.name, ioas.DEVICES, r.log, r.results.slice(0), cut);
    }),
    { numRuns },
  );
}

describe('determinism and checkpoints', () => {
  it('iommufd on selftest-mock: same results and state on every run, from a clone too', { timeout: 120_000 }, () => {
    ioasSuite(MOCK, runs(80));
  });

  it('iommufd on x86-vtd-48: same results and state on every run, from a clone too', { timeout: 120_000 }, () => {
    ioasSuite(VTD48, runs(80));
  });

  it('type1 on x86-vtd-48: same results and state on every run, from a clone too', { timeout: 120_000 }, () => {
    assertProperty(
      fc.property(fc.commands(type1.type1Commands(), commandsConstraints()), fc.nat(), (cmds, cut) => {
        let real: Real | null = null;
        fc.modelRun(() => {
          real = Real.create('x86-vtd-48', type1.DEVICES, type1.SETUP);
          return { model: type1.initialModel() as Type1Model, real };
        }, cmds);
        const r = real as unknown as Real;
        checkDeterminism('x86-vtd-48', type1.DEVICES, r.log, r.results.slice(0), cut);
      }),
      { numRuns: runs(100) },
    );
  });
});
