// The simulator worker fails in every way a real one can; the page says so, restarts it,
// replays the scenario, and keeps working. Faults are injected through the test-only API.

import { expect, test } from './support';
import type { ExplorerPage } from './support';

type Fault = 'throw' | 'exit' | 'hang' | 'bug';

function fault(explorer: ExplorerPage, kind: Fault, opts: { step?: number; timeoutMs?: number } = {}): Promise<string> {
  return explorer.fault(kind, opts);
}

async function expectRecoveredAndWorking(explorer: ExplorerPage, reason: RegExp): Promise<void> {
  const page = explorer.page;
  const banner = page.getByTestId('worker-recovered');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText(reason);
  await expect(banner).toContainText('The new worker reloaded /e2e-fixtures/basics.json');
  await expect(page.getByTestId('worker-status')).toHaveAttribute('data-status', 'ready');
  // The results already shown stay; the new worker holds the scenario and runs it.
  await expect(explorer.steps.nth(1)).toHaveAttribute('data-errno', 'EEXIST');
  await explorer.rerun();
  await expect(page.getByTestId('run-summary')).toHaveAttribute('data-state', 'done');
  await expect(explorer.steps.nth(1)).toHaveAttribute('data-errno', 'EEXIST');
}

test.beforeEach(async ({ explorer }) => {
  await explorer.open('/e2e-fixtures/basics.json');
  await expect(explorer.steps).toHaveCount(9);
});

test('an uncaught exception in the worker: the request is rejected, the worker restarted', async ({ explorer }) => {
  const lost = await fault(explorer, 'throw');
  expect(lost).toMatch(/the simulator worker crashed: .*test fault: uncaught exception.*the test\.fault request was lost/);
  await expectRecoveredAndWorking(explorer, /crashed: .*uncaught exception/);
});

test('a worker that exits without answering is noticed by the timeout', async ({ explorer }) => {
  const lost = await fault(explorer, 'exit', { timeoutMs: 1500 });
  expect(lost).toContain('did not answer a test.fault request within 1500 ms');
  await expectRecoveredAndWorking(explorer, /did not answer a test\.fault request within 1500 ms/);
});

test('a worker stuck in a loop is terminated and replaced', async ({ explorer }) => {
  const lost = await fault(explorer, 'hang', { timeoutMs: 1000 });
  expect(lost).toContain('did not answer a test.fault request within 1 s');
  await expectRecoveredAndWorking(explorer, /within 1 s/);
});

test('a run lost with the worker says so and can be run again', async ({ explorer, page }) => {
  // The run queues behind a request that hangs the worker; both are lost when it is replaced.
  const hung = fault(explorer, 'hang', { timeoutMs: 1000 });
  const rerunning = explorer.rerun();
  expect(await hung).toContain('within 1 s');
  await rerunning;
  const summary = page.getByTestId('run-summary');
  await expect(summary).toHaveAttribute('data-state', 'lost');
  await expect(summary).toContainText('The results were lost: the simulator worker did not answer a test.fault request within 1 s; the runAll request was lost');
  await expect(explorer.steps.nth(1)).toHaveAttribute('data-outcome', 'unknown');
  await page.getByTestId('rerun').click();
  await explorer.idle();
  await expect(summary).toHaveAttribute('data-state', 'done');
  await expect(explorer.steps.nth(1)).toHaveAttribute('data-errno', 'EEXIST');
});

test('a simulator bug reaches the page naming the step; the steps before keep their results', async ({ explorer, page }) => {
  expect(await fault(explorer, 'bug', { step: 3 })).toBe('ok');
  await explorer.rerun();
  const bug = page.getByTestId('sim-bug');
  await expect(bug).toBeVisible();
  await expect(bug).toHaveAttribute('data-step', '3');
  await expect(bug).toContainText('Simulator bug at step 3 (munmap)');
  await expect(bug).toContainText('injected by a test');
  const outcomes = (await explorer.listed()).map((r) => r.outcome);
  expect(outcomes).toEqual(['ok', 'EEXIST', 'EINVAL', 'bug', 'not-run', 'not-run', 'not-run', 'not-run', 'not-run']);
  await expect(explorer.steps.nth(3).getByTestId('bug')).toContainText('simulator bug at step 3 (munmap)');
  // The worker itself is fine: the next run is complete again.
  await explorer.rerun();
  await expect(page.getByTestId('sim-bug')).toHaveCount(0);
  await expect(explorer.steps.nth(3)).toHaveAttribute('data-errno', 'EINVAL');
});

test('a worker that keeps crashing is given up on, and restarts on request', async ({ explorer, page }) => {
  for (let i = 0; i < 4; i++) await fault(explorer, 'throw');
  await expect(page.getByTestId('worker-status')).toHaveAttribute('data-status', 'failed');
  const failed = page.getByTestId('worker-failed');
  await expect(failed).toContainText('failed 4 times');
  expect(await fault(explorer, 'bug')).toContain('is not running');
  await failed.getByRole('button', { name: 'Restart it' }).click();
  await expect(page.getByTestId('worker-status')).toHaveAttribute('data-status', 'ready');
  await explorer.rerun();
  await expect(explorer.steps.nth(1)).toHaveAttribute('data-errno', 'EEXIST');
});


// Time travel survives a crash: the new worker replays the scenario, runs it on the store's
// re-seek, and comes back to the step the explorer was at; stepping and walks go on from there.
type Seen = { cursor: number; lastSeek: { step: number; count: number } | null; snapshot: { step: number } | null };
const seen = (explorer: ExplorerPage): Promise<Seen> =>
  explorer.page.evaluate(() => (window as unknown as { __iovaAtlasTest: { state(): Seen } }).__iovaAtlasTest.state());

for (const kind of ['throw', 'hang'] as const) {
  test(`after a worker ${kind === 'throw' ? 'crash' : 'hang'}, the explorer returns to the same step`, async ({ explorer, page }) => {
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('position')).toHaveAttribute('data-shown', '2');
    const before = await seen(explorer);
    expect(before.lastSeek?.step).toBe(2);
    await fault(explorer, kind, kind === 'hang' ? { timeoutMs: 1000 } : {});
    await expect(page.getByTestId('worker-recovered')).toBeVisible();
    await expect(page.getByTestId('worker-status')).toHaveAttribute('data-status', 'ready');
    await explorer.idle();
    // A new seek was answered by the new worker, at the same step.
    await expect.poll(async () => (await seen(explorer)).lastSeek?.count).toBeGreaterThan(before.lastSeek!.count);
    const after = await seen(explorer);
    expect(after).toMatchObject({ cursor: 2, lastSeek: { step: 2 }, snapshot: { step: 2 } });
    await expect(page.locator('[data-testid=step][data-index="2"]')).toHaveAttribute('aria-current', 'step');
    // The new worker's cursor is there too: stepping on works, and so does a walk.
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('position')).toHaveAttribute('data-shown', '3');
    const walk = await page.evaluate(() => (window as unknown as { iovaAtlas: { walk(s: string, i: string): Promise<{ iova: string }> } }).iovaAtlas.walk('process', '0x1000'));
    expect(walk.iova).toBe('0x1000');
  });
}
