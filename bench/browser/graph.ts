// Graph of ~300 objects: from the automation API's load() to the explorer settled with the
// graph drawn (its layout done and rendered: the graph reports busy/idle through
// ui/automation.ts), in the graph view, on a fresh page each run (no layout cached). The
// graph's own readouts split it: data-layout-ms (dagre, in the layout worker) and
// data-render-ms (that layout's arrival to painted).

import type { Browser } from '@playwright/test';
import { cpuDuring } from './cpu';
import type { BenchServer } from './server';
import type { BenchWindow } from './page';
import { freshPage, openApp } from './page';
import { machine300 } from './scenarios';
import { max, median, print } from './stats';

const RUNS = 3;

export async function benchGraph(browser: Browser, server: BenchServer): Promise<void> {
  const text = machine300();
  const total: number[] = [];
  const layout: number[] = [];
  const render: number[] = [];
  const mainCpu: number[] = [];
  const workerCpu: number[] = [];
  let nodes = 0;
  for (let run = 0; run < RUNS; run++) {
    const { context, page } = await freshPage(browser, server.url);
    await openApp(page);
    await page.evaluate(() => (window as unknown as BenchWindow).iovaAtlas.view('graph'));
    const { result: r, cpu } = await cpuDuring(browser, page, () =>
      page.evaluate(async (t) => {
        const api = (window as unknown as BenchWindow).iovaAtlas;
        const t0 = performance.now();
        const a = await api.load(t, { origin: 'bench graph' });
        return { ok: a.ok, ms: performance.now() - t0 };
      }, text),
    );
    mainCpu.push(cpu.mainMs);
    workerCpu.push(cpu.workersMs);
    if (!r.ok) throw new Error('the 300-object scenario did not load');
    const g = page.getByTestId('topology-graph');
    nodes = Number(await g.getAttribute('data-nodes'));
    total.push(r.ms);
    layout.push(Number(await g.getAttribute('data-layout-ms')));
    render.push(Number(await g.getAttribute('data-render-ms')));
    await context.close();
  }
  print('graph_300_objects', nodes, '', 0);
  print('graph_300_load_to_idle_ms_median', median(total), 'ms', 0);
  print('graph_300_load_to_idle_ms_max', max(total), 'ms', 0);
  print('graph_300_main_cpu_ms_median', median(mainCpu), 'ms', 0);
  print('graph_300_workers_cpu_ms_median', median(workerCpu), 'ms', 0);
  // The graph's own part of it: dagre in the layout worker, then that layout to painted.
  print('graph_300_layout_plus_render_ms_median', median(layout.map((l, i) => l + render[i]!)), 'ms', 0);
  print('graph_300_layout_ms_median', median(layout), 'ms', 0);
  print('graph_300_render_ms_median', median(render), 'ms', 0);
}
