// window.iovaAtlas, the automation API (README "Automating the explorer"): a round trip as a
// Playwright user would write it, without the test-only hooks: load an object, read results
// (as the CLI gives them), seek, read the state (64-bit values as hex strings), select, walk,
// switch views, wait for idle; an invalid scenario changes nothing.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { cliOutcomes, test as testWithHooks } from './support';

const ROOT = join(import.meta.dirname, '..');
const FILE = join(ROOT, 'public/scenarios/seed004-last-group-leaves.json');

// The API as a test sees it (the page's types live in src/ui/shell/automationApi.ts).
interface IovaAtlas {
  version: number;
  load(s: object | string, o?: { step?: number }): Promise<{ ok: boolean; steps?: number; ran?: number; step?: number; problem?: string; issues?: { where: string; message: string }[] }>;
  seek(step: number): Promise<number>;
  step(delta: number): Promise<number>;
  cursor(): number;
  results(): { state: string; results: { index: number; op: string; ok: boolean; errno?: string; reason?: string; source?: string; mismatch: unknown }[] };
  state(): { step: number; nodes: { id: string }[]; spaces: { id: string; extent: { first: string; last: string }; layers: { kind: string; ranges: { first: string; last: string }[] }[] }[]; changes: { summary: string[] } } | null;
  selection(): unknown;
  select(sel: object): Promise<void>;
  walk(space: string, iova: string): Promise<{ space: string; iova: string }>;
  view(mode?: string): string;
  whenIdle(o?: { timeoutMs?: number }): Promise<void>;
  busy(): string[];
}
type W = { iovaAtlas: IovaAtlas };

function call<T>(page: Page, fn: (a: IovaAtlas, arg: unknown) => T | Promise<T>, arg?: unknown): Promise<T> {
  return page.evaluate(([src, x]) => {
    const f = new Function('a', 'x', `return (${src})(a, x)`) as (a: IovaAtlas, x: unknown) => unknown;
    return f((window as unknown as W).iovaAtlas, x);
  }, [fn.toString(), arg] as const) as Promise<T>;
}

test('load, results, seek, state, select, walk, view and whenIdle round trip', async ({ page }) => {
  await page.goto('/');
  await page.waitForFunction(() => (window as unknown as Partial<W>).iovaAtlas !== undefined);
  expect(await call(page, (a) => a.version)).toBe(1);

  const doc = JSON.parse(readFileSync(FILE, 'utf8')) as { steps: unknown[] };
  const loaded = await call(page, (a, d) => a.load(d as object), doc);
  expect(loaded).toEqual({ ok: true, steps: doc.steps.length, ran: doc.steps.length, step: doc.steps.length - 1 });
  expect(await call(page, (a) => a.busy())).toEqual([]);

  // Results: the same per-step outcome as the CLI, with reason and kernel source on errors.
  const results = await call(page, (a) => a.results());
  expect(results.state).toBe('done');
  const cli = await cliOutcomes(FILE, doc.steps.length);
  if ('error' in cli) throw new Error(cli.error);
  expect(results.results.map((r) => ({ index: r.index, op: r.op, outcome: r.ok ? 'ok' : r.errno }))).toEqual(cli);
  for (const r of results.results.filter((x) => !x.ok)) {
    expect(r.reason).toBeTruthy();
    expect(r.source).toMatch(/\.c: \w+/);
  }

  // Seek and step; the state is the snapshot of that step, 64-bit values as hex strings.
  expect(await call(page, (a) => a.seek(4))).toBe(4);
  expect(await call(page, (a) => a.cursor())).toBe(4);
  expect(await call(page, (a) => a.step(2))).toBe(6);
  const st = await call(page, (a) => a.state());
  expect(st?.step).toBe(6);
  for (const sp of st?.spaces ?? []) {
    expect(sp.extent.first).toMatch(/^0x[0-9a-f]+$/);
    for (const l of sp.layers) for (const r of l.ranges) expect(r.last).toMatch(/^0x[0-9a-f]+$/);
  }
  await expect(page.getByTestId('position')).toHaveAttribute('data-shown', '6');
  expect(await call(page, (a) => a.seek(-5))).toBe(-1);
  expect(await call(page, (a) => a.seek(1e9))).toBe(doc.steps.length - 1);

  // Selection round trip: addresses travel as hex strings, exactly.
  await call(page, (a) => a.select({ kind: 'address', space: 'container:1', iova: '0xfffffffffffff000' }));
  const sel = await call(page, (a) => a.selection());
  // Kept only if the space exists at this step; either way it is exact or cleared.
  expect([{ kind: 'address', space: 'container:1', iova: '0xfffffffffffff000' }, { kind: 'none' }]).toContainEqual(sel);
  const walked = await call(page, (a) => a.walk('container:1', '0x100000'));
  expect(walked).toMatchObject({ space: 'container:1', iova: '0x100000' });

  expect(await call(page, (a) => a.view('graph'))).toBe('graph');
  await expect(page.getByTestId('main-views')).toHaveAttribute('data-mode', 'graph');
  await expect(page.getByTestId('pane-map')).toHaveCount(0);
  expect(await call(page, (a) => a.view('split'))).toBe('split');
  await call(page, (a) => a.whenIdle({ timeoutMs: 5000 }));
});

test('an invalid scenario is refused with its problems and the current one stays', async ({ page }) => {
  await page.goto('/');
  await page.waitForFunction(() => (window as unknown as Partial<W>).iovaAtlas !== undefined);
  const doc = JSON.parse(readFileSync(FILE, 'utf8')) as { title: string; steps: unknown[] };
  await call(page, (a, d) => a.load(d as object, { step: 2 }), doc);
  expect(await call(page, (a) => a.cursor())).toBe(2);
  const bad = await call(page, (a) => a.load({ format: 'iova-atlas.scenario', version: 1, platform: 'x86-vtd-48', devices: [], steps: [{ op: 'mmap', length: 'lots' }] }));
  expect(bad.ok).toBe(false);
  expect(bad.issues?.[0]?.where).toBe('steps[0].length');
  await expect(page.getByTestId('scenario-title')).toHaveText(doc.title);
  expect(await call(page, (a) => a.cursor())).toBe(2);
  expect(await call(page, (a) => a.load('{ not json'))).toMatchObject({ ok: false });
});

testWithHooks('whenIdle waits for a view that reports drawing, and names it when it never finishes', async ({ explorer, page }) => {
  await explorer.open('/scenarios/seed004-last-group-leaves.json');
  await call(page, (a) => a.whenIdle());
  // What a view does through ui/automation.ts (reached here through a test-only handle).
  const mark = (fn: 'markBusy' | 'markIdle') =>
    page.evaluate((f) => (window as unknown as { __iovaAtlasDrawing: Record<string, (k: string) => void> }).__iovaAtlasDrawing[f]!('test-view'), fn);
  await mark('markBusy');
  const err = await call(page, (a) => a.whenIdle({ timeoutMs: 300 }).then(() => 'idle', (e: Error) => e.message));
  expect(err).toContain('view "test-view" drawing');
  await expect(page.getByTestId('app')).toHaveAttribute('data-busy', 'true');
  const idle = call(page, (a) => a.whenIdle({ timeoutMs: 5000 }).then(() => 'idle'));
  await mark('markIdle');
  expect(await idle).toBe('idle');
  await expect(page.getByTestId('app')).toHaveAttribute('data-busy', 'false');
});
