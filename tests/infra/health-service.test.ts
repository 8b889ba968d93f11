import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resolveOptions } from '../../domain/operations.js';
import type { ModelRequest, TextModel } from '../../domain/ports.js';
import { createProviderChain, type ProviderChain } from '../../infra/ai/provider-chain.js';
import {
  createEventLoopHealthCheck,
  createProviderHealthChecks,
  createResilienceHealthCheck,
  type DelayHistogram,
} from '../../infra/health-checks.js';
import { createHealthService, type HealthCheck, type HealthCheckResult } from '../../infra/health-service.js';
import { createPolicyRegistry, type PolicyRegistry } from '../../infra/resilience/policy-registry.js';
import { createResilienceConfig } from '../../infra/resilience/resilience-config.js';
import { createResilienceService } from '../../infra/resilience/resilience-service.js';
import { FakeTextModel } from '../fakes/fake-text-model.js';

const REQUEST: ModelRequest = {
  input: { operation: 'summarize', text: 'Some text to summarize for the test.', options: resolveOptions(undefined) },
  instructions: { system: 'system', task: 'task' },
  responseFormat: 'text',
  maxOutputTokens: 100,
};
const BREAKER = 'openai:summarize_text';

const fixed = (name: string, kind: HealthCheck['kind'], result: HealthCheckResult): HealthCheck => ({
  name,
  kind,
  run: async () => result,
});
const healthy = { status: 'healthy', message: 'ok' } as const;

describe('createHealthService', () => {
  const service = (checks: HealthCheck[]) =>
    createHealthService({ version: '1.0.0', timeoutMs: 200, checks: () => checks });

  it('is healthy only when every component is', async () => {
    const report = await service([fixed('ai:local', 'ai', healthy), fixed('cache:memory', 'cache', healthy)]).check();
    expect(report).toMatchObject({ status: 'healthy', ai_model_available: true, cache_healthy: true });
    expect(report.resilience_healthy).toBeNull();
  });

  it('is degraded while one provider is down and another can serve', async () => {
    const health = service([
      fixed('ai:openai', 'ai', { status: 'unhealthy', message: 'breaker open' }),
      fixed('ai:local', 'ai', healthy),
      fixed('resilience', 'resilience', { status: 'degraded', message: 'open' }),
    ]);
    expect(await health.check()).toMatchObject({
      status: 'degraded',
      ai_model_available: true,
      resilience_healthy: false,
    });
    expect((await health.detail()).status).toBe('degraded');
  });

  it('is unhealthy for the operator, degraded in the reference shape, when no provider can serve', async () => {
    const health = service([
      fixed('ai:openai', 'ai', { status: 'unhealthy', message: 'breaker open' }),
      fixed('cache:memory', 'cache', healthy),
    ]);
    const detail = await health.detail();
    expect(detail).toMatchObject({ status: 'unhealthy', version: '1.0.0' });
    expect(detail.components['ai:openai']).toMatchObject({ status: 'unhealthy', message: 'breaker open' });
    expect(await health.check()).toMatchObject({ status: 'degraded', ai_model_available: false });
  });

  it('reports a throwing check as unhealthy and a slow one as degraded, without hiding the others', async () => {
    const health = service([
      { name: 'broken', kind: 'other', run: () => Promise.reject(new Error('boom')) },
      { name: 'slow', kind: 'other', run: () => new Promise<never>(() => undefined) },
      fixed('ai:local', 'ai', healthy),
    ]);
    const components = await health.components();
    expect(components['broken']).toMatchObject({ status: 'unhealthy', message: 'boom' });
    expect(components['slow']).toMatchObject({ status: 'degraded', message: 'Check timed out after 200 ms' });
    expect(components['ai:local']?.status).toBe('healthy');
    expect((await health.detail()).status).toBe('degraded');
  });
});

describe('provider and resilience checks, read from the chain that serves requests', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function createSetup(options: { localFallback?: boolean } = {}) {
    const openai = new FakeTextModel('openai');
    const local = new FakeTextModel('local');
    const policies: PolicyRegistry = createPolicyRegistry({
      // Development preset: summaries get 2 tries; a breaker of 2 opens on the first failing call.
      config: createResilienceConfig({
        preset: 'development',
        customConfig: { circuit_breaker_threshold: 2, recovery_timeout: 10 },
      }),
      maxConcurrency: 4,
      maxQueue: 4,
      attemptTimeoutMs: 5000,
      random: () => 0,
      clock: { now: () => Date.now(), monotonic: () => Date.now() },
    });
    const chain: ProviderChain = createProviderChain({
      providers: [openai, local],
      policies,
      localFallback: options.localFallback ?? true,
    });
    const resilience = createResilienceService({ registry: policies });
    const checks = [
      ...createProviderHealthChecks({ describe: () => chain.describe(), breakers: () => policies.breakerStatuses() }),
      createResilienceHealthCheck(() => resilience.health()),
    ];
    const health = createHealthService({ version: '1.0.0', timeoutMs: 1000, checks: () => checks });
    const summarize = async () => {
      const running = chain
        .run('summarize', async (model: TextModel, signal) => (await model.generate(REQUEST, signal)).text)
        .then(
          (outcome) => outcome.provider,
          (error: unknown) => error,
        );
      await vi.advanceTimersByTimeAsync(5000);
      return running;
    };
    return { openai, health, checks, summarize };
  }

  it('reports every provider healthy and the breakers closed before any call', async () => {
    const { health, checks } = createSetup();
    expect(checks.map((check) => check.name)).toEqual(['ai:openai', 'ai:local', 'resilience']);
    expect(await health.check()).toMatchObject({ status: 'healthy', resilience_healthy: true });
  });

  it('turns the provider unhealthy while its breaker is open, half-open degraded, then healthy after a success', async () => {
    const { openai, health, summarize } = createSetup();
    openai.thenAlways({ fail: 'server' });
    expect(await summarize()).toBe('local');

    const open = await health.check();
    expect(open).toMatchObject({ status: 'degraded', ai_model_available: true, resilience_healthy: false });
    expect(open.components['ai:openai']?.status).toBe('unhealthy');
    expect(open.components['ai:openai']?.message).toContain(BREAKER);
    expect(open.components['ai:openai']?.message).toContain('open');
    expect(open.components['ai:local']?.status).toBe('healthy');
    expect(open.components['resilience']).toMatchObject({ status: 'degraded' });
    expect(open.components['resilience']?.message).toContain(BREAKER);

    await vi.advanceTimersByTimeAsync(10_000);
    const halfOpen = await health.check();
    expect(halfOpen.components['ai:openai']?.status).toBe('degraded');
    expect(halfOpen.components['ai:openai']?.message).toContain('half-open');
    expect(halfOpen.resilience_healthy).toBe(true);

    openai.thenAlways({ answer: 'recovered' });
    expect(await summarize()).toBe('openai');
    expect(await health.check()).toMatchObject({ status: 'healthy', resilience_healthy: true });
  });

  it('is unhealthy for the operator when the open breaker leaves no provider (AI_LOCAL_FALLBACK=false)', async () => {
    const { openai, health, checks, summarize } = createSetup({ localFallback: false });
    expect(checks.map((check) => check.name)).toEqual(['ai:openai', 'resilience']);
    openai.thenAlways({ fail: 'server' });
    await summarize();
    expect((await health.detail()).status).toBe('unhealthy');
    expect(await health.check()).toMatchObject({ status: 'degraded', ai_model_available: false });
  });

  it('degrades a provider whose last call failed permanently, which its breaker never counts', async () => {
    const { openai, health, summarize } = createSetup();
    openai.script({ fail: 'auth' });
    expect(await summarize()).toBe('local');
    const failed = await health.check();
    expect(failed.components['ai:openai']).toMatchObject({ status: 'degraded' });
    expect(failed.components['ai:openai']?.message).toContain('last call failed (auth)');
    expect(failed.resilience_healthy).toBe(true);

    expect(await summarize()).toBe('openai');
    expect((await health.check()).status).toBe('healthy');
  });
});

/** A histogram a test fills with delays in ms; reads like node's (nanoseconds). */
class RecordedDelays implements DelayHistogram {
  private values: number[] = [];

  record(ms: number, times = 1): void {
    for (let index = 0; index < times; index += 1) this.values.push(ms * 1e6);
  }
  get count(): number {
    return this.values.length;
  }
  get max(): number {
    return Math.max(0, ...this.values);
  }
  percentile(percentile: number): number {
    const sorted = [...this.values].sort((left, right) => left - right);
    return sorted[Math.max(0, Math.ceil((percentile / 100) * sorted.length) - 1)] ?? 0;
  }
  reset(): void {
    this.values = [];
  }
}

describe('createEventLoopHealthCheck', () => {
  const signal = new AbortController().signal;

  function createSetup() {
    const histogram = new RecordedDelays();
    let time = 0;
    const check = createEventLoopHealthCheck({
      histogram,
      now: () => time,
      thresholdMs: 200,
      windowMs: 5000,
      minSamples: 100,
      resolutionMs: 20,
    });
    return { histogram, check, advance: (ms: number) => (time += ms) };
  }

  it('is healthy while the first window has too few samples to judge, a single pause included', async () => {
    const { histogram, check, advance } = createSetup();
    histogram.record(21, 40);
    histogram.record(900);
    advance(1000);
    expect(await check.run(signal)).toEqual({
      status: 'healthy',
      message: 'Event loop delay: measuring since start-up',
    });
  });

  it('stays healthy with a p99 under the threshold, reporting the delay beyond the sampling interval', async () => {
    const { histogram, check } = createSetup();
    histogram.record(21, 99);
    histogram.record(150);
    const result = await check.run(signal);
    expect(result.status).toBe('healthy');
    expect(result.message).toContain('p99 1 ms, max 130 ms over 100 samples');
  });

  it('degrades when the p99 delay exceeds the threshold, and clears within a window after the lag stops', async () => {
    const { histogram, check, advance } = createSetup();
    histogram.record(21, 90);
    histogram.record(420, 10);
    const lagging = await check.run(signal);
    expect(lagging.status).toBe('degraded');
    expect(lagging.message).toContain('p99 400 ms');
    expect(lagging.message).toContain('threshold 200 ms');

    advance(5000);
    expect((await check.run(signal)).status).toBe('degraded');
    // A new window began; until it holds enough samples, the lagging one it replaced is judged.
    histogram.record(21, 50);
    expect((await check.run(signal)).status).toBe('degraded');
    histogram.record(21, 50);
    expect(await check.run(signal)).toMatchObject({ status: 'healthy' });
  });

  it('judges a window of few samples once it is a window old: a loop that lags throughout samples slowly', async () => {
    const { histogram, check, advance } = createSetup();
    histogram.record(420, 12);
    advance(2000);
    expect((await check.run(signal)).status).toBe('healthy');
    advance(3000);
    const result = await check.run(signal);
    expect(result.status).toBe('degraded');
    expect(result.message).toContain('over 12 samples');
  });

  it('sees a real blocked event loop through monitorEventLoopDelay', async () => {
    const check = createEventLoopHealthCheck({ thresholdMs: 200, minSamples: 1, resolutionMs: 10 });
    try {
      for (let block = 0; block < 3; block += 1) {
        await new Promise((resolve) => setTimeout(resolve, 30));
        const until = performance.now() + 400;
        while (performance.now() < until) {
          // Blocks the loop on purpose.
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 30));
      const result = await check.run(signal);
      expect(result.status).toBe('degraded');
      expect(result.message).toMatch(/^Event loop lagging: p99 \d+/);
    } finally {
      check.close();
    }
  });
});
