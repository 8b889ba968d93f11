import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { OPERATOR_KEY, USER_KEY, useAppOnFakeOpenAi } from './app-on-fake-openai.js';
import { SAMPLE_TEXT, type TestApp } from './test-app.js';

const BREAKER = 'openai:summarize_text';

/**
 * Backoff kept short for real timers: every wait is clamp(0.1 × 2^(n−1), 0.5, 5) = 0.5 s for the
 * first retries, without jitter (the smallest the custom-config ranges allow).
 */
const FAST_BACKOFF = { exponential_multiplier: 0.1, exponential_min: 0.5, exponential_max: 5, jitter_enabled: false };

describe('provider fallback through the real app and the fake OpenAI server', () => {
  const openAi = useAppOnFakeOpenAi();

  /** The development preset: summaries run on 2 tries and a breaker that opens after 3 failures. */
  const start = (env: Record<string, string> = {}, custom: Record<string, unknown> = {}) =>
    openAi.start({
      RESILIENCE_PRESET: 'development',
      RESILIENCE_CUSTOM_CONFIG: JSON.stringify({ ...FAST_BACKOFF, ...custom }),
      AI_TIMEOUT_MS: '2000',
      ...env,
    });

  const summarize = (app: TestApp, text = SAMPLE_TEXT) =>
    request(app.app)
      .post('/v1/text_processing/process')
      .set('X-API-Key', USER_KEY)
      .send({ text, operation: 'summarize' });
  const operator = (app: TestApp) => ({
    get: (path: string) => request(app.app).get(path).set('X-API-Key', OPERATOR_KEY),
    post: (path: string) => request(app.app).post(path).set('X-API-Key', OPERATOR_KEY),
    put: (path: string) => request(app.app).put(path).set('X-API-Key', OPERATOR_KEY),
  });
  const completionCalls = () => openAi.fake.calls.filter((call) => call.path === '/v1/chat/completions');
  const failWith = (status: number, times = Infinity) =>
    openAi.fake.script({ reply: { kind: 'error', status }, times });

  it('answers from a healthy provider with its usage', async () => {
    const app = await start();
    const response = await summarize(app).expect(200);
    expect(response.body.metadata).toMatchObject({
      provider: 'openai',
      model: 'gpt-4o-mini',
      attempts: 1,
      degraded: false,
      fallback_used: false,
    });
    expect(response.body.metadata.usage.total_tokens).toBeGreaterThan(0);
    expect(response.body.metadata.usage.input_tokens).toBeGreaterThan(0);
    expect(completionCalls()).toHaveLength(1);
  });

  it('retries a failing provider, then answers degraded from local, and never caches that answer', async () => {
    const app = await start({}, { circuit_breaker_threshold: 10 });
    failWith(500, 4);
    const first = await summarize(app).expect(200);
    expect(completionCalls()).toHaveLength(2);
    expect(first.body.metadata).toMatchObject({ provider: 'local', degraded: true, fallback_used: true, attempts: 3 });
    expect(first.body.result.length).toBeGreaterThan(20);

    const second = await summarize(app).expect(200);
    expect(completionCalls()).toHaveLength(4);
    expect(second.body).toMatchObject({ cache_hit: false, metadata: { provider: 'local', degraded: true } });

    const recovered = await summarize(app).expect(200);
    expect(completionCalls()).toHaveLength(5);
    expect(recovered.body).toMatchObject({ cache_hit: false, metadata: { provider: 'openai', degraded: false } });
    const providers = await operator(app).get('/internal/providers').expect(200);
    expect(providers.body.providers[0].last_error).toMatchObject({ kind: 'server' });
  });

  it('fails fast while the breaker is open, reports it, and calls the provider again once reset', async () => {
    const app = await start();
    failWith(500, 3);
    await summarize(app).expect(200);
    expect(completionCalls()).toHaveLength(2);
    const opening = await summarize(app).expect(200);
    expect(completionCalls()).toHaveLength(3);
    expect(opening.body.metadata.degraded).toBe(true);

    const whileOpen = await summarize(app).expect(200);
    expect(completionCalls()).toHaveLength(3);
    expect(whileOpen.body.metadata).toMatchObject({ provider: 'local', degraded: true });

    const breakers = await operator(app).get('/internal/resilience/circuit-breakers').expect(200);
    expect(breakers.body[BREAKER]).toMatchObject({ state: 'open', failure_threshold: 3, recovery_timeout: 30 });
    const health = await operator(app).get('/internal/resilience/health').expect(200);
    expect(health.body).toMatchObject({
      healthy: false,
      status: 'degraded',
      details: { open_circuit_breakers: [BREAKER] },
    });
    const providers = await operator(app).get('/internal/providers').expect(200);
    expect(providers.body.providers[0]).toMatchObject({ name: 'openai', breaker_state: 'open' });

    await operator(app).post(`/internal/resilience/circuit-breakers/${BREAKER}/reset`).expect(200);
    const closed = await operator(app)
      .get(`/internal/resilience/circuit-breakers/${encodeURIComponent(BREAKER)}`)
      .expect(200);
    expect(closed.body).toMatchObject({ state: 'closed', failure_count: 0 });
    const afterReset = await summarize(app).expect(200);
    expect(completionCalls()).toHaveLength(4);
    expect(afterReset.body.metadata).toMatchObject({ provider: 'openai', degraded: false });
  });

  it('cuts a hanging provider at the timeout and closes its connection', async () => {
    const app = await start({ AI_TIMEOUT_MS: '300' });
    openAi.fake.script({ reply: { kind: 'hang' }, times: Infinity });
    const started = Date.now();
    const response = await summarize(app).expect(200);
    const elapsed = Date.now() - started;
    expect(response.body.metadata).toMatchObject({ provider: 'local', degraded: true });
    const calls = completionCalls();
    expect(calls).toHaveLength(2);
    await Promise.all(calls.map((call) => call.closed));
    expect(calls.every((call) => call.clientAborted)).toBe(true);
    // Two 300 ms attempts and one 0.5 s wait; far below a hang.
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    expect(elapsed).toBeLessThan(5000);
    const providers = await operator(app).get('/internal/providers').expect(200);
    expect(providers.body.providers[0].last_error).toMatchObject({ kind: 'timeout' });
  });

  it('does not retry a rejected key (401): one call, no breaker failure, local answers', async () => {
    const app = await start();
    failWith(401);
    const response = await summarize(app).expect(200);
    expect(completionCalls()).toHaveLength(1);
    expect(response.body.metadata).toMatchObject({ provider: 'local', degraded: true, fallback_used: true });
    const breaker = await operator(app).get(`/internal/resilience/circuit-breakers/${BREAKER}`).expect(200);
    expect(breaker.body).toMatchObject({ state: 'closed', failure_count: 0 });
  });

  it('answers 503 with Retry-After when the provider fails and AI_LOCAL_FALLBACK=false', async () => {
    const app = await start({ AI_LOCAL_FALLBACK: 'false' });
    failWith(503);
    const response = await summarize(app).expect(503);
    expect(completionCalls()).toHaveLength(2);
    expect(response.body).toMatchObject({ success: false, error_code: 'SERVICE_UNAVAILABLE' });
    expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    const providers = await operator(app).get('/internal/providers').expect(200);
    expect(providers.body.local_fallback).toBe(false);
  });

  it('answers 504 TIMEOUT when every attempt timed out and AI_LOCAL_FALLBACK=false', async () => {
    const app = await start({ AI_TIMEOUT_MS: '300', AI_LOCAL_FALLBACK: 'false' });
    openAi.fake.script({ reply: { kind: 'hang' }, times: Infinity });
    const response = await summarize(app).expect(504);
    expect(response.body).toMatchObject({ success: false, error_code: 'TIMEOUT' });
    expect(completionCalls()).toHaveLength(2);
  });

  it('waits out a 429 Retry-After longer than the backoff cap before retrying', async () => {
    // Backoff capped at 5 s (FAST_BACKOFF); development's budget is 40 s.
    const app = await start();
    openAi.fake.script({ reply: { kind: 'error', status: 429, retryAfter: 6 } });
    const response = await summarize(app).expect(200);
    expect(response.body.metadata).toMatchObject({ provider: 'openai', attempts: 2, degraded: false });
    const [first, second] = completionCalls();
    expect((second?.time ?? 0) - (first?.time ?? 0)).toBeGreaterThanOrEqual(6000);
  });

  it('answers 503 with the provider’s Retry-After, without retrying, when it reaches past the budget', async () => {
    const app = await start({ AI_LOCAL_FALLBACK: 'false' }, { max_delay_seconds: 5 });
    openAi.fake.script({ reply: { kind: 'error', status: 429, retryAfter: 20 }, times: Infinity });
    const started = Date.now();
    const response = await summarize(app).expect(503);
    expect(Date.now() - started).toBeLessThan(4000);
    expect(completionCalls()).toHaveLength(1);
    expect(response.body).toMatchObject({ error_code: 'SERVICE_UNAVAILABLE' });
    expect(response.headers['retry-after']).toBe('20');
  });

  it('runs with a preset switched at runtime: the fake server sees its number of attempts', async () => {
    const app = await start();
    failWith(500);
    await summarize(app, `${SAMPLE_TEXT} First run.`).expect(200);
    expect(completionCalls()).toHaveLength(2);
    await operator(app).post(`/internal/resilience/circuit-breakers/${BREAKER}/reset`).expect(200);

    // A preset alone drops the custom numbers: keep the fast backoff explicitly.
    const updated = await operator(app)
      .put('/internal/resilience/config')
      .send({ preset: 'simple', custom_config: FAST_BACKOFF })
      .expect(200);
    expect(updated.body.operations.summarize_text.retry_config.max_attempts).toBe(3);
    const response = await summarize(app, `${SAMPLE_TEXT} Second run.`).expect(200);
    expect(completionCalls()).toHaveLength(5);
    expect(response.body.metadata).toMatchObject({ provider: 'local', attempts: 4 });
  });
});
