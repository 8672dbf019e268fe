// Links: the address bar always holds a link to what is on screen (rewritten in place, never a
// history entry per step); the share dialog's link opened in a FRESH browser context reproduces
// the scenario, the step, the selection, the view and the map's window; truncated, corrupted
// and hostile links show what is wrong and where and keep the current work; a link wins over
// ?src=. Screenshots of the share dialog (SHARE_SHOTS=1) go to /tmp/shots/share/.

import { mkdirSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import type { Page } from '@playwright/test';
import { expect, test } from './support';

const SHOTS = '/tmp/shots/share';

// Each test loads the explorer once or twice and waits for debounced address writes.
test.describe.configure({ timeout: 120_000 });
const EXAMPLE = '/scenarios/type1-map-overlap-eexist.json';

type Api = {
  load(s: object | string, o?: { step?: number }): Promise<{ ok: boolean }>;
  seek(step: number): Promise<number>;
  cursor(): number;
  select(sel: object): Promise<void>;
  selection(): Record<string, string>;
  view(mode?: string): string;
  whenIdle(): Promise<void>;
  results(): { results: { ok: boolean; errno?: string }[] };
  state(): { nodes: { id: string; kind: string }[]; spaces: { id: string }[] } | null;
  map: { viewport(): { start: string; span: string; autoFit: boolean }; setViewport(start: string, span: string): Promise<void> };
};
type W = { iovaAtlas: Api };

function api<T>(page: Page, f: (a: Api) => T | Promise<T>): Promise<T> {
  return page.evaluate(`(${f.toString()})(window.iovaAtlas)`) as Promise<T>;
}

/** Settled: the automation API's whenIdle (it waits for a link's view to be in place too). */
async function ready(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as unknown as Partial<W>).iovaAtlas !== undefined, null, { timeout: 60_000 });
  await expect(page.getByTestId('app')).toHaveAttribute('data-busy', 'false', { timeout: 60_000 });
  await page.evaluate(() => (window as unknown as W).iovaAtlas.whenIdle());
}

/** Opens the page at `query` (loaded cold: a busy machine may take a while to start the worker). */
async function open(page: Page, query: string): Promise<void> {
  await page.goto('/' + query);
  await ready(page);
}

/** The link of the screen, as the share dialog gives it (the dialog makes it at once). */
async function sharedLink(page: Page): Promise<string> {
  await page.getByTestId('share').click();
  const input = page.getByTestId('share-link');
  await expect(input).toBeVisible();
  const link = await input.inputValue();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('share-dialog')).toHaveCount(0);
  return link;
}

/** A hand-made version 0 link: deflated JSON (text as given, or an object). */
function v0(doc: unknown): string {
  return '#json=' + deflateRawSync(Buffer.from(typeof doc === 'string' ? doc : JSON.stringify(doc))).toString('base64url');
}

test('a shared link reopens scenario, step, selection, view and map window in a fresh browser context', async ({ explorer, page, browser, baseURL }) => {
  await open(page, `?src=${encodeURIComponent(EXAMPLE)}`);
  await api(page, (a) => a.seek(6));
  const node = await api(page, (a) => a.state()!.nodes.find((n) => n.kind === 'container')!.id);
  await api(page, (a) => a.view('map'));
  await page.evaluate((id) => (window as unknown as W).iovaAtlas.select({ kind: 'node', id }), node);
  await page.evaluate(() => (window as unknown as W).iovaAtlas.map.setViewport('0xff000', '0x2000000'));
  const results = await api(page, (a) => a.results().results.map((r) => (r.ok ? 'ok' : r.errno)));
  const title = await page.getByTestId('scenario-title').textContent();

  const link = await sharedLink(page);
  expect(link.startsWith(`${baseURL}/#s=1.`)).toBe(true);
  // The address bar holds the same link (the page and the fragment; ?src= is kept as provenance).
  await expect.poll(() => new URL(page.url()).hash).toBe(new URL(link).hash);

  const fresh = await browser.newContext();
  try {
    const p2 = await fresh.newPage();
    await p2.goto(link);
    await ready(p2);
    await expect(p2.getByTestId('scenario-title')).toHaveText(title ?? '');
    expect(await api(p2, (a) => a.cursor())).toBe(6);
    expect(await api(p2, (a) => a.selection())).toEqual({ kind: 'node', id: node });
    expect(await api(p2, (a) => a.view())).toBe('map');
    await expect(p2.getByTestId('main-views')).toHaveAttribute('data-mode', 'map');
    await expect(p2.getByTestId('pane-graph')).toHaveCount(0);
    const vp = await api(p2, (a) => a.map.viewport());
    expect([vp.start, vp.span, vp.autoFit]).toEqual(['0xff000', '0x2000000', false]);
    expect(await api(p2, (a) => a.results().results.map((r) => (r.ok ? 'ok' : r.errno)))).toEqual(results);
    await expect(p2.getByTestId('link-notice')).toHaveCount(0);
    // Reopened, its address is the same link.
    await expect.poll(() => new URL(p2.url()).hash).toBe(new URL(link).hash);
  } finally {
    await fresh.close();
  }
});

test('the address follows stepping in place: no history entry per step', async ({ explorer, page }) => {
  await open(page, `?src=${encodeURIComponent(EXAMPLE)}`);
  await expect.poll(() => new URL(page.url()).hash).toMatch(/^#s=1\./);
  const first = new URL(page.url()).hash;
  const entries = await page.evaluate(() => history.length);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowLeft');
  await ready(page);
  await expect.poll(() => new URL(page.url()).hash).not.toBe(first);
  expect(await page.evaluate(() => history.length)).toBe(entries);
  // The new address reopens that step.
  const cursor = await api(page, (a) => a.cursor());
  await page.reload();
  await ready(page);
  expect(await api(page, (a) => a.cursor())).toBe(cursor);
});

test('truncated, corrupted and hostile links say what is wrong and where, and keep the current work', async ({ explorer, page }) => {
  await open(page, `?src=${encodeURIComponent(EXAMPLE)}`);
  await api(page, (a) => a.seek(4));
  await expect.poll(() => new URL(page.url()).hash).toMatch(/^#s=1\./);
  await page.waitForTimeout(500);
  const good = new URL(page.url()).hash;
  const title = await page.getByTestId('scenario-title').textContent();

  const bomb = '#json=' + deflateRawSync(Buffer.alloc(4 * 1024 * 1024, 32)).toString('base64url');
  const cases: { name: string; hash: string; kind: RegExp; text: RegExp }[] = [
    { name: 'truncated', hash: good.slice(0, good.length - 11), kind: /truncated|corrupted/, text: /^The link/ },
    { name: 'a flipped character', hash: good.slice(0, 40) + (good[40] === 'A' ? 'B' : 'A') + good.slice(41), kind: /corrupted|truncated/, text: /^The link/ },
    { name: 'a bad character', hash: good.slice(0, 30) + '*' + good.slice(31), kind: /bad-characters/, text: /character/ },
    { name: 'a newer version', hash: '#s=7.' + good.slice(5), kind: /newer-version/, text: /newer iova-atlas/ },
    { name: 'not a link', hash: '#hello=world', kind: /not-a-link/, text: /holds no scenario/ },
    { name: 'a deflate bomb', hash: bomb, kind: /too-large/, text: /too large|more than/ },
    {
      name: 'a hostile scenario',
      hash: v0('{"format":"iova-atlas.scenario","version":1,"platform":"x86-vtd-48","__proto__":{"polluted":1},"steps":[{"op":"<img src=x onerror=alert(1)>","__proto__":{"polluted":1}}]}'),
      kind: /invalid-scenario/,
      text: /^The link's scenario is not valid/,
    },
  ];
  for (const c of cases) {
    await page.evaluate((h) => {
      location.hash = h;
    }, c.hash);
    const notice = page.getByTestId('link-notice');
    await expect(notice, c.name).toBeVisible();
    await expect(notice, c.name).toHaveAttribute('data-kind', c.kind);
    await expect(page.getByTestId('link-notice-message'), c.name).toHaveText(c.text);
    await expect(page.getByTestId('link-notice-where'), c.name).not.toBeEmpty();
    // The work is still there, at the same step, and the address holds its link again.
    await expect(page.getByTestId('scenario-title')).toHaveText(title ?? '');
    expect(await api(page, (a) => a.cursor()), c.name).toBe(4);
    await expect.poll(() => new URL(page.url()).hash, { message: c.name }).toBe(good);
    await page.getByTestId('link-notice-dismiss').click();
    await expect(notice).toHaveCount(0);
  }
  expect(await page.evaluate(() => (Object.prototype as Record<string, unknown>).polluted)).toBeUndefined();
});

test('a broken link on a fresh page opens nothing, says why, and stays in the address', async ({ explorer, page }) => {
  await open(page, '#s=1.AAAA');
  await expect(page.getByTestId('link-notice')).toBeVisible();
  await expect(page.getByTestId('link-notice')).toContainText('Nothing was opened');
  await expect(page.getByTestId('welcome')).toBeVisible();
  expect(new URL(page.url()).hash).toBe('#s=1.AAAA');
});

test('a link wins over ?src=; a broken one falls back to ?src=', async ({ explorer, page }) => {
  const doc = { format: 'iova-atlas.scenario', version: 1, title: 'From the link', platform: 'x86-vtd-48', steps: [{ op: 'open', path: '/dev/vfio/vfio', as: 'c' }, { op: 'close', fd: 'c' }] };
  await open(page, `?src=${encodeURIComponent(EXAMPLE)}${v0({ scenario: doc, step: 0 })}`);
  await expect(page.getByTestId('scenario-title')).toHaveText('From the link');
  expect(await api(page, (a) => a.cursor())).toBe(0);
  // The v0 link is rewritten in the current version, in place.
  await expect.poll(() => new URL(page.url()).hash).toMatch(/^#s=1\./);
  expect(new URL(page.url()).searchParams.get('src')).toBe(EXAMPLE);

  // A new page load (only the fragment differs: without leaving, it would be a hashchange).
  await page.goto('about:blank');
  await open(page, `?src=${encodeURIComponent(EXAMPLE)}#s=1.broken`);
  await expect(page.getByTestId('link-notice')).toBeVisible();
  await expect(page.getByTestId('scenario-title')).not.toHaveText('From the link');
  await expect(page.getByTestId('scenario')).toContainText('from /scenarios/type1-map-overlap-eexist.json');
});

test('the share dialog: link length against 2,000 characters, the iframe snippet with a size, the file', async ({ explorer, page }) => {
  await open(page, `?src=${encodeURIComponent(EXAMPLE)}`);
  await page.getByTestId('share').click();
  const dialog = page.getByTestId('share-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('heading', { name: 'Share' })).toBeVisible();
  const link = await page.getByTestId('share-link').inputValue();
  const len = page.getByTestId('share-length');
  await expect(len).toHaveAttribute('data-length', String(link.length));
  await expect(len).toHaveAttribute('data-fits', 'true');
  await expect(len).toContainText('2,000');

  const snippet = page.getByTestId('embed-snippet');
  await expect(snippet).toHaveValue(/^<iframe src="http:\/\/localhost:\d+\/\?embed=1#s=1\.[\w-]+" width="960" height="540" title="iova-atlas: [^"]*"/);
  await page.getByTestId('embed-width').fill('640');
  await page.getByTestId('embed-height').fill('360');
  await page.getByTestId('embed-theme').selectOption('dark');
  await expect(snippet).toHaveValue(/\?embed=1&amp;theme=dark#s=1\.[\w-]+" width="640" height="360"/);
  expect((await snippet.inputValue()).includes(new URL(link).hash)).toBe(true);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('share-download').click()]);
  expect(download.suggestedFilename()).toMatch(/^type1-map-dma.*\.json$/);

  // Focus stays in the dialog; Escape closes it and gives focus back to Share.
  for (let i = 0; i < 12; i++) await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.closest('[data-testid="share-dialog"]') !== null)).toBe(true);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('share')).toBeFocused();
});

test('a link over 2,000 characters is flagged, and the file is offered', async ({ explorer, page }) => {
  // Many distinct mappings: no dictionary or repetition makes this short.
  const steps: object[] = [
    { op: 'open', path: '/dev/iommu', as: 'iommufd' },
    { op: 'IOMMU_IOAS_ALLOC', fd: 'iommufd', as: 'ioas' },
  ];
  let x = 0x9e3779b9;
  for (let i = 0; i < 300; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    steps.push({ op: 'IOMMU_IOAS_MAP', fd: 'iommufd', ioas_id: 'ioas', flags: ['FIXED_IOVA', 'READABLE'], iova: '0x' + (BigInt(x) << 16n).toString(16), length: '0x1000', user_va: '0x' + (0x7f0000000000 + i * 0x1000).toString(16) });
  }
  await open(page, '');
  await page.evaluate((doc) => (window as unknown as W).iovaAtlas.load(doc), { format: 'iova-atlas.scenario', version: 1, title: 'Many mappings', platform: 'x86-vtd-48', steps });
  await ready(page);
  await page.getByTestId('share').click();
  const len = page.getByTestId('share-length');
  await expect(len).toHaveAttribute('data-fits', 'false');
  await expect(len).toContainText('over the 2,000');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('share-download-instead').click()]);
  expect(download.suggestedFilename()).toBe('many-mappings.json');
  if (process.env.SHARE_SHOTS) {
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}/share-long-1280x800-light.png` });
  }
});

test('screenshots of the share dialog (SHARE_SHOTS=1)', async ({ explorer, page }) => {
  test.skip(!process.env.SHARE_SHOTS, 'screenshots only when SHARE_SHOTS=1');
  test.setTimeout(600_000);
  mkdirSync(SHOTS, { recursive: true });
  for (const size of [{ width: 1280, height: 800 }, { width: 1920, height: 1080 }]) {
    for (const theme of ['light', 'dark']) {
      await page.setViewportSize(size);
      await open(page, `?src=${encodeURIComponent(EXAMPLE)}`);
      if ((await page.evaluate(() => document.documentElement.dataset.theme)) !== theme) await page.getByTestId('theme-toggle').click();
      await page.getByTestId('share').click();
      await expect(page.getByTestId('share-link')).toBeVisible();
      await page.screenshot({ path: `${SHOTS}/share-${size.width}x${size.height}-${theme}.png` });
      await page.keyboard.press('Escape');
    }
  }
  // The banner of a link that did not open.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.evaluate(() => {
    location.hash = '#s=1.AAAAAAAAAAAAAAAAAAAA';
  });
  await expect(page.getByTestId('link-notice')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/link-notice-1280x800.png` });
});
