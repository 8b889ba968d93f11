import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRedisProcess, type RedisProcess } from '../fakes/redis-process.js';
import { createTestApp, SAMPLE_TEXT, type TestApp } from './test-app.js';

const KEY = 'cache-sharing-key-123456';

/** Two instances of the real app sharing one (private) Redis. Needs `server/deps.ts` to pass
 * `config.cache` through to `createCacheStack`. */
describe('two app instances sharing Redis', () => {
  let redis: RedisProcess;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    redis = await createRedisProcess();
    await redis.start();
    a = await createTestApp({ API_KEY: KEY, REDIS_URL: redis.url });
    b = await createTestApp({ API_KEY: KEY, REDIS_URL: redis.url });
    await vi.waitFor(
      async () => {
        for (const app of [a, b]) {
          const components = await app.deps.services.health.components();
          expect(components['cache:redis']?.status).toBe('healthy');
        }
      },
      { timeout: 5000, interval: 50 },
    );
  });

  afterAll(async () => {
    await Promise.all([a?.deps.close(), b?.deps.close()]);
    await redis?.stop();
  });

  it('answers on instance B from the cache after instance A processed the request, until invalidated', async () => {
    const body = { text: `${SAMPLE_TEXT} Shared across instances.`, operation: 'summarize' };
    const first = await request(a.app).post('/v1/text_processing/process').set('X-API-Key', KEY).send(body).expect(200);
    const second = await request(b.app)
      .post('/v1/text_processing/process')
      .set('X-API-Key', KEY)
      .send(body)
      .expect(200);
    expect(first.body.cache_hit).toBe(false);
    expect(second.body.cache_hit).toBe(true);
    expect(second.body.result).toBe(first.body.result);

    const status = await request(b.app).get('/internal/cache/status').set('X-API-Key', KEY).expect(200);
    expect(status.body.tiers.redis).toMatchObject({ status: 'connected', keys: 1 });
    expect(status.body.operations.summarize).toMatchObject({ hits: 1, redis_hits: 1 });

    const invalidated = await request(b.app)
      .post('/internal/cache/invalidate')
      .set('X-API-Key', KEY)
      .send({ operation: 'summarize' })
      .expect(200);
    expect(invalidated.body.keys_removed).toBe(1);
    await vi.waitFor(async () => expect((await a.deps.services.cache.status()).tiers.memory.entries).toBe(0), {
      timeout: 2000,
    });
    const third = await request(a.app).post('/v1/text_processing/process').set('X-API-Key', KEY).send(body).expect(200);
    expect(third.body.cache_hit).toBe(false);
  });
});
