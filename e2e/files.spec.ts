// Files: Download saves the scenario as canonical JSON that reopens to the same results; the
// Export menu saves the graph and the address map as SVG (text, exact hex tooltips, the scenario
// in <metadata>) and PNG (valid, the SVG's size at the device pixel ratio); an exported SVG
// dropped on a fresh page (or picked with Open file) reopens the scenario at that step; an SVG
// without a scenario is refused with a reason. Screenshots of the exports, rendered in Chromium,
// in both themes and at two sizes with small and large scenarios (FILES_SHOTS=1) go to
// /tmp/shots/files/.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Download, Page } from '@playwright/test';
import { FIXTURE_DIR, expect, test } from './support';

const SHOTS = '/tmp/shots/files';
test.describe.configure({ timeout: 150_000 });

type Api = {
  load(s: object | string, o?: { step?: number }): Promise<{ ok: boolean }>;
  seek(step: number): Promise<number>;
  cursor(): number;
  select(sel: object): Promise<void>;
  selection(): Record<string, string>;
  view(mode?: string): string;
  whenIdle(): Promise<void>;
  results(): { results: { ok: boolean; errno?: string }[] };
  state(): { nodes: { id: string; kind: string; label: string }[]; spaces: { id: string; title: string }[] } | null;
  map: { viewport(): { start: string; span: string; autoFit: boolean }; setViewport(start: string, span: string): Promise<void> };
};
type W = { iovaAtlas: Api };

function api<T>(page: Page, f: (a: Api) => T | Promise<T>): Promise<T> {
  return page.evaluate(`(${f.toString()})(window.iovaAtlas)`) as Promise<T>;
}

async function ready(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as unknown as Partial<W>).iovaAtlas !== undefined, undefined, { timeout: 30_000 });
  await expect(page.getByTestId('app')).toHaveAttribute('data-busy', 'false', { timeout: 30_000 });
  await page.evaluate(() => (window as unknown as W).iovaAtlas.whenIdle());
}

async function load(page: Page, doc: object, step?: number): Promise<void> {
  const r = await page.evaluate(([d, s]) => (window as unknown as W).iovaAtlas.load(d as object, s === null ? {} : { step: s as number }), [doc, step ?? null] as const);
  expect(r.ok).toBe(true);
  await ready(page);
}

/** Picks an item of the Export menu and returns the download with its bytes. */
async function exportAs(page: Page, view: 'map' | 'graph', format: 'svg' | 'png'): Promise<{ name: string; bytes: Buffer; download: Download }> {
  await page.getByTestId('export-menu').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`export-${view}-${format}`).click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: readFileSync(path), download };
}

/** Width and height of a PNG from its IHDR chunk, after checking the signature. */
function pngSize(b: Buffer): { width: number; height: number } {
  expect([...b.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(b.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

function svgSize(svg: string): { width: number; height: number } {
  const m = /<svg [^>]*width="(\d+)" height="(\d+)"/.exec(svg);
  expect(m).not.toBeNull();
  return { width: Number(m![1]), height: Number(m![2]) };
}

async function drop(page: Page, name: string, text: string, type: string): Promise<void> {
  const dt = await page.evaluateHandle(([t, n, ty]) => {
    const d = new DataTransfer();
    d.items.add(new File([t!], n!, { type: ty! }));
    return d;
  }, [text, name, type] as const);
  await page.dispatchEvent('.app', 'dragenter', { dataTransfer: dt });
  await expect(page.getByTestId('drop-overlay')).toBeVisible();
  await page.dispatchEvent('.app', 'drop', { dataTransfer: dt });
}

const step = (op: string, rest: Record<string, unknown> = {}) => ({ op, ...rest });

/** Type1 v2 on VT-d: 2 MiB at 1 GiB, 4 KiB at 4 GiB; the group's MSI window is reserved. */
const VTD = {
  format: 'iova-atlas.scenario',
  version: 1,
  title: 'files: type1 on VT-d',
  platform: 'x86-vtd-48',
  devices: [{ id: 'nic0', bdf: '0000:00:02.0', group: 26 }],
  steps: [
    step('open', { path: '/dev/vfio/vfio', as: 'container' }),
    step('open', { path: '/dev/vfio/26', as: 'group26' }),
    step('VFIO_GROUP_SET_CONTAINER', { fd: 'group26', container: 'container' }),
    step('VFIO_SET_IOMMU', { fd: 'container', type: 'VFIO_TYPE1v2_IOMMU' }),
    step('VFIO_IOMMU_MAP_DMA', { fd: 'container', iova: '0x40000000', size: '0x200000', vaddr: '0x7f0000000000', flags: ['READ', 'WRITE'] }),
    step('VFIO_IOMMU_MAP_DMA', { fd: 'container', iova: '0x100000000', size: '0x1000', vaddr: '0x7f0000400000', flags: ['READ', 'WRITE'] }),
  ],
};

test('Download saves the canonical JSON, named from the title, and it reopens to the same results', async ({ explorer, page }, info) => {
  await page.goto('/?src=' + encodeURIComponent('/e2e-fixtures/basics.json'));
  await ready(page);
  const before = await api(page, (a) => a.results().results.map((r) => (r.ok ? 'ok' : r.errno)));
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-scenario').click()]);
  expect(download.suggestedFilename()).toBe('process-memory-basics-e2e-fixture.json');
  const text = readFileSync(await download.path(), 'utf8');
  const doc = JSON.parse(text) as { format: string; version: number; steps: unknown[] };
  expect(doc.format).toBe('iova-atlas.scenario');
  expect(doc.steps).toHaveLength(9);
  // 64-bit values as lowercase hex strings.
  expect(text).toContain('"0x7ffeffe00000"');
  expect(text).not.toMatch(/"0x[0-9a-f]*[A-F][0-9a-fA-F]*"/);

  const file = info.outputPath('downloaded.json');
  writeFileSync(file, text);
  await page.getByTestId('file-input').setInputFiles(file);
  await ready(page);
  await expect(page.getByText('from file downloaded.json')).toBeVisible();
  expect(await api(page, (a) => a.results().results.map((r) => (r.ok ? 'ok' : r.errno)))).toEqual(before);
});

test('map and graph SVGs hold their text, exact hex and the scenario; dropped on a fresh page they reopen that step', async ({ explorer, page, browser, baseURL }) => {
  await page.goto('/');
  await ready(page);
  await load(page, VTD, 4);
  await api(page, (a) => a.select({ kind: 'range', space: 'container:1', first: '0x40000000', last: '0x401fffff' }));
  const state = (await api(page, (a) => a.state()))!;

  const map = await exportAs(page, 'map', 'svg');
  expect(map.name).toBe('files-type1-on-vt-d-step4-map.svg');
  const mapSvg = map.bytes.toString('utf8');
  expect(mapSvg).toContain('>files: type1 on VT-d<');
  expect(mapSvg).toContain('Step 4 of 0–5 · VFIO_IOMMU_MAP_DMA → ok');
  // Lane titles whole (the export's title column grows to fit them), and in each lane's tooltip.
  for (const s of state.spaces) {
    expect(mapSvg).toContain(`>${s.title}<`);
    expect(mapSvg).toContain(`<title>${s.title} (${s.id})`);
  }
  expect(mapSvg).toContain('mapping [0x4000_0000, 0x401f_ffff] 2 MiB (0x20_0000)');
  expect(mapSvg).toContain('selected: [0x4000_0000, 0x401f_ffff]');
  expect(mapSvg).toMatch(/<metadata id="iova-atlas-scenario"><ia:scenario xmlns:ia="urn:iova-atlas:svg-export:1" format="iova-atlas.scenario" step="4"/);
  expect(mapSvg).toContain('"title": "files: type1 on VT-d"');

  const graph = await exportAs(page, 'graph', 'svg');
  expect(graph.name).toBe('files-type1-on-vt-d-step4-graph.svg');
  const graphSvg = graph.bytes.toString('utf8');
  for (const n of state.nodes) expect(graphSvg).toContain(`data-node-id="${n.id}"`);
  expect(graphSvg).toContain('>container 1<');
  expect(graphSvg).toContain('>group 26<');
  expect(graphSvg).toContain('step="4"');

  // Both parse as XML in the browser, with the scenario where the reader looks for it.
  const parsed = await page.evaluate((texts) => texts.map((t) => {
    const d = new DOMParser().parseFromString(t, 'image/svg+xml');
    const el = d.getElementsByTagNameNS('urn:iova-atlas:svg-export:1', 'scenario')[0];
    return { errors: d.getElementsByTagName('parsererror').length, root: d.documentElement.localName, step: el?.getAttribute('step'), format: el ? (JSON.parse(el.textContent ?? '') as { format: string }).format : null };
  }), [mapSvg, graphSvg]);
  expect(parsed).toEqual([
    { errors: 0, root: 'svg', step: '4', format: 'iova-atlas.scenario' },
    { errors: 0, root: 'svg', step: '4', format: 'iova-atlas.scenario' },
  ]);

  // A fresh browser: the map SVG dropped on the page reopens the scenario at step 4, selection and view.
  const ctx = await browser.newContext({ baseURL });
  const fresh = await ctx.newPage();
  await fresh.addInitScript(() => {
    (window as unknown as { __iovaAtlasTestEnable: boolean }).__iovaAtlasTestEnable = true;
  });
  await fresh.goto('/');
  await ready(fresh);
  await drop(fresh, map.name, mapSvg, 'image/svg+xml');
  await ready(fresh);
  await expect(fresh.getByTestId('scenario-title')).toHaveText('files: type1 on VT-d');
  await expect(fresh.getByText(`from file ${map.name}`)).toBeVisible();
  await expect.poll(() => api(fresh, (a) => a.cursor())).toBe(4);
  await expect.poll(() => api(fresh, (a) => a.selection())).toEqual({ kind: 'range', space: 'container:1', first: '0x40000000', last: '0x401fffff' });
  expect(await api(fresh, (a) => a.results().results.map((r) => r.ok))).toEqual([true, true, true, true, true, true]);

  // The graph SVG through Open file… does the same at its step.
  await api(fresh, (a) => a.seek(1));
  await fresh.getByTestId('file-input').setInputFiles({ name: graph.name, mimeType: 'image/svg+xml', buffer: graph.bytes });
  await ready(fresh);
  await expect.poll(() => api(fresh, (a) => a.cursor())).toBe(4);
  await ctx.close();
});

test('PNG exports are PNGs of the SVG export size at the device pixel ratio', async ({ explorer, page }) => {
  await page.goto('/');
  await ready(page);
  await load(page, VTD, 5);
  const dpr = await page.evaluate(() => window.devicePixelRatio);
  for (const view of ['map', 'graph'] as const) {
    const svg = svgSize((await exportAs(page, view, 'svg')).bytes.toString('utf8'));
    const png = await exportAs(page, view, 'png');
    expect(png.name).toBe(`files-type1-on-vt-d-step5-${view}.png`);
    expect(pngSize(png.bytes)).toEqual({ width: Math.round(svg.width * dpr), height: Math.round(svg.height * dpr) });
    expect(png.bytes.length).toBeGreaterThan(2000);
  }
  // With only the graph on screen, the map still exports (fitted to its content).
  await api(page, (a) => a.view('graph'));
  await ready(page);
  const mapPng = await exportAs(page, 'map', 'png');
  expect(pngSize(mapPng.bytes).width).toBeGreaterThan(900);
});

test('an SVG without a scenario is refused with a reason, and the current scenario stays', async ({ explorer, page }) => {
  await page.goto('/?src=' + encodeURIComponent('/e2e-fixtures/basics.json'));
  await ready(page);
  await page.getByTestId('file-input').setInputFiles({ name: 'drawing.svg', mimeType: 'image/svg+xml', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><metadata>nothing</metadata><rect width="1" height="1"/></svg>') });
  await expect(explorer.problem).toContainText('Could not open file drawing.svg');
  await expect(explorer.problem).toContainText('only SVG files exported by iova-atlas do');
  await expect(page.getByTestId('scenario-title')).toHaveText('Process memory basics (e2e fixture)');
  await page.getByTestId('file-input').setInputFiles({ name: 'broken.svg', mimeType: 'image/svg+xml', buffer: Buffer.from('<svg><unclosed></svg>') });
  await expect(explorer.problem).toContainText('not well-formed');
  await drop(page, 'basics-again.json', readFileSync(join(FIXTURE_DIR, 'basics.json'), 'utf8'), 'application/json');
  await ready(page);
  await expect(page.getByText('from file basics-again.json')).toBeVisible();
});

test('an embed has no Export menu (read-only, no file handling)', async ({ explorer, page }) => {
  await page.goto('/');
  await ready(page);
  await load(page, VTD);
  await expect(page.getByTestId('export-menu')).toBeVisible();
  await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#s=/);
  const hash = await page.evaluate(() => location.hash);
  await page.goto('/?embed=1' + hash);
  await expect(page.getByTestId('app')).toHaveAttribute('data-embed', 'true', { timeout: 30_000 });
  await expect(page.getByTestId('pane-map')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('export-menu')).toHaveCount(0);
});

test('the Export menu works from the keyboard', async ({ explorer, page }) => {
  await page.goto('/');
  await ready(page);
  await load(page, VTD);
  const button = page.getByTestId('export-menu');
  await button.focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menu')).toBeVisible();
  await expect(page.getByTestId('export-graph-svg')).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(page.getByTestId('export-map-png')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toHaveCount(0);
  await expect(button).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.press('ArrowDown');
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  expect(download.suggestedFilename()).toBe('files-type1-on-vt-d-step5-graph.png');
});

// ------------------------------------------------------------------ screenshots

/** A larger machine: 40 devices in 20 groups on an iommufd with 8 IOAS, 16 areas each. */
function largeScenario(): object {
  const devices: object[] = [];
  const steps: object[] = [step('open', { path: '/dev/iommu', as: 'ifd' })];
  for (let k = 0; k < 8; k++) steps.push(step('IOMMU_IOAS_ALLOC', { fd: 'ifd', as: `ioas${k}` }));
  for (let g = 0; g < 20; g++) {
    for (let d = 0; d < 2; d++) {
      const id = `nic${g}_${d}`;
      devices.push({ id, bdf: `0000:${(g + 1).toString(16).padStart(2, '0')}:00.${d}`, group: 10 + g });
      steps.push(step('open', { path: `/dev/vfio/devices/${id}`, as: `c_${id}` }));
      steps.push(step('VFIO_DEVICE_BIND_IOMMUFD', { fd: `c_${id}`, iommufd: 'ifd', as: `d_${id}` }));
      steps.push(step('VFIO_DEVICE_ATTACH_IOMMUFD_PT', { fd: `c_${id}`, pt_id: `ioas${g % 8}` }));
    }
  }
  for (let k = 0; k < 8; k++) {
    for (let m = 0; m < 16; m++) {
      steps.push(step('IOMMU_IOAS_MAP', { fd: 'ifd', ioas_id: `ioas${k}`, user_va: '0x7f0000000000', length: '0x200000', iova: '0x' + (0x1000000 * (m + 1) + 0x400000 * k).toString(16), flags: ['FIXED_IOVA', 'READABLE', 'WRITEABLE'] }));
    }
  }
  return { format: 'iova-atlas.scenario', version: 1, platform: 'x86-vtd-48', title: 'files: a larger iommufd machine (40 devices, 8 IOAS, 128 areas)', devices, steps };
}

test.describe('screenshots of the exports', () => {
  test.skip(!process.env.FILES_SHOTS, 'set FILES_SHOTS=1 to write screenshots to /tmp/shots/files');
  for (const [w, h] of [[1280, 800], [1920, 1080]] as const) {
    for (const theme of ['light', 'dark'] as const) {
      test(`${w}x${h} ${theme}`, async ({ explorer, page }) => {
        test.setTimeout(240_000);
        mkdirSync(SHOTS, { recursive: true });
        await page.setViewportSize({ width: w, height: h });
        await page.addInitScript((t) => localStorage.setItem('iova-atlas.theme', t), theme);
        await page.goto('/');
        await ready(page);
        for (const [name, doc, at] of [['small', VTD, 4], ['large', largeScenario(), undefined]] as const) {
          await load(page, doc, at);
          if (name === 'small') await api(page, (a) => a.select({ kind: 'node', id: 'group:26' }));
          await page.getByTestId('export-menu').click();
          await page.screenshot({ path: `${SHOTS}/${name}-menu-${w}x${h}-${theme}.png` });
          await page.keyboard.press('Escape');
          for (const view of ['map', 'graph'] as const) {
            const svg = await exportAs(page, view, 'svg');
            const png = await exportAs(page, view, 'png');
            const base = `${SHOTS}/${name}-${view}-${w}x${h}-${theme}`;
            writeFileSync(`${base}.svg`, svg.bytes);
            writeFileSync(`${base}.png`, png.bytes);
            // The SVG as a viewer shows it: rendered by Chromium on its own.
            const size = svgSize(svg.bytes.toString('utf8'));
            const viewer = await page.context().newPage();
            await viewer.setViewportSize({ width: Math.min(size.width, 3000), height: Math.min(size.height, 3000) });
            await viewer.route('**/__export.svg', (r) => r.fulfill({ contentType: 'image/svg+xml', body: svg.bytes }));
            await viewer.goto('/__export.svg');
            await viewer.screenshot({ path: `${base}.svg.png` });
            await viewer.close();
          }
        }
      });
    }
  }
  for (const theme of ['light', 'dark'] as const) {
    test(`session notices ${theme}`, async ({ explorer, page, browser, baseURL }) => {
      test.setTimeout(180_000);
      mkdirSync(SHOTS, { recursive: true });
      await page.addInitScript((t) => localStorage.setItem('iova-atlas.theme', t), theme);
      await page.goto('/');
      await ready(page);
      await load(page, VTD, 3);
      await page.waitForTimeout(1000);
      await page.goto('/');
      await ready(page);
      await expect(page.getByTestId('session-restored')).toBeVisible();
      await page.screenshot({ path: `${SHOTS}/notice-restored-1280x800-${theme}.png` });
      const ctx = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
      const p2 = await ctx.newPage();
      await p2.addInitScript((t) => {
        localStorage.setItem('iova-atlas.theme', t);
        Storage.prototype.setItem = function (): void {
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        };
      }, theme);
      await p2.goto('/');
      await ready(p2);
      await load(p2, VTD, 3);
      await expect(p2.getByTestId('autosave-failed')).toBeVisible();
      await p2.screenshot({ path: `${SHOTS}/notice-storage-1280x800-${theme}.png` });
      await ctx.close();
    });
  }
});
