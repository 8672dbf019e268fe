// The iommufd / compat / seed-002 example scenarios in public/scenarios pass every `expect`.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../../src/core/scenario/parse';
import { checkExpect } from '../../../src/core/sim/expect';
import { runScenario } from '../../../src/core/sim/run';

const DIR = join(__dirname, '../../../public/scenarios');
const MINE = /^(iommufd|compat|seed002-ppc-style-guest-on-x86)[-.].*json$|^seed002-ppc-style-guest-on-x86\.json$/;
const files = readdirSync(DIR).filter((f) => MINE.test(f)).sort();

describe('iommufd example scenarios', () => {
  it('there are at least ten, and the seed-002 one', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
    expect(files).toContain('seed002-ppc-style-guest-on-x86.json');
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
