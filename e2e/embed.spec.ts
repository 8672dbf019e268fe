// The embed (?embed=1) inside an <iframe> on someone else's page (a test page served with
// page.route): read-only, with the stepper, the step's narration and the link's view; it never
// changes its own address and never shows a modal (a bad link is explained in place); its
// "open in the explorer" link follows the reader's step. Screenshots (SHARE_SHOTS=1) go to
// /tmp/shots/embed/.

import { mkdirSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import type { Frame, Page } from '@playwright/test';
import { expect, test } from './support';

test.describe.configure({ timeout: 120_000 });

const SHOTS = '/tmp/shots/embed';

const step = (op: string, rest: Record<string, unknown> = {}) => ({ op, ...rest });

/** Type1 on VT-d: a map, a refused overlap (EEXIST), narrated. */
const SCENARIO = {
  format: 'iova-atlas.scenario',
  version: 1,
  title: 'Type1: an overlapping MAP_DMA is refused',
  description: 'A type1 container keeps one vfio_dma per MAP_DMA; a new mapping that overlaps a live one is refused whole.',
  platform: 'x86-vtd-48',
  devices: [{ id: 'nic0', bdf: '0000:01:00.0', group: 26 }],
  steps: [
    step('open', { path: '/dev/vfio/vfio', as: 'container' }),
    step('open', { path: '/dev/vfio/26', as: 'group26' }),
    step('VFIO_GROUP_SET_CONTAINER', { fd: 'group26', container: 'container' }),
    step('VFIO_SET_IOMMU', { fd: 'container', type: 'VFIO_TYPE1v2_IOMMU', note: 'The container gets its IOMMU backend: the IOVA space appears on the map.' }),
    step('VFIO_IOMMU_MAP_DMA', { fd: 'container', iova: '0x100000', size: '0x200000', vaddr: '0x7f0000000000', flags: ['READ', 'WRITE'] }),
    step('VFIO_IOMMU_MAP_DMA', { fd: 'container', iova: '0x200000', size: '0x1000', vaddr: '0x7f0000400000', flags: ['READ'], expect: { errno: 'EEXIST' }, note: 'Overlaps the first mapping: vfio_dma_do_map refuses it with EEXIST and nothing changes.' }),
  ],
};

function v0(doc: unknown): string {
  return '#json=' + deflateRawSync(Buffer.from(JSON.stringify(doc))).toString('base64url');
}

type W = { iovaAtlas: { whenIdle(): Promise<void>; cursor(): number; view(): string } };

/** A page of someone's blog with the embed in it. */
async function host(page: Page, src: string, size = { width: 960, height: 540 }): Promise<Frame> {
  await page.route('**/embed-host.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html><head><title>A blog post</title><style>body{margin:16px;font:14px sans-serif;background:#fff}</style></head>
<body><p>Here is what the kernel does:</p><iframe id="atlas" src="${src}" width="${size.width}" height="${size.height}" style="border:1px solid #c9cfd9;border-radius:4px"></iframe></body></html>`,
    }),
  );
  await page.goto('/embed-host.html');
  const frame = page.frame({ url: /embed=1/ });
  expect(frame).not.toBeNull();
  await frame!.waitForFunction(() => (window as unknown as Partial<W>).iovaAtlas !== undefined, null, { timeout: 60_000 });
  await expect(frame!.getByTestId('app')).toHaveAttribute('data-busy', 'false', { timeout: 60_000 });
  await frame!.evaluate(() => (window as unknown as W).iovaAtlas.whenIdle());
  return frame!;
}

test('in an iframe: the stepper, the narration and the views, and the address never changes', async ({ explorer, page }) => {
  const link = v0({ scenario: SCENARIO, step: 3, view: 'split' });
  const src = `/?embed=1${link}`;
  const frame = await host(page, src);
  const at = frame.url();
  await expect(frame.getByTestId('app')).toHaveAttribute('data-embed', 'true');
  await expect(frame.getByTestId('embed-title')).toHaveText(SCENARIO.title);
  await expect(frame.getByTestId('transport')).toBeVisible();
  await expect(frame.getByTestId('scrubber')).toBeVisible();
  await expect(frame.getByTestId('pane-graph')).toBeVisible();
  await expect(frame.getByTestId('pane-map')).toBeVisible();
  await expect(frame.getByTestId('position')).toHaveAttribute('data-cursor', '3');
  await expect(frame.getByTestId('embed-note')).toContainText('IOMMU backend');

  // No editor, no examples, no share, no help, no file handling.
  for (const id of ['edit', 'share', 'help', 'open-file', 'tab-examples', 'theme-toggle']) await expect(frame.getByTestId(id)).toHaveCount(0);

  // Stepping with the buttons and with the keyboard once the frame has focus.
  await frame.getByTestId('step-next').click();
  await expect(frame.getByTestId('position')).toHaveAttribute('data-cursor', '4');
  await frame.getByTestId('step-next').click();
  await expect(frame.getByTestId('position')).toHaveAttribute('data-cursor', '5');
  await expect(frame.getByTestId('embed-reason')).toContainText('EEXIST');
  await expect(frame.getByTestId('embed-note')).toContainText('refuses it with EEXIST');
  await frame.getByTestId('embed-title').click();
  await page.keyboard.press('Home');
  await expect(frame.getByTestId('position')).toHaveAttribute('data-cursor', '-1');
  await expect(frame.getByTestId('embed-description')).toHaveText(SCENARIO.description);
  await page.keyboard.press('ArrowRight');
  await expect(frame.getByTestId('position')).toHaveAttribute('data-cursor', '0');
  // ? opens nothing here: no modal in an embed.
  await page.keyboard.press('?');
  await expect(frame.getByRole('dialog')).toHaveCount(0);

  // The way out follows the reader (step 0 now), without embed, in a new tab.
  const open = frame.getByTestId('embed-open');
  await expect(open).toHaveAttribute('target', '_blank');
  await expect(open).toHaveAttribute('data-step', '0');
  await expect(open).toHaveAttribute('href', /^http:\/\/localhost:\d+\/#s=1\.[\w-]+$/);
  const href = (await open.getAttribute('href'))!;
  expect(href).not.toContain('embed');

  // The embed's address is as the host page wrote it.
  await frame.waitForTimeout(800);
  expect(frame.url()).toBe(at);
  expect(await frame.evaluate(() => location.hash)).toBe(link);

  // The explorer opens that link at the reader's step.
  const p2 = await page.context().newPage();
  await p2.goto(href);
  await p2.waitForFunction(() => (window as unknown as Partial<W>).iovaAtlas !== undefined, null, { timeout: 60_000 });
  await expect(p2.getByTestId('app')).toHaveAttribute('data-busy', 'false', { timeout: 60_000 });
  expect(await p2.evaluate(() => (window as unknown as W).iovaAtlas.cursor())).toBe(0);
  await expect(p2.getByTestId('scenario-title')).toHaveText(SCENARIO.title);
  await p2.close();
});

test('the link says which views: a map-only link embeds the map alone', async ({ explorer, page }) => {
  const frame = await host(page, `/?embed=1${v0({ scenario: SCENARIO, step: 4, view: 'map' })}`);
  await expect(frame.getByTestId('pane-map')).toBeVisible();
  await expect(frame.getByTestId('pane-graph')).toHaveCount(0);
  expect(await frame.evaluate(() => (window as unknown as W).iovaAtlas.view())).toBe('map');
});

test('a bad link is explained in place, with no modal, and the address is left alone', async ({ explorer, page }) => {
  const src = '/?embed=1#s=1.AAAAAAAAAAAAAAAA';
  const frame = await host(page, src);
  const problem = frame.getByTestId('embed-problem');
  await expect(problem).toBeVisible();
  await expect(frame.getByTestId('embed-problem-message')).toHaveText(/^The link/);
  await expect(frame.getByRole('dialog')).toHaveCount(0);
  await frame.waitForTimeout(600);
  expect(await frame.evaluate(() => location.hash)).toBe('#s=1.AAAAAAAAAAAAAAAA');

  const empty = await host(page, '/?embed=1');
  await expect(empty.getByTestId('embed-problem')).toHaveAttribute('data-kind', 'empty');
});

test('an embed writes nothing to the browser storage', async ({ explorer, page }) => {
  await page.addInitScript(() => {
    const w = window as unknown as { __writes: string[] };
    w.__writes = [];
    const set = Storage.prototype.setItem;
    Storage.prototype.setItem = function (k: string, v: string) {
      w.__writes.push(k);
      return set.call(this, k, v);
    };
  });
  const frame = await host(page, `/?embed=1&theme=dark${v0({ scenario: SCENARIO, step: 2 })}`);
  await frame.getByTestId('step-next').click();
  await expect(frame.getByTestId('position')).toHaveAttribute('data-cursor', '3');
  await frame.waitForTimeout(1500);
  expect(await frame.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  expect(await frame.evaluate(() => (window as unknown as { __writes: string[] }).__writes)).toEqual([]);
});

test('screenshots of the embed (SHARE_SHOTS=1)', async ({ explorer, page }) => {
  test.skip(!process.env.SHARE_SHOTS, 'screenshots only when SHARE_SHOTS=1');
  test.setTimeout(600_000);
  mkdirSync(SHOTS, { recursive: true });
  await page.setViewportSize({ width: 1000, height: 600 });
  for (const theme of ['light', 'dark']) {
    for (const [name, view, at] of [['split', 'split', 5], ['map', 'map', 4]] as const) {
      const frame = await host(page, `/?embed=1&theme=${theme}${v0({ scenario: SCENARIO, step: at, view })}`);
      await frame.evaluate(() => (window as unknown as W).iovaAtlas.whenIdle());
      await page.screenshot({ path: `${SHOTS}/embed-960x540-${name}-${theme}.png` });
    }
  }
  for (const size of [{ width: 1280, height: 800 }, { width: 1920, height: 1080 }]) {
    await page.setViewportSize(size);
    for (const theme of ['light', 'dark']) {
      await page.goto(`/?embed=1&theme=${theme}${v0({ scenario: SCENARIO, step: 5 })}`);
      await expect(page.getByTestId('app')).toHaveAttribute('data-busy', 'false', { timeout: 60_000 });
      await page.evaluate(() => (window as unknown as W).iovaAtlas.whenIdle());
      await page.screenshot({ path: `${SHOTS}/embed-page-${size.width}x${size.height}-${theme}.png` });
    }
  }
});
