// CPU time (not wall time) spent by the page's threads during a measurement, from a Chromium
// trace of top-level tasks (their thread durations). On a shared 2-core machine the wall-clock
// figures stretch with the load; these barely do, so they say what the same run costs on a
// quiet machine (a lower bound on its wall time).

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';

export interface CpuTimes {
  /** The page's main thread (the renderer's CrRendererMain), ms. */
  readonly mainMs: number;
  /** Its dedicated workers together (the simulator, the graph layout, the link codec), ms. */
  readonly workersMs: number;
}

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly tdur?: number;
  readonly args?: { readonly name?: string };
}

export async function cpuDuring<T>(browser: Browser, page: Page, run: () => Promise<T>): Promise<{ result: T; cpu: CpuTimes }> {
  const dir = mkdtempSync(join(tmpdir(), 'iova-bench-'));
  const path = join(dir, 'trace.json');
  await browser.startTracing(page, { path, categories: ['toplevel'] });
  let result: T;
  try {
    result = await run();
  } finally {
    await browser.stopTracing();
  }
  try {
    return { result, cpu: cpuOf(JSON.parse(readFileSync(path, 'utf8')) as { traceEvents: TraceEvent[] }) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Sums the thread time of top-level tasks per thread. The page's renderer is the one running
 * dedicated workers (the explorer always starts its simulator worker), else the busiest: a
 * trace across a navigation also holds other renderers (a spare one, the last page's).
 */
function cpuOf(trace: { traceEvents: TraceEvent[] }): CpuTimes {
  const threadName = new Map<string, string>();
  for (const e of trace.traceEvents) if (e.name === 'thread_name' && e.args?.name) threadName.set(`${e.pid}:${e.tid}`, e.args.name);
  const perThread = new Map<string, number>();
  for (const e of trace.traceEvents) {
    if (e.ph !== 'X' || e.tdur === undefined) continue;
    if (e.name !== 'ThreadControllerImpl::RunTask' && e.name !== 'RunTask') continue;
    const k = `${e.pid}:${e.tid}`;
    perThread.set(k, (perThread.get(k) ?? 0) + e.tdur / 1000);
  }
  const withWorkers = new Set<string>();
  for (const k of perThread.keys()) if (/^DedicatedWorker/.test(threadName.get(k) ?? '')) withWorkers.add(k.split(':')[0]!);
  let mainKey = '';
  let mainMs = 0;
  let best = -1;
  for (const [k, ms] of perThread) {
    if (threadName.get(k) !== 'CrRendererMain') continue;
    const rank = (withWorkers.has(k.split(':')[0]!) ? 1e9 : 0) + ms;
    if (rank > best) {
      best = rank;
      mainKey = k;
      mainMs = ms;
    }
  }
  const pid = mainKey.split(':')[0];
  let workersMs = 0;
  for (const [k, ms] of perThread) if (k.split(':')[0] === pid && /^DedicatedWorker/.test(threadName.get(k) ?? '')) workersMs += ms;
  return { mainMs, workersMs };
}
