// Compare mode in the real page: one scenario on two configurations, the first divergence
// marked in the aligned table and said in a sentence, jumping to it, both panes at the cursor,
// another configuration picked, the keys; plus screenshots at 1280x800 and 1920x1080 in both
// themes with a small and a large scenario (/tmp/shots/compare/, not in the repo; not in CI).

import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './support';
import type { ExplorerPage } from './support';

const SHOTS = '/tmp/shots/compare';

async function openCompare(explorer: ExplorerPage, scenario: string): Promise<void> {
  const { page } = explorer;
  await page.goto(`/?src=${encodeURIComponent(`/scenarios/${scenario}`)}`);
  // Long scenarios (2,000 steps) take a while on a loaded 2-core machine.
  await expect(page.getByTestId('app')).toHaveAttribute('data-busy', 'false', { timeout: 60_000 });
  await page.getByTestId('compare-button').click();
  // The dev server may reload the page once when the lazily loaded compare chunk brings new
  // dependencies to optimize (a fresh server, the first test): then the click is lost.
  try {
    await expect(page.getByTestId('compare')).toBeVisible({ timeout: 15_000 });
  } catch {
    await expect(page.getByTestId('app')).toHaveAttribute('data-busy', 'false', { timeout: 60_000 });
    await page.getByTestId('compare-button').click();
  }
  await settled(page);
}

/** Compare mode has its result and both panes show the cursor's step. */
async function settled(page: Page): Promise<void> {
  const view = page.getByTestId('compare');
  await expect(view).toHaveAttribute('data-run', 'done', { timeout: 60_000 });
  await expect(view).toHaveAttribute('data-busy', 'false', { timeout: 30_000 });
  await expect(page.getByTestId('app')).toHaveAttribute('data-busy', 'false', { timeout: 30_000 });
}

function row(page: Page, index: number) {
  return page.locator(`[data-testid="compare-row"][data-index="${index}"]`);
}

test.describe('compare mode', () => {
  test.setTimeout(120_000);
  test('seed 002 on x86-vtd-48 and ppc-powernv: step 3 is marked, said, and reached', async ({ explorer }) => {
    const { page } = explorer;
    await openCompare(explorer, 'seed002-x86-style-guest-on-ppc.json');
    await expect(page.getByTestId('compare-platform-a')).toHaveValue('x86-vtd-48');
    await expect(page.getByTestId('compare-platform-b')).toHaveValue('ppc-powernv');

    const head = page.getByTestId('compare-headline');
    await expect(head).toHaveAttribute('data-first', '3');
    await expect(head).toContainText('First divergence');
    await expect(head).toContainText('step 3:');
    await expect(head).toContainText('x86-vtd-48 ENODEV');
    await expect(head).toContainText('drivers/vfio/container.c: vfio_ioctl_set_iommu');
    await expect(head).toContainText('ppc-powernv ok');

    // Marked in the table: colour (a class), icon and words, and a "first" badge.
    const r3 = row(page, 3);
    await expect(r3).toHaveAttribute('data-verdict', 'one-fails');
    await expect(r3).toHaveClass(/cmp-row-div/);
    await expect(r3.locator('.cmp-first-badge')).toHaveText('first');
    await expect(r3.locator('.cmp-verdict-words')).toHaveText('fails on x86-vtd-48');
    await expect(r3.locator('td[data-side="a"]')).toHaveText('ENODEV');
    for (const i of [0, 1, 2]) await expect(row(page, i)).toHaveAttribute('data-verdict', 'same');
    // Said before running: the sPAPR type is a host-specific uAPI.
    await page.getByTestId('compare-notes').locator('summary').click();
    await expect(page.getByTestId('compare-notes')).toContainText('VFIO_TYPE1v2_IOMMU');

    // Jump there: the explorer's cursor moves, both panes show step 3 with each side's result.
    await page.getByTestId('compare-go-first').click();
    await settled(page);
    await expect(r3).toHaveAttribute('aria-current', 'step');
    await expect(page.getByTestId('compare-panes')).toHaveAttribute('data-step', '3');
    await expect(page.getByTestId('compare-pane-result-a')).toHaveText('ENODEV');
    await expect(page.getByTestId('compare-pane-result-b')).toHaveText('ok');
    await expect(page.getByTestId('compare-detail')).toHaveAttribute('data-index', '3');

    // Next divergence, then back with the table's keys.
    await page.getByTestId('compare-next').click();
    await settled(page);
    const next = Number(await page.locator('[data-testid="compare-row"][aria-current="step"]').getAttribute('data-index'));
    expect(next).toBeGreaterThan(3);
    await page.locator('.cmp-table-wrap').focus();
    await page.keyboard.press('f');
    await settled(page);
    await expect(r3).toHaveAttribute('aria-current', 'step');
    await page.keyboard.press('ArrowDown');
    await settled(page);
    await expect(row(page, 4)).toHaveAttribute('aria-current', 'step');
  });

  test('the same guest on ppc-powernv and ppc-pseries: a state divergence (kernel bug on pseries) at step 6', async ({ explorer }) => {
    const { page } = explorer;
    await openCompare(explorer, 'seed002-x86-style-guest-on-ppc.json');
    await page.getByTestId('compare-platform-a').selectOption('ppc-powernv');
    await settled(page);
    await page.getByTestId('compare-platform-b').selectOption('ppc-pseries');
    await settled(page);
    await expect(page.getByTestId('compare-headline')).toHaveAttribute('data-first', '6');
    await expect(row(page, 6)).toHaveAttribute('data-verdict', 'state');
    await expect(page.getByTestId('compare-headline')).toContainText('KERNEL BUG');
  });

  test('a compat scenario, legacy vs iommufd: the bisecting unmap is EINVAL against ENOENT', async ({ explorer }) => {
    const { page } = explorer;
    await openCompare(explorer, 'type1-unmap-bisect-v2.json');
    await expect(page.getByTestId('compare-container-a')).toHaveValue('legacy');
    await expect(page.getByTestId('compare-container-b')).toHaveValue('iommufd');
    const head = page.getByTestId('compare-headline');
    await expect(head).toHaveAttribute('data-first', '6');
    await expect(head).toContainText('legacy container EINVAL');
    await expect(head).toContainText('iommufd container ENOENT');
    await expect(head).toContainText('drivers/iommu/iommufd/io_pagetable.c: iopt_unmap_iova_range');
    const r6 = row(page, 6);
    await expect(r6).toHaveAttribute('data-verdict', 'errno');
    await expect(r6.locator('td[data-side="a"]')).toHaveText('EINVAL');
    await expect(r6.locator('td[data-side="b"]')).toHaveText('ENOENT');
    await expect(r6.locator('.cmp-verdict-words')).toHaveText('different errno');

    // A click on the row moves the explorer (its timeline follows) and both maps.
    await r6.click();
    await settled(page);
    await expect(page.locator('[data-testid="step"][data-current="true"]')).toHaveAttribute('data-index', '6');
    await expect(page.getByTestId('compare-pane-side-a').locator('canvas')).toHaveCount(1);
    await expect(page.getByTestId('compare-pane-side-b').locator('canvas')).toHaveCount(1);

    // Same configuration on both sides: no divergence, said plainly.
    await page.getByTestId('compare-container-b').selectOption('legacy');
    await settled(page);
    await expect(page.getByTestId('compare-headline')).toHaveAttribute('data-first', 'none');
    await expect(page.getByTestId('compare-headline')).toContainText('No divergence');

    // Close: the main views come back.
    await page.getByTestId('compare-close').click();
    await expect(page.getByTestId('compare')).toHaveCount(0);
    await expect(page.getByTestId('main-views')).toBeVisible();
  });

  test('compat-unmap-bisect-enoent, legacy vs iommufd: device fd before SET_IOMMU first (step 3), then the bisect (step 6)', async ({ explorer }) => {
    const { page } = explorer;
    await openCompare(explorer, 'compat-unmap-bisect-enoent.json');
    const head = page.getByTestId('compare-headline');
    await expect(head).toHaveAttribute('data-first', '3');
    await expect(head).toContainText('legacy container EINVAL');
    await expect(head).toContainText('drivers/vfio/container.c: vfio_group_use_container');
    await expect(row(page, 3)).toHaveAttribute('data-verdict', 'one-fails');
    await page.getByTestId('compare-go-first').click();
    await settled(page);
    // Step 5: the map reaches the device only where its fd was opened (iommufd); then step 6.
    await page.getByTestId('compare-next').click();
    await settled(page);
    await expect(row(page, 5)).toHaveAttribute('aria-current', 'step');
    await expect(row(page, 5)).toHaveAttribute('data-verdict', 'state');
    await expect(page.getByTestId('compare-detail')).toContainText('device nic0: legacy container has no open device fd for it');
    await page.getByTestId('compare-next').click();
    await settled(page);
    const r6 = row(page, 6);
    await expect(r6).toHaveAttribute('aria-current', 'step');
    await expect(r6).toHaveAttribute('data-verdict', 'errno');
    await expect(page.getByTestId('compare-detail')).toContainText('legacy container EINVAL');
    await expect(page.getByTestId('compare-detail')).toContainText('iommufd container ENOENT');
  });

  test('a link opens compare mode on the sides it names (?compare=), or says why not', async ({ explorer }) => {
    const { page } = explorer;
    const src = encodeURIComponent('/scenarios/seed002-x86-style-guest-on-ppc.json');
    await page.goto(`/?src=${src}&compare=ppc-powernv,ppc-pseries`);
    await settled(page);
    await expect(page.getByTestId('compare-platform-a')).toHaveValue('ppc-powernv');
    await expect(page.getByTestId('compare-platform-b')).toHaveValue('ppc-pseries');
    await expect(page.getByTestId('compare-headline')).toHaveAttribute('data-first', '6');

    await page.goto(`/?src=${src}&compare=x86,ppc-powernv`);
    await settled(page);
    await expect(page.getByTestId('compare-link-problem')).toContainText('"x86" is not a platform preset');
    await expect(page.getByTestId('compare-platform-a')).toHaveValue('x86-vtd-48');
  });

  test('the address follows compare mode: its sides while open (a link that reopens it), nothing once closed', async ({ explorer }) => {
    const { page } = explorer;
    await openCompare(explorer, 'seed002-x86-style-guest-on-ppc.json');
    // Every choice explicit (the module's default limits, no overrides), so it reopens exactly.
    const side = (p: string): string => `${p}:legacy:limit=default:iotlb=default:nooverrides`;
    await expect.poll(() => new URL(page.url()).searchParams.get('compare')).toBe(`${side('x86-vtd-48')},${side('ppc-powernv')}`);
    await page.getByTestId('compare-platform-b').selectOption('ppc-pseries');
    await settled(page);
    await expect.poll(() => new URL(page.url()).searchParams.get('compare')).toBe(`${side('x86-vtd-48')},${side('ppc-pseries')}`);
    // The address reopens what is on screen (a reload: a goto to the same address with a
    // fragment would stay in the document).
    await page.reload();
    await settled(page);
    await expect(page.getByTestId('compare-platform-b')).toHaveValue('ppc-pseries');
    await page.getByTestId('compare-close').click();
    await expect(page.getByTestId('compare')).toHaveCount(0);
    await expect.poll(() => new URL(page.url()).searchParams.get('compare')).toBeNull();
  });

  test('a side the scenario cannot run on is refused before anything runs, saying why', async ({ explorer }) => {
    const { page } = explorer;
    await page.goto(`/?src=${encodeURIComponent('/scenarios/iommufd-group-one-domain.json')}&compare=x86-vtd-48,selftest-mock`);
    await settled(page);
    const head = page.getByTestId('compare-headline');
    await expect(head).toHaveAttribute('data-first', 'blocked');
    await expect(head).toContainText('Not compared');
    await expect(head).toContainText('group 7 has "fn0" and "fn1"');
    await expect(page.getByTestId('compare-table')).toHaveCount(0);
    // Another side: compared at once.
    await page.getByTestId('compare-platform-b').selectOption('amd-vi');
    await settled(page);
    await expect(head).not.toHaveAttribute('data-first', 'blocked');
    await expect(page.getByTestId('compare-table')).toBeVisible();
  });

  test('scenario text is shown as text, never HTML', async ({ explorer }) => {
    const { page } = explorer;
    await explorer.goto();
    const doc = {
      format: 'iova-atlas.scenario', version: 1, title: 'xss', platform: 'x86-vtd-48',
      devices: [{ id: '<img src=x onerror=alert(1)>', group: 1 }],
      steps: [{ op: 'open', path: '/dev/vfio/devices/<b>x</b>', as: 'c' }],
    };
    await page.evaluate((d) => (window as unknown as { iovaAtlas: { load(s: object): Promise<unknown> } }).iovaAtlas.load(d), doc);
    await explorer.idle();
    await page.getByTestId('compare-button').click();
    await settled(page);
    await expect(row(page, 0).locator('.cmp-call')).toContainText('/dev/vfio/devices/<b>x</b>');
    expect(await page.locator('.compare img, .compare b:text("x")').count()).toBe(0);
  });
});

test.describe('compare mode screenshots', () => {
  test.skip(Boolean(process.env.CI), 'screenshots are looked at by people, not compared in CI');
  test.setTimeout(180_000);

  const CASES: { name: string; file: string; step: number; compare?: string; pane?: 'graph' }[] = [
    { name: 'seed002', file: 'seed002-x86-style-guest-on-ppc.json', step: 7 },
    { name: 'compat', file: 'type1-unmap-bisect-v2.json', step: 6 },
    { name: 'large', file: 'vdpa-iotlb-entry-limit.json', step: 2050 },
    { name: 'graphs', file: 'seed002-ppc-style-guest-on-x86.json', step: 9, compare: 'x86-vtd-48,arm-smmuv3', pane: 'graph' },
    { name: 'blocked', file: 'iommufd-group-one-domain.json', step: 3, compare: 'x86-vtd-48,selftest-mock' },
  ];
  const SIZES = [
    { w: 1280, h: 800 },
    { w: 1920, h: 1080 },
  ];

  for (const c of CASES) {
    for (const size of SIZES) {
      test(`${c.name} at ${size.w}x${size.h}`, async ({ explorer }) => {
        const { page } = explorer;
        mkdirSync(SHOTS, { recursive: true });
        await page.setViewportSize({ width: size.w, height: size.h });
        if (c.compare) {
          await page.goto(`/?src=${encodeURIComponent(`/scenarios/${c.file}`)}&compare=${c.compare}`);
          await settled(page);
        } else {
          await openCompare(explorer, c.file);
        }
        await page.evaluate((s) => (window as unknown as { iovaAtlas: { seek(n: number): Promise<void> } }).iovaAtlas.seek(s), c.step);
        if (c.pane) await page.getByTestId(`compare-pane-${c.pane}`).click();
        await settled(page);
        for (const theme of ['light', 'dark'] as const) {
          // Through the store (the maps and graphs repaint with the theme), not the attribute alone.
          if ((await page.locator('html').getAttribute('data-theme')) !== theme) await page.getByTestId('theme-toggle').click();
          await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
          await settled(page);
          await page.screenshot({ path: `${SHOTS}/${c.name}-${size.w}x${size.h}-${theme}.png` });
        }
      });
    }
  }
});
