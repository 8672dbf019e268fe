// The incremental state tracker against a full re-read: at every step of the example
// scenarios, the effect it computes from map diffs equals the change between the whole
// translations before and after the step.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { changesBetween, runsOf, SideTracker, sourcesOf } from '../../../src/core/compare';
import type { Run } from '../../../src/core/compare';
import { parseScenarioText } from '../../../src/core/scenario/parse';
import { runStep } from '../../../src/core/sim/run';
import { Sim } from '../../../src/core/sim/sim';

const DIR = join(__dirname, '../../../public/scenarios');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.json') && !f.startsWith('vdpa-iotlb-entry-limit'));

function fullState(sim: Sim): Map<string, Run[]> {
  const out = new Map<string, Run[]>();
  for (const [k, s] of sourcesOf(sim)) out.set(k, runsOf(s.maps, s.toRun));
  return out;
}

describe('SideTracker', () => {
  for (const file of FILES) {
    it(`${file}: every step's effect equals the full before/after change`, () => {
      const r = parseScenarioText(readFileSync(join(DIR, file), 'utf8'));
      if (!r.ok) throw new Error(file);
      const sim = Sim.create(r.scenario);
      const tracker = new SideTracker(sim);
      let before = fullState(sim);
      r.scenario.steps.forEach((step, i) => {
        runStep(sim, step, i);
        const steps = tracker.advance(sim);
        const after = fullState(sim);
        for (const key of new Set([...before.keys(), ...after.keys()])) {
          const want = changesBetween(before.get(key) ?? [], after.get(key) ?? []);
          const got = steps.get(key)?.effect ?? [];
          expect({ step: i, key, effect: got }).toEqual({ step: i, key, effect: want });
          expect(steps.get(key)?.after() ?? []).toEqual(after.get(key) ?? []);
        }
        before = after;
      });
    });
  }
});
