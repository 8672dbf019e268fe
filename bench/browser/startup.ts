// Production build on localhost: navigation start to interactive (the app's data-busy=false
// with an example loaded and shown), and the JavaScript that first page load fetched (the
// main chunk, its static imports and the workers it starts), summed as gzip sizes.

import type { Browser } from '@playwright/test';
import { cpuDuring } from './cpu';
import type { BenchServer } from './server';
import type { BenchWindow } from './page';
import { freshPage } from './page';
import { max, median, print } from './stats';

const EXAMPLE = '/scenarios/iommufd-group-one-domain.json';
const RUNS = 5;

export async function benchStartup(browser: Browser, server: BenchServer): Promise<void> {
  const times: number[] = [];
  const mainCpu: number[] = [];
  const workerCpu: number[] = [];
  let js: { path: string; gzip: number }[] = [];
  for (let run = 0; run < RUNS; run++) {
    const { context, page } = await freshPage(browser, server.url);
    server.takeRequests();
    // Polled at every animation frame from the moment the navigation commits: the first frame
    // at which the app says it is not busy, the example has run (the cursor is on a step) and
    // the automation API sees nothing pending. (An init script's frame loop was not reliable
    // here: in a fresh context its timers sometimes never ran.)
    const { result: at, cpu } = await cpuDuring(browser, page, async () => {
      await page.goto('/?src=' + encodeURIComponent(EXAMPLE), { waitUntil: 'commit' });
      const h = await page.waitForFunction(() => {
        const w = window as unknown as BenchWindow;
        const app = document.querySelector<HTMLElement>('[data-testid="app"]');
        const ready = app?.dataset.busy === 'false' && w.iovaAtlas !== undefined && w.iovaAtlas.cursor() >= 0 && w.iovaAtlas.busy().length === 0;
        return ready ? performance.now() : 0;
      }, null, { polling: 'raf' });
      return Number(await h.jsonValue());
    });
    times.push(at);
    mainCpu.push(cpu.mainMs);
    workerCpu.push(cpu.workersMs);
    // Anything the page fetches right after becoming interactive still counts as its load.
    await page.waitForTimeout(500);
    if (run === 0) {
      const paths = [...new Set(server.takeRequests())].filter((p) => p.endsWith('.js'));
      js = paths.map((path) => ({ path, gzip: server.gzipBytes(path) }));
    }
    await context.close();
  }
  const total = js.reduce((a, f) => a + f.gzip, 0);
  print('startup_interactive_ms_median', median(times), 'ms', 0);
  print('startup_interactive_ms_max', max(times), 'ms', 0);
  // CPU time to interactive (load-independent): the page's main thread, and its workers.
  print('startup_main_cpu_ms_median', median(mainCpu), 'ms', 0);
  print('startup_workers_cpu_ms_median', median(workerCpu), 'ms', 0);
  print('startup_js_files', js.length, '', 0);
  print('startup_js_gzip_kb', total / 1000, 'kB');
  // The same without the workers' scripts (the simulator's, the link codec's): the page's own.
  print('startup_js_gzip_kb_page_only', js.filter((f) => !/\.worker-/.test(f.path)).reduce((a, f) => a + f.gzip, 0) / 1000, 'kB');
  for (const f of js.sort((a, b) => b.gzip - a.gzip)) print(`startup_js_gzip_kb[${f.path.replace(/^\/assets\//, '')}]`, f.gzip / 1000, 'kB');
}
