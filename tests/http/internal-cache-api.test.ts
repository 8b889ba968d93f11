import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, SAMPLE_TEXT, type TestApp } from './test-app.js';

describe('internal cache API over REST', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp({ API_KEY: 'user-key', INTERNAL_API_KEYS: 'ops-key' });
  });

  const process = (operation: string) =>
    request(testApp.app)
      .post('/v1/text_processing/process')
      .set('X-API-Key', 'user-key')
      .send({ text: SAMPLE_TEXT, operation })
      .expect(200);

  it('accepts the reference form: POST with ?pattern= and no body', async () => {
    await process('summarize');
    const response = await request(testApp.app)
      .post('/internal/cache/invalidate?pattern=summarize')
      .set('Authorization', 'Bearer ops-key')
      .expect(200);
    expect(response.body).toMatchObject({ message: 'Cache invalidated for pattern: summarize', keys_removed: 1 });
  });

  it('accepts a JSON body with an operation', async () => {
    await process('questions');
    const response = await request(testApp.app)
      .post('/internal/cache/invalidate')
      .set('Authorization', 'Bearer ops-key')
      .send({ operation: 'questions' })
      .expect(200);
    expect(response.body).toMatchObject({
      message: 'Cache invalidated for pattern: * (operation: questions)',
      keys_removed: 1,
      pattern: '*',
    });
  });

  it('refuses a missing or empty pattern without an operation (422 naming `pattern`), removing nothing', async () => {
    await process('key_points');
    for (const [query, body] of [
      ['', {}],
      ['?pattern=', undefined],
      ['', { pattern: '' }],
      ['', { pattern: '', operation: 'key_points' }],
    ] as const) {
      const response = await request(testApp.app)
        .post(`/internal/cache/invalidate${query}`)
        .set('X-API-Key', 'ops-key')
        .send(body)
        .expect(422);
      expect(response.body).toMatchObject({ error_code: 'VALIDATION_ERROR' });
      expect(response.body.details.fields).toEqual([{ field: 'pattern', message: expect.stringContaining('`*`') }]);
    }
    const again = await process('key_points');
    expect(again.body.cache_hit).toBe(true);
  });

  it('requires an operator key: none → 401, a user key → 403', async () => {
    const anonymous = await request(testApp.app).post('/internal/cache/invalidate?pattern=x').expect(401);
    expect(anonymous.body.error_code).toBe('AUTHENTICATION_ERROR');
    const user = await request(testApp.app).get('/internal/cache/status').set('X-API-Key', 'user-key').expect(403);
    expect(user.body.error_code).toBe('AUTHORIZATION_ERROR');
  });

  it('reports tiers, metrics and invalidation stats', async () => {
    const status = await request(testApp.app).get('/internal/cache/status').set('X-API-Key', 'ops-key').expect(200);
    expect(status.body.tiers.memory.status).toBe('active');
    const metrics = await request(testApp.app).get('/internal/cache/metrics').set('X-API-Key', 'ops-key').expect(200);
    expect(metrics.body.total_cache_operations).toBeGreaterThan(0);
    const stats = await request(testApp.app)
      .get('/internal/cache/invalidation-stats')
      .set('X-API-Key', 'ops-key')
      .expect(200);
    expect(stats.body.total_invalidations).toBeGreaterThanOrEqual(1);
  });

  it('rejects an unknown operation with 422 naming the field', async () => {
    const response = await request(testApp.app)
      .post('/internal/cache/invalidate')
      .set('X-API-Key', 'ops-key')
      .send({ operation: 'translate' })
      .expect(422);
    expect(response.body.details.fields[0].field).toBe('operation');
  });

  it('disappears entirely when INTERNAL_API_ENABLED=false', async () => {
    const disabled = await createTestApp({ API_KEY: 'k', INTERNAL_API_ENABLED: 'false' });
    await request(disabled.app).get('/internal/cache/status').set('X-API-Key', 'k').expect(404);
    await request(disabled.app).get('/internal/openapi.json').expect(404);
  });
});

describe('tRPC endpoint', () => {
  it('serves procedures at /trpc with the error shape in error.data', async () => {
    const { app } = await createTestApp({ API_KEY: 'k' });
    const ok = await request(app).get('/trpc/public.health').expect(200);
    expect(ok.body.result.data.status).toBe('healthy');
    const denied = await request(app)
      .post('/trpc/public.process')
      .send({ text: SAMPLE_TEXT, operation: 'summarize' })
      .expect(401);
    expect(denied.body.error.data).toMatchObject({ success: false, error_code: 'AUTHENTICATION_ERROR' });
    expect(denied.body.error.data.stack).toBeUndefined();
  });
});
