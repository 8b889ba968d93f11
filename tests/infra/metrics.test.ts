import { register as globalRegistry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { ModelError } from '../../domain/errors.js';
import { createMetrics } from '../../infra/metrics.js';

const target = { provider: 'openai', operation: 'summarize' as const, breaker: 'openai:summarize_text' };

describe('metrics', () => {
  it('labels HTTP latency by route template and status, and counts requests in flight', async () => {
    const metrics = createMetrics({ runtime: false });
    const first = metrics.startRequest();
    const second = metrics.startRequest();
    expect((await metrics.snapshot()).http.requests_in_flight).toBe(2);

    first({ method: 'GET', route: '/v1/text_processing/batch_status/{batch_id}', status: 404 });
    first({ method: 'GET', route: '/v1/text_processing/batch_status/{batch_id}', status: 404 });
    second({ method: 'POST', route: '/v1/text_processing/process', status: 200 });

    const text = await metrics.prometheus();
    expect(text).toContain(
      'ai_text_http_request_duration_seconds_count{method="GET",route="/v1/text_processing/batch_status/{batch_id}",status_code="404"} 1',
    );
    expect(text).toContain(
      'ai_text_http_request_duration_seconds_count{method="POST",route="/v1/text_processing/process",status_code="200"} 1',
    );
    const snapshot = await metrics.snapshot();
    expect(snapshot.http).toEqual({ requests_total: 2, requests_in_flight: 0, rate_limited_total: 0 });
  });

  it('reports calls, success rate, latency percentiles, retries, fallbacks and tokens per operation and provider', async () => {
    const metrics = createMetrics({ runtime: false });
    for (const durationMs of [100, 200, 300, 400]) {
      metrics.recordProcessed({
        operation: 'summarize',
        provider: 'openai',
        cacheHit: false,
        degraded: false,
        durationMs,
        attempts: 1,
        usage: { input_tokens: 10, output_tokens: 5, total_tokens: 15 },
      });
    }
    metrics.recordResilienceEvent({ ...target, type: 'retry', attempt: 2, delayMs: 100, error: new Error('boom') });
    metrics.recordProviderEvent({
      type: 'provider_failed',
      provider: 'openai',
      operation: 'summarize',
      error: new ModelError('down', { provider: 'openai', kind: 'server' }),
      fallback: true,
    });
    metrics.recordProcessed({
      operation: 'summarize',
      provider: 'local',
      cacheHit: false,
      degraded: true,
      durationMs: 5,
      attempts: 2,
    });
    metrics.recordProcessed({
      operation: 'summarize',
      provider: 'openai',
      cacheHit: true,
      degraded: false,
      durationMs: 1,
      attempts: 0,
    });

    const snapshot = await metrics.snapshot();
    const openai = snapshot.operations.find((row) => row.provider === 'openai');
    expect(openai).toMatchObject({
      operation: 'summarize',
      calls: 5,
      successes: 4,
      failures: 1,
      success_rate: 80,
      retries: 1,
      fallbacks: 1,
      degraded: 0,
      tokens: { input: 40, output: 20, total: 60 },
    });
    expect(openai?.latency_ms.p50).toBeGreaterThanOrEqual(200);
    expect(openai?.latency_ms.p50).toBeLessThanOrEqual(300);
    expect(openai?.latency_ms.p99).toBeGreaterThanOrEqual(350);
    expect(snapshot.operations.find((row) => row.provider === 'local')).toMatchObject({
      calls: 1,
      degraded: 1,
      success_rate: 100,
    });
    expect(snapshot.cache_hits_by_operation).toEqual({ summarize: 1 });

    const text = await metrics.prometheus();
    expect(text).toContain('ai_text_provider_errors_total{operation="summarize",provider="openai",kind="server"} 1');
    expect(text).toContain('ai_text_tokens_total{operation="summarize",provider="openai",direction="input"} 40');
    expect(text).toContain(
      'ai_text_operation_duration_seconds_count{operation="summarize",provider="openai",cache_hit="true"} 1',
    );
  });

  it('reports hits, misses, errors and hit rate per cache tier', async () => {
    const metrics = createMetrics({ runtime: false });
    for (const type of ['hit', 'hit', 'hit', 'miss'] as const) metrics.recordCacheEvent({ type, tier: 'memory' });
    metrics.recordCacheEvent({ type: 'miss', tier: 'redis' });
    metrics.recordCacheEvent({ type: 'error', tier: 'redis' });
    metrics.recordCacheEvent({ type: 'write', tier: 'redis' });

    const { cache } = await metrics.snapshot();
    expect(cache).toEqual([
      { tier: 'memory', hits: 3, misses: 1, errors: 0, hit_rate_percent: 75 },
      { tier: 'redis', hits: 0, misses: 1, errors: 1, hit_rate_percent: 0 },
    ]);
    expect(await metrics.prometheus()).toContain('ai_text_cache_writes_total{tier="redis"} 1');
  });

  it('tracks circuit-breaker state and transitions from resilience events', async () => {
    const metrics = createMetrics({ runtime: false });
    metrics.recordResilienceEvent({ ...target, type: 'breaker_opened' });
    expect(await metrics.prometheus()).toContain('ai_text_circuit_breaker_state{breaker="openai:summarize_text"} 2');
    metrics.recordResilienceEvent({ ...target, type: 'breaker_half_opened' });
    metrics.recordResilienceEvent({ ...target, type: 'breaker_closed' });

    expect(await metrics.prometheus()).toContain('ai_text_circuit_breaker_state{breaker="openai:summarize_text"} 0');
    expect((await metrics.snapshot()).circuit_breakers).toEqual([
      { name: 'openai:summarize_text', state: 'closed', transitions: 3 },
    ]);
  });

  it('counts rate-limited requests by rule', async () => {
    const metrics = createMetrics({ runtime: false });
    metrics.recordRateLimited('heavy');
    metrics.recordRateLimited('heavy');
    expect(await metrics.prometheus()).toContain('ai_text_http_rate_limited_total{rule="heavy"} 2');
    expect((await metrics.snapshot()).http.rate_limited_total).toBe(2);
  });

  it('keeps each instance on its own registry, never the global one', async () => {
    const one = createMetrics({ runtime: false });
    const two = createMetrics({ runtime: false });
    one.recordRateLimited('global');
    expect((await two.snapshot()).http.rate_limited_total).toBe(0);
    expect(await globalRegistry.metrics()).not.toContain('ai_text_');
  });

  it('includes the runtime metrics, event-loop lag among them, when asked', async () => {
    const text = await createMetrics().prometheus();
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    expect(text).toContain('process_resident_memory_bytes');
    expect(await createMetrics({ runtime: false }).prometheus()).not.toContain('nodejs_eventloop_lag_seconds');
  });
});
