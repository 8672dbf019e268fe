/// <reference types="vite/client" />

import type { TestApi } from './ui/testApi';

declare global {
  interface Window {
    /** Set (before the app loads) by the Playwright tests to ask for the test API. */
    __iovaAtlasTestEnable?: boolean;
    /** Test-only hooks, installed only when __iovaAtlasTestEnable was set (ui/testApi.ts). */
    __iovaAtlasTest?: TestApi;
  }
}
