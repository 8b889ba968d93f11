import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError, ModelError } from '../../domain/errors.js';
import type { Operation } from '../../domain/operations.js';
import { resolveOptions } from '../../domain/operations.js';
import type { ModelRequest } from '../../domain/ports.js';
import type { CustomResilienceConfig, PresetName } from '../../domain/resilience-schemas.js';
import { createPolicyRegistry, toBreakerName, type PolicyRegistry } from '../../infra/resilience/policy-registry.js';
import { createResilienceConfig } from '../../infra/resilience/resilience-config.js';
import type { ResilienceEvent } from '../../infra/resilience/resilience-events.js';
import { FakeTextModel } from '../fakes/fake-text-model.js';

const START = Date.UTC(2026, 0, 1);

const REQUEST: ModelRequest = {
  input: { operation: 'summarize', text: 'Some text to summarize for the test.', options: resolveOptions(undefined) },
  instructions: { system: 'system', task: 'task' },
  responseFormat: 'text',
  maxOutputTokens: 100,
};

interface SetupOptions {
  preset?: PresetName;
  customConfig?: CustomResilienceConfig;
  maxConcurrency?: number;
  maxQueue?: number;
  attemptTimeoutMs?: number;
  random?: () => number;
}

function setup(options: SetupOptions = {}) {
  const registry = createPolicyRegistry({
    config: createResilienceConfig({ preset: options.preset ?? 'simple', customConfig: options.customConfig ?? null }),
    maxConcurrency: options.maxConcurrency ?? 10,
    maxQueue: options.maxQueue ?? 10,
    attemptTimeoutMs: options.attemptTimeoutMs ?? 30_000,
    random: options.random ?? (() => 0),
    clock: { now: () => Date.now(), monotonic: () => Date.now() },
  });
  const events: ResilienceEvent[] = [];
  registry.onEvent((event) => events.push(event));
  return { registry, events };
}

function call(
  registry: PolicyRegistry,
  model: FakeTextModel,
  options: { operation?: Operation; signal?: AbortSignal } = {},
) {
  return registry.execute({
    provider: model.provider,
    operation: options.operation ?? 'summarize',
    attempt: async (signal) => (await model.generate(REQUEST, signal)).text,
    signal: options.signal,
  });
}

type Settled<T> = { value: T; error?: undefined } | { value?: undefined; error: unknown };

function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}

async function run<T>(promise: Promise<T>, advanceMs = 120_000): Promise<Settled<T>> {
  const settled = settle(promise);
  await vi.advanceTimersByTimeAsync(advanceMs);
  return settled;
}

function gaps(model: FakeTextModel): number[] {
  return model.calls.slice(1).map((entry, index) => entry.at - (model.calls[index]?.at ?? 0));
}

function modelError(settled: Settled<unknown>): ModelError {
  expect(settled.error).toBeInstanceOf(ModelError);
  return settled.error as ModelError;
}

beforeEach(() => {
  vi.useFakeTimers({ now: START });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('circuit breaker', () => {
  it('opens after its threshold of consecutive failures, then fails fast without calling the provider', async () => {
    const { registry } = setup({ preset: 'development' });
    const model = new FakeTextModel('openai', { otherwise: { fail: 'server' } });

    expect(modelError(await run(call(registry, model))).kind).toBe('server');
    expect(model.calls).toHaveLength(2);
    expect(registry.breakerStatus('openai:summarize_text')).toMatchObject({ state: 'closed', failure_count: 2 });

    expect(modelError(await run(call(registry, model), 0)).kind).toBe('server');
    expect(model.calls).toHaveLength(3);
    const openedAt = Date.now();

    const blocked = modelError(await run(call(registry, model), 0));
    expect(blocked.kind).toBe('unavailable');
    expect(blocked.provider).toBe('openai');
    expect(blocked.retryAfterMs).toBe(30_000);
    expect(model.calls).toHaveLength(3);

    expect(registry.breakerStatus('openai:summarize_text')).toMatchObject({
      name: 'openai:summarize_text',
      provider: 'openai',
      operation: 'summarize_text',
      state: 'open',
      failure_count: 3,
      failure_threshold: 3,
      recovery_timeout: 30,
      opened_at: new Date(openedAt).toISOString(),
      half_open_eligible_at: new Date(openedAt + 30_000).toISOString(),
      metrics: { total_calls: 3, failed_calls: 3, circuit_breaker_opens: 1 },
    });
  });

  it('half-opens after the recovery timeout and closes when the trial call succeeds', async () => {
    const { registry, events } = setup({ preset: 'development' });
    const model = new FakeTextModel('openai', { otherwise: { fail: 'network' } });
    await run(call(registry, model));
    await run(call(registry, model), 0);
    const openedAt = Date.now();
    expect(registry.breakerStatus('openai:summarize_text')?.state).toBe('open');

    await vi.advanceTimersByTimeAsync(29_999);
    expect(registry.breakerStatus('openai:summarize_text')?.state).toBe('open');
    expect(modelError(await run(call(registry, model), 0)).kind).toBe('unavailable');
    expect(model.calls).toHaveLength(3);

    await vi.advanceTimersByTimeAsync(1);
    expect(Date.now() - openedAt).toBe(30_000);
    expect(registry.breakerStatus('openai:summarize_text')?.state).toBe('half_open');

    model.thenAlways({ answer: 'recovered' });
    expect((await run(call(registry, model), 0)).value).toBe('recovered');
    expect(model.calls).toHaveLength(4);
    expect(registry.breakerStatus('openai:summarize_text')).toMatchObject({
      state: 'closed',
      failure_count: 0,
      opened_at: null,
      metrics: { circuit_breaker_opens: 1, circuit_breaker_half_opens: 1, circuit_breaker_closes: 1 },
    });
    expect(events.map((event) => event.type)).toEqual(
      expect.arrayContaining(['breaker_opened', 'breaker_half_opened', 'breaker_closed']),
    );
  });

  it('reopens when the trial call fails', async () => {
    const { registry } = setup({ preset: 'development' });
    const model = new FakeTextModel('openai', { otherwise: { fail: 'server' } });
    await run(call(registry, model));
    await run(call(registry, model), 0);
    await vi.advanceTimersByTimeAsync(30_000);

    expect(modelError(await run(call(registry, model), 0)).kind).toBe('server');
    expect(model.calls).toHaveLength(4);
    const status = registry.breakerStatus('openai:summarize_text');
    expect(status?.state).toBe('open');
    expect(status?.opened_at).toBe(new Date(Date.now()).toISOString());
    expect(status?.metrics.circuit_breaker_opens).toBe(2);
  });

  it('is created per provider and operation, lazily', async () => {
    const { registry } = setup();
    expect(registry.breakerStatuses()).toEqual([]);
    expect(toBreakerName('gemini', 'qa')).toBe('gemini:answer_question');
    await run(call(registry, new FakeTextModel('gemini'), { operation: 'qa' }));
    expect(registry.breakerStatuses().map((status) => status.name)).toEqual(['gemini:answer_question']);
  });

  it('closes on reset, letting calls reach the provider again', async () => {
    const { registry } = setup({ preset: 'development' });
    const model = new FakeTextModel('openai', { otherwise: { fail: 'server' } });
    await run(call(registry, model));
    await run(call(registry, model), 0);
    expect(registry.breakerStatus('openai:summarize_text')?.state).toBe('open');

    expect(registry.resetBreaker('openai:summarize_text')).toBe(true);
    expect(registry.resetBreaker('openai:nothing')).toBe(false);
    expect(registry.breakerStatus('openai:summarize_text')).toMatchObject({ state: 'closed', failure_count: 0 });
    model.thenAlways({ answer: 'back' });
    expect((await run(call(registry, model), 0)).value).toBe('back');
  });
});

describe('retry', () => {
  it("retries transient errors with the strategy's waits, within the jitter bounds", async () => {
    const { registry, events } = setup({ preset: 'simple', random: Math.random });
    const model = new FakeTextModel('openai', { steps: [{ fail: 'server' }, { fail: 'network' }] });

    expect((await run(call(registry, model))).value).toBe('openai answer');
    expect(model.calls).toHaveLength(3);
    for (const gap of gaps(model)) {
      expect(gap).toBeGreaterThanOrEqual(2000);
      expect(gap).toBeLessThan(4000);
    }
    const retries = events.filter((event) => event.type === 'retry');
    expect(retries.map((event) => event.attempt)).toEqual([2, 3]);
  });

  it('waits clamp(multiplier × 2^(n−1), min, max) plus jitter between tries', async () => {
    const { registry } = setup({ preset: 'production', random: () => 0.5 });
    const model = new FakeTextModel('openai', {
      steps: [{ fail: 'server' }, { fail: 'server' }, { fail: 'server' }, { fail: 'server' }],
    });
    expect((await run(call(registry, model))).value).toBe('openai answer');
    // production summarize runs the conservative table: clamp(2 × 2^(n−1), 4, 30) s + 1 s jitter.
    expect(gaps(model)).toEqual([5000, 5000, 9000, 17000]);
  });

  it('gives up after max_attempts tries', async () => {
    const { registry } = setup({ preset: 'production' });
    const model = new FakeTextModel('openai', { otherwise: { fail: 'server' } });
    expect(modelError(await run(call(registry, model, { operation: 'qa' }), 400_000)).kind).toBe('server');
    expect(model.calls).toHaveLength(7);
  });

  it('never retries before Retry-After allows, even beyond the longest exponential wait', async () => {
    // simple (balanced): backoff capped at 10 s, a 30 s budget.
    const { registry } = setup({ preset: 'simple' });
    const model = new FakeTextModel('openai', {
      steps: [
        { fail: 'rate_limit', retryAfterMs: 8000 },
        { fail: 'rate_limit', retryAfterMs: 20_000 },
      ],
    });
    expect((await run(call(registry, model))).value).toBe('openai answer');
    expect(gaps(model)).toEqual([8000, 20_000]);
  });

  it('gives up at once, keeping the hint, when Retry-After reaches past the time budget', async () => {
    const { registry, events } = setup({ preset: 'simple' });
    const model = new FakeTextModel('openai', {
      steps: [
        { fail: 'rate_limit', retryAfterMs: 20_000 },
        { fail: 'rate_limit', retryAfterMs: 45_000 },
      ],
    });
    const settled = settle(call(registry, model));
    await vi.advanceTimersByTimeAsync(20_000);
    const error = modelError(await settled);
    expect(error).toMatchObject({ kind: 'rate_limit', retryAfterMs: 45_000 });
    expect(model.calls).toHaveLength(2);
    expect(gaps(model)).toEqual([20_000]);
    expect(events.filter((event) => event.type === 'retry')).toHaveLength(1);
  });

  it('stops retrying once max_delay_seconds have elapsed since the first try', async () => {
    const { registry } = setup({ preset: 'simple', customConfig: { retry_attempts: 5, max_delay_seconds: 5 } });
    const model = new FakeTextModel('openai', { otherwise: { fail: 'server', afterMs: 3000 } });
    expect(modelError(await run(call(registry, model))).kind).toBe('server');
    expect(model.calls).toHaveLength(2);
  });

  it('neither retries nor counts permanent errors', async () => {
    const { registry } = setup({ preset: 'development' });
    const model = new FakeTextModel('openai', { otherwise: { fail: 'auth' } });
    for (let index = 0; index < 5; index += 1) {
      expect(modelError(await run(call(registry, model))).kind).toBe('auth');
    }
    expect(model.calls).toHaveLength(5);
    expect(registry.breakerStatus('openai:summarize_text')).toMatchObject({
      state: 'closed',
      failure_count: 0,
      last_failure_time: null,
      metrics: { total_calls: 5, failed_calls: 5, retry_attempts: 0 },
    });
  });

  it('does not retry errors that are not model errors', async () => {
    const { registry } = setup();
    const model = new FakeTextModel('openai', { otherwise: { throws: new TypeError('bug') } });
    const settled = await run(call(registry, model));
    expect(settled.error).toBeInstanceOf(TypeError);
    expect(model.calls).toHaveLength(1);
  });
});

describe('timeout', () => {
  it("aborts the attempt's signal and fails with a timeout that counts against the breaker", async () => {
    const { registry, events } = setup({ customConfig: { retry_attempts: 1 }, attemptTimeoutMs: 1000 });
    const model = new FakeTextModel('openai', { otherwise: { hang: true } });
    const settled = settle(call(registry, model));

    await vi.advanceTimersByTimeAsync(999);
    expect(model.calls[0]?.signal?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);

    const error = modelError(await settled);
    expect(error.kind).toBe('timeout');
    expect(error.provider).toBe('openai');
    expect(model.calls[0]?.signal?.aborted).toBe(true);
    expect(events.some((event) => event.type === 'attempt_timed_out')).toBe(true);
    expect(registry.breakerStatus('openai:summarize_text')?.failure_count).toBe(1);
  });

  it("ends with the caller's abort reason, without retrying or counting it", async () => {
    const { registry } = setup();
    const model = new FakeTextModel('openai', { otherwise: { hang: true } });
    const controller = new AbortController();
    const settled = settle(call(registry, model, { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(10);
    const reason = new Error('client went away');
    controller.abort(reason);
    expect((await settled).error).toBe(reason);
    expect(model.calls).toHaveLength(1);
    expect(registry.breakerStatus('openai:summarize_text')?.failure_count).toBe(0);
  });
});

describe('update', () => {
  it('switching preset at runtime changes the attempts the next call makes', async () => {
    const { registry, events } = setup({ preset: 'simple' });
    const model = new FakeTextModel('openai', { steps: [{ fail: 'server' }, { fail: 'server' }] });
    expect((await run(call(registry, model))).value).toBe('openai answer');
    expect(model.calls).toHaveLength(3);

    registry.update(createResilienceConfig({ preset: 'development' }));
    expect(registry.config.preset).toBe('development');
    model.thenAlways({ fail: 'server' });
    expect(modelError(await run(call(registry, model))).kind).toBe('server');
    expect(model.calls).toHaveLength(5);
    expect(registry.breakerStatus('openai:summarize_text')).toMatchObject({
      failure_threshold: 3,
      recovery_timeout: 30,
    });
    expect(events.some((event) => event.type === 'config_updated')).toBe(true);
  });

  it('keeps an open breaker open across an update', async () => {
    const { registry } = setup({ preset: 'development' });
    const model = new FakeTextModel('openai', { otherwise: { fail: 'server' } });
    await run(call(registry, model));
    await run(call(registry, model), 0);
    registry.update(createResilienceConfig({ preset: 'production' }));
    expect(registry.breakerStatus('openai:summarize_text')).toMatchObject({ state: 'open', recovery_timeout: 120 });
    expect(modelError(await run(call(registry, model), 0)).kind).toBe('unavailable');
    expect(model.calls).toHaveLength(3);
  });
});

describe('bulkhead', () => {
  it('rejects calls beyond the queue with SERVICE_UNAVAILABLE and Retry-After, per provider', async () => {
    const { registry, events } = setup({ maxConcurrency: 1, maxQueue: 1 });
    const openai = new FakeTextModel('openai', { otherwise: { answer: 'slow', afterMs: 1000 } });
    const running = settle(call(registry, openai));
    const queued = settle(call(registry, openai, { operation: 'sentiment' }));
    const rejected = await settle(call(registry, openai, { operation: 'qa' }));

    expect(rejected.error).toBeInstanceOf(AppError);
    expect(rejected.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 2 });
    expect(events.some((event) => event.type === 'bulkhead_rejected')).toBe(true);

    const gemini = new FakeTextModel('gemini');
    expect((await run(call(registry, gemini), 0)).value).toBe('gemini answer');

    await vi.advanceTimersByTimeAsync(2000);
    expect((await running).value).toBe('slow');
    expect((await queued).value).toBe('slow');
    expect(openai.calls).toHaveLength(2);
  });
});

describe('events', () => {
  it('keeps calls working when a listener throws, and stops after unsubscribe', async () => {
    const { registry } = setup();
    const seen: string[] = [];
    registry.onEvent(() => {
      throw new Error('broken sink');
    });
    const unsubscribe = registry.onEvent((event) => seen.push(event.type));
    expect((await run(call(registry, new FakeTextModel('openai')), 0)).value).toBe('openai answer');
    expect(seen).toEqual(['call_succeeded']);
    unsubscribe();
    await run(call(registry, new FakeTextModel('openai')), 0);
    expect(seen).toEqual(['call_succeeded']);
  });
});

describe('metrics', () => {
  it('counts failed calls, not attempts, and retries separately', async () => {
    const { registry } = setup({ preset: 'simple' });
    const model = new FakeTextModel('openai', { steps: [{ fail: 'server' }, { fail: 'server' }, { fail: 'server' }] });
    await run(call(registry, model));
    expect(registry.metrics('summarize_text')).toEqual({
      total_calls: 1,
      successful_calls: 0,
      failed_calls: 1,
      retry_attempts: 2,
      circuit_breaker_opens: 0,
      circuit_breaker_half_opens: 0,
      circuit_breaker_closes: 0,
      success_rate: 0,
      failure_rate: 100,
      last_failure: new Date(START + 4000).toISOString(),
      last_success: null,
    });

    await run(call(registry, model));
    expect(registry.metrics('summarize_text')).toMatchObject({
      total_calls: 2,
      successful_calls: 1,
      failed_calls: 1,
      success_rate: 50,
      failure_rate: 50,
    });
    expect(registry.metrics('openai:summarize_text').total_calls).toBe(2);
    expect(registry.metrics('never_called').total_calls).toBe(0);
  });

  it('resets one operation or everything', async () => {
    const { registry } = setup();
    await run(call(registry, new FakeTextModel('openai')));
    await run(call(registry, new FakeTextModel('openai'), { operation: 'qa' }));

    registry.resetMetrics('summarize_text');
    expect(registry.metrics('summarize_text').total_calls).toBe(0);
    expect(registry.metrics('openai:summarize_text').total_calls).toBe(0);
    expect(registry.metrics('answer_question').total_calls).toBe(1);

    registry.resetMetrics();
    expect(registry.metrics('answer_question').total_calls).toBe(0);
  });
});
