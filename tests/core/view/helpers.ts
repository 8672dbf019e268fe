// Runs scenarios through the real parser and runner, step by step, keeping the state before
// and after each step (cloned, as the worker's checkpoints are) and the snapshot of each.
import { readFileSync } from 'node:fs';
// The view tests run scenarios while they are collected, before the setup's beforeAll
// (tests/support/beyond.ts) registers the vDPA / SVA / KVM code: register it now.
import '../../../src/core/beyond/eager';
import { parseScenarioText, parseScenarioValue } from '../../../src/core/scenario/parse';
import type { Scenario } from '../../../src/core/scenario/types';
import { runStep } from '../../../src/core/sim/run';
import type { StepResult } from '../../../src/core/sim/run';
import { Sim } from '../../../src/core/sim/sim';
import { buildSnapshot } from '../../../src/core/view';
import type { AddressSpaceView, RangeKind, RangeSet, Snapshot, TopoNode } from '../../../src/core/view/types';

export interface Stepped {
  readonly results: StepResult[];
  /** sims[i + 1] is the state after step i; sims[0] the machine before the first step. */
  readonly sims: Sim[];
  readonly snaps: Snapshot[];
  /** The snapshot after step i (with its changes). */
  snap(i: number): Snapshot;
}

export function stepThrough(s: Scenario): Stepped {
  let sim = Sim.create(s);
  const sims = [sim.clone()];
  const snaps = [buildSnapshot(sim, -1)];
  const results: StepResult[] = [];
  s.steps.forEach((step, i) => {
    const prev = sims[sims.length - 1]!;
    sim = prev.clone();
    results.push(runStep(sim, step, i));
    sims.push(sim);
    snaps.push(buildSnapshot(sim, i, prev));
  });
  return { results, sims, snaps, snap: (i) => snaps[i + 1]! };
}

export function scenarioFile(name: string): Scenario {
  const r = parseScenarioText(readFileSync(new URL(`../../../public/scenarios/${name}.json`, import.meta.url), 'utf8'));
  if (!r.ok) throw new Error('invalid scenario: ' + JSON.stringify(r.issues));
  return r.scenario;
}

export function scenario(
  platform: string, steps: Record<string, unknown>[], devices: unknown[] = [{ id: 'dev0', group: 1 }], kernel?: Record<string, unknown>,
): Scenario {
  const p = parseScenarioValue({ format: 'iova-atlas.scenario', version: 1, platform, devices, steps, ...(kernel ? { kernel } : {}) });
  if (!p.ok) throw new Error('invalid scenario: ' + JSON.stringify(p.issues));
  return p.scenario;
}

export function node(s: Snapshot, id: string): TopoNode {
  const n = s.nodes.find((x) => x.id === id);
  if (!n) throw new Error(`no node ${id} in snapshot ${s.step}: ${s.nodes.map((x) => x.id).join(' ')}`);
  return n;
}

export function space(s: Snapshot, id: string): AddressSpaceView {
  const sp = s.spaces.find((x) => x.id === id);
  if (!sp) throw new Error(`no space ${id} in snapshot ${s.step}: ${s.spaces.map((x) => x.id).join(' ')}`);
  return sp;
}

export function layer(sp: AddressSpaceView, kind: RangeKind): RangeSet {
  const l = sp.layers.find((x) => x.kind === kind);
  if (!l) throw new Error(`no ${kind} layer in ${sp.id}`);
  return l;
}

/** A layer as [first, last] pairs (and the backing when asked). */
export function ranges(l: RangeSet, withBacking = false): bigint[][] {
  return Array.from(l.first, (f, i) => (withBacking ? [f, l.last[i]!, l.backing![i]!] : [f, l.last[i]!]));
}
