import { createHash, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { createRedisBreaker } from '../../infra/cache/redis-breaker.js';
import { createRateLimiter, type RateLimiter } from '../../server/middleware/rate-limit.js';
import { createTestApp, SAMPLE_TEXT, type TestApp } from './test-app.js';

const KEY = 'rate-limit-key-0001';
const OTHER_KEY = 'rate-limit-key-0002';
const LIMITED = {
  RATE_LIMITING_ENABLED: 'true',
  API_KEY: KEY,
  ADDITIONAL_API_KEYS: OTHER_KEY,
  RATE_LIMIT_HEAVY_PER_MINUTE: '2',
  RATE_LIMIT_AUTH_PER_MINUTE: '3',
  RATE_LIMIT_STANDARD_PER_MINUTE: '4',
  RATE_LIMIT_GLOBAL_PER_MINUTE: '5',
};
const REDIS_URL = 'redis://127.0.0.1:6379';

const processBody = { text: SAMPLE_TEXT, operation: 'sentiment' };

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe('rate limiting (in memory)', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp(LIMITED);
  });
  afterAll(async () => testApp.deps.close());

  it('limits process per API key with X-RateLimit headers, then answers 429 in the error shape with Retry-After', async () => {
    const first = await request(testApp.app)
      .post('/v1/text_processing/process')
      .set('X-API-Key', KEY)
      .send(processBody)
      .expect(200);
    expect(first.headers['x-ratelimit-limit']).toBe('2');
    expect(first.headers['x-ratelimit-remaining']).toBe('1');
    expect(first.headers['x-ratelimit-window']).toBe('60');
    expect(first.headers['x-ratelimit-rule']).toBe('heavy');
    const reset = Number(first.headers['x-ratelimit-reset']);
    expect(reset).toBeGreaterThan(Date.now() / 1000);
    expect(reset).toBeLessThanOrEqual(Date.now() / 1000 + 61);

    await request(testApp.app)
      .post('/v1/text_processing/batch_process')
      .set('X-API-Key', KEY)
      .send({ requests: [processBody] })
      .expect(200);
    const limited = await request(testApp.app)
      .post('/v1/text_processing/process')
      .set('X-API-Key', KEY)
      .send(processBody)
      .expect(429);
    expect(limited.body).toMatchObject({
      success: false,
      error_code: 'RATE_LIMIT_EXCEEDED',
      details: { rule: 'heavy', limit: 2, window_seconds: 60 },
    });
    expect(typeof limited.body.request_id).toBe('string');
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.headers['x-ratelimit-remaining']).toBe('0');
    expect(limited.headers['x-content-type-options']).toBe('nosniff');
  });

  it('gives every valid key its own quota', async () => {
    await request(testApp.app)
      .post('/v1/text_processing/process')
      .set('Authorization', `Bearer ${OTHER_KEY}`)
      .send(processBody)
      .expect(200);
    await request(testApp.app).post('/v1/text_processing/process').set('X-API-Key', KEY).send(processBody).expect(429);
  });

  it('applies the auth rule to /v1/auth and the standard rule to other text-processing paths', async () => {
    const statuses: number[] = [];
    for (let index = 0; index < 4; index += 1) {
      statuses.push((await request(testApp.app).get('/v1/auth/status').set('X-API-Key', OTHER_KEY)).status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);

    const operations = await request(testApp.app)
      .get('/v1/text_processing/operations')
      .set('X-API-Key', OTHER_KEY)
      .expect(200);
    expect(operations.headers['x-ratelimit-rule']).toBe('standard');
    expect(operations.headers['x-ratelimit-limit']).toBe('4');
  });

  it('limits tRPC calls by the rule of the procedure they run', async () => {
    const fresh = await createTestApp({ ...LIMITED, RATE_LIMIT_HEAVY_PER_MINUTE: '1' });
    const call = () =>
      request(fresh.app)
        .post('/trpc/public.process')
        .set('X-API-Key', KEY)
        .set('Content-Type', 'application/json')
        .send(processBody);
    const first = await call();
    expect(first.status).toBe(200);
    expect(first.headers['x-ratelimit-rule']).toBe('heavy');
    const second = await call();
    expect(second.status).toBe(429);
    await fresh.deps.close();
  });

  it('never limits health probes, and counts anonymous callers by IP on the global rule', async () => {
    for (let index = 0; index < 8; index += 1) {
      await request(testApp.app).get('/v1/health').expect(200);
      await request(testApp.app).get('/readyz').expect(200);
    }
    const statuses: number[] = [];
    for (let index = 0; index < 6; index += 1) statuses.push((await request(testApp.app).get('/')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it('does not let made-up keys buy fresh quota: invalid keys count against the caller IP', async () => {
    const fresh = await createTestApp(LIMITED);
    const statuses: number[] = [];
    for (let index = 0; index < 6; index += 1) {
      statuses.push((await request(fresh.app).get('/').set('X-API-Key', `made-up-${index}`)).status);
    }
    expect(statuses.at(-1)).toBe(429);
    await fresh.deps.close();
  });

  it('limits health probes too when RATE_LIMITING_SKIP_HEALTH=false', async () => {
    const strict = await createTestApp({
      ...LIMITED,
      RATE_LIMITING_SKIP_HEALTH: 'false',
      RATE_LIMIT_GLOBAL_PER_MINUTE: '1',
    });
    await request(strict.app).get('/readyz').expect(200);
    await request(strict.app).get('/readyz').expect(429);
    await strict.deps.close();
  });

  it('is off when RATE_LIMITING_ENABLED=false', async () => {
    const open = await createTestApp({ ...LIMITED, RATE_LIMITING_ENABLED: 'false' });
    for (let index = 0; index < 4; index += 1) {
      const response = await request(open.app)
        .post('/v1/text_processing/process')
        .set('X-API-Key', KEY)
        .send(processBody)
        .expect(200);
      expect(response.headers['x-ratelimit-limit']).toBeUndefined();
    }
    await open.deps.close();
  });
});

describe('rate limiting shared through Redis', () => {
  const prefix = `ai-text-test:${randomUUID()}`;
  const limiters: RateLimiter[] = [];
  let redis: Redis;

  async function instance(limiter: RateLimiter) {
    limiters.push(limiter);
    const base = await createTestApp(LIMITED);
    const config = loadConfig(LIMITED);
    return {
      app: createApp({
        config,
        services: base.deps.services,
        lifecycle: base.deps.lifecycle,
        logger: base.logger,
        rateLimiter: limiter,
      }),
      close: () => base.deps.close(),
    };
  }

  beforeAll(() => {
    redis = new Redis(REDIS_URL, { lazyConnect: true });
  });
  afterAll(async () => {
    await Promise.all(limiters.map((limiter) => limiter.close()));
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('shares one quota between two instances, keyed by a hash of the API key, never the key', async () => {
    const rules = loadConfig(LIMITED).rateLimit;
    const one = await instance(createRateLimiter({ rules, redisUrl: REDIS_URL, keyPrefix: prefix }));
    const two = await instance(createRateLimiter({ rules, redisUrl: REDIS_URL, keyPrefix: prefix }));
    expect(limiters[0]?.backend).toBe('redis');
    await new Promise((resolve) => setTimeout(resolve, 200));

    await request(one.app).post('/v1/text_processing/process').set('X-API-Key', KEY).send(processBody).expect(200);
    const second = await request(two.app)
      .post('/v1/text_processing/process')
      .set('X-API-Key', KEY)
      .send(processBody)
      .expect(200);
    expect(second.headers['x-ratelimit-remaining']).toBe('0');
    await request(one.app).post('/v1/text_processing/process').set('X-API-Key', KEY).send(processBody).expect(429);

    const keys = await redis.keys(`${prefix}*`);
    const digest = createHash('sha256').update(KEY).digest('hex').slice(0, 32);
    expect(keys).toContain(`${prefix}:heavy:key:${digest}`);
    expect(keys.join(' ')).not.toContain(KEY);
    await one.close();
    await two.close();
  });

  it('refuses a supplied Redis client without a command timeout, which a hung Redis would turn into stalled requests', () => {
    const rules = loadConfig(LIMITED).rateLimit;
    const unbounded = new Redis(REDIS_URL, { lazyConnect: true, enableOfflineQueue: false });
    const bounded = new Redis(REDIS_URL, { lazyConnect: true, enableOfflineQueue: false, commandTimeout: 250 });
    expect(() => createRateLimiter({ rules, redis: unbounded })).toThrow(/commandTimeout/);
    expect(createRateLimiter({ rules, redis: bounded }).backend).toBe('redis');
  });

  it('keeps limiting in memory while Redis is unreachable', async () => {
    const rules = loadConfig(LIMITED).rateLimit;
    const errors: Error[] = [];
    const deadUrl = `redis://127.0.0.1:${await freePort()}`;
    const limiter = createRateLimiter({
      rules,
      redisUrl: deadUrl,
      keyPrefix: prefix,
      onRedisError: (error) => errors.push(error),
    });
    const { app, close } = await instance(limiter);

    const statuses: number[] = [];
    for (let index = 0; index < 3; index += 1) {
      statuses.push(
        (await request(app).post('/v1/text_processing/process').set('X-API-Key', KEY).send(processBody)).status,
      );
    }
    expect(statuses).toEqual([200, 200, 429]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(errors.length).toBeGreaterThan(0);
    await close();
  });

  it('counts in memory at once, without touching Redis, while the shared Redis breaker is open', async () => {
    const rules = loadConfig(LIMITED).rateLimit;
    const breaker = createRedisBreaker({ commandTimeoutMs: 250, threshold: 1, halfOpenAfterMs: 60_000 });
    const limiter = createRateLimiter({ rules, redisUrl: REDIS_URL, keyPrefix: prefix, breaker });
    limiters.push(limiter);
    await vi.waitFor(
      async () => {
        await limiter.consume('global', 'before');
        expect(await redis.exists(`${prefix}:global:before`)).toBe(1);
      },
      { timeout: 5000, interval: 50 },
    );
    expect(limiter.activeBackend).toBe('redis');

    // another Redis user (the cache) found Redis unavailable
    await breaker.execute(() => Promise.reject(new Error('Command timed out'))).catch(() => undefined);
    expect(limiter.activeBackend).toBe('memory');
    const decisions = [];
    for (let index = 0; index < 3; index += 1) decisions.push(await limiter.consume('heavy', 'while-open'));
    expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, false]);
    expect(await redis.exists(`${prefix}:heavy:while-open`)).toBe(0);
  });
});
