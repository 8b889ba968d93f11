import { describe, expect, it } from 'vitest';
import { ModelError } from '../../domain/errors.js';
import type { Logger, LogLevel } from '../../infra/logger.js';
import { restartDelay } from '../../server/cluster.js';
import { createObservability } from '../../server/observability.js';

function recordingLogger() {
  const lines: { level: LogLevel; message: string }[] = [];
  const write = (level: LogLevel) => (message: string) => lines.push({ level, message });
  const logger: Logger = {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    isEnabled: () => true,
  };
  return { logger, lines };
}

describe('observability', () => {
  it('counts cache events per tier and logs Redis connection changes once per change', async () => {
    const { logger, lines } = recordingLogger();
    const observability = createObservability({ logger, runtimeMetrics: false });
    observability.onCacheEvent({ type: 'hit', tier: 'memory', operation: 'summarize' });
    observability.onCacheEvent({ type: 'miss', tier: 'redis', operation: 'summarize' });
    observability.onCacheEvent({ type: 'redis-error', command: 'get', error: new Error('timeout') });
    for (let index = 0; index < 3; index += 1) {
      observability.onCacheEvent({ type: 'connection', state: 'reconnecting', error: new Error('ECONNREFUSED') });
    }
    observability.onCacheEvent({ type: 'connection', state: 'ready' });

    const { cache } = await observability.metrics.snapshot();
    expect(cache).toEqual([
      { tier: 'memory', hits: 1, misses: 0, errors: 0, hit_rate_percent: 100 },
      { tier: 'redis', hits: 0, misses: 1, errors: 1, hit_rate_percent: 0 },
    ]);
    expect(lines.map((line) => `${line.level} ${line.message}`)).toEqual([
      'warn Redis cache reconnecting: serving from memory meanwhile',
      'info Redis cache connected',
    ]);
  });

  it('logs a provider failing over and a breaker opening, and counts both', async () => {
    const { logger, lines } = recordingLogger();
    const observability = createObservability({ logger, runtimeMetrics: false });
    observability.onProviderEvent({
      type: 'provider_failed',
      provider: 'gemini',
      operation: 'qa',
      error: new ModelError('quota', { provider: 'gemini', kind: 'rate_limit' }),
      fallback: true,
    });
    observability.onResilienceEvent({
      type: 'breaker_opened',
      provider: 'gemini',
      operation: 'qa',
      breaker: 'gemini:answer_question',
    });

    expect(lines.map((line) => line.level)).toEqual(['warn', 'warn']);
    expect(lines[1]?.message).toContain('gemini:answer_question opened');
    const snapshot = await observability.metrics.snapshot();
    expect(snapshot.operations[0]).toMatchObject({ operation: 'qa', provider: 'gemini', failures: 1, fallbacks: 1 });
    expect(snapshot.circuit_breakers).toEqual([{ name: 'gemini:answer_question', state: 'open', transitions: 1 }]);
  });
});

describe('worker restart back-off', () => {
  it('replaces a worker at once after a stable run, then doubles the delay while workers keep dying young, up to the cap', () => {
    const policy = { initialDelayMs: 1000, maxDelayMs: 30_000, stableAfterMs: 30_000 };
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((deaths) => restartDelay(deaths, policy))).toEqual([
      0, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000,
    ]);
  });
});
