// Test-only hooks for the Playwright specs (e2e/), in the spirit of a typed end-to-end API:
// tests drive faults and read state through this instead of scraping the DOM where the DOM
// is not the point. Installed only when the page was asked for it before loading
// (window.__iovaAtlasTestEnable, set by the specs with addInitScript), so no user can trigger
// a worker crash by accident.

import { stringifyJson } from '../core/scenario/serialize';
import type { ExplorerStore } from '../state/store';
import type { SimClient } from '../worker/client';

export interface TestApi {
  /** Make the worker fail: resolves with how the request ended ("ok", or the error's text). */
  fault(kind: 'throw' | 'exit' | 'hang' | 'bug', opts?: { step?: number; timeoutMs?: number }): Promise<string>;
  /** The store's state as canonical JSON (bigint as hex), without functions. */
  state(): unknown;
  workerStatus(): string;
  /** Run the current scenario again (as the "Run again" button does). */
  rerun(): Promise<void>;
}

export function installTestApi(client: SimClient, store: ExplorerStore): void {
  if (window.__iovaAtlasTestEnable !== true) return;
  window.__iovaAtlasTest = {
    fault: (kind, opts) => client.testFault(kind, opts).then(() => 'ok', (e: unknown) => (e instanceof Error ? e.message : String(e))),
    state: () => {
      const s = store.getState();
      const data = Object.fromEntries(Object.entries(s).filter(([, v]) => typeof v !== 'function'));
      return JSON.parse(stringifyJson(data)) as unknown;
    },
    workerStatus: () => client.getStatus().kind,
    rerun: () => store.getState().rerun(),
  };
}
