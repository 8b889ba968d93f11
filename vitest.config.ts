import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'clients/**/*.test.ts'],
    exclude: ['tests/eval/**', 'tests/bench/**', 'tests/browser/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    typecheck: { enabled: false },
    coverage: {
      provider: 'v8',
      include: ['domain/**/*.ts', 'infra/**/*.ts'],
      reporter: ['text-summary', 'text'],
      thresholds: {
        'infra/**/*.ts': { lines: 90 },
        'domain/**/*.ts': { lines: 70 },
      },
    },
  },
});
