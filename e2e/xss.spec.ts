// Script injection: scenario text (the title, the description, step notes, device ids and
// labels, handle names) is shown as text and never runs, in the explorer, the share dialog (and
// its <iframe> snippet) and the embed. Every payload would set window.__pwned (or open a dialog)
// if it ran; the test checks it stays undefined and that the literal text is on screen.
// The scenario arrives through a link, the path a stranger controls.

import { deflateRawSync } from 'node:zlib';
import type { Page } from '@playwright/test';
import { expect, test } from './support';

test.describe.configure({ timeout: 120_000 });

/** Every kind of scenario text, each with a payload (it validates: `scenario check` passes). */
const HOSTILE = {
  "format": "iova-atlas.scenario",
  "version": 1,
  "title": "<img src=x onerror=\"window.__pwned='title'\"> type1 <script>window.__pwned='title-script'</script>",
  "description": "<script>window.__pwned='description'</script> See javascript:window.__pwned='description-url' and <a href=\"javascript:window.__pwned='a'\">this</a>.",
  "platform": "x86-vtd-48",
  "devices": [
    {
      "id": "<img src=x onerror=window.__pwned=7>",
      "bdf": "0000:01:00.0",
      "group": 26,
      "label": "<svg onload=\"window.__pwned='label'\"></svg>"
    }
  ],
  "steps": [
    {
      "op": "open",
      "path": "/dev/vfio/vfio",
      "as": "<img src=x onerror=window.__pwned=8>",
      "note": "<img src=x onerror=\"window.__pwned='note0'\"> opens the container"
    },
    {
      "op": "open",
      "path": "/dev/vfio/26",
      "as": "javascript:window.__pwned=9",
      "note": "<script>window.__pwned='note1'</script>"
    },
    {
      "op": "VFIO_GROUP_SET_CONTAINER",
      "fd": "javascript:window.__pwned=9",
      "container": "<img src=x onerror=window.__pwned=8>"
    },
    {
      "op": "VFIO_SET_IOMMU",
      "fd": "<img src=x onerror=window.__pwned=8>",
      "type": "VFIO_TYPE1v2_IOMMU"
    },
    {
      "op": "VFIO_IOMMU_MAP_DMA",
      "fd": "<img src=x onerror=window.__pwned=8>",
      "iova": "0x100000",
      "size": "0x200000",
      "vaddr": "0x7f0000000000",
      "flags": [
        "READ",
        "WRITE"
      ],
      "note": "javascript:window.__pwned='note4'"
    },
    {
      "op": "VFIO_IOMMU_MAP_DMA",
      "fd": "<img src=x onerror=window.__pwned=8>",
      "iova": "0x200000",
      "size": "0x1000",
      "vaddr": "0x7f0000400000",
      "flags": [
        "READ"
      ],
      "expect": {
        "errno": "EEXIST"
      },
      "note": "<a href=\"javascript:window.__pwned='note5'\">overlaps</a>: <b onmouseover=\"window.__pwned='b'\">EEXIST</b>"
    }
  ]
};

const TITLE = HOSTILE.title;
const NOTE0 = HOSTILE.steps[0]!.note!;
const NOTE5 = HOSTILE.steps[5]!.note!;
const DEVICE = HOSTILE.devices[0]!.id;
const HANDLE = HOSTILE.steps[0]!.as!;

const LINK = '#json=' + deflateRawSync(Buffer.from(JSON.stringify(HOSTILE))).toString('base64url');

type W = { iovaAtlas: { whenIdle(): Promise<void>; seek(n: number): Promise<number>; select(s: object): Promise<void>; state(): { nodes: { id: string; kind: string }[] } | null }; __pwned?: unknown };

/** Fails the test on any dialog (alert, confirm) a payload might open. */
function noDialogs(page: Page): string[] {
  const opened: string[] = [];
  page.on('dialog', (d) => {
    opened.push(d.message());
    void d.dismiss();
  });
  return opened;
}

async function ready(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as unknown as Partial<W>).iovaAtlas !== undefined, null, { timeout: 60_000 });
  await expect(page.getByTestId('app')).toHaveAttribute('data-busy', 'false', { timeout: 60_000 });
  await page.evaluate(() => (window as unknown as W).iovaAtlas.whenIdle());
}

/** Nothing ran, and no element a payload names exists in the page. */
async function clean(page: Page, dialogs: string[]): Promise<void> {
  // An image's onerror fires after its failed load: give it the time.
  await page.waitForTimeout(400);
  expect(await page.evaluate(() => (window as unknown as W).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
  const injected = await page.evaluate(() => ({
    img: document.querySelectorAll('img[src="x"]').length,
    svg: document.querySelectorAll('svg[onload]').length,
    script: [...document.scripts].filter((s) => s.textContent?.includes('__pwned')).length,
    js: [...document.querySelectorAll('a[href]')].filter((a) => a.getAttribute('href')!.trim().toLowerCase().startsWith('javascript:')).length,
    handlers: document.querySelectorAll('[onerror], [onmouseover], [onload]').length,
  }));
  expect(injected).toEqual({ img: 0, svg: 0, script: 0, js: 0, handlers: 0 });
}

test('the explorer shows every payload as text, at every step, with the device inspected', async ({ explorer, page }) => {
  const dialogs = noDialogs(page);
  await page.goto('/' + LINK);
  await ready(page);
  await expect(page.getByTestId('scenario-title')).toHaveText(TITLE);
  await expect(page.getByTestId('scenario')).toContainText(DEVICE);
  for (let s = -1; s < HOSTILE.steps.length; s++) {
    await page.evaluate((n) => (window as unknown as W).iovaAtlas.seek(n), s);
    await clean(page, dialogs);
  }
  await expect(page.getByTestId('note').first()).toBeVisible();
  await expect(page.getByText(NOTE5, { exact: true }).first()).toBeVisible();
  await expect(page.getByText(HANDLE).first()).toBeVisible();
  // The device's node in the graph and the inspector.
  const device = await page.evaluate(() => (window as unknown as W).iovaAtlas.state()!.nodes.find((n) => n.kind === 'device')!.id);
  await page.evaluate((id) => (window as unknown as W).iovaAtlas.select({ kind: 'node', id }), device);
  await expect(page.getByTestId('panel-inspector')).toContainText(DEVICE);
  await expect(page.getByTestId('topology-graph')).toContainText(DEVICE);
  await clean(page, dialogs);
  expect(await page.title()).toBe(`${TITLE} · iova-atlas`);
});

test('the share dialog and its snippet keep the payloads inert', async ({ explorer, page }) => {
  const dialogs = noDialogs(page);
  await page.goto('/' + LINK);
  await ready(page);
  await page.getByTestId('share').click();
  const snippet = page.getByTestId('embed-snippet');
  await expect(snippet).toBeVisible();
  const text = await snippet.inputValue();
  // The title is an attribute value in the snippet: escaped, so it opens no element there.
  expect(text).toContain('title="iova-atlas: &lt;img src=x onerror=&quot;window.__pwned=&#39;title&#39;&quot;&gt;');
  expect(text.match(/</g)?.length).toBe(2);
  await expect(page.getByTestId('share-download')).toContainText('img-src-x-onerror-window-pwned-title');
  await clean(page, dialogs);
});

test('the embed shows the payloads as text and never runs them', async ({ explorer, page }) => {
  const dialogs = noDialogs(page);
  await page.goto('/?embed=1' + LINK);
  await ready(page);
  await expect(page.getByTestId('embed-title')).toHaveText(TITLE);
  await page.evaluate(() => (window as unknown as W).iovaAtlas.seek(-1));
  await expect(page.getByTestId('embed-description')).toHaveText(HOSTILE.description);
  await page.evaluate(() => (window as unknown as W).iovaAtlas.seek(0));
  await expect(page.getByTestId('embed-note')).toHaveText(NOTE0);
  await page.evaluate(() => (window as unknown as W).iovaAtlas.seek(5));
  await expect(page.getByTestId('embed-note')).toHaveText(NOTE5);
  await expect(page.getByTestId('embed-reason')).toContainText('EEXIST');
  for (let s = -1; s < HOSTILE.steps.length; s++) {
    await page.evaluate((n) => (window as unknown as W).iovaAtlas.seek(n), s);
    await clean(page, dialogs);
  }
  // Its way out is built from the page's own address, never from scenario text.
  const href = await page.getByTestId('embed-open').getAttribute('href');
  expect(href).toMatch(/^http:\/\/localhost:\d+\/#(s=1\.|json=)[\w-]+$/);
});
