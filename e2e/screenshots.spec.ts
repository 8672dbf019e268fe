// Screenshots at 1280x800 in both themes, for people to look at (screenshots/, not committed;
// docs/screenshot-*.png are copies chosen for the README). Not compared pixel by pixel.

import { expect, test } from './support';

for (const theme of ['light', 'dark'] as const) {
  test(`screenshots, ${theme} theme`, async ({ explorer, page }) => {
    await page.addInitScript((t) => localStorage.setItem('iova-atlas.theme', t), theme);
    await explorer.goto();
    await page.screenshot({ path: `screenshots/welcome-${theme}.png` });

    await explorer.open('/e2e-fixtures/basics.json');
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await page.screenshot({ path: `screenshots/basics-${theme}.png` });

    await page.getByTestId('file-input').setInputFiles('e2e/fixtures/malformed.json');
    await explorer.idle();
    await expect(explorer.problem).toBeVisible();
    await page.screenshot({ path: `screenshots/problem-${theme}.png` });

    await explorer.fault('throw');
    await expect(page.getByTestId('worker-recovered')).toBeVisible();
    await explorer.idle();
    await page.screenshot({ path: `screenshots/recovered-${theme}.png` });
  });
}
