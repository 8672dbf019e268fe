// Autosave (state/autosave.ts, files/SessionKeeper.tsx): the scenario, step, selection, view and
// map window survive the tab being reopened at the bare address (a crash, a closed tab) and a
// reload of a ?src= page whose link was too large; "Start fresh" undoes a restore; a link,
// another ?src= or a tour wins over the saved session; a browser that refuses storage shows one notice
// and the explorer keeps working; an embed never writes the session.

import type { Page } from '@playwright/test';
import { expect, test } from './support';

// Every test opens the page several times: on two cores shared with the dev server and the
// simulator worker, a page load can take seconds.
test.describe.configure({ timeout: 150_000 });

type Api = {
  load(s: object | string, o?: { step?: number }): Promise<{ ok: boolean }>;
  seek(step: number): Promise<number>;
  step(delta: number): Promise<number>;
  cursor(): number;
  select(sel: object): Promise<void>;
  selection(): Record<string, string>;
  view(mode?: string): string;
  whenIdle(): Promise<void>;
  map: { viewport(): { start: string; span: string; autoFit: boolean }; setViewport(start: string, span: string): Promise<void> };
};
type W = { iovaAtlas: Api };

async function load(page: Page, doc: object): Promise<void> {
  const r = await page.evaluate((d) => (window as unknown as W).iovaAtlas.load(d), doc);
  expect(r.ok).toBe(true);
}

const STATE_KEY = 'iova-atlas.session.v1.state';
const TEXT_KEY = 'iova-atlas.session.v1.text';

function api<T>(page: Page, f: (a: Api) => T | Promise<T>): Promise<T> {
  return page.evaluate(`(${f.toString()})(window.iovaAtlas)`) as Promise<T>;
}

async function ready(page: Page): Promise<void> {
  // Generous: a page load on a busy two-core machine (dev server, worker, browser) takes seconds.
  await page.waitForFunction(() => (window as unknown as Partial<W>).iovaAtlas !== undefined, undefined, { timeout: 30_000 });
  await expect(page.getByTestId('app')).toHaveAttribute('data-busy', 'false', { timeout: 30_000 });
  await page.evaluate(() => (window as unknown as W).iovaAtlas.whenIdle());
}

/** The saved state, once it says `pred` (autosave is debounced). */
async function savedState(page: Page, pred: (s: Record<string, unknown>) => boolean = () => true): Promise<Record<string, unknown>> {
  let state: Record<string, unknown> | null = null;
  await expect
    .poll(async () => {
      const raw = await page.evaluate((k) => localStorage.getItem(k), STATE_KEY);
      state = raw ? (JSON.parse(raw) as Record<string, unknown>) : null;
      return state !== null && pred(state);
    })
    .toBe(true);
  return state!;
}

const step = (op: string, rest: Record<string, unknown> = {}) => ({ op, ...rest });

/** Type1 v2 on VT-d: 2 MiB at 1 GiB, then 4 KiB at 4 GiB. */
const VTD = {
  format: 'iova-atlas.scenario',
  version: 1,
  title: 'autosave: type1 on VT-d',
  platform: 'x86-vtd-48',
  devices: [{ id: 'nic0', bdf: '0000:00:02.0', group: 26 }],
  steps: [
    step('open', { path: '/dev/vfio/vfio', as: 'container' }),
    step('open', { path: '/dev/vfio/26', as: 'group26' }),
    step('VFIO_GROUP_SET_CONTAINER', { fd: 'group26', container: 'container' }),
    step('VFIO_SET_IOMMU', { fd: 'container', type: 'VFIO_TYPE1v2_IOMMU' }),
    step('VFIO_IOMMU_MAP_DMA', { fd: 'container', iova: '0x40000000', size: '0x200000', vaddr: '0x7f0000000000', flags: ['READ', 'WRITE'] }),
    step('VFIO_IOMMU_MAP_DMA', { fd: 'container', iova: '0x100000000', size: '0x1000', vaddr: '0x7f0000400000', flags: ['READ', 'WRITE'] }),
  ],
};

/** Three process-memory steps (the smallest scenario that has steps to move between). */
const mmaps = (title: string) => ({ format: 'iova-atlas.scenario', version: 1, title, platform: 'x86-vtd-48', steps: [step('mmap', { length: '0x1000' }), step('mmap', { length: '0x2000' }), step('mmap', { length: '0x3000' })] });

test('the scenario, step, selection, view and map window come back when the tab reopens at the bare address', async ({ explorer, page }) => {
  await page.goto('/');
  await ready(page);
  await load(page, VTD);
  await api(page, (a) => a.seek(4));
  await api(page, (a) => a.view('map'));
  await ready(page);
  await api(page, (a) => a.select({ kind: 'range', space: 'container:1', first: '0x40000000', last: '0x401fffff' }));
  await api(page, (a) => a.map.setViewport('0x3ff00000', '0x400000'));
  const saved = await savedState(page, (s) => s.step === 4 && s.view === 'map' && s.map !== null && (s.selection as { kind?: string } | null)?.kind === 'range');
  expect(saved.map).toEqual({ start: '0x3ff00000', span: '0x400000' });
  expect(saved.selection).toEqual({ kind: 'range', space: 'container:1', first: '0x40000000', last: '0x401fffff' });

  // A crash or a closed tab: the page opens again without the link in its address.
  await page.goto('/');
  await ready(page);
  const restored = page.getByTestId('session-restored');
  await expect(restored).toBeVisible();
  await expect(restored).toContainText('autosave: type1 on VT-d');
  await expect(restored).toContainText('step 4');
  expect(await api(page, (a) => a.cursor())).toBe(4);
  expect(await api(page, (a) => a.view())).toBe('map');
  expect(await api(page, (a) => a.selection())).toEqual({ kind: 'range', space: 'container:1', first: '0x40000000', last: '0x401fffff' });
  await expect.poll(() => api(page, (a) => a.map.viewport())).toMatchObject({ start: '0x3ff00000', span: '0x400000', autoFit: false });
  await expect(page.getByTestId('scenario-title')).toHaveText('autosave: type1 on VT-d');

  // Working on saves again: one step further, then reopened.
  await api(page, (a) => a.step(1));
  await savedState(page, (s) => s.step === 5);
  await page.goto('/');
  await ready(page);
  expect(await api(page, (a) => a.cursor())).toBe(5);

  // "Start fresh" undoes the restore and forgets the session.
  await page.getByTestId('session-start-fresh').click();
  await expect(page.getByTestId('session-restored')).toHaveCount(0);
  await expect(page.getByTestId('scenario-title')).toHaveCount(0);
  expect(await page.evaluate(([a, b]) => [localStorage.getItem(a!), localStorage.getItem(b!)], [STATE_KEY, TEXT_KEY])).toEqual([null, null]);
  // Nor does the address bring it back.
  expect(await page.evaluate(() => location.hash)).toBe('');
  await page.reload();
  await ready(page);
  await expect(page.getByTestId('scenario-title')).toHaveCount(0);
  await page.goto('/');
  await ready(page);
  await expect(page.getByTestId('scenario-title')).toHaveCount(0);
  await expect(page.getByTestId('session-restored')).toHaveCount(0);
});

test('a plain reload keeps everything (the address bar link), and Dismiss hides the notice', async ({ explorer, page }) => {
  await page.goto('/');
  await ready(page);
  await load(page, mmaps('reload'));
  await api(page, (a) => a.seek(1));
  await api(page, (a) => a.view('graph'));
  await savedState(page, (s) => s.step === 1 && s.view === 'graph');
  // The address bar's link follows the screen after its own debounce.
  await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#s=/);
  await page.waitForTimeout(1000);
  await page.reload();
  await ready(page);
  expect(await api(page, (a) => a.cursor())).toBe(1);
  expect(await api(page, (a) => a.view())).toBe('graph');
  // The link opened it: no "restored" notice for what the address itself says.
  await expect(page.getByTestId('session-restored')).toHaveCount(0);

  await page.goto('/');
  await ready(page);
  await expect(page.getByTestId('session-restored')).toBeVisible();
  await page.getByTestId('session-restored-dismiss').click();
  await expect(page.getByTestId('session-restored')).toHaveCount(0);
  expect(await api(page, (a) => a.cursor())).toBe(1);
});

test('?src= of the saved session goes back to its step; another ?src= wins over the session', async ({ explorer, page }) => {
  await page.goto('/?src=' + encodeURIComponent('/e2e-fixtures/basics.json'));
  await ready(page);
  await api(page, (a) => a.seek(2));
  await api(page, (a) => a.view('map'));
  await savedState(page, (s) => s.step === 2 && s.view === 'map' && s.src === '/e2e-fixtures/basics.json');

  // The same ?src= without its link (a link too large for the address bar): the saved step.
  await page.goto('/?src=' + encodeURIComponent('/e2e-fixtures/basics.json'));
  await ready(page);
  await expect.poll(() => api(page, (a) => a.cursor())).toBe(2);
  expect(await api(page, (a) => a.view())).toBe('map');
  await expect(page.getByTestId('session-restored')).toBeVisible();

  // Another scenario named in the address opens as asked, at its last step.
  await page.goto('/?src=' + encodeURIComponent('/e2e-fixtures/vfio-open.json'));
  await ready(page);
  await expect(page.getByTestId('session-restored')).toHaveCount(0);
  const steps = await explorer.steps.count();
  expect(await api(page, (a) => a.cursor())).toBe(steps - 1);

  // An address that asks for something else (a tour) is not overridden by the session either.
  await page.goto('/?tour=no-such-tour');
  await ready(page);
  await page.waitForTimeout(1000);
  await expect(page.getByTestId('session-restored')).toHaveCount(0);
  await expect(page.getByTestId('scenario-title')).toHaveCount(0);
});

test('a browser that refuses storage: one small notice, and nothing else changes', async ({ explorer, page }) => {
  await page.addInitScript(() => {
    Storage.prototype.setItem = function (): void {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await ready(page);
  await load(page, mmaps('no storage'));
  const notice = page.getByTestId('autosave-failed');
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('Autosave is off');
  await expect(notice).toContainText('storage for this page is full');
  await expect(notice).toHaveAttribute('role', 'status');

  // Stepping, selecting and switching views still work; the notice stays single.
  await api(page, (a) => a.seek(0));
  await api(page, (a) => a.view('map'));
  await api(page, (a) => a.step(2));
  expect(await api(page, (a) => a.cursor())).toBe(2);
  await expect(notice).toHaveCount(1);
  await page.getByTestId('autosave-failed-dismiss').click();
  await expect(notice).toHaveCount(0);
  await api(page, (a) => a.seek(1));
  await page.waitForTimeout(600);
  await expect(notice).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('an embed never saves the session', async ({ explorer, page }) => {
  await page.goto('/');
  await ready(page);
  await load(page, mmaps('embedded'));
  await savedState(page);
  await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#s=/);
  const hash = await page.evaluate(() => location.hash);
  await page.evaluate(() => localStorage.clear());
  await page.goto('/?embed=1' + hash);
  await ready(page);
  await page.waitForTimeout(800);
  expect(await page.evaluate(([a, b]) => [localStorage.getItem(a!), localStorage.getItem(b!)], [STATE_KEY, TEXT_KEY])).toEqual([null, null]);
});

