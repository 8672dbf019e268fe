// Help: ? opens the keyboard shortcuts and the guide, Esc closes, the Help button too (focus
// goes back to it); ? typed into a field is text; stepping keys are off while help is open; no
// help in the embed. Screenshots (SHARE_SHOTS=1) go to /tmp/shots/help/.

import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './support';

test.describe.configure({ timeout: 120_000 });

const SHOTS = '/tmp/shots/help';
const EXAMPLE = '/scenarios/type1-map-overlap-eexist.json';

type W = { iovaAtlas: { whenIdle(): Promise<void>; cursor(): number } };

async function open(page: Page, query: string): Promise<void> {
  await page.goto('/' + query);
  await page.waitForFunction(() => (window as unknown as Partial<W>).iovaAtlas !== undefined, null, { timeout: 60_000 });
  await expect(page.getByTestId('app')).toHaveAttribute('data-busy', 'false', { timeout: 60_000 });
  await page.evaluate(() => (window as unknown as W).iovaAtlas.whenIdle());
}

test('? opens the shortcuts and the guide; Esc closes; stepping keys wait meanwhile', async ({ explorer, page }) => {
  await open(page, `?src=${encodeURIComponent(EXAMPLE)}`);
  const cursor = await page.evaluate(() => (window as unknown as W).iovaAtlas.cursor());
  await page.keyboard.press('?');
  const help = page.getByTestId('help-dialog');
  await expect(help).toBeVisible();
  await expect(help.getByRole('heading', { name: 'Help' })).toBeVisible();
  // The groups of keys, each naming where they work, and the guide's sections.
  const groups = await help.getByTestId('help-group').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.group));
  expect(groups).toEqual(expect.arrayContaining(['stepping', 'page', 'map', 'map-table', 'graph', 'walk', 'editor', 'editor-steps']));
  const stepping = help.locator('[data-group="stepping"]');
  for (const k of ['←', '→', 'PageUp', 'PageDown', 'Home', 'End', 'Space']) await expect(stepping.locator('kbd', { hasText: new RegExp(`^${k}$`) }).first()).toBeVisible();
  await expect(help.locator('[data-group="map"]')).toContainText('the whole 64-bit space');
  const guide = help.getByTestId('help-guide');
  for (const h of ['The views', 'Reading the map', 'errno, reason and source', 'Links', 'Tours']) await expect(guide.getByRole('heading', { name: h })).toBeVisible();
  await expect(guide).toContainText('2,000 characters');

  await page.keyboard.press('ArrowLeft');
  expect(await page.evaluate(() => (window as unknown as W).iovaAtlas.cursor())).toBe(cursor);
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);
  // ? again opens it, and ? closes it too.
  await page.keyboard.press('?');
  await expect(help).toBeVisible();
  await page.keyboard.press('?');
  await expect(help).toHaveCount(0);
});

test('the Help button opens it and gets the focus back; ? typed in a field is text', async ({ explorer, page }) => {
  await open(page, `?src=${encodeURIComponent(EXAMPLE)}`);
  const button = page.getByTestId('help');
  await expect(button).toHaveAttribute('aria-keyshortcuts', '?');
  await button.click();
  await expect(page.getByTestId('help-dialog')).toBeVisible();
  await page.getByTestId('help-dialog-close').click();
  await expect(page.getByTestId('help-dialog')).toHaveCount(0);
  await expect(button).toBeFocused();

  const iova = page.getByTestId('panel-walk').getByRole('textbox').first();
  await iova.click();
  await iova.fill('');
  await page.keyboard.type('0x?');
  await expect(iova).toHaveValue('0x?');
  await expect(page.getByTestId('help-dialog')).toHaveCount(0);
});

test('help before anything is loaded, and none in the embed', async ({ explorer, page }) => {
  await open(page, '');
  await page.keyboard.press('?');
  await expect(page.getByTestId('help-dialog')).toBeVisible();
  await page.keyboard.press('Escape');

  await open(page, '?embed=1');
  await page.keyboard.press('?');
  await page.waitForTimeout(300);
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByTestId('help')).toHaveCount(0);
});

test('screenshots of help (SHARE_SHOTS=1)', async ({ explorer, page }) => {
  test.skip(!process.env.SHARE_SHOTS, 'screenshots only when SHARE_SHOTS=1');
  test.setTimeout(600_000);
  mkdirSync(SHOTS, { recursive: true });
  for (const size of [{ width: 1280, height: 800 }, { width: 1920, height: 1080 }]) {
    await page.setViewportSize(size);
    for (const theme of ['light', 'dark']) {
      await open(page, `?src=${encodeURIComponent(EXAMPLE)}`);
      if ((await page.evaluate(() => document.documentElement.dataset.theme)) !== theme) await page.getByTestId('theme-toggle').click();
      await page.keyboard.press('?');
      await expect(page.getByTestId('help-dialog')).toBeVisible();
      await page.screenshot({ path: `${SHOTS}/help-${size.width}x${size.height}-${theme}.png` });
      await page.keyboard.press('Escape');
    }
  }
});
