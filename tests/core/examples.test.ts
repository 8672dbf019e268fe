// Every example scenario in public/scenarios has a title and a description, checks more than two
// steps with `expect`, and meets every one of them (what `npm run test:examples` checks through
// the CLI, here through the core directly); and each family keeps its examples.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../src/core/scenario/parse';
import { checkExpect } from '../../src/core/sim/expect';
import { runScenario } from '../../src/core/sim/run';

const DIR = join(__dirname, '../../public/scenarios');
const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

/** Families and how many examples each must keep at least (prefixes of the file names). */
const FAMILIES: readonly { readonly name: string; readonly match: RegExp; readonly min: number }[] = [
  { name: 'VFIO, type1 and seed 004', match: /^(vfio|type1|seed004)-/, min: 10 },
  { name: 'iommufd and its VFIO compatibility', match: /^(iommufd|compat)-/, min: 10 },
  { name: 'vhost-vdpa and seed 001', match: /^(vdpa|seed001)-/, min: 10 },
  { name: 'sPAPR and seed 002', match: /^(spapr|seed002)-/, min: 5 },
  { name: 'PASID / SVA and seeds 000, 003', match: /^(sva|pasid|seed000|seed003)-/, min: 5 },
  { name: 'KVM', match: /^kvm-/, min: 3 },
];

describe('example scenarios', () => {
  for (const fam of FAMILIES) {
    it(`${fam.name}: at least ${fam.min}`, () => {
      expect(files.filter((f) => fam.match.test(f)).length).toBeGreaterThanOrEqual(fam.min);
    });
  }

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
