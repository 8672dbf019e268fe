// The address map in the real layout: lanes per address space, an exact hover card, zoom to one
// 4 KiB page (programmatically through window.iovaAtlas.map and with the wheel) with readable
// hex ticks, click / double-click / Alt+click selections, the keyboard, and the table twin;
// plus screenshots at 1280x800 and 1920x1080 in both themes, small and large scenarios
// (/tmp/shots/map/, not in the repo).
//
// Scenarios are loaded through the automation API (window.iovaAtlas, shell/automationApi.ts).

import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './support';

const SHOTS = '/tmp/shots/map';

type Sel = { kind: string; space?: string; first?: string; last?: string; iova?: string };
type MapApi = {
  viewport(): { start: string; last: string; span: string; width: number; autoFit: boolean };
  setViewport(start: string, span: string): Promise<void>;
  fit(target?: string): Promise<void>;
  lanes(): { id: string; title: string; top: number; left: number; width: number; height: number }[];
  pointOf(space: string, addr: string): { x: number; y: number } | null;
  ticks(): { addr: string; label: string; text: string; x: number }[];
  drawn(): Promise<void>;
  script(steps: { zoom?: number; pan?: number; anchor?: number }[]): Promise<{ paint: { p95: number; count: number } }>;
};
type Api = {
  load(s: object | string): Promise<{ ok: boolean }>;
  select(sel: object): Promise<void>;
  selection(): Sel;
  state(): { spaces: { id: string; kind: string; title: string; node: string; layers: { kind: string; ranges: { first: string; last: string }[] }[] }[] } | null;
  view(mode?: string): string;
  whenIdle(): Promise<void>;
  map: MapApi;
};
type ApiWindow = { iovaAtlas: Api };

const step = (op: string, rest: Record<string, unknown> = {}) => ({ op, ...rest });

/** Type1 v2 on VT-d: 2 MiB at 1 GiB, 4 KiB at 4 GiB, the MSI window reserved by the group. */
const VTD = {
  format: 'iova-atlas.scenario',
  version: 1,
  title: 'map: type1 on VT-d',
  platform: 'x86-vtd-48',
  devices: [{ id: 'nic0', bdf: '0000:00:02.0', group: 26 }],
  steps: [
    step('open', { path: '/dev/vfio/vfio', as: 'container' }),
    step('open', { path: '/dev/vfio/26', as: 'group26' }),
    step('VFIO_GROUP_SET_CONTAINER', { fd: 'group26', container: 'container', expect: { ok: true } }),
    step('VFIO_SET_IOMMU', { fd: 'container', type: 'VFIO_TYPE1v2_IOMMU', expect: { ok: true } }),
    step('VFIO_IOMMU_MAP_DMA', { fd: 'container', iova: '0x40000000', size: '0x200000', vaddr: '0x7f0000000000', flags: ['READ', 'WRITE'], expect: { ok: true } }),
    step('VFIO_IOMMU_MAP_DMA', { fd: 'container', iova: '0x100000000', size: '0x1000', vaddr: '0x7f0000400000', flags: ['READ', 'WRITE'], expect: { ok: true } }),
  ],
};

/** An iommufd IOAS with `n` 4 KiB areas 8 KiB apart from 4 GiB (automatic-free, fixed IOVAs). */
function largeIoas(n: number): object {
  const maps = Array.from({ length: n }, (_, i) =>
    step('IOMMU_IOAS_MAP', {
      fd: 'iommufd', ioas_id: 'ioas', iova: '0x' + (0x1_0000_0000 + i * 0x2000).toString(16), length: '0x1000',
      user_va: '0x' + (0x7f00_0000_0000 + i * 0x1000).toString(16), flags: ['FIXED_IOVA', 'READABLE', 'WRITEABLE'],
    }),
  );
  return {
    format: 'iova-atlas.scenario',
    version: 1,
    title: `map: ${n} IOAS areas`,
    platform: 'x86-vtd-48',
    devices: [{ id: 'nic0', bdf: '0000:00:02.0', group: 26 }],
    steps: [step('open', { path: '/dev/iommu', as: 'iommufd' }), step('IOMMU_IOAS_ALLOC', { fd: 'iommufd', as: 'ioas' }), ...maps],
  };
}

async function load(page: Page, s: object, mode = 'map'): Promise<void> {
  const r = await page.evaluate((x) => (window as unknown as ApiWindow).iovaAtlas.load(x), s);
  expect(r.ok).toBe(true);
  // Every scenario here opens files, so a real snapshot has nodes. None means the worker still
  // answers with the stand-in view builders (src/worker/views.ts): nothing to draw yet.
  const nodes = await page.evaluate(() => ((window as unknown as ApiWindow).iovaAtlas.state() as { nodes?: unknown[] } | null)?.nodes?.length ?? 0);
  test.skip(nodes === 0, 'the worker still uses the stand-in view builders (src/worker/views.ts): no address spaces to draw');
  await page.evaluate((m) => (window as unknown as ApiWindow).iovaAtlas.view(m), mode);
  await page.evaluate(() => (window as unknown as ApiWindow).iovaAtlas.whenIdle());
  await expect(page.getByTestId('address-map')).toBeVisible();
}

async function mapSpace(page: Page, kind: string): Promise<string> {
  const st = await page.evaluate(() => (window as unknown as ApiWindow).iovaAtlas.state());
  const sp = st?.spaces.find((s) => s.kind === kind);
  expect(sp, `a ${kind} address space at the last step`).toBeTruthy();
  return sp!.id;
}

const map = (page: Page) => page.getByTestId('address-map');
const selection = (page: Page) => page.evaluate(() => (window as unknown as ApiWindow).iovaAtlas.selection());
const viewport = (page: Page) => page.evaluate(() => (window as unknown as ApiWindow).iovaAtlas.map.viewport());

/** Moves the mouse onto `addr` in the lane of `space`. */
async function pointAt(page: Page, space: string, addr: string, dy = 0): Promise<{ x: number; y: number }> {
  const p = await page.evaluate(([s, a]) => (window as unknown as ApiWindow).iovaAtlas.map.pointOf(s, a), [space, addr] as const);
  expect(p, `${addr} is on screen`).toBeTruthy();
  return { x: p!.x, y: p!.y + dy };
}

/** Tick labels are exact hex: multiples of a power-of-two step, 2..9 of them, in order, apart. */
function checkTicks(ticks: { addr: string; label: string; text: string; x: number }[]): bigint {
  expect(ticks.length).toBeGreaterThanOrEqual(2);
  expect(ticks.length).toBeLessThanOrEqual(9);
  const addrs = ticks.map((t) => BigInt(t.addr));
  for (const t of ticks) expect(BigInt(t.label.replace(/_/g, ''))).toBe(BigInt(t.addr));
  const step = addrs[1]! - addrs[0]!;
  expect(step & (step - 1n)).toBe(0n);
  for (let i = 1; i < ticks.length; i++) {
    expect(addrs[i]! - addrs[i - 1]!).toBe(step);
    expect(ticks[i]!.x - ticks[i - 1]!.x).toBeGreaterThan(ticks[i - 1]!.text.length * 5);
  }
  return step;
}

test.describe('address map', () => {
  test.beforeEach(async ({ explorer }) => {
    await explorer.goto();
  });

  test('one lane per address space, titled, with the same ranges as the snapshot', async ({ page }) => {
    await load(page, VTD);
    const st = await page.evaluate(() => (window as unknown as ApiWindow).iovaAtlas.state());
    const lanes = map(page).getByTestId('map-lane');
    await expect(lanes).toHaveCount(st!.spaces.length);
    for (const [i, s] of st!.spaces.entries()) {
      await expect(lanes.nth(i)).toHaveAttribute('data-space', s.id);
      await expect(lanes.nth(i)).toContainText(s.title);
    }
    const type1 = await mapSpace(page, 'type1');
    const lane = map(page).locator(`[data-testid="map-lane"][data-space="${type1}"]`);
    await expect(lane).toContainText('2 mappings');
    // The lane's title selects the object that owns the space.
    await lane.locator('.amap-lane-name').click();
    const node = st!.spaces.find((s) => s.id === type1)!.node;
    await expect.poll(() => selection(page)).toEqual({ kind: 'node', id: node });
    await expect(lane).toHaveClass(/is-highlighted/);
  });

  test('hover shows the exact range, size, owner and user memory', async ({ page }) => {
    await load(page, VTD);
    const space = await mapSpace(page, 'type1');
    await page.evaluate(() => (window as unknown as ApiWindow).iovaAtlas.map.setViewport('0x3ff00000', '0x400000'));
    const p = await pointAt(page, space, '0x40100000');
    await page.mouse.move(p.x, p.y);
    const card = page.getByTestId('map-tooltip');
    await expect(card).toBeVisible();
    await expect(card.getByTestId('map-tooltip-range')).toHaveText('[0x4000_0000, 0x401f_ffff]');
    await expect(card).toContainText('mapping');
    await expect(card).toContainText('2 MiB (0x20_0000)');
    await expect(card).toContainText('0x7f00_0000_0000 – 0x7f00_001f_ffff');
    // The pointer's own address, to the byte: 4 MiB over the plot's width.
    await expect(card).toContainText(/pointer 0x40[01][0-9a-f]_[0-9a-f]{4}/);
    // The MSI window, reserved by the group, names its owner.
    await page.evaluate(() => (window as unknown as ApiWindow).iovaAtlas.map.setViewport('0xfe000000', '0x2000000'));
    const q = await pointAt(page, space, '0xfee80000');
    await page.mouse.move(q.x, q.y);
    await expect(card.getByTestId('map-tooltip-range')).toHaveText('[0xfee0_0000, 0xfeef_ffff]');
    await expect(card).toContainText('reserved');
    await expect(card).toContainText('1 MiB (0x10_0000)');
    await page.mouse.move(5, 5);
    await expect(card).toHaveCount(0);
  });

  test('zooms programmatically to one 4 KiB page high in the space, with exact readable ticks', async ({ page }) => {
    await load(page, VTD);
    await page.evaluate(() => (window as unknown as ApiWindow).iovaAtlas.map.setViewport('0xfffffffffffff000', '0x1000'));
    expect(await viewport(page)).toMatchObject({ start: '0xfffffffffffff000', last: '0xffffffffffffffff', span: '0x1000' });
    await expect(map(page).getByTestId('map-viewport')).toContainText('0xffff_ffff_ffff_f000 – 0xffff_ffff_ffff_ffff');
    const ticks = await page.evaluate(() => (window as unknown as ApiWindow).iovaAtlas.map.ticks());
    const step = checkTicks(ticks);
    expect(step).toBeLessThanOrEqual(0x400n);
    expect(ticks.length).toBeGreaterThanOrEqual(4);
    expect(ticks[0]!.label).toBe('0xffff_ffff_ffff_f000');
    // A narrow map drops the shared digits from the labels and shows them once beside the axis.
    if (ticks[0]!.text !== ticks[0]!.label) await expect(map(page).getByTestId('map-axis-prefix')).toHaveText('0xffff_ffff_ffff_…');
    // Cannot zoom past one page: the span stays 4 KiB.
    await page.evaluate(() => (window as unknown as ApiWindow).iovaAtlas.map.setViewport('0x40000000', '0x10'));
    expect((await viewport(page)).span).toBe('0x1000');
    // And the whole 64-bit space: 2^64 addresses.
    await map(page).getByRole('button', { name: /2\s*64/ }).click();
    expect(await viewport(page)).toMatchObject({ start: '0x0', last: '0xffffffffffffffff', span: '0x10000000000000000' });
    checkTicks(await page.evaluate(() => (window as unknown as ApiWindow).iovaAtlas.map.ticks()));
  });

  test('the wheel zooms about the pointer down to one 4 KiB page', async ({ page }) => {
    test.setTimeout(90_000);
    await load(page, VTD);
    const space = await mapSpace(page, 'type1');
    await page.evaluate(() => (window as unknown as ApiWindow).iovaAtlas.map.fit('whole'));
    // Zoom towards the 4 KiB mapping at 4 GiB from the whole 2^64 space, the pointer on it.
    const probe = (s: string) => page.evaluate((sp) => {
      const m = (window as unknown as ApiWindow).iovaAtlas.map;
      return { vp: m.viewport(), p: m.pointOf(sp, '0x100000800') };
    }, s);
    let { vp, p } = await probe(space);
    for (let i = 0; i < 60 && vp.span !== '0x1000'; i++) {
      expect(p, 'the address under the pointer stays on screen while zooming').toBeTruthy();
      await page.mouse.move(p!.x, p!.y);
      await page.mouse.wheel(0, -300);
      ({ vp, p } = await probe(space));
    }
    expect(vp.span).toBe('0x1000');
    expect(BigInt(vp.start) <= 0x100000800n && 0x100000800n <= BigInt(vp.last)).toBe(true);
    await page.evaluate(() => (window as unknown as ApiWindow).iovaAtlas.map.drawn());
    const step = checkTicks(await page.evaluate(() => (window as unknown as ApiWindow).iovaAtlas.map.ticks()));
    expect(step).toBeLessThanOrEqual(0x400n);
    // The user moved the view: fitting no longer follows the steps until asked.
    expect(vp.autoFit).toBe(false);
    await map(page).getByRole('button', { name: 'Fit content' }).click();
    expect((await viewport(page)).autoFit).toBe(true);
  });

  test('click selects a range, double-click and Alt+click select an address for the page walk', async ({ page }) => {
    await load(page, VTD, 'split');
    const space = await mapSpace(page, 'type1');
    await page.evaluate(() => (window as unknown as ApiWindow).iovaAtlas.map.setViewport('0x3ff00000', '0x400000'));
    const p = await pointAt(page, space, '0x40100000');
    await page.mouse.click(p.x, p.y);
    await expect.poll(() => selection(page)).toEqual({ kind: 'range', space, first: '0x40000000', last: '0x401fffff' });
    await page.mouse.dblclick(p.x, p.y);
    await expect.poll(async () => (await selection(page)).kind).toBe('address');
    const iova = BigInt((await selection(page)).iova!);
    expect(iova >= 0x400ff000n && iova <= 0x40101000n).toBe(true);
    await page.mouse.click(p.x, p.y);
    await page.keyboard.down('Alt');
    await page.mouse.click(p.x, p.y);
    await page.keyboard.up('Alt');
    await expect.poll(async () => (await selection(page)).kind).toBe('address');
    // The hint says how.
    await expect(map(page)).toContainText('double-click');
    // Esc clears the map's selection when the map has focus.
    await page.keyboard.press('Escape');
    await expect.poll(async () => (await selection(page)).kind).toBe('none');
  });

  test('keyboard: + and - zoom, arrows pan, f fits the content, 0 shows 2^64', async ({ page }) => {
    await load(page, VTD);
    await page.evaluate(() => (window as unknown as ApiWindow).iovaAtlas.map.setViewport('0x40000000', '0x200000'));
    await map(page).getByTestId('map-plot').focus();
    await page.keyboard.press('+');
    expect((await viewport(page)).span).toBe('0x100000');
    await page.keyboard.press('-');
    expect((await viewport(page)).span).toBe('0x200000');
    const before = BigInt((await viewport(page)).start);
    await page.keyboard.press('ArrowRight');
    expect(BigInt((await viewport(page)).start)).toBeGreaterThan(before);
    await page.keyboard.press('ArrowLeft');
    expect(BigInt((await viewport(page)).start)).toBe(before);
    await page.keyboard.press('0');
    expect((await viewport(page)).span).toBe('0x10000000000000000');
    await page.keyboard.press('f');
    const vp = await viewport(page);
    // Content: the mappings from 1 GiB to 4 GiB + 4 KiB (the MSI window lies between).
    expect(BigInt(vp.start)).toBeLessThanOrEqual(0x40000000n);
    expect(BigInt(vp.last)).toBeGreaterThanOrEqual(0x100000fffn);
    expect(BigInt(vp.span)).toBeLessThan(0x200000000n);
  });

  test('the table twin lists the same ranges and selects them', async ({ page }) => {
    await load(page, VTD);
    const st = await page.evaluate(() => (window as unknown as ApiWindow).iovaAtlas.state());
    const total = st!.spaces.reduce((n, s) => n + s.layers.reduce((m, l) => m + l.ranges.length, 0), 0);
    await map(page).getByRole('button', { name: 'Table' }).click();
    const table = map(page).getByTestId('map-table');
    await expect(table.getByTestId('map-table-count')).toHaveText(`${total} ${total === 1 ? 'range' : 'ranges'}`);
    await expect(table.getByRole('grid')).toHaveAttribute('aria-rowcount', String(total + 1));
    const space = await mapSpace(page, 'type1');
    // Only the mappings of the type1 lane: exactly the two mapped.
    await table.getByLabel('Lane').selectOption(space);
    await table.getByLabel('Kind').selectOption('mapping');
    const rows = table.getByTestId('map-table-row');
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0)).toContainText('0x0000_0000_4000_0000');
    await expect(rows.nth(0)).toContainText('0x0000_0000_401f_ffff');
    await expect(rows.nth(0)).toContainText('2 MiB (0x20_0000)');
    await expect(rows.nth(0)).toContainText('0x0000_7f00_0000_0000');
    await rows.nth(1).click();
    await expect.poll(() => selection(page)).toEqual({ kind: 'range', space, first: '0x100000000', last: '0x100000fff' });
    await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true');
    // Keyboard: up, Enter.
    await table.getByRole('grid').focus();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await expect.poll(() => selection(page)).toEqual({ kind: 'range', space, first: '0x40000000', last: '0x401fffff' });
  });

  test('a large IOAS draws and its table pages through every row', async ({ page }) => {
    test.setTimeout(120_000);
    const n = 3000;
    await load(page, largeIoas(n));
    const ioas = await mapSpace(page, 'ioas');
    const r = await page.evaluate(() => (window as unknown as ApiWindow).iovaAtlas.map.script(
      Array.from({ length: 60 }, (_, i) => ({ zoom: i < 30 ? 1.3 : 1 / 1.3, pan: 5 })),
    ));
    expect(r.paint.count).toBeGreaterThan(50);
    // Speed is measured by `npm run bench` (100k mappings), not asserted here.
    await map(page).getByRole('button', { name: 'Table' }).click();
    const table = map(page).getByTestId('map-table');
    await table.getByLabel('Lane').selectOption(ioas);
    await table.getByLabel('Kind').selectOption('mapping');
    await expect(table.getByTestId('map-table-count')).toHaveText(`${n.toLocaleString('en-US')} ranges`);
    // Virtualized: only the rows on screen exist.
    expect(await table.getByTestId('map-table-row').count()).toBeLessThan(60);
    await table.getByRole('grid').focus();
    await page.keyboard.press('End');
    const last = (0x1_0000_0000n + BigInt(n - 1) * 0x2000n).toString(16).padStart(16, '0');
    const lastText = '0x' + last.match(/..../g)!.join('_');
    await expect(table.getByTestId('map-table-row').filter({ hasText: lastText })).toHaveCount(1);
  });
});

test.describe('address map screenshots', () => {
  test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

  for (const [w, h] of [[1280, 800], [1920, 1080]] as const) {
    for (const theme of ['light', 'dark'] as const) {
      test(`${w}x${h} ${theme}`, async ({ page, explorer }) => {
        // Screenshots for people to look at, like the other specs': opt in with MAP_SHOTS=1.
        test.skip(!process.env.MAP_SHOTS, 'screenshots only with MAP_SHOTS=1');
        test.setTimeout(120_000);
        await page.setViewportSize({ width: w, height: h });
        await page.emulateMedia({ colorScheme: theme });
        await explorer.goto();
        await page.evaluate((t) => localStorage.setItem('iova-atlas.theme', t), theme);
        await explorer.goto();
        // Small: the type1 scenario in the split layout, hovering the 2 MiB mapping.
        await load(page, VTD, 'split');
        const space = await mapSpace(page, 'type1');
        await page.evaluate(() => (window as unknown as ApiWindow).iovaAtlas.map.setViewport('0x3fe00000', '0x800000'));
        const p = await pointAt(page, space, '0x40100000');
        await page.mouse.move(p.x, p.y);
        await expect(page.getByTestId('map-tooltip')).toBeVisible();
        await page.screenshot({ path: `${SHOTS}/small-split-${w}x${h}-${theme}.png` });
        // The same in the map-only layout, zoomed to the page at 4 GiB, table open.
        await page.evaluate(() => (window as unknown as ApiWindow).iovaAtlas.view('map'));
        await page.evaluate(() => (window as unknown as ApiWindow).iovaAtlas.map.setViewport('0x100000000', '0x1000'));
        await map(page).getByRole('button', { name: 'Table' }).click();
        await page.mouse.move(1, 1);
        await page.screenshot({ path: `${SHOTS}/small-page-${w}x${h}-${theme}.png` });
        // Large: 3000 IOAS areas, fitted, hovering a dense pixel.
        await load(page, largeIoas(3000), 'map');
        const ioas = await mapSpace(page, 'ioas');
        const q = await pointAt(page, ioas, '0x100400000');
        await page.mouse.move(q.x, q.y);
        await page.screenshot({ path: `${SHOTS}/large-${w}x${h}-${theme}.png` });
      });
    }
  }
});
