// The 100k figures on one page: a generated scenario of 100k IOAS mappings (100,002 steps),
// loaded with { trusted: true } (it is past the 8 MiB cap for untrusted text).
//
// - Address map with 100k mappings during a scripted pan and zoom (map view, at the last step,
//   all 100k drawn): window.iovaAtlas.map.script runs one gesture step per animation frame and
//   reports the paint time and the interval between frames (the goal is on the interval).
// - Seek to random steps of the 100k-step scenario in the default split view: from the call to
//   the first animation frame at which the explorer has the snapshot of that step and no view
//   is drawing ("drawn"), and to the resolution of seek() (which waits for whenIdle: two quiet
//   frames more).

import type { Browser, Page } from '@playwright/test';
import { cpuDuring } from './cpu';
import type { BenchServer } from './server';
import type { BenchWindow } from './page';
import { openApp } from './page';
import { ioasMaps } from './scenarios';
import { max, percentile, print, rng } from './stats';

export const BIG_MAPS = 100_000;
const SEEKS = 40;

/** Loads the big scenario into `page` (already on the app); returns the steps. */
export async function loadBig(page: Page, server: BenchServer): Promise<number> {
  const url = server.provide('ioas-100k.json', ioasMaps(BIG_MAPS));
  await openApp(page);
  const r = await page.evaluate(async (u) => {
    const api = (window as unknown as BenchWindow).iovaAtlas;
    const text = await (await fetch(u)).text();
    const t0 = performance.now();
    const a = await api.load(text, { origin: 'bench 100k', trusted: true });
    return { answer: a, ms: performance.now() - t0, bytes: text.length };
  }, url);
  if (!r.answer.ok) throw new Error(`the 100k scenario did not load: ${r.answer.problem} ${JSON.stringify(r.answer.issues.slice(0, 3))}`);
  print('big_scenario_mb', r.bytes / 1e6, 'MB');
  print('big_scenario_load_run_s', r.ms / 1000, 's', 2);
  return r.answer.steps;
}

/** Zoom in, pan both ways, zoom out: one step per frame, 360 frames (~6 s at 60 Hz). */
function panZoomScript(): { zoom?: number; anchor?: number; pan?: number }[] {
  const s: { zoom?: number; anchor?: number; pan?: number }[] = [];
  for (let i = 0; i < 90; i++) s.push({ zoom: 1.08, anchor: 0.3 });
  for (let i = 0; i < 60; i++) s.push({ pan: 25 });
  for (let i = 0; i < 60; i++) s.push({ pan: -25 });
  for (let i = 0; i < 60; i++) s.push({ zoom: 1 / 1.08, anchor: 0.7, pan: 5 });
  for (let i = 0; i < 90; i++) s.push({ zoom: i % 2 ? 1.15 : 1 / 1.1, pan: i % 3 ? 10 : -15 });
  return s;
}

export async function benchMap(browser: Browser, page: Page): Promise<void> {
  await page.evaluate(async () => {
    const api = (window as unknown as BenchWindow).iovaAtlas;
    api.view('map');
    await api.whenIdle({ timeoutMs: 60_000 });
    await api.map.fit('content');
  });
  const lanes = await page.evaluate(() => (window as unknown as BenchWindow).iovaAtlas.map.lanes().map((l) => l.id));
  const { result: r, cpu } = await cpuDuring(browser, page, () =>
    page.evaluate((steps) => (window as unknown as BenchWindow).iovaAtlas.map.script(steps), panZoomScript()),
  );
  print('map_100k_lanes', lanes.length, '', 0);
  print('map_100k_frames', r.interval.count, '', 0);
  print('map_100k_frame_ms_p50', r.interval.p50, 'ms', 2);
  print('map_100k_frame_ms_p95', r.interval.p95, 'ms', 2);
  print('map_100k_frame_ms_max', r.interval.max, 'ms', 2);
  print('map_100k_paint_ms_p50', r.paint.p50, 'ms', 2);
  print('map_100k_paint_ms_p95', r.paint.p95, 'ms', 2);
  print('map_100k_paint_ms_max', r.paint.max, 'ms', 2);
  print('map_100k_main_cpu_ms_per_frame', cpu.mainMs / Math.max(1, r.interval.count), 'ms', 2);
}

export async function benchSeek(browser: Browser, page: Page, steps: number): Promise<void> {
  await page.evaluate(async () => {
    const api = (window as unknown as BenchWindow).iovaAtlas;
    api.view('split');
    await api.whenIdle({ timeoutMs: 60_000 });
  });
  const next = rng(0x5eed);
  const targets = Array.from({ length: SEEKS }, () => Math.floor(next() * steps));
  const drawn: number[] = [];
  const settled: number[] = [];
  const { cpu } = await cpuDuring(browser, page, async () => {
    for (const target of targets) {
      const r = await page.evaluate(async (to) => {
        const api = (window as unknown as BenchWindow).iovaAtlas;
        const t0 = performance.now();
        let drawnAt = NaN;
        // From the frame after the call on: the first at which nothing is pending or drawing.
        // (No named functions in here: tsx's keepNames would wrap them in a helper the page lacks.)
        const watching = (async () => {
          for (;;) {
            await new Promise((r) => requestAnimationFrame(r));
            if (api.busy().length === 0) return void (drawnAt = performance.now());
          }
        })();
        const shown = await api.seek(to);
        const settled = performance.now() - t0;
        await watching;
        return { shown, drawn: drawnAt - t0, settled };
      }, target);
      if (r.shown !== target) throw new Error(`seek(${target}) showed step ${r.shown}`);
      drawn.push(r.drawn);
      settled.push(r.settled);
    }
  });
  print('seek_100k_seeks', SEEKS, '', 0);
  print('seek_100k_to_drawn_ms_p50', percentile(drawn, 0.5), 'ms', 1);
  print('seek_100k_to_drawn_ms_p95', percentile(drawn, 0.95), 'ms', 1);
  print('seek_100k_to_drawn_ms_max', max(drawn), 'ms', 1);
  print('seek_100k_to_settled_ms_p95', percentile(settled, 0.95), 'ms', 1);
  // Mean CPU per seek (the bench's own polling included): main thread, and the workers.
  print('seek_100k_main_cpu_ms_per_seek', cpu.mainMs / SEEKS, 'ms', 1);
  print('seek_100k_workers_cpu_ms_per_seek', cpu.workersMs / SEEKS, 'ms', 1);
}
