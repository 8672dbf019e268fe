// `npm run -s scenario -- compare FILE [A,B]`: JSON on stdout, exit 0 when the runs agree, 1 when
// they diverge, 2 when the input is invalid or a side cannot run the scenario.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const run = promisify(execFile);

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'src/cli/main.ts'), 'compare', ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('the compare command', () => {
  it('diverging runs: exit 1, the first divergence and its sentence in JSON', async () => {
    const r = await cli('public/scenarios/type1-unmap-bisect-v2.json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { first: number; headline: string; divergences: { index: number; sentence: string }[]; a: { label: string } };
    expect(out.first).toBe(6);
    expect(out.a.label).toBe('legacy container');
    expect(out.headline.startsWith('step 6: legacy container EINVAL (')).toBe(true);
    expect(out.divergences[0]!.index).toBe(6);
  }, 30_000);

  it('the same configuration twice: exit 0; an unknown side or a blocked one: exit 2 with the reason', async () => {
    expect((await cli('public/scenarios/type1-unmap-bisect-v2.json', 'x86-vtd-48,x86-vtd-48')).code).toBe(0);
    const bad = await cli('public/scenarios/type1-unmap-bisect-v2.json', 'x86,ppc-powernv');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('side A: "x86" is not a platform preset');
    const blocked = await cli('public/scenarios/iommufd-group-one-domain.json', 'x86-vtd-48,selftest-mock');
    expect(blocked.code).toBe(2);
    expect(blocked.stderr).toContain('Not compared: selftest-mock gives every mock device its own iommu_group');
  }, 30_000);
});
