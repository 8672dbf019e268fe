// Shared Playwright fixtures: the page with the test API enabled, the e2e scenario fixtures
// served as routes of the app (/e2e-fixtures/<name>.json, from e2e/fixtures/), a page object,
// and the CLI's view of a scenario file to compare the page with.

import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { test as base, expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

const ROOT = join(import.meta.dirname, '..');
export const FIXTURE_DIR = join(import.meta.dirname, 'fixtures');

/**
 * The page's test API (src/ui/testApi.ts). Restated here because the e2e project does not
 * compile the app's sources; the e2e tests themselves check that the two agree.
 */
export interface PageTestApi {
  fault(kind: 'throw' | 'exit' | 'hang' | 'bug', opts?: { step?: number; timeoutMs?: number }): Promise<string>;
  state(): unknown;
  workerStatus(): string;
  rerun(): Promise<void>;
}
type TestWindow = { __iovaAtlasTest?: PageTestApi };

export class ExplorerPage {
  constructor(readonly page: Page) {}

  /** Inject a worker fault; resolves with "ok" or the text of the error the request ended with. */
  fault(kind: 'throw' | 'exit' | 'hang' | 'bug', opts: { step?: number; timeoutMs?: number } = {}): Promise<string> {
    return this.page.evaluate(([k, o]) => (window as unknown as TestWindow).__iovaAtlasTest!.fault(k, o), [kind, opts] as const);
  }

  /** Run the current scenario again and wait until the page is idle. */
  async rerun(): Promise<void> {
    await this.page.evaluate(() => (window as unknown as TestWindow).__iovaAtlasTest!.rerun());
    await this.idle();
  }

  hasTestApi(): Promise<boolean> {
    return this.page.evaluate(() => (window as unknown as TestWindow).__iovaAtlasTest !== undefined);
  }

  get app(): Locator {
    return this.page.getByTestId('app');
  }
  get steps(): Locator {
    return this.page.getByTestId('step');
  }
  get problem(): Locator {
    return this.page.getByTestId('load-problem');
  }

  async goto(query = ''): Promise<void> {
    await this.page.goto('/' + query);
    await this.idle();
  }

  async open(src: string): Promise<void> {
    await this.goto(`?src=${encodeURIComponent(src)}`);
  }

  /** The app's idle signal: nothing loading, running or starting. */
  async idle(): Promise<void> {
    await expect(this.app).toHaveAttribute('data-busy', 'false');
  }

  /** What the page lists per step: the index, op and outcome (ok, an errno, a bug, not run). */
  async listed(): Promise<{ index: number; op: string; outcome: string }[]> {
    return this.steps.evaluateAll((rows) =>
      rows.map((r) => {
        const el = r as HTMLElement;
        const outcome = el.dataset.outcome === 'errno' ? (el.dataset.errno ?? '?') : (el.dataset.outcome ?? '?');
        return { index: Number(el.dataset.index), op: el.dataset.op ?? '', outcome };
      }),
    );
  }
}

export const test = base.extend<{ explorer: ExplorerPage }>({
  explorer: async ({ page }, use) => {
    await page.addInitScript(() => {
      (window as unknown as { __iovaAtlasTestEnable: boolean }).__iovaAtlasTestEnable = true;
    });
    // Matched on the path only: the page's own address may carry /e2e-fixtures/ in its query.
    await page.route((url) => url.pathname.startsWith('/e2e-fixtures/'), async (route) => {
      const name = new URL(route.request().url()).pathname.split('/').pop() ?? '';
      if (!/^[\w.-]+\.json$/.test(name)) return route.fulfill({ status: 404, body: 'not found' });
      try {
        const body = readFileSync(join(FIXTURE_DIR, name), 'utf8');
        return await route.fulfill({ status: 200, contentType: 'application/json', body });
      } catch {
        return route.fulfill({ status: 404, body: 'not found' });
      }
    });
    await use(new ExplorerPage(page));
  },
});

export { expect };

const exec = promisify(execFile);

/**
 * What `npm run -s scenario -- run FILE` gives, as the page lists it: per step ok or the errno;
 * a simulator bug (exit 3) as outcome "bug" at its step and "not-run" after it.
 */
export async function cliOutcomes(file: string, steps: number): Promise<{ index: number; op: string; outcome: string }[] | { error: string }> {
  const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { steps: { op: string }[] };
  try {
    const { stdout } = await exec(tsx, [join(ROOT, 'src/cli/main.ts'), 'run', file], { cwd: ROOT, maxBuffer: 64 << 20 });
    const out = JSON.parse(stdout) as { results: { index: number; op: string; ok: boolean; errno?: string }[] };
    return out.results.map((r) => ({ index: r.index, op: r.op, outcome: r.ok ? 'ok' : (r.errno ?? '?') }));
  } catch (e) {
    const err = e as { code?: number; stderr?: string };
    const m = /simulator bug at step (\d+)/.exec(err.stderr ?? '');
    if (err.code === 3 && m) {
      // On a bug the CLI prints no results, so only the bug's position and the steps after it
      // can be compared; the steps before it must merely have run on the page.
      const at = Number(m[1]);
      return doc.steps.slice(0, steps).map((s, i) => ({ index: i, op: s.op, outcome: i < at ? '(before bug)' : i === at ? 'bug' : 'not-run' }));
    }
    return { error: `the CLI failed (exit ${String(err.code)}): ${(err.stderr ?? String(e)).trim()}` };
  }
}
