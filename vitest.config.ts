import { defineConfig } from 'vitest/config';

// vitest 5's reporter calls Map.groupBy (ES2024, Node >= 21) when it prints failed tests; on
// Node 20 it crashes instead and the failure details are lost. The reporter runs in this
// process, so the polyfill belongs here.
if (typeof (Map as { groupBy?: unknown }).groupBy !== 'function') {
  Object.defineProperty(Map, 'groupBy', {
    value<K, T>(items: Iterable<T>, key: (item: T, i: number) => K): Map<K, T[]> {
      const m = new Map<K, T[]>();
      let i = 0;
      for (const item of items) {
        const k = key(item, i++);
        const list = m.get(k);
        if (list) list.push(item);
        else m.set(k, [item]);
      }
      return m;
    },
  });
}

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['tests/support/beyond.ts'],
    // Two cores on CI machines: property tests are CPU-bound.
    maxWorkers: 2,
  },
});
