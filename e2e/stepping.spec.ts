// Stepping through a scenario: keyboard (arrows, Home/End, Space), the buttons, the scrubber,
// a click on a step; the current step highlighted; and seek correctness: the state shown at
// step k equals a fresh run of the scenario cut after step k. Screenshots of the workspace at
// 1280x800 and 1920x1080 in both themes, small and large scenarios, go to /tmp/shots/shell/.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './support';
import type { Page } from '@playwright/test';

const ROOT = join(import.meta.dirname, '..');

type Api = {
  load(s: object | string, o?: { step?: number }): Promise<{ ok: boolean; step?: number; steps?: number }>;
  seek(step: number): Promise<number>;
  state(): unknown;
  cursor(): number;
  whenIdle(): Promise<void>;
};
const api = (page: Page) => ({
  load: (s: object, step?: number) => page.evaluate(([doc, st]) => (window as unknown as { iovaAtlas: Api }).iovaAtlas.load(doc, st === undefined ? {} : { step: st }), [s, step] as const),
  seek: (step: number) => page.evaluate((s) => (window as unknown as { iovaAtlas: Api }).iovaAtlas.seek(s), step),
  state: () => page.evaluate(() => (window as unknown as { iovaAtlas: Api }).iovaAtlas.state()),
  idle: () => page.evaluate(() => (window as unknown as { iovaAtlas: Api }).iovaAtlas.whenIdle()),
});

async function at(page: Page, step: number): Promise<void> {
  await expect(page.getByTestId('position')).toHaveAttribute('data-cursor', String(step));
  await expect(page.getByTestId('position')).toHaveAttribute('data-shown', String(step));
  const row = step < 0 ? page.getByTestId('step-initial') : page.locator(`[data-testid=step][data-index="${step}"]`);
  await expect(row).toHaveAttribute('aria-current', 'step');
  await expect(page.locator('[aria-current=step]')).toHaveCount(1);
}

test.describe('stepping', () => {
  test.beforeEach(async ({ explorer }) => {
    await explorer.open('/e2e-fixtures/basics.json');
    await expect(explorer.steps).toHaveCount(9);
  });

  test('a run ends at the last step; the keyboard moves through the steps', async ({ page }) => {
    await at(page, 8);
    await page.keyboard.press('Home');
    await at(page, -1);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await at(page, 1);
    await expect(page.getByTestId('changes')).toHaveAttribute('data-step', '1');
    await expect(page.getByTestId('changes')).toContainText('EEXIST (17)');
    await page.keyboard.press('ArrowLeft');
    await at(page, 0);
    await page.keyboard.press('End');
    await at(page, 8);
    await page.keyboard.press('Shift+ArrowLeft');
    await at(page, -1);
    await page.keyboard.press('Shift+ArrowRight');
    await at(page, 8);
    // Clamped at both ends.
    await page.keyboard.press('ArrowRight');
    await at(page, 8);
    await page.keyboard.press('PageUp');
    await at(page, -1);
  });

  test('keys are left alone while the user types or uses a control that owns them', async ({ page }) => {
    await at(page, 8);
    await page.getByTestId('speed').focus();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Home');
    await expect(page.getByTestId('position')).toHaveAttribute('data-cursor', '8');
    await page.getByTestId('edit').click();
    await expect(page.getByTestId('editor-dialog')).toBeVisible();
    await page.keyboard.press('ArrowLeft');
    await expect(page.getByTestId('position')).toHaveAttribute('data-cursor', '8');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('editor-dialog')).toHaveCount(0);
    await page.keyboard.press('ArrowLeft');
    await at(page, 7);
  });

  test('the buttons step, and disable at the ends', async ({ page }) => {
    await page.getByTestId('step-first').click();
    await at(page, -1);
    await expect(page.getByTestId('step-prev')).toBeDisabled();
    await page.getByTestId('step-next').click();
    await page.getByTestId('step-next').click();
    await at(page, 1);
    await page.getByTestId('step-prev').click();
    await at(page, 0);
    await page.getByTestId('step-last').click();
    await at(page, 8);
    await expect(page.getByTestId('step-next')).toBeDisabled();
  });

  test('play runs to the end at the chosen speed and stops; Space toggles it', async ({ page }) => {
    await page.getByTestId('speed').selectOption('60');
    await page.keyboard.press('Home');
    await at(page, -1);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press(' ');
    await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'false', { timeout: 5000 });
    await at(page, 8);
    // Play from the end starts over; Space pauses it.
    await page.getByTestId('speed').selectOption('1');
    await page.getByTestId('play').click();
    await expect(page.getByTestId('position')).toHaveAttribute('data-shown', '-1');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press(' ');
    await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'false');
  });

  test('the scrubber and a click on a step go to that step', async ({ page }) => {
    await page.getByTestId('scrubber').fill('3');
    await at(page, 3);
    await page.locator('[data-testid=step][data-index="5"] .step-op').click();
    await at(page, 5);
    await page.getByTestId('step-initial').click();
    await at(page, -1);
  });
});

test('the state at step k equals a fresh run of the scenario cut after step k', async ({ explorer, page }) => {
  const file = join(ROOT, 'public/scenarios/seed004-last-group-leaves.json');
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { steps: unknown[] };
  await explorer.goto();
  const a = api(page);
  expect(await a.load(doc)).toMatchObject({ ok: true });
  const n = doc.steps.length;
  const seen: unknown[] = [];
  // Visit the steps out of order so that both replay from a checkpoint and stepping are used.
  const order = [n - 1, 0, Math.floor(n / 2), 3, n - 2, 1, Math.floor(n / 3)];
  for (const k of order) {
    expect(await a.seek(k)).toBe(k);
    seen[k] = await a.state();
  }
  for (const k of order) {
    const cut = { ...doc, steps: doc.steps.slice(0, k + 1) };
    expect(await a.load(cut)).toMatchObject({ ok: true, step: k });
    expect(await a.state(), `state after step ${k}`).toEqual(seen[k]);
  }
});

// ------------------------------------------------------------------ screenshots (not compared)

function bigScenario(n: number): object {
  const steps: object[] = [
    { op: 'open', path: '/dev/iommu', as: 'iommufd' },
    { op: 'IOMMU_IOAS_ALLOC', fd: 'iommufd', as: 'ioas' },
  ];
  for (let i = 0; steps.length < n; i++) {
    const iova = '0x' + (0x100000000 + i * 0x2000).toString(16);
    if (i % 5 === 4) steps.push({ op: 'IOMMU_IOAS_UNMAP', fd: 'iommufd', ioas_id: 'ioas', iova: '0x' + (0x100000000 + (i - 2) * 0x2000).toString(16), length: '0x1000' });
    else steps.push({ op: 'IOMMU_IOAS_MAP', fd: 'iommufd', ioas_id: 'ioas', user_va: '0x7f0000000000', length: '0x1000', iova, flags: ['FIXED_IOVA', 'READABLE', 'WRITEABLE'] });
  }
  return { format: 'iova-atlas.scenario', version: 1, title: `${n} IOAS map/unmap steps (generated)`, platform: 'x86-vtd-48', devices: [], steps };
}

for (const theme of ['light', 'dark'] as const) {
  for (const [w, h] of [[1280, 800], [1920, 1080]] as const) {
    test(`screenshots ${w}x${h} ${theme}`, async ({ explorer, page }) => {
      // For people to look at (/tmp/shots/shell/); CI compares nothing with them.
      test.skip(Boolean(process.env.CI), 'screenshots are not taken in CI');
      test.setTimeout(90_000);
      await page.setViewportSize({ width: w, height: h });
      await page.addInitScript((t) => localStorage.setItem('iova-atlas.theme', t), theme);
      const shot = (name: string) => page.screenshot({ path: `/tmp/shots/shell/${name}-${w}x${h}-${theme}.png` });
      await explorer.goto();
      await shot('welcome');
      await explorer.open('/scenarios/seed004-last-group-leaves.json');
      await api(page).seek(6);
      await shot('seed004-step6');
      await explorer.open('/scenarios/spapr-default-window-and-ddw.json');
      await api(page).idle();
      await shot('spapr-last');
      await api(page).load(bigScenario(5000), 2500);
      await shot('big-5000-step2500');
    });
  }
}
