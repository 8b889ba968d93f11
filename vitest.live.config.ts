import { defineConfig } from 'vitest/config';

/**
 * Live tests against the real providers (`make test-live`), never part of `make test`: each case
 * runs when its key is set (GEMINI_API_KEY, OPENAI_API_KEY, plus OPENAI_BASE_URL for a local
 * Ollama/vLLM) and is reported as skipped, naming the variable, otherwise.
 */
export default defineConfig({
  test: {
    include: ['tests/live/**/*.live.ts'],
    environment: 'node',
    testTimeout: 180_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
