// End-to-end tests against the Vite dev server, in Debian's Chromium (/usr/bin/chromium):
// Playwright's own browser downloads are not used (never run `npx playwright install`).

import { defineConfig } from '@playwright/test';

// E2E_PORT lets a second run (a fresh clone, a bench) avoid a dev server already on 5199.
const PORT = Number(process.env.E2E_PORT ?? 5199);
const CI = Boolean(process.env.CI);

export default defineConfig({
  testDir: 'e2e',
  // Two cores: the dev server, the browser and the worker share them.
  workers: CI ? 1 : 2,
  fullyParallel: false,
  forbidOnly: CI,
  retries: CI ? 1 : 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  outputDir: 'test-results',
  // CI tests the production build (served by `vite preview`): pages load without on-demand
  // transforms, so the suite is faster and tests what users get. Locally the dev server is reused.
  webServer: {
    command: CI
      ? `npx vite build --logLevel warn && npx vite preview --port ${PORT} --strictPort`
      : `npx vite --port ${PORT} --strictPort`,
    port: PORT,
    reuseExistingServer: !CI,
    timeout: CI ? 240_000 : 60_000,
  },
  use: {
    baseURL: `http://localhost:${PORT}`,
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run',
        // Stable screenshots.
        '--force-device-scale-factor=1', '--disable-lcd-text', '--font-render-hinting=none', '--hide-scrollbars',
        '--js-flags=--random-seed=1',
      ],
    },
  },
});
