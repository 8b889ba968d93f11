import { defineConfig } from 'vitest/config';

/** Browser tests: the playground in headless Chromium from Debian packages (`make test-browser`). */
export default defineConfig({
  test: {
    include: ['tests/browser/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
