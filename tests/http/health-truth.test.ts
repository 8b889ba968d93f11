import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { OPERATOR_KEY, USER_KEY, useAppOnFakeOpenAi } from './app-on-fake-openai.js';
import { SAMPLE_TEXT, type TestApp } from './test-app.js';

const BREAKER = 'openai:summarize_text';
const RECOVERY_SECONDS = 10;

/**
 * The development preset (summaries get 2 tries) with a breaker that opens after 2 failures, so
 * one failing request opens it, and the shortest recovery timeout the config allows. Backoff is
 * 0.5 s without jitter.
 */
const CUSTOM_CONFIG = {
  exponential_multiplier: 0.1,
  exponential_min: 0.5,
  exponential_max: 5,
  jitter_enabled: false,
  circuit_breaker_threshold: 2,
  recovery_timeout: RECOVERY_SECONDS,
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('health tells the truth during a provider outage', () => {
  const openAi = useAppOnFakeOpenAi();
  const start = (env: Record<string, string> = {}) =>
    openAi.start({
      AI_PROVIDERS: 'openai,local',
      RESILIENCE_PRESET: 'development',
      RESILIENCE_CUSTOM_CONFIG: JSON.stringify(CUSTOM_CONFIG),
      AI_TIMEOUT_MS: '5000',
      ...env,
    });

  const summarize = (app: TestApp) =>
    request(app.app).post('/v1/text_processing/process').set('X-API-Key', USER_KEY).send({
      text: SAMPLE_TEXT,
      operation: 'summarize',
    });
  const publicHealth = async (app: TestApp) => (await request(app.app).get('/v1/health').expect(200)).body;
  const monitoringHealth = async (app: TestApp) =>
    (await request(app.app).get('/internal/monitoring/health').set('X-API-Key', OPERATOR_KEY).expect(200)).body;
  const openBreaker = async (app: TestApp, expectedStatus: number) => {
    openAi.fake.script({ reply: { kind: 'error', status: 500 }, times: Infinity });
    await summarize(app).expect(expectedStatus);
    const breaker = await request(app.app)
      .get(`/internal/resilience/circuit-breakers/${BREAKER}`)
      .set('X-API-Key', OPERATOR_KEY)
      .expect(200);
    expect(breaker.body.state).toBe('open');
  };

  it('reports the open OpenAI breaker on /v1/health and /internal/monitoring/health, then recovers', async () => {
    const app = await start();
    expect(await publicHealth(app)).toMatchObject({ status: 'healthy', resilience_healthy: true });

    await openBreaker(app, 200);

    const degraded = await publicHealth(app);
    expect(degraded).toMatchObject({
      status: 'degraded',
      ai_model_available: true,
      resilience_healthy: false,
      cache_healthy: true,
    });
    expect(degraded.components['ai:openai'].status).toBe('unhealthy');
    expect(degraded.components['ai:openai'].message).toContain(`circuit breaker open: ${BREAKER}`);
    expect(degraded.components['ai:local'].status).toBe('healthy');
    expect(degraded.components.resilience).toMatchObject({ status: 'degraded' });
    expect(degraded.components.resilience.message).toContain(BREAKER);

    const detail = await monitoringHealth(app);
    expect(detail.status).toBe('degraded');
    expect(detail.components['ai:openai'].status).toBe('unhealthy');
    expect(detail.components['ai:openai'].message).toContain(BREAKER);
    expect(detail.components.resilience.status).toBe('degraded');

    // Past the recovery timeout the breaker lets a trial through: half-open, still not healthy.
    const openedAt = Date.now();
    await sleep(RECOVERY_SECONDS * 1000 + 200);
    let halfOpen = await publicHealth(app);
    while (halfOpen.components['ai:openai'].status === 'unhealthy' && Date.now() - openedAt < 20_000) {
      await sleep(200);
      halfOpen = await publicHealth(app);
    }
    expect(halfOpen.status).toBe('degraded');
    expect(halfOpen.components['ai:openai'].status).toBe('degraded');
    expect(halfOpen.components['ai:openai'].message).toContain('half-open');

    openAi.fake.reset();
    const recovered = await summarize(app).expect(200);
    expect(recovered.body.metadata).toMatchObject({ provider: 'openai', degraded: false });

    const healthy = await publicHealth(app);
    expect(healthy).toMatchObject({ status: 'healthy', ai_model_available: true, resilience_healthy: true });
    expect(healthy.components['ai:openai'].status).toBe('healthy');
    expect((await monitoringHealth(app)).status).toBe('healthy');
  }, 40_000);

  it('reports no AI available, and the operator view unhealthy, when the open breaker leaves no provider', async () => {
    const app = await start({ AI_PROVIDERS: 'openai', AI_LOCAL_FALLBACK: 'false' });
    await openBreaker(app, 503);

    const health = await publicHealth(app);
    expect(health).toMatchObject({ status: 'degraded', ai_model_available: false, resilience_healthy: false });
    expect(Object.keys(health.components).filter((name) => name.startsWith('ai:'))).toEqual(['ai:openai']);
    const detail = await monitoringHealth(app);
    expect(detail.status).toBe('unhealthy');
    expect(detail.components['ai:openai'].status).toBe('unhealthy');
  });

  it('reports the event loop as a component', async () => {
    const app = await start();
    const health = await publicHealth(app);
    expect(health.components.event_loop).toMatchObject({ status: 'healthy' });
  });
});
