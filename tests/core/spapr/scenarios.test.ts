// The sPAPR example scenarios, run end to end (parse -> runScenario -> every `expect`), through
// the container code that routes to the sPAPR backend.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../../src/core/scenario/parse';
import { checkExpect } from '../../../src/core/sim/expect';
import { runScenario } from '../../../src/core/sim/run';
import type { SpaprState } from '../../../src/core/sim/state';

const DIR = join(__dirname, '../../../public/scenarios');
const FILES = readdirSync(DIR).filter((f) => /^(spapr-|seed002-(ppc|x86-style-guest-on-ppc))/.test(f) && f.endsWith('.json'));

function run(file: string) {
  const parsed = parseScenarioText(readFileSync(join(DIR, file), 'utf8'));
  if (!parsed.ok) throw new Error(`${file}: ${JSON.stringify(parsed.issues)}`);
  return { scenario: parsed.scenario, ...runScenario(parsed.scenario) };
}

describe('sPAPR example scenarios', () => {
  it('exist (at least the six asked for, plus the two seed 002 ones)', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(8);
  });

  for (const file of FILES) {
    it(`${file}: every expect holds`, () => {
      const { scenario, results } = run(file);
      const mismatches = scenario.steps.map((s, i) => checkExpect(s.expect, results[i]!)).filter((m) => m !== null);
      expect(mismatches).toEqual([]);
    });
  }

  it('the past-the-end scenario leaves kernel-bug records', () => {
    const { results } = run('spapr-map-past-window-end-bug.json');
    expect(results.filter((r) => r.ok && r.op === 'VFIO_IOMMU_MAP_DMA')).toHaveLength(2);
  });

  it('the x86-style guest fails exactly at the MAP of RAM above 4 GiB', () => {
    const { results } = run('seed002-x86-style-guest-on-ppc.json');
    const firstFail = results.find((r) => !r.ok);
    expect(firstFail).toMatchObject({ op: 'VFIO_IOMMU_MAP_DMA', errno: 'ENXIO' });
    const { sim } = run('seed002-x86-style-guest-on-ppc.json');
    const c = [...sim.state.containers.values()][0]!;
    expect((c.iommu as SpaprState).bugs).toEqual([]);
  });
});
