// The vhost-vdpa / seed-001 example scenarios in public/scenarios pass every `expect`.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../../src/core/scenario/parse';
import { checkExpect } from '../../../src/core/sim/expect';
import { runScenario } from '../../../src/core/sim/run';

const DIR = join(__dirname, '../../../public/scenarios');
const MINE = /^(vdpa|seed001)-.*\.json$/;
const files = readdirSync(DIR).filter((f) => MINE.test(f)).sort();

describe('vhost-vdpa example scenarios', () => {
  it('there are at least ten', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  for (const f of files) {
    it(f, () => {
      const p = parseScenarioText(readFileSync(join(DIR, f), 'utf8'));
      if (!p.ok) throw new Error(p.issues.map((i) => `${i.where}: ${i.message}`).join('; '));
      expect(p.scenario.title, 'title').toBeTruthy();
      expect(p.scenario.description, 'description').toBeTruthy();
      const { results } = runScenario(p.scenario);
      const mismatches = p.scenario.steps.map((s, i) => checkExpect(s.expect, results[i]!)).filter((m) => m !== null);
      expect(mismatches).toEqual([]);
      expect(p.scenario.steps.filter((s) => s.expect).length).toBeGreaterThan(2);
    });
  }
});
