// `npm run bench` (browser part, chained at the end of bench/core.bench.ts; also runnable alone:
// `node --import tsx bench/browser/run.ts`): the explorer's speed in Debian's Chromium against
// the production build, one figure per line as `name: value unit`.
//
//   startup_*   vite preview of dist/ on localhost, a fresh browser context per run (cold cache):
//               navigation start to interactive (data-busy=false, an example run and shown; goal
//               < 1000 ms), and the gzip size of every script that load fetched until 0.5 s after
//               interactive, the workers' included (goal <= 300 kB), then per file.
//   graph_300_* ~300 objects: load() to the graph laid out and drawn (goal < 500 ms).
//   map_100k_*  100k mappings, scripted pan and zoom: frame interval p95 (goal <= 16.7 ms).
//   seek_100k_* random seeks in a 100k-step scenario: to drawn p95 and max (goal <= 50 ms).
//
// It builds dist/ itself and serves it on port 5299, and stops the server and the browser on
// the way out, whatever happens. Wall-clock figures depend on how busy the 2 cores are (the
// load average is printed first). To see where the time goes: BENCH_CPU_PROFILE=<dir> writes
// CPU profiles of the map and seek parts, BENCH_NO_MINIFY=1 keeps their function names.
// BENCH_ONLY=startup (or graph, map, seek; comma-separated) runs only those parts.

import { loadavg } from 'node:os';
import type { Browser } from '@playwright/test';
import { benchMap, benchSeek, loadBig } from './big';
import { benchGraph } from './graph';
import { freshPage, launch } from './page';
import { profiled } from './profile';
import type { BenchServer } from './server';
import { buildProduction, startPreview } from './server';
import { benchStartup } from './startup';
import { print } from './stats';

/** BENCH_ONLY=startup,graph,map,seek runs only those parts (all of them when unset). */
function wanted(part: string): boolean {
  const only = process.env.BENCH_ONLY;
  return !only || only.split(',').map((s) => s.trim()).includes(part);
}

export async function runBrowserBench(): Promise<void> {
  // Wall-clock figures on 2 shared cores: say how busy the machine was when this part started.
  print('browser_bench_load_average_1min', loadavg()[0]!, '', 2);
  print('build_s', (await buildProduction()) / 1000, 's', 1);
  let server: BenchServer | null = null;
  let browser: Browser | null = null;
  try {
    server = await startPreview();
    browser = await launch();
    if (wanted('startup')) await benchStartup(browser, server);
    if (wanted('graph')) await benchGraph(browser, server);
    if (wanted('map') || wanted('seek')) {
      const { context, page } = await freshPage(browser, server.url);
      const steps = await loadBig(page, server);
      if (wanted('map')) await profiled(page, 'map', () => benchMap(browser!, page));
      if (wanted('seek')) await profiled(page, 'seek', () => benchSeek(browser!, page, steps));
      await context.close();
    }
  } finally {
    await browser?.close();
    await server?.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runBrowserBench();
}
