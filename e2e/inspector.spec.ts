// The inspector and the legend in the real layout: the current step when nothing is selected
// (op, fields, result with errno, reason and kernel source, what changed), a node (kind, label,
// attributes in exact hex with sizes, handles, neighbours that select, "show in map"), a range
// (space, kind, [first, last], size, user memory), an address (the ranges holding it and the
// user address it translates to), copy to clipboard, text never rendered as HTML, and the
// legend's entries. Scenarios are loaded through the automation API (window.iovaAtlas).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './support';

const EXAMPLES = join(import.meta.dirname, '..', 'public', 'scenarios');
const example = (name: string): object => JSON.parse(readFileSync(join(EXAMPLES, name), 'utf8')) as object;
const ONE_DOMAIN = example('iommufd-group-one-domain.json');
const BISECT = example('type1-unmap-bisect-v2.json');

type Sel = { kind: string; id?: string; space?: string; first?: string; last?: string; iova?: string };
type Api = {
  load(s: object | string): Promise<{ ok: boolean }>;
  seek(step: number): Promise<number>;
  select(sel: object): Promise<void>;
  selection(): Sel;
  view(mode?: string): string;
  whenIdle(opts?: { timeoutMs?: number }): Promise<void>;
  state(): { spaces: { id: string; kind: string; extent: { first: string; last: string } }[] } | null;
};
type ApiWindow = { iovaAtlas: Api };

async function load(page: Page, s: object, step?: number): Promise<void> {
  const r = await page.evaluate((x) => (window as unknown as ApiWindow).iovaAtlas.load(x), s);
  expect(r.ok, 'the scenario loads').toBe(true);
  if (step !== undefined) await page.evaluate((n) => (window as unknown as ApiWindow).iovaAtlas.seek(n), step);
  await idle(page);
}
const idle = (page: Page): Promise<void> => page.evaluate(() => (window as unknown as ApiWindow).iovaAtlas.whenIdle({ timeoutMs: 60_000 }));
const select = async (page: Page, sel: Sel): Promise<void> => {
  await page.evaluate((s) => (window as unknown as ApiWindow).iovaAtlas.select(s), sel);
  await idle(page);
};
const selection = (page: Page): Promise<Sel> => page.evaluate(() => (window as unknown as ApiWindow).iovaAtlas.selection());
const inspector = (page: Page) => page.getByTestId('inspector');
/** The value cell of an attribute row, by its name. */
const attr = (page: Page, name: string) => inspector(page).locator('.insp-kv-row', { has: page.locator('dt', { hasText: new RegExp(`^${name}$`) }) }).locator('dd');

test.describe('inspector', () => {
  // A loaded dev server transforms the app on demand: the first page can take a while.
  test.describe.configure({ timeout: 60_000 });
  test.beforeEach(async ({ explorer }) => {
    await explorer.goto();
  });

  test('with nothing selected it shows the current step: op, fields, result and what changed', async ({ page }) => {
    await load(page, ONE_DOMAIN, 8);
    const step = page.getByTestId('inspector-step');
    await expect(step).toHaveAttribute('data-step', '8');
    await expect(step.locator('.insp-title')).toHaveText('VFIO_DEVICE_ATTACH_IOMMUFD_PT');
    await expect(attr(page, 'fd')).toHaveText('cdev1');
    await expect(attr(page, 'pt_id')).toHaveText('ioas2');
    const result = page.getByTestId('inspector-result');
    await expect(result).toHaveAttribute('data-outcome', 'errno');
    await expect(result).toContainText('EINVAL (22)');
    await expect(result).toContainText('already attached to HWPT 3');
    await expect(result).toContainText('drivers/iommu/iommufd/device.c: iommufd_hw_pagetable_attach');

    await page.evaluate(() => (window as unknown as ApiWindow).iovaAtlas.seek(4));
    await idle(page);
    await expect(page.getByTestId('inspector-result')).toHaveAttribute('data-outcome', 'ok');
    await expect(page.getByTestId('inspector-result')).toContainText('pt_id=3');
    // What the step changed, by name; a click selects the object.
    const changes = page.getByTestId('inspector-changes');
    await expect(changes).toContainText('added');
    await changes.getByRole('button', { name: 'HWPT 3' }).click();
    await idle(page);
    expect(await selection(page)).toEqual({ kind: 'node', id: 'hwpt:1:3' });
    // Back to the step.
    await inspector(page).getByRole('button', { name: /Step 4/ }).click();
    await idle(page);
    expect((await selection(page)).kind).toBe('none');
  });

  test('a node: kind, label, attributes in exact hex with sizes, handles, neighbours, show in map', async ({ page }) => {
    await load(page, ONE_DOMAIN, 9);
    await select(page, { kind: 'node', id: 'hwpt:1:3' });
    const node = page.getByTestId('inspector-node');
    await expect(node).toHaveAttribute('data-node-id', 'hwpt:1:3');
    await expect(node.locator('.insp-kind')).toContainText('HWPT (domain)');
    await expect(node.locator('.insp-title')).toHaveText('HWPT 3');
    await expect(node.locator('.insp-handle')).toHaveText(['hwpt']);
    await expect(attr(page, 'aperture_end')).toContainText('0xffffffffffff');
    await expect(attr(page, 'pgsize_bitmap')).toContainText('0x40201000');
    await expect(attr(page, 'pgsize_bitmap')).toContainText('4 KiB, 2 MiB, 1 GiB');
    await expect(attr(page, 'auto')).toHaveText('true');

    // Neighbours select what they name.
    await node.getByTestId('neighbour').filter({ hasText: 'group 7' }).click();
    await idle(page);
    expect(await selection(page)).toEqual({ kind: 'node', id: 'group:7' });

    // "Show in map" selects the space's extent, which the map shows.
    await select(page, { kind: 'node', id: 'hwpt:1:3' });
    const space = (await page.evaluate(() => (window as unknown as ApiWindow).iovaAtlas.state()))!.spaces.find((s) => s.id === 'hwpt:1:3')!;
    await page.getByTestId('inspector-node').getByTestId('show-in-map').click();
    await idle(page);
    expect(await selection(page)).toEqual({ kind: 'range', space: 'hwpt:1:3', first: space.extent.first, last: space.extent.last });
    await expect(page.getByTestId('inspector-range')).toBeVisible();
  });

  test('a copy button puts the exact hex on the clipboard', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await load(page, ONE_DOMAIN, 9);
    await select(page, { kind: 'node', id: 'hwpt:1:3' });
    await attr(page, 'aperture_end').getByTestId('copy').click();
    await expect(attr(page, 'aperture_end').getByTestId('copy')).toHaveAttribute('title', 'Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('0xffffffffffff');
  });

  test('a range: space, kind, first and last, exact size, the user memory behind it', async ({ page }) => {
    await load(page, BISECT, 4);
    await select(page, { kind: 'range', space: 'container:1', first: '0x100000', last: '0x2fffff' });
    const r = page.getByTestId('inspector-range');
    await expect(r.locator('.insp-title')).toHaveText('[0x100000, 0x2fffff]');
    await expect(r.locator('.insp-kind')).toContainText('mapping');
    // Step 4 mapped it.
    await expect(r.locator('.insp-kind')).toContainText('added by this step');
    await expect(attr(page, 'size')).toContainText('0x200000');
    await expect(attr(page, 'size')).toContainText('2 MiB');
    await expect(attr(page, 'user address')).toContainText('0x7f0000000000');
    await expect(attr(page, 'user address')).toContainText('.. 0x7f00001fffff');
    await expect(attr(page, 'space')).toContainText('type1 v2');
    // The reserved MSI window names its owner.
    await select(page, { kind: 'range', space: 'container:1', first: '0xfee00000', last: '0xfeefffff' });
    await expect(page.getByTestId('inspector-range').locator('.insp-kind')).toContainText('reserved');
    await expect(attr(page, 'label')).toContainText('MSI region of group 26');
    await expect(attr(page, 'size')).toContainText('1 MiB');
  });

  test('an address: the ranges that hold it and the user address it translates to', async ({ page }) => {
    await load(page, BISECT, 4);
    await select(page, { kind: 'address', space: 'container:1', iova: '0x1fe123' });
    const a = page.getByTestId('inspector-address');
    await expect(a.locator('.insp-title')).toHaveText('0x1fe123');
    const hits = a.locator('.insp-hit');
    await expect(hits.filter({ hasText: 'mapping' })).toContainText('[0x100000, 0x2fffff] +0xfe123');
    // 0x7f0000000000 + (0x1fe123 - 0x100000)
    await expect(hits.filter({ hasText: 'mapping' })).toContainText('user address 0x7f00000fe123');
    await expect(hits.filter({ hasText: 'usable' })).toBeVisible();
    // A hit selects its range.
    await hits.filter({ hasText: 'mapping' }).getByRole('button', { name: 'mapping' }).click();
    await idle(page);
    expect(await selection(page)).toEqual({ kind: 'range', space: 'container:1', first: '0x100000', last: '0x2fffff' });
  });

  test('scenario text is shown as text, never as HTML', async ({ page }) => {
    const s = JSON.parse(JSON.stringify(BISECT)) as { steps: { note?: string }[] };
    s.steps[0]!.note = '<img src=x onerror="window.__pwned=1"><b>bold?</b>';
    await load(page, s, 0);
    const note = page.getByTestId('inspector-step').locator('.insp-note-text');
    await expect(note).toHaveText('<img src=x onerror="window.__pwned=1"><b>bold?</b>');
    await expect(note.locator('b, img')).toHaveCount(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });
});

test.describe('legend', () => {
  // A loaded dev server transforms the app on demand: the first page can take a while.
  test.describe.configure({ timeout: 60_000 });
  test.beforeEach(async ({ explorer }) => {
    await explorer.goto();
  });

  test('lists every range kind, object kind, relation and change mark, and folds away', async ({ page }) => {
    await load(page, BISECT, 4);
    const legend = page.getByTestId('legend');
    const kinds = (testid: string) => legend.getByTestId(testid).evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.kind ?? ''));
    const ranges = await kinds('legend-range');
    const nodes = await kinds('legend-node');
    const edges = await kinds('legend-edge');
    // Every kind once; the VFIO / iommufd core ones first, in reading order.
    for (const list of [ranges, nodes, edges]) expect(new Set(list).size).toBe(list.length);
    expect(ranges.slice(0, 8)).toEqual(['mapping', 'usable', 'reserved', 'excluded', 'allowed', 'window', 'vma', 'bug']);
    expect(nodes.slice(0, 11)).toEqual(['process', 'fd', 'device', 'group', 'container', 'iommu-backend', 'iommufd', 'ioas', 'hwpt', 'domain', 'window']);
    expect(edges.slice(0, 8)).toEqual(['member', 'set-container', 'backend', 'bound', 'attached', 'on-ioas', 'owns', 'fd']);
    await expect(legend.getByTestId('legend-change')).toHaveCount(3);
    // Each entry has its words.
    for (const help of await legend.locator('.legend-help').allTextContents()) expect(help.length).toBeGreaterThan(8);
    await expect(legend.locator('[data-testid="legend-range"][data-kind="reserved"]')).toContainText('reserved region a device reports');
    // The swatches are the palette's colours, the same the map and the graph use.
    const swatch = await legend.locator('[data-testid="legend-range"][data-kind="mapping"] .legend-swatch').evaluate((e) => getComputedStyle(e).backgroundColor);
    const mapping = await page.evaluate(() => {
      const probe = document.createElement('div');
      probe.style.color = 'var(--k-mapping)';
      document.body.appendChild(probe);
      const c = getComputedStyle(probe).color;
      probe.remove();
      return c;
    });
    expect(swatch).toBe(mapping);
    const open = () => legend.evaluate((e) => (e as HTMLDetailsElement).open);
    // Folded in an 800-pixel-high window (the inspector and the walk need the room), open by a click.
    expect(await open()).toBe(false);
    await legend.locator('summary').click();
    expect(await open()).toBe(true);
    await legend.locator('summary').press('Enter');
    expect(await open()).toBe(false);
  });

  test('is open where the window is tall enough', async ({ page }) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.reload();
    await load(page, BISECT, 4);
    expect(await page.getByTestId('legend').evaluate((e) => (e as HTMLDetailsElement).open)).toBe(true);
  });
});
