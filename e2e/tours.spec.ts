// Guided tours end to end: every built-in tour plays from its first step to its last with the
// arrow keys, with no console error and no page error, the address bar following (?tour=&at=);
// the keys stay out of text fields; stepping the timeline away shows "back to the tour"; the
// picker starts a tour and Exit leaves it; a bad tour link opens the picker with the reason.
// Screenshots of every step (TOURS_SHOTS=1, 1280x800, to /tmp/shots/tours) are for reading the
// tours as a newcomer would; they are not taken by default.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './support';

const ROOT = join(import.meta.dirname, '..');

/** The parts of the page's automation API (window.iovaAtlas) these tests use. */
type AtlasWindow = { iovaAtlas: { whenIdle(o?: { timeoutMs?: number }): Promise<void>; cursor(): number } };
const idle = (page: Page): Promise<void> => page.evaluate(() => (window as unknown as AtlasWindow).iovaAtlas.whenIdle({ timeoutMs: 20_000 }));
const cursor = (page: Page): Promise<number> => page.evaluate(() => (window as unknown as AtlasWindow).iovaAtlas.cursor());
const TOURS = (JSON.parse(readFileSync(join(ROOT, 'public/tours/index.json'), 'utf8')) as { tours: string[] }).tours;
const SHOTS = Boolean(process.env.TOURS_SHOTS) && !process.env.CI;

function lengthOf(name: string): number {
  const t = JSON.parse(readFileSync(join(ROOT, `public/tours/${name}.json`), 'utf8')) as { chapters: { steps: unknown[] }[] };
  return t.chapters.reduce((n, c) => n + c.steps.length, 0);
}

/** Console errors and uncaught page errors, collected from the start. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}

/** The tour step is on screen: applied, and the explorer settled. */
async function settled(page: Page, k: number, n: number): Promise<void> {
  const panel = page.getByTestId('tour-panel');
  await expect(panel).toHaveAttribute('data-index', String(k - 1));
  await expect(panel).toHaveAttribute('data-going', 'false', { timeout: 20_000 });
  await idle(page);
  await expect(page.getByTestId('tour-count')).toContainText(`${k} / ${n}`);
}

test.describe('every tour plays through', () => {
  for (const name of TOURS) {
    test(`${name}: first to last step with the arrow keys, no console error`, async ({ explorer, page }) => {
      test.setTimeout(180_000);
      const errors = collectErrors(page);
      const n = lengthOf(name);
      await explorer.goto(`?tour=${name}`);
      for (let k = 1; k <= n; k++) {
        await settled(page, k, n);
        await expect(page.getByTestId('tour-offtrack')).toHaveCount(0);
        await expect(page.getByTestId('tour-text')).not.toBeEmpty();
        await expect(page.getByTestId('tour-look')).toBeVisible();
        expect(new URL(page.url()).searchParams.get('at')).toBe(String(k));
        if (SHOTS) await page.screenshot({ path: `/tmp/shots/tours/${name}-${String(k).padStart(2, '0')}.png` });
        if (k < n) await page.keyboard.press('ArrowRight');
      }
      await expect(page.getByTestId('tour-next')).toHaveCount(0);
      await expect(page.getByTestId('tour-finish')).toBeVisible();
      expect(errors).toEqual([]);
    });
  }
});

test.describe('tour player', () => {
  // A tour step loads and runs a scenario, lays out the graph and paints the map: on a busy
  // two-core machine the first one can take a while.
  test.describe.configure({ timeout: 90_000 });

  test('a link opens the tour at its step; Left goes back; the keys leave text fields alone', async ({ explorer, page }) => {
    const name = TOURS[0]!;
    const n = lengthOf(name);
    await explorer.goto(`?tour=${name}&at=3`);
    await settled(page, 3, n);
    await page.keyboard.press('ArrowLeft');
    await settled(page, 2, n);
    // Typing in the page walk's address field moves its caret, not the tour.
    const iova = page.getByRole('textbox', { name: /IOVA/i }).first();
    if (await iova.count()) {
      await iova.focus();
      await page.keyboard.press('ArrowRight');
      await expect(page.getByTestId('tour-panel')).toHaveAttribute('data-index', '1');
      await iova.blur();
    }
    await page.getByTestId('tour-next').click();
    await settled(page, 3, n);
  });

  test('stepping the timeline away shows "back to the tour", which returns to the tour step', async ({ explorer, page }) => {
    const name = TOURS[0]!;
    const n = lengthOf(name);
    await explorer.goto(`?tour=${name}&at=2`);
    await settled(page, 2, n);
    const before = await cursor(page);
    // Shift+Right is the timeline's 10-step jump, not the tour's.
    await page.keyboard.press('Shift+ArrowRight');
    await idle(page);
    expect(await cursor(page)).not.toBe(before);
    await expect(page.getByTestId('tour-offtrack')).toBeVisible();
    await page.getByTestId('tour-resume').click();
    await settled(page, 2, n);
    expect(await cursor(page)).toBe(before);
    await expect(page.getByTestId('tour-offtrack')).toHaveCount(0);
  });

  test('the picker starts a tour; Exit leaves it and the address', async ({ explorer, page }) => {
    const errors = collectErrors(page);
    await explorer.goto();
    await page.getByTestId('tours-button').click();
    const picker = page.getByTestId('tour-picker');
    await expect(picker).toBeVisible();
    await expect(picker.getByTestId('tour-card')).toHaveCount(TOURS.length);
    // Every card has its one-line summary; none is broken.
    for (const card of await picker.getByTestId('tour-card').all()) await expect(card.locator('.tour-card-summary')).not.toBeEmpty();
    const second = TOURS[1] ?? TOURS[0]!;
    await picker.locator(`[data-tour="${second}"]`).getByTestId('tour-start').click();
    await expect(picker).toHaveCount(0);
    await settled(page, 1, lengthOf(second));
    expect(new URL(page.url()).searchParams.get('tour')).toBe(second);
    await page.getByTestId('tour-exit').click();
    await expect(page.getByTestId('tour-panel')).toHaveCount(0);
    await expect.poll(() => new URL(page.url()).searchParams.has('tour')).toBe(false);
    // The scenario stays open, with its steps.
    await expect(page.getByTestId('tab-steps')).toHaveAttribute('aria-selected', 'true');
    expect(errors).toEqual([]);
  });

  test('the chapter list jumps to a chapter; Escape closes the picker', async ({ explorer, page }) => {
    const name = TOURS.find((t) => {
      const d = JSON.parse(readFileSync(join(ROOT, `public/tours/${t}.json`), 'utf8')) as { chapters: unknown[] };
      return d.chapters.length > 1;
    })!;
    const doc = JSON.parse(readFileSync(join(ROOT, `public/tours/${name}.json`), 'utf8')) as { chapters: { steps: unknown[] }[] };
    await explorer.goto(`?tour=${name}`);
    await settled(page, 1, lengthOf(name));
    await page.getByTestId('tour-toc').locator('summary').click();
    await page.getByTestId('tour-chapter-link').nth(1).click();
    await settled(page, doc.chapters[0]!.steps.length + 1, lengthOf(name));
    await expect(page.getByTestId('tour-chapter')).toContainText('Chapter 2 of');
    await page.getByTestId('tours-button').click();
    await expect(page.getByTestId('tour-picker')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('tour-picker')).toHaveCount(0);
  });

  test('a link to a tour that does not exist opens the picker and says why', async ({ explorer, page }) => {
    await explorer.goto('?tour=no-such-tour');
    await expect(page.getByTestId('tour-picker')).toBeVisible();
    await expect(page.getByTestId('tour-picker-problem')).toContainText('no-such-tour');
    await expect(page.getByTestId('tour-panel')).toHaveCount(0);
  });
});
