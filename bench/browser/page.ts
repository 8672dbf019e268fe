// The browser side of the bench: Debian's Chromium through Playwright, one fresh context per
// measurement that must start cold, and the page's automation API (window.iovaAtlas) typed.

import { chromium } from '@playwright/test';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import type { MapAutomationApi } from '../../src/ui/map/mapApi';
import type { IovaAtlasApi } from '../../src/ui/shell/automationApi';

/** What page.evaluate callbacks see (they run in the page: no closures over bench values). */
export type BenchWindow = Window & {
  iovaAtlas: IovaAtlasApi & { map: MapAutomationApi };
  /** Set by the startup probe (startup.ts): performance.now() when the page became interactive. */
  __benchInteractive?: number;
};

/** /work/shared/toolchain.md: without the background-networking flags Chromium floods the closed network. */
const ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--force-device-scale-factor=1', '--hide-scrollbars',
  // A bench measures the page, not Chromium's power saving in a headless tab.
  '--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows',
];

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ARGS });
}

/** A fresh context (empty cache and storage) at the e2e suite's viewport. */
export async function freshPage(browser: Browser, baseURL: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.setDefaultTimeout(120_000);
  return { context, page };
}

/** Opens the app with no scenario and waits for its automation API and an idle explorer. */
export async function openApp(page: Page): Promise<void> {
  await page.goto('/');
  await page.waitForFunction(() => (window as unknown as BenchWindow).iovaAtlas !== undefined);
  await page.evaluate(() => (window as unknown as BenchWindow).iovaAtlas.whenIdle({ timeoutMs: 60_000 }));
}
