// Beyond VFIO in the explorer: seed 001's reset (mlx5, no IOTLB_PERSIST) in the graph (the
// device-translation badge turns "stale 2" at the reset) and in the map (the vDPA ASID lane keeps
// the IOTLB's bars, loses the device map, gains the identity underlay and the stale bands);
// PASIDs in the graph (entries, SVA domain, mm) and the map (the PASID lanes); KVM's LIOBN table
// and the hardware table it keeps alive. Screenshots at 1280x800 and 1920x1080 in both themes
// (/tmp/shots/beyond/, not in the repo).
//
// Scenarios are the shipped examples, loaded through window.iovaAtlas (shell/automationApi.ts).

import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './support';

const SHOTS = '/tmp/shots/beyond';
const EXAMPLES = join(import.meta.dirname, '..', 'public', 'scenarios');
const example = (name: string): object => JSON.parse(readFileSync(join(EXAMPLES, `${name}.json`), 'utf8')) as object;

type Layer = { kind: string; ranges: { first: string; last: string; backing?: string; label?: string }[] };
type State = {
  step: number;
  nodes: { id: string; kind: string; badges?: string[] }[];
  edges: { id: string }[];
  spaces: { id: string; kind: string; title: string; node: string; layers: Layer[] }[];
  changes: { summary: string[]; changedNodes: string[] };
};
type Api = {
  load(s: object | string, opts?: { step?: number }): Promise<{ ok: boolean; steps: number }>;
  seek(step: number): Promise<number>;
  select(sel: object): Promise<void>;
  view(mode?: string): string;
  whenIdle(opts?: { timeoutMs?: number }): Promise<void>;
  state(): State | null;
  map: { fit(target?: string): Promise<void>; pointOf(space: string, addr: string): { x: number; y: number } | null };
};
type ApiWindow = { iovaAtlas: Api };

const idle = (page: Page): Promise<void> => page.evaluate(() => (window as unknown as ApiWindow).iovaAtlas.whenIdle({ timeoutMs: 60_000 }));
const state = async (page: Page): Promise<State> => (await page.evaluate(() => (window as unknown as ApiWindow).iovaAtlas.state()))!;
const view = async (page: Page, mode: string): Promise<void> => {
  await page.evaluate((m) => (window as unknown as ApiWindow).iovaAtlas.view(m), mode);
  await idle(page);
};
const fitMap = async (page: Page): Promise<void> => {
  await page.evaluate(() => (window as unknown as ApiWindow).iovaAtlas.map.fit('content'));
  await idle(page);
};
const graph = (page: Page) => page.getByTestId('topology-graph');
const card = (page: Page, id: string) => graph(page).locator(`[data-testid="graph-node"][data-node-id="${id}"]`);
const edge = (page: Page, id: string) => graph(page).locator(`[data-testid="graph-edges"] [data-edge-id="${id}"]`);
const lane = (page: Page, id: string) => page.getByTestId('address-map').locator(`[data-testid="map-lane"][data-space="${id}"]`);

async function open(page: Page, name: string, step: number, mode: 'graph' | 'map' | 'split'): Promise<void> {
  const r = await page.evaluate((x) => (window as unknown as ApiWindow).iovaAtlas.load(x), example(name));
  expect(r.ok, `${name} loads`).toBe(true);
  await view(page, mode);
  await seek(page, step);
}

async function seek(page: Page, step: number): Promise<void> {
  await page.evaluate((n) => (window as unknown as ApiWindow).iovaAtlas.seek(n), step);
  await idle(page);
}

const layerOf = (st: State, space: string, kind: string): Layer['ranges'] =>
  st.spaces.find((s) => s.id === space)?.layers.find((l) => l.kind === kind)?.ranges ?? [];

test.describe('beyond VFIO', () => {
  // Each test loads several examples and seeks back and forth; shared cores are slow.
  test.describe.configure({ timeout: 120_000 });
  test.beforeEach(async ({ explorer }) => {
    await explorer.goto();
  });

  test('seed 001 reset on mlx5 without IOTLB_PERSIST: the graph badge turns stale at the reset step', async ({ page }) => {
    await open(page, 'seed001-reset-mlx5', 6, 'graph');
    await expect(card(page, 'vdpa:vdpa0')).toContainText('in sync');
    await expect(card(page, 'vdpa:vdpa0')).toContainText('DRIVER_OK');
    await expect(card(page, 'asid:vdpa0:0')).toContainText('IOTLB 2 · device 2');
    await expect(card(page, 'vdpa-parent:mlx5')).toContainText('mlx5_vdpa');
    await expect(edge(page, 'parent:vdpa:vdpa0->vdpa-parent:mlx5')).toHaveCount(1);
    await expect(edge(page, 'owns:vdpa:vdpa0->asid:vdpa0:0')).toHaveCount(1);

    await seek(page, 7);
    await expect(card(page, 'vdpa:vdpa0')).toContainText('stale 2');
    await expect(card(page, 'vdpa:vdpa0')).toHaveAttribute('data-status', 'changed');
    await expect(card(page, 'asid:vdpa0:0')).toContainText('stale 2');
    await expect(card(page, 'asid:vdpa0:0')).toContainText('IOTLB 2 · identity');
    await expect(page.getByTestId('changes-summary')).toContainText('vdpa0 ASID 0: device translation reset to identity; vhost IOTLB keeps 2 entries');

    // With IOTLB_PERSIST (after close and reopen) the same reset keeps the device map.
    await seek(page, 17);
    await expect(card(page, 'vdpa:vdpa0')).toContainText('in sync');
    await expect(card(page, 'vdpa:vdpa0')).toContainText('IOTLB_PERSIST');
  });

  test('seed 001 reset in the map: the IOTLB lane keeps its bars, the device map is gone, identity and stale appear', async ({ page }) => {
    await open(page, 'seed001-reset-mlx5', 6, 'map');
    const id = 'asid:vdpa0:0';
    await expect(lane(page, id)).toContainText('vdpa0 ASID 0 · device in sync · mlx5');
    await expect(lane(page, id)).toContainText('2 mappings');
    let st = await state(page);
    expect(layerOf(st, id, 'mapping').map((r) => [r.first, r.last, r.backing])).toEqual([
      ['0x0', '0x9ffff', '0x7f0000000000'], ['0x100000', '0x1fffffff', '0x7f0000100000'],
    ]);
    expect(layerOf(st, id, 'device-map')).toEqual(layerOf(st, id, 'mapping'));
    expect(layerOf(st, id, 'stale')).toEqual([]);

    await seek(page, 7);
    await expect(lane(page, id)).toContainText('device stale 2');
    await expect(lane(page, id)).toContainText('2 mappings · 2 stale');
    st = await state(page);
    expect(layerOf(st, id, 'mapping').length).toBe(2);
    expect(layerOf(st, id, 'device-map')).toEqual([]);
    expect(layerOf(st, id, 'identity').map((r) => [r.first, r.last])).toEqual([['0x0', '0xffffffffffffffff']]);
    expect(layerOf(st, id, 'stale').map((r) => [r.first, r.last])).toEqual([['0x0', '0x9ffff'], ['0x100000', '0x1fffffff']]);

    // Hovering a kept IOTLB entry says the device does not translate it.
    await fitMap(page);
    const p = await page.evaluate(([sp, at]) => (window as unknown as ApiWindow).iovaAtlas.map.pointOf(sp, at), [id, '0x10000000'] as const);
    expect(p, 'the entry is on screen').toBeTruthy();
    await page.mouse.move(p!.x, p!.y);
    const tip = page.getByTestId('map-tooltip');
    await expect(tip).toContainText('vhost IOTLB');
    await expect(tip).toContainText('in stale');
    await expect(tip).toContainText('the device is back to identity');
  });

  test('a PASID attached to a HWPT (seed 000, iommufd): PASID entry and edges in the graph, its lane in the map', async ({ page }) => {
    await open(page, 'seed000-fd-close-order-iommufd', 6, 'graph');
    await expect(card(page, 'pasid:nic0:7')).toContainText('nic0 PASID 7');
    await expect(card(page, 'pasid:nic0:7')).toContainText('HWPT 3 on IOAS 1');
    await expect(card(page, 'pasid:nic0:7')).toHaveAttribute('data-status', 'added');
    await expect(edge(page, 'pasid:device:nic0->pasid:nic0:7')).toHaveCount(1);
    await expect(edge(page, 'attached:pasid:nic0:7->hwpt:1:3')).toHaveCount(1);

    await view(page, 'map');
    await expect(lane(page, 'pasid:nic0:7')).toContainText('nic0 PASID 7 · HWPT 3 on IOAS 1');
    await expect(lane(page, 'pasid:nic0:7')).toContainText('1 mapping');
    const st = await state(page);
    expect(layerOf(st, 'pasid:nic0:7', 'mapping').map((r) => [r.first, r.last, r.backing])).toEqual([['0x100000', '0x2fffff', '0x7f0000000000']]);

    // Closing the device detaches the PASID: the lane goes.
    await seek(page, 10);
    await expect(lane(page, 'pasid:nic0:7')).toHaveCount(0);
  });

  test('SVA: one PASID shared by two devices (graph: entries, SVA domain, mm; map: the PASID lane)', async ({ page }) => {
    await open(page, 'sva-bind-two-devices', 2, 'graph');
    for (const id of ['pasid:acc0:1', 'pasid:acc1:1', 'sva-domain:1', 'mm:1']) await expect(card(page, id)).toBeVisible();
    await expect(card(page, 'mm:1')).toContainText('PASID 1');
    for (const id of ['pasid:device:acc0->pasid:acc0:1', 'pasid:device:acc1->pasid:acc1:1', 'attached:pasid:acc1:1->sva-domain:1', 'shares-mm:sva-domain:1->mm:1']) {
      await expect(edge(page, id)).toHaveCount(1);
    }
    await view(page, 'map');
    await expect(lane(page, 'mm:1')).toContainText('PASID 1 · app (mm 1) · its CPU page table');
    // The last unbind: the domain goes, the PASID stays with the mm, the lane goes.
    await seek(page, 8);
    await expect(lane(page, 'mm:1')).toHaveCount(0);
    await expect(page.getByTestId('changes-summary')).toContainText('PASID 1 stays with the mm until it is freed');
  });

  test('seed 004: the LIOBN table keeps the hardware table alive after the last group leaves', async ({ page }) => {
    await open(page, 'seed004-kvm-table-outlives-container', 13, 'graph');
    await expect(card(page, 'window:kvm:1')).toContainText('kept by KVM');
    await expect(card(page, 'window:kvm:1')).toContainText('not programmed');
    await expect(card(page, 'liobn:1')).toContainText('LIOBN 0x80000000');
    await expect(edge(page, 'hw-table:liobn:1->window:kvm:1')).toHaveCount(1);
    await view(page, 'map');
    await expect(lane(page, 'liobn:1')).toContainText('LIOBN 0x80000000 · 4K guest TCEs · window 0x0 +0x40000000');
    await expect(lane(page, 'liobn:1')).toContainText('1 mapping');
  });

  for (const [w, h] of [[1280, 800], [1920, 1080]] as const) {
    for (const theme of ['light', 'dark'] as const) {
      test(`screenshots ${w}x${h} ${theme}`, async ({ page }) => {
        test.skip(Boolean(process.env.CI), 'screenshots are not taken in CI');
        test.setTimeout(180_000);
        mkdirSync(SHOTS, { recursive: true });
        await page.setViewportSize({ width: w, height: h });
        await page.evaluate((t) => localStorage.setItem('iova-atlas.theme', t), theme);
        await page.reload();
        await page.waitForFunction(() => (window as unknown as Partial<ApiWindow>).iovaAtlas !== undefined);
        const shot = async (name: string): Promise<void> => {
          await idle(page);
          await page.screenshot({ path: `${SHOTS}/${name}-${w}x${h}-${theme}.png` });
        };
        await open(page, 'seed001-reset-mlx5', 6, 'graph');
        await shot('reset-before-graph');
        await seek(page, 7);
        await shot('reset-graph');
        await view(page, 'map');
        await fitMap(page);
        await shot('reset-map');
        await seek(page, 6);
        await shot('reset-before-map');
        await seek(page, 7);
        await view(page, 'split');
        await shot('reset-split');
        await open(page, 'sva-bind-two-devices', 4, 'graph');
        await shot('sva-graph');
        await view(page, 'split');
        await shot('sva-split');
        await open(page, 'seed000-fd-close-order-uacce', 3, 'graph');
        await shot('uacce-graph');
        await open(page, 'seed000-fd-close-order-iommufd', 6, 'split');
        await shot('pasid-split');
        await open(page, 'seed004-kvm-table-outlives-container', 13, 'graph');
        await shot('kvm-graph');
        await view(page, 'split');
        await shot('kvm-split');
        await open(page, 'vdpa-iotlb-entry-limit', 2052, 'split');
        await shot('vdpa-large-split');
      });
    }
  }
});
