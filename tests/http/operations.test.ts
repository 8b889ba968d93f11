import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import Transport from 'winston-transport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PromptInjectionError } from '../../domain/errors.js';
import { createLogger } from '../../infra/logger.js';
import type { AuditEvent } from '../../routers/context.js';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { createDeps } from '../../server/deps.js';
import { createErrorAudit } from '../../server/middleware/error-audit.js';
import { createTestApp, SAMPLE_TEXT, type TestApp } from './test-app.js';

const USER_KEY = 'user-key-abcdef123456';
const OPERATOR_KEY = 'operator-key-987654321';
const KEYS = { API_KEY: USER_KEY, INTERNAL_API_KEYS: OPERATOR_KEY };

class CollectingTransport extends Transport {
  readonly lines: Record<string, unknown>[] = [];
  override log(info: Record<string, unknown>, callback: () => void): void {
    this.lines.push(info);
    callback();
  }
}

describe('operator endpoints', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp(KEYS);
  });
  afterAll(async () => testApp.deps.close());

  it('serves Prometheus text at /internal/metrics to operator keys only, in the error shape otherwise', async () => {
    const missing = await request(testApp.app).get('/internal/metrics').expect(401);
    expect(missing.body).toMatchObject({ success: false, error_code: 'AUTHENTICATION_ERROR' });
    expect(missing.headers['www-authenticate']).toBe('Bearer');
    const user = await request(testApp.app).get('/internal/metrics').set('X-API-Key', USER_KEY).expect(403);
    expect(user.body.error_code).toBe('AUTHORIZATION_ERROR');

    const response = await request(testApp.app)
      .get('/internal/metrics')
      .set('Authorization', `Bearer ${OPERATOR_KEY}`)
      .expect(200);
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.text).toContain('# TYPE ai_text_http_request_duration_seconds histogram');
    expect(response.text).toContain('ai_text_http_requests_in_flight');
    expect(response.text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('labels HTTP metrics by route template, never by raw path', async () => {
    await request(testApp.app)
      .get('/v1/text_processing/batch_status/secret-batch-42')
      .set('X-API-Key', USER_KEY)
      .expect(404);
    await request(testApp.app).get('/no/such/path/7f3a').expect(404);
    const { text } = await request(testApp.app).get('/internal/metrics').set('X-API-Key', OPERATOR_KEY).expect(200);
    expect(text).toContain('route="/v1/text_processing/batch_status/{batch_id}",status_code="404"');
    expect(text).toContain('route="unmatched",status_code="404"');
    expect(text).not.toContain('secret-batch-42');
    expect(text).not.toContain('7f3a');
  });

  it('reports every component at /internal/monitoring/health', async () => {
    await request(testApp.app).get('/internal/monitoring/health').set('X-API-Key', USER_KEY).expect(403);
    const response = await request(testApp.app)
      .get('/internal/monitoring/health')
      .set('X-API-Key', OPERATOR_KEY)
      .expect(200);
    expect(response.body).toMatchObject({ status: 'healthy', version: '1.0.0' });
    expect(response.body.components['ai:local']).toMatchObject({ status: 'healthy' });
    expect(Object.keys(response.body.components).some((name) => name.startsWith('cache:'))).toBe(true);
    for (const component of Object.values<{ latency_ms: number }>(response.body.components)) {
      expect(component.latency_ms).toBeGreaterThanOrEqual(0);
    }
  });

  it('reports per operation and provider statistics at /internal/monitoring/metrics', async () => {
    const body = { text: `${SAMPLE_TEXT} Monitoring.`, operation: 'summarize' };
    await request(testApp.app).post('/v1/text_processing/process').set('X-API-Key', USER_KEY).send(body).expect(200);
    await request(testApp.app).post('/v1/text_processing/process').set('X-API-Key', USER_KEY).send(body).expect(200);
    const response = await request(testApp.app)
      .get('/internal/monitoring/metrics')
      .set('X-API-Key', OPERATOR_KEY)
      .expect(200);
    const local = response.body.operations.find(
      (row: { operation: string; provider: string }) => row.operation === 'summarize' && row.provider === 'local',
    );
    expect(local).toMatchObject({ successes: 1, failures: 0, success_rate: 100, retries: 0, fallbacks: 0 });
    expect(local.latency_ms.p50).toBeGreaterThanOrEqual(0);
    expect(response.body.cache_hits_by_operation.summarize).toBe(1);
    expect(response.body.http.requests_total).toBeGreaterThan(0);
    expect(response.body.http.requests_in_flight).toBeGreaterThanOrEqual(1);
  });

  it('answers /livez always and /readyz 503 until ready and again while draining', async () => {
    testApp.deps.lifecycle.ready = false;
    const draining = await request(testApp.app).get('/readyz').expect(503);
    expect(draining.body).toEqual({ status: 'not_ready' });
    expect(draining.headers.connection).toBe('close');
    await request(testApp.app).get('/livez').expect(200);
    testApp.deps.lifecycle.ready = true;
    await request(testApp.app).get('/readyz').expect(200);
  });

  it('refuses requests with more headers than MAX_HEADER_COUNT with 431 in the error shape', async () => {
    const limited = await createTestApp({ ...KEYS, MAX_HEADER_COUNT: '10' });
    let call = request(limited.app).get('/livez');
    for (let index = 0; index < 12; index += 1) call = call.set(`X-Extra-${index}`, 'x');
    const response = await call.expect(431);
    expect(response.body).toMatchObject({
      success: false,
      error_code: 'REQUEST_TOO_LARGE',
      details: { max_headers: 10 },
    });
    await request(limited.app).get('/livez').set('X-Extra', 'x').expect(200);
    await limited.deps.close();
  });
});

describe('request size limits', () => {
  it('refuses bodies over the route limit with 413 in the error shape, whether declared or streamed', async () => {
    const limited = await createTestApp({ ...KEYS, MAX_REQUEST_SIZE: '2048' });
    const server = createServer(limited.app).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const port = (server.address() as AddressInfo).port;
    const big = JSON.stringify({ requests: [{ text: 'x'.repeat(3000), operation: 'summarize' }] });

    const declared = await request(server)
      .post('/v1/text_processing/batch_process')
      .set('X-API-Key', USER_KEY)
      .set('Content-Type', 'application/json')
      .send(big)
      .expect(413);
    expect(declared.body).toMatchObject({ error_code: 'REQUEST_TOO_LARGE', details: { max_size_bytes: 2048 } });

    const streamed = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const outgoing = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/v1/text_processing/batch_process',
          headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'X-API-Key': USER_KEY },
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
        },
      );
      outgoing.on('error', reject);
      outgoing.write(big.slice(0, 1500));
      outgoing.end(big.slice(1500));
    });
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.body)).toMatchObject({ success: false, error_code: 'REQUEST_TOO_LARGE' });
    await new Promise((resolve) => server.close(resolve));
    await limited.deps.close();
  });
});

describe('internal API switched off', () => {
  it('answers 404 on /internal/metrics and every /internal path when INTERNAL_API_ENABLED=false', async () => {
    const testApp = await createTestApp({ ...KEYS, INTERNAL_API_ENABLED: 'false' });
    for (const path of [
      '/internal/metrics',
      '/internal/monitoring/health',
      '/internal/monitoring/metrics',
      '/internal/cache/status',
    ]) {
      const response = await request(testApp.app).get(path).set('X-API-Key', OPERATOR_KEY).expect(404);
      expect(response.body.error_code).toBe('NOT_FOUND');
    }
    await request(testApp.app).get('/trpc/internal.monitoringHealth').set('X-API-Key', OPERATOR_KEY).expect(404);
    await request(testApp.app)
      .get('/trpc/public.health,internal.cacheStatus?batch=1')
      .set('X-API-Key', OPERATOR_KEY)
      .expect(404);
    await testApp.deps.close();
  });
});

describe('production mode', () => {
  it('hides the internal docs unless DISABLE_INTERNAL_DOCS=false, and never sends x-powered-by', async () => {
    const production = await createTestApp({ ...KEYS, ENVIRONMENT: 'production' });
    const hidden = await request(production.app).get('/internal/docs').expect(404);
    expect(hidden.headers['x-powered-by']).toBeUndefined();
    await request(production.app).get('/internal/openapi.json').expect(404);
    await production.deps.close();

    const shown = await createTestApp({ ...KEYS, NODE_ENV: 'production', DISABLE_INTERNAL_DOCS: 'false' });
    await request(shown.app).get('/internal/docs').expect(200);
    await shown.deps.close();
  });

  it('refuses the internal API to a user key when operator keys are set', async () => {
    const production = await createTestApp({ ...KEYS, ENVIRONMENT: 'production' });
    const response = await request(production.app).get('/internal/cache/status').set('X-API-Key', USER_KEY).expect(403);
    expect(response.body.error_code).toBe('AUTHORIZATION_ERROR');
    await request(production.app).get('/internal/cache/status').set('X-API-Key', OPERATOR_KEY).expect(200);
    await production.deps.close();
  });

  it('answers an unexpected failure with INTERNAL_ERROR and no message, stack or internals', async () => {
    const env = { ...KEYS, ENVIRONMENT: 'production', RATE_LIMITING_ENABLED: 'false' };
    const config = loadConfig(env);
    const logger = createLogger({ level: 'error', format: 'json', silent: true });
    const deps = await createDeps(config, logger);
    deps.lifecycle.ready = true;
    const failingHealth = {
      ...deps.services.health,
      check: () => Promise.reject(new Error('ECONNREFUSED 10.0.0.7:6379 at /srv/app/infra/cache.ts:42')),
    };
    const app = createApp({
      config,
      services: { ...deps.services, health: failingHealth },
      lifecycle: deps.lifecycle,
      logger,
    });

    for (const path of ['/v1/health', '/trpc/public.health']) {
      const response = await request(app).get(path).expect(500);
      const text = JSON.stringify(response.body);
      expect(text).not.toMatch(/ECONNREFUSED|10\.0\.0\.7|\/srv\/app|stack|\.ts:/);
      expect(response.headers['x-powered-by']).toBeUndefined();
    }
    const rest = await request(app).get('/v1/health');
    expect(rest.body).toMatchObject({
      success: false,
      error: 'Internal server error',
      error_code: 'INTERNAL_ERROR',
      details: null,
    });
    await deps.close();
  });
});

describe('audit log', () => {
  async function auditedApp() {
    const transport = new CollectingTransport();
    const env = { ...KEYS, RATE_LIMITING_ENABLED: 'false' };
    const config = loadConfig(env);
    const logger = createLogger({ level: 'info', format: 'json', transports: [transport] });
    const deps = await createDeps(config, logger);
    deps.lifecycle.ready = true;
    const app = createApp({ config, services: deps.services, lifecycle: deps.lifecycle, logger });
    const audits = () => transport.lines.filter((line) => line.audit === true);
    return { app, deps, audits };
  }

  it('records authentication failures on REST, tRPC and /internal/metrics with the request id and never the key', async () => {
    const { app, deps, audits } = await auditedApp();
    await request(app)
      .post('/v1/text_processing/process')
      .set('X-API-Key', 'wrong-secret-key-123')
      .set('X-Request-ID', 'audit-req-1')
      .send({ text: SAMPLE_TEXT, operation: 'summarize' })
      .expect(401);
    await request(app).get('/trpc/public.authStatus').set('X-Request-ID', 'audit-req-2').expect(401);
    await request(app)
      .get('/internal/metrics')
      .set('X-API-Key', USER_KEY)
      .set('X-Request-ID', 'audit-req-3')
      .expect(403);

    const lines = audits();
    expect(lines.map((line) => [line.action, line.requestId])).toEqual([
      ['auth.failed', 'audit-req-1'],
      ['auth.failed', 'audit-req-2'],
      ['auth.forbidden', 'audit-req-3'],
    ]);
    expect(lines[0]).toMatchObject({ outcome: 'failure', keyPrefix: 'invalid', details: { credentials: 'x-api-key' } });
    expect((lines[0]?.details as { key_fingerprint: string }).key_fingerprint).toMatch(/^[0-9a-f]{12}$/);
    expect(lines[1]).toMatchObject({ keyPrefix: 'anonymous' });
    expect(lines[2]).toMatchObject({ keyPrefix: 'user-key...' });
    const text = JSON.stringify(lines);
    expect(text).not.toContain('wrong-secret-key-123');
    expect(text).not.toContain(USER_KEY);
    await deps.close();
  });

  it('records cache invalidations by operators', async () => {
    const { app, deps, audits } = await auditedApp();
    await request(app)
      .post('/internal/cache/invalidate?pattern=summarize')
      .set('X-API-Key', OPERATOR_KEY)
      .set('X-Request-ID', 'audit-inv')
      .expect(200);
    expect(audits()).toContainEqual(
      expect.objectContaining({
        action: 'internal.cacheInvalidate',
        requestId: 'audit-inv',
        outcome: 'success',
        keyPrefix: 'operator...',
      }),
    );
    await deps.close();
  });

  it('records blocked prompt injections with score and categories, never the text', () => {
    const events: AuditEvent[] = [];
    const audit = createErrorAudit({ record: (event) => events.push(event) });
    audit(new PromptInjectionError('rejected', { score: 0.93, categories: ['instruction_override'] }), {
      requestId: 'req-inj',
      credentials: { kind: 'bearer', key: USER_KEY },
      path: 'public.process',
    });
    audit(new Error('not audited'), { requestId: 'req-other', credentials: { kind: 'none' }, path: undefined });
    expect(events).toEqual([
      {
        action: 'security.injection_blocked',
        requestId: 'req-inj',
        keyPrefix: 'user-key...',
        outcome: 'failure',
        details: { path: 'public.process', credentials: 'bearer', score: 0.93, categories: ['instruction_override'] },
      },
    ]);
  });
});
