import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError, ModelError } from '../../domain/errors.js';
import { resolveOptions } from '../../domain/operations.js';
import type { ModelRequest, TextModel } from '../../domain/ports.js';
import { ProvidersResponseSchema } from '../../domain/resilience-schemas.js';
import { createProviderChain, type ProviderChainEvent } from '../../infra/ai/provider-chain.js';
import { createPolicyRegistry } from '../../infra/resilience/policy-registry.js';
import { createResilienceConfig } from '../../infra/resilience/resilience-config.js';
import { FakeTextModel } from '../fakes/fake-text-model.js';

const REQUEST: ModelRequest = {
  input: { operation: 'summarize', text: 'Some text to summarize for the test.', options: resolveOptions(undefined) },
  instructions: { system: 'system', task: 'task' },
  responseFormat: 'text',
  maxOutputTokens: 100,
};

const attempt = async (model: TextModel, signal: AbortSignal) => (await model.generate(REQUEST, signal)).text;

function createRegistry() {
  return createPolicyRegistry({
    config: createResilienceConfig({ preset: 'development' }),
    maxConcurrency: 4,
    maxQueue: 4,
    attemptTimeoutMs: 5000,
    random: () => 0,
    clock: { now: () => Date.now(), monotonic: () => Date.now() },
  });
}

async function settle<T>(promise: Promise<T>, advanceMs = 60_000) {
  const settled = promise.then(
    (value) => ({ value, error: undefined }),
    (error: unknown) => ({ value: undefined, error }),
  );
  await vi.advanceTimersByTimeAsync(advanceMs);
  return settled;
}

beforeEach(() => {
  vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('createProviderChain', () => {
  it('answers from the first provider without fallback', async () => {
    const chain = createProviderChain({
      providers: [new FakeTextModel('openai'), new FakeTextModel('local')],
      policies: createRegistry(),
      localFallback: true,
    });
    const { value } = await settle(chain.run('summarize', attempt));
    expect(value).toEqual({
      value: 'openai answer',
      provider: 'openai',
      model: 'openai-model',
      attempts: 1,
      degraded: false,
      fallbackUsed: false,
    });
    expect(chain.identity).toBe('openai:openai-model>local:local-model');
  });

  it('falls back to the next provider after retries, then to local with degraded', async () => {
    const openai = new FakeTextModel('openai', { otherwise: { fail: 'server' } });
    const gemini = new FakeTextModel('gemini', { otherwise: { fail: 'rate_limit' } });
    const local = new FakeTextModel('local');
    const events: ProviderChainEvent[] = [];
    const chain = createProviderChain({
      providers: [openai, gemini, local],
      policies: createRegistry(),
      localFallback: true,
      onEvent: (event) => events.push(event),
    });

    const { value } = await settle(chain.run('summarize', attempt));
    expect(value).toMatchObject({
      value: 'local answer',
      provider: 'local',
      attempts: 5,
      degraded: true,
      fallbackUsed: true,
    });
    expect(openai.calls).toHaveLength(2);
    expect(gemini.calls).toHaveLength(2);
    expect(events.map((event) => event.type)).toEqual(['provider_failed', 'provider_failed', 'answered']);
  });

  it('skips providers whose breaker is open without calling them', async () => {
    const openai = new FakeTextModel('openai', { otherwise: { fail: 'server' } });
    const gemini = new FakeTextModel('gemini', { otherwise: { fail: 'network' } });
    const local = new FakeTextModel('local');
    const chain = createProviderChain({
      providers: [openai, gemini, local],
      policies: createRegistry(),
      localFallback: true,
    });
    await settle(chain.run('summarize', attempt));
    await settle(chain.run('summarize', attempt), 0);
    expect(openai.calls).toHaveLength(3);
    expect(gemini.calls).toHaveLength(3);

    const { value } = await settle(chain.run('summarize', attempt), 0);
    expect(value).toMatchObject({ provider: 'local', attempts: 1, degraded: true, fallbackUsed: true });
    expect(openai.calls).toHaveLength(3);
    expect(gemini.calls).toHaveLength(3);
    expect(local.calls).toHaveLength(3);

    const described = chain.describe();
    expect(ProvidersResponseSchema.parse(described)).toEqual(described);
    expect(described.providers.map((provider) => [provider.name, provider.position, provider.breaker_state])).toEqual([
      ['openai', 0, 'open'],
      ['gemini', 1, 'open'],
      ['local', 2, 'closed'],
    ]);
    expect(described.providers[0]).toMatchObject({
      model: 'openai-model',
      local: false,
      circuit_breakers: { summarize_text: 'open' },
      last_error: { kind: 'unavailable', message: "Circuit breaker 'openai:summarize_text' is open" },
      last_success_at: null,
    });
    expect(described.providers[2]).toMatchObject({ local: true, last_error: null, circuit_breakers: {} });
    expect(described.local_fallback).toBe(true);
  });

  it('falls through a permanent error of a remote provider without retrying or counting it', async () => {
    const openai = new FakeTextModel('openai', { otherwise: { fail: 'auth' } });
    const gemini = new FakeTextModel('gemini');
    const registry = createRegistry();
    const chain = createProviderChain({
      providers: [openai, gemini, new FakeTextModel('local')],
      policies: registry,
      localFallback: true,
    });

    const { value } = await settle(chain.run('qa', attempt));
    expect(value).toMatchObject({ provider: 'gemini', attempts: 2, degraded: false, fallbackUsed: true });
    expect(openai.calls).toHaveLength(1);
    expect(registry.breakerStatus('openai:answer_question')).toMatchObject({ state: 'closed', failure_count: 0 });
  });

  it('fails with SERVICE_UNAVAILABLE and Retry-After when remote providers fail and local fallback is off', async () => {
    const local = new FakeTextModel('local');
    const chain = createProviderChain({
      providers: [new FakeTextModel('openai', { otherwise: { fail: 'server' } }), local],
      policies: createRegistry(),
      localFallback: false,
    });
    const { error } = await settle(chain.run('summarize', attempt));
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      retryAfterSeconds: 30,
      details: { providers: [{ provider: 'openai', reason: 'server' }] },
    });
    expect(local.calls).toHaveLength(0);
  });

  it('rethrows the last error when every remote failure was permanent', async () => {
    const chain = createProviderChain({
      providers: [
        new FakeTextModel('openai', { otherwise: { fail: 'auth' } }),
        new FakeTextModel('gemini', { otherwise: { fail: 'bad_request' } }),
        new FakeTextModel('local'),
      ],
      policies: createRegistry(),
      localFallback: false,
    });
    const { error } = await settle(chain.run('summarize', attempt));
    expect(error).toBeInstanceOf(ModelError);
    expect(error).toMatchObject({ provider: 'gemini', kind: 'bad_request' });
  });

  it('fails with TIMEOUT when every attempt of every provider timed out', async () => {
    const openai = new FakeTextModel('openai', { otherwise: { hang: true } });
    const gemini = new FakeTextModel('gemini', { otherwise: { hang: true } });
    const chain = createProviderChain({
      providers: [openai, gemini, new FakeTextModel('local')],
      policies: createRegistry(),
      localFallback: false,
    });
    const { error } = await settle(chain.run('summarize', attempt));
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'TIMEOUT',
      retryAfterSeconds: undefined,
      details: {
        providers: [
          { provider: 'openai', reason: 'timeout' },
          { provider: 'gemini', reason: 'timeout' },
        ],
      },
    });
    expect(openai.calls).toHaveLength(2);
    expect(gemini.calls).toHaveLength(2);
  });

  it('fails with SERVICE_UNAVAILABLE, not TIMEOUT, when an attempt failed otherwise before timing out', async () => {
    const chain = createProviderChain({
      providers: [new FakeTextModel('openai', { steps: [{ fail: 'server' }], otherwise: { hang: true } })],
      policies: createRegistry(),
      localFallback: false,
    });
    const { error } = await settle(chain.run('summarize', attempt));
    expect(error).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      details: { providers: [{ provider: 'openai', reason: 'timeout' }] },
    });
  });

  it('moves on at once when Retry-After reaches past the retry budget, then answers 503 with it', async () => {
    // development: a 40 s budget, backoff capped at 5 s.
    const openai = new FakeTextModel('openai', { otherwise: { fail: 'rate_limit', retryAfterMs: 45_000 } });
    const gemini = new FakeTextModel('gemini');
    const chain = createProviderChain({ providers: [openai, gemini], policies: createRegistry() });
    const { value } = await settle(chain.run('summarize', attempt), 0);
    expect(value).toMatchObject({ provider: 'gemini', attempts: 2, fallbackUsed: true });
    expect(openai.calls).toHaveLength(1);

    const alone = createProviderChain({ providers: [openai], policies: createRegistry() });
    const { error } = await settle(alone.run('summarize', attempt), 0);
    expect(error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 45 });
    expect(openai.calls).toHaveLength(2);
  });

  it("takes Retry-After from an open breaker's remaining time", async () => {
    const chain = createProviderChain({
      providers: [new FakeTextModel('openai', { otherwise: { fail: 'server' } })],
      policies: createRegistry(),
      localFallback: false,
    });
    await settle(chain.run('summarize', attempt));
    await settle(chain.run('summarize', attempt), 0);
    await vi.advanceTimersByTimeAsync(10_000);
    const { error } = await settle(chain.run('summarize', attempt), 0);
    expect(error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 20 });
  });

  it('uses a local-only chain as the primary provider, not degraded', async () => {
    const chain = createProviderChain({ providers: [new FakeTextModel('local')], localFallback: false });
    const { value } = await settle(chain.run('sentiment', attempt));
    expect(value).toMatchObject({ provider: 'local', attempts: 1, degraded: false, fallbackUsed: false });
  });

  it('rethrows the error of a failing local-only chain', async () => {
    const chain = createProviderChain({
      providers: [new FakeTextModel('local', { otherwise: { fail: 'invalid_output' } })],
      localFallback: true,
    });
    const { error } = await settle(chain.run('sentiment', attempt));
    expect(error).toBeInstanceOf(ModelError);
    expect(error).toMatchObject({ kind: 'invalid_output' });
  });

  it('does not wrap local in retry or breaker', async () => {
    const local = new FakeTextModel('local', { otherwise: { fail: 'server' } });
    const registry = createRegistry();
    const chain = createProviderChain({ providers: [local], policies: registry, localFallback: true });
    await settle(chain.run('summarize', attempt));
    expect(local.calls).toHaveLength(1);
    expect(registry.breakerStatuses()).toEqual([]);
  });

  it('ends the run at once on errors that are not model errors', async () => {
    const gemini = new FakeTextModel('gemini');
    const chain = createProviderChain({
      providers: [new FakeTextModel('openai', { otherwise: { throws: new RangeError('bug') } }), gemini],
      policies: createRegistry(),
    });
    const { error } = await settle(chain.run('summarize', attempt));
    expect(error).toBeInstanceOf(RangeError);
    expect(gemini.calls).toHaveLength(0);
  });

  it("stops once the caller aborted, and links the caller's signal to local", async () => {
    const controller = new AbortController();
    const reason = new Error('client left');
    controller.abort(reason);
    const local = new FakeTextModel('local');
    const chain = createProviderChain({ providers: [local] });
    expect((await settle(chain.run('summarize', attempt, { signal: controller.signal }))).error).toBe(reason);
    expect(local.calls).toHaveLength(0);

    const live = new AbortController();
    const hanging = new FakeTextModel('local', { otherwise: { hang: true } });
    const pending = createProviderChain({ providers: [hanging] }).run('summarize', attempt, { signal: live.signal });
    const settled = settle(pending, 10);
    live.abort(reason);
    expect((await settled).error).toBe(reason);
    expect(hanging.calls[0]?.signal?.aborted).toBe(true);
  });

  it('runs remote providers once, directly, without a registry', async () => {
    const openai = new FakeTextModel('openai', { otherwise: { fail: 'server' } });
    const chain = createProviderChain({ providers: [openai, new FakeTextModel('local')] });
    const { value } = await settle(chain.run('summarize', attempt));
    expect(value).toMatchObject({ provider: 'local', attempts: 2, degraded: true });
    expect(openai.calls).toHaveLength(1);
  });
});
