// The PASID / SVA example scenarios (public/scenarios/sva-*, pasid-*, seed000-*, seed003-*), run
// end to end through the parser and the runner: every `expect` holds, and every SVA step has one.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../../src/core/scenario/parse';
import { OPS } from '../../../src/core/scenario/ops';
import { checkExpect } from '../../../src/core/sim/expect';
import { runScenario } from '../../../src/core/sim/run';

const DIR = join(__dirname, '../../../public/scenarios');
const FILES = readdirSync(DIR).filter((f) => /^(sva-|pasid-|seed000-|seed003-)/.test(f) && f.endsWith('.json'));

function run(file: string) {
  const parsed = parseScenarioText(readFileSync(join(DIR, file), 'utf8'));
  if (!parsed.ok) throw new Error(`${file}: ${JSON.stringify(parsed.issues)}`);
  return { scenario: parsed.scenario, ...runScenario(parsed.scenario) };
}

describe('PASID / SVA example scenarios', () => {
  it('exist: at least six', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(6);
  });

  for (const file of FILES) {
    it(`${file}: every expect holds; every SVA step has one`, () => {
      const { scenario, results } = run(file);
      const mismatches = scenario.steps.map((s, i) => checkExpect(s.expect, results[i]!)).filter((m) => m !== null);
      expect(mismatches).toEqual([]);
      const unchecked = scenario.steps.filter((s) => OPS[s.op].family === 'sva' && !s.expect);
      expect(unchecked).toEqual([]);
      expect(scenario.title).toBeTruthy();
      expect(scenario.description).toBeTruthy();
    });
  }

  it('seed000-fd-close-order-uacce: PASID 1 is handed out again only after the last FD_acc of the dead mm closed', () => {
    const { results } = run('seed000-fd-close-order-uacce.json');
    const binds = results.filter((r) => r.op === 'iommu_sva_bind_device' && r.ok).map((r) => (r.ok ? r.out.pasid : null));
    expect(binds).toEqual([2, 1]);
  });
});
