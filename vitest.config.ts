import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Each file gets its own database; two at a time keeps this 2-core machine responsive.
    maxWorkers: 2,
  },
});
