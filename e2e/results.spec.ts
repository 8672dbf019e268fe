// The page lists the same result for every step as the CLI does (one core, one answer),
// marks the steps whose `expect` failed, and shows errno, reason, source and notes.

import { readdirSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cliOutcomes, expect, FIXTURE_DIR, test } from './support';
import type { ExplorerPage } from './support';

const ROOT = join(import.meta.dirname, '..');
const EXAMPLES = readdirSync(join(ROOT, 'public/scenarios')).filter((f) => f.endsWith('.json') && f !== 'index.json').sort();

async function compareWithCli(explorer: ExplorerPage, file: string): Promise<void> {
  const listed = await explorer.listed();
  const cli = await cliOutcomes(file, listed.length);
  if ('error' in cli) throw new Error(cli.error);
  expect(listed.length).toBe(cli.length);
  listed.forEach((row, i) => {
    const want = cli[i]!;
    expect(row.op, `step ${i} op`).toBe(want.op);
    // Before a simulator bug the CLI prints nothing to compare with; the page must have run them.
    if (want.outcome === '(before bug)') expect(['bug', 'not-run', 'pending']).not.toContain(row.outcome);
    else expect(row.outcome, `step ${i} (${row.op})`).toBe(want.outcome);
  });
}

/** Per file, the steps the CLI's `check` reports as not meeting their `expect` (one CLI run for all). */
async function cliMismatches(files: string[]): Promise<Map<string, number[]>> {
  const exec = promisify(execFile);
  const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
  let out = '';
  try {
    out = (await exec(tsx, [join(ROOT, 'src/cli/main.ts'), 'check', ...files], { cwd: ROOT, maxBuffer: 64 << 20 })).stdout;
  } catch (e) {
    out = (e as { stdout?: string }).stdout ?? '';
  }
  const byFile = new Map<string, number[]>(files.map((f) => [f, []]));
  for (const line of out.split('\n')) {
    const m = /^(.*): step (\d+) \(/.exec(line);
    if (m) byFile.get(m[1]!)?.push(Number(m[2]));
  }
  return byFile;
}

let mismatches: Promise<Map<string, number[]>> | null = null;
function mismatchesOf(path: string): Promise<number[]> {
  mismatches ??= cliMismatches(EXAMPLES.map((f) => join(ROOT, 'public/scenarios', f)));
  return mismatches.then((m) => m.get(path) ?? []);
}

test('the basics fixture: every result matches the CLI, with errno, reason, source and notes', async ({ explorer, page }) => {
  await explorer.open('/e2e-fixtures/basics.json');
  await expect(page.getByTestId('scenario-title')).toHaveText('Process memory basics (e2e fixture)');
  await expect(explorer.steps).toHaveCount(9);
  await compareWithCli(explorer, join(FIXTURE_DIR, 'basics.json'));

  // Arguments in short form, 64-bit values in hex.
  const first = explorer.steps.nth(0);
  await expect(first).toContainText('mmap');
  await expect(first).toContainText('length=0x200000');
  await expect(first.getByTestId('out')).toContainText('addr=0x7ffeffe00000');

  // An errno with the kernel's reason and source, and the step's note.
  const eexist = explorer.steps.nth(1);
  await expect(eexist).toHaveAttribute('data-errno', 'EEXIST');
  await expect(eexist.getByTestId('errno')).toHaveText('EEXIST (17)');
  await expect(eexist.getByTestId('reason')).toContainText('MAP_FIXED_NOREPLACE');
  await expect(eexist.getByTestId('reason')).toContainText('mm/mmap.c: do_mmap');
  await expect(eexist.getByTestId('note')).toContainText('refuses to overlap');

  // Every expect holds.
  await expect(page.getByTestId('expect-summary')).toHaveText('every expectation met');
  await expect(page.locator('[data-testid=step][data-expect=failed]')).toHaveCount(0);
});

test('a step whose expect fails is marked, as the CLI check reports it', async ({ explorer, page }) => {
  await page.route('**/e2e-fixtures/wrong-expect.json', (route) =>
    route.fulfill({
      contentType: 'application/json',
      body: JSON.stringify({
        format: 'iova-atlas.scenario', version: 1, title: 'Wrong expectations', platform: 'x86-vtd-48', devices: [],
        steps: [
          { op: 'mmap', length: '0', expect: { errno: 'ENOMEM' } },
          { op: 'mmap', length: '0x1000', expect: { ok: true, out: { addr: '0x1000' } } },
          { op: 'mmap', length: '0x1000', expect: { ok: true } },
        ],
      }),
    }),
  );
  await explorer.open('/e2e-fixtures/wrong-expect.json');
  const failed = page.locator('[data-testid=step][data-expect=failed]');
  await expect(failed).toHaveCount(2);
  await expect(failed.nth(0).getByTestId('mismatch')).toHaveText(/expected errno ENOMEM, got errno EINVAL/);
  await expect(failed.nth(1).getByTestId('mismatch')).toHaveText(/expected out\.addr = "0x1000"/);
  await expect(page.getByTestId('expect-summary')).toHaveText('2 expectations not met');
  await expect(explorer.steps.nth(2)).toHaveAttribute('data-expect', 'held');
});

test('a scenario that reaches into VFIO lists what the CLI gives', async ({ explorer }) => {
  await explorer.open('/e2e-fixtures/vfio-open.json');
  await expect(explorer.steps).toHaveCount(4);
  await compareWithCli(explorer, join(FIXTURE_DIR, 'vfio-open.json'));
});

for (const file of EXAMPLES) {
  test(`example ${file}: the page lists what the CLI gives`, async ({ explorer, page }) => {
    await explorer.open(`/scenarios/${file}`);
    await expect(page.getByTestId('load-problem')).toHaveCount(0);
    const path = join(ROOT, 'public/scenarios', file);
    await compareWithCli(explorer, path);
    const marked = await page.locator('[data-testid=step][data-expect=failed]').evaluateAll((rows) => rows.map((r) => Number((r as HTMLElement).dataset.index)));
    expect(marked).toEqual(await mismatchesOf(path));
  });
}
