import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    // Two cores on CI machines: property tests are CPU-bound.
    maxWorkers: 2,
  },
});
