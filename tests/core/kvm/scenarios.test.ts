// The KVM example scenarios (public/scenarios/kvm-*.json, seed004-kvm-*.json), run end to end
// through the parser and the runner: every `expect` holds.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../../src/core/scenario/parse';
import { checkExpect } from '../../../src/core/sim/expect';
import { runScenario } from '../../../src/core/sim/run';

const DIR = join(__dirname, '../../../public/scenarios');
const FILES = readdirSync(DIR).filter((f) => /^(kvm-|seed004-kvm-)/.test(f) && f.endsWith('.json'));

function run(file: string) {
  const parsed = parseScenarioText(readFileSync(join(DIR, file), 'utf8'));
  if (!parsed.ok) throw new Error(`${file}: ${JSON.stringify(parsed.issues)}`);
  return { scenario: parsed.scenario, ...runScenario(parsed.scenario) };
}

describe('KVM example scenarios', () => {
  it('exist: at least five, on ppc-powernv', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(5);
    for (const f of FILES) expect(run(f).scenario.platform).toBe('ppc-powernv');
  });

  for (const file of FILES) {
    it(`${file}: every expect holds, every step that matters has one`, () => {
      const { scenario, results } = run(file);
      const mismatches = scenario.steps.map((s, i) => checkExpect(s.expect, results[i]!)).filter((m) => m !== null);
      expect(mismatches).toEqual([]);
      const unchecked = scenario.steps.filter((s) => s.op.startsWith('KVM_') || s.op === 'H_PUT_TCE').filter((s) => !s.expect);
      expect(unchecked).toEqual([]);
    });
  }

  it('seed004-kvm-table-outlives-container: the table outlives the container backend until the LIOBN fd closes', () => {
    const { sim } = run('seed004-kvm-table-outlives-container.json');
    expect(sim.state.kvm.hwTables.size).toBe(0);
    expect(sim.state.kvm.tables.size).toBe(0);
  });
});
