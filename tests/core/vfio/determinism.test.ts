// The same scenario gives the same results every time, and a checkpoint (Sim.clone) taken
// midway continues exactly like the original without either disturbing the other.
import { describe, expect, it } from 'vitest';
import { parseScenarioValue } from '../../../src/core/scenario/parse';
import { runStep } from '../../../src/core/sim/run';
import { Sim } from '../../../src/core/sim/sim';
import { inspectHandle } from '../../../src/core/sim/inspect';
import { info, inspect, json, map, run, scenario, setup, unmap } from './helpers';

const devs = [{ id: 'a', group: 26 }, { id: 'b', group: 27 }];
const steps = [
  ...setup([26, 27], 'VFIO_TYPE1_IOMMU'),
  map('0x100000', '0x200000'), map('0x400000', '0x1000'), map('0xfee00000', '0x1000'),
  unmap('0x200000', '0x1000'), unmap('0x100000', '0x1000'), info(),
  { op: 'VFIO_GROUP_UNSET_CONTAINER', fd: 'g26' }, inspect('c'),
  { op: 'close', fd: 'g27' }, inspect('c'), map('0x100000', '0x1000'),
];

describe('determinism', () => {
  it('two runs give identical results', () => {
    const a = json(run(scenario('x86-vtd-48', devs, steps)).results);
    const b = json(run(scenario('x86-vtd-48', devs, steps)).results);
    expect(a).toEqual(b);
  });

  it('a clone taken midway continues identically and independently', () => {
    const p = parseScenarioValue(scenario('x86-vtd-48', devs, steps));
    if (!p.ok) throw new Error('bad scenario');
    const sim = Sim.create(p.scenario);
    const k = 8;
    p.scenario.steps.slice(0, k).forEach((s, i) => runStep(sim, s, i));
    const snap = sim.clone();
    const before = json(inspectHandle(snap, 'c'));
    const rest = p.scenario.steps.slice(k);
    const ra = rest.map((s, i) => runStep(sim, s, k + i));
    // The original went on and released its backend; the checkpoint still holds its mappings.
    expect(json(inspectHandle(snap, 'c'))).toEqual(before);
    expect(before.mappings.length).toBe(2);
    const rb = rest.map((s, i) => runStep(snap, s, k + i));
    expect(json(rb)).toEqual(json(ra));
  });
});
