import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { createRateLimiter, type RateLimiter } from '../../server/middleware/rate-limit.js';
import { createRedisProcess, type RedisProcess } from '../fakes/redis-process.js';
import { createTestApp, SAMPLE_TEXT } from './test-app.js';

const COMMAND_TIMEOUT_MS = 250;
/** The longest a request may take while Redis is frozen: the command timeout plus generous room
 * for a busy two-core machine. Before the fix, every request waited for the whole freeze. */
const FROZEN_BOUND_MS = 1500;
/** Thaws Redis even if the code under test hangs, so that a regression fails instead of timing out. */
const LONGEST_FREEZE_MS = 5000;

let redis: RedisProcess;
let inspector: Redis;

beforeAll(async () => {
  redis = await createRedisProcess();
  await redis.start();
  inspector = new Redis(redis.url, { maxRetriesPerRequest: 0, retryStrategy: () => 100 });
  inspector.on('error', () => undefined);
});

afterAll(async () => {
  inspector.disconnect();
  await redis.stop();
});

const until = (assertion: () => Promise<void>, timeout = 10_000) => vi.waitFor(assertion, { timeout, interval: 50 });

/** SIGSTOPs Redis until `thaw()` or, at the latest, `LONGEST_FREEZE_MS` later. */
function freeze(): { thaw: () => void } {
  redis.freeze();
  const timer = setTimeout(() => redis.thaw(), LONGEST_FREEZE_MS);
  return {
    thaw: () => {
      clearTimeout(timer);
      redis.thaw();
    },
  };
}

async function timed<T>(work: () => PromiseLike<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
}

describe('the rate limiter while Redis is frozen', () => {
  it('answers from the in-memory insurance limiter within the command timeout, then counts in Redis again after the thaw', async () => {
    const keyPrefix = `ratelimit-freeze:${randomUUID()}`;
    const limiter = createRateLimiter({
      rules: { globalPerMinute: 3, heavyPerMinute: 3, standardPerMinute: 3, authPerMinute: 3 },
      redisUrl: redis.url,
      keyPrefix,
      commandTimeoutMs: COMMAND_TIMEOUT_MS,
    });
    try {
      await until(async () => {
        await limiter.consume('heavy', 'warm-up');
        expect(await inspector.exists(`${keyPrefix}:heavy:warm-up`)).toBe(1);
      });

      const frozen = freeze();
      let answers: { result: Awaited<ReturnType<RateLimiter['consume']>>; ms: number }[];
      try {
        answers = await Promise.all(Array.from({ length: 4 }, () => timed(() => limiter.consume('heavy', 'caller'))));
      } finally {
        frozen.thaw();
      }
      for (const { ms } of answers) expect(ms).toBeLessThan(COMMAND_TIMEOUT_MS + 750);
      const decisions = answers.map(({ result }) => result);
      expect(decisions.filter((decision) => decision.allowed)).toHaveLength(3);
      expect(decisions.filter((decision) => !decision.allowed)).toEqual([expect.objectContaining({ remaining: 0 })]);

      await until(async () => {
        await limiter.consume('heavy', 'after-thaw');
        expect(await inspector.exists(`${keyPrefix}:heavy:after-thaw`)).toBe(1);
      });
    } finally {
      await limiter.close();
    }
  }, 30_000);

  it('closes promptly even while Redis is frozen', async () => {
    const keyPrefix = `ratelimit-freeze:${randomUUID()}`;
    const limiter = createRateLimiter({
      rules: { globalPerMinute: 3, heavyPerMinute: 3, standardPerMinute: 3, authPerMinute: 3 },
      redisUrl: redis.url,
      keyPrefix,
      commandTimeoutMs: COMMAND_TIMEOUT_MS,
    });
    await until(async () => {
      await limiter.consume('global', 'warm-up');
      expect(await inspector.exists(`${keyPrefix}:global:warm-up`)).toBe(1);
    });
    const frozen = freeze();
    try {
      const { ms } = await timed(() => limiter.close());
      expect(ms).toBeLessThan(FROZEN_BOUND_MS);
    } finally {
      frozen.thaw();
    }
  }, 30_000);
});

describe('the app with Redis-backed rate limiting and cache while Redis is frozen', () => {
  const environment = {
    REDIS_URL: '',
    REDIS_COMMAND_TIMEOUT_MS: String(COMMAND_TIMEOUT_MS),
    RATE_LIMITING_ENABLED: 'true',
    RATE_LIMIT_GLOBAL_PER_MINUTE: '100000',
    RATE_LIMIT_HEAVY_PER_MINUTE: '100000',
    RATE_LIMIT_STANDARD_PER_MINUTE: '100000',
  };
  let app: ReturnType<typeof createApp>;
  let limiter: RateLimiter;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const env = { ...environment, REDIS_URL: redis.url };
    const base = await createTestApp(env);
    const config = loadConfig(env);
    // built as server/main.ts builds it
    limiter = createRateLimiter({
      rules: config.rateLimit,
      redisUrl: config.cache.redisUrl,
      commandTimeoutMs: config.cache.commandTimeoutMs,
    });
    app = createApp({
      config,
      services: base.deps.services,
      lifecycle: base.deps.lifecycle,
      logger: base.logger,
      rateLimiter: limiter,
    });
    close = async () => {
      await Promise.all([base.deps.close(), limiter.close()]);
    };
  });
  afterAll(async () => close());

  const post = (text: string) =>
    request(app).post('/v1/text_processing/process').send({ text, operation: 'sentiment' });

  it('answers cache misses and memory-cache hits within the command timeout, and recovers after the thaw without a 5xx', async () => {
    // A fresh text each round: one answered before the cache's client connected lives in memory only.
    let repeated = '';
    await until(async () => {
      repeated = `${SAMPLE_TEXT} ${randomUUID()}`;
      await post(repeated).expect(200);
      expect(await inspector.keys('ai-text:ratelimit:*')).not.toHaveLength(0);
      expect(await inspector.keys('ai_cache:v1:*')).not.toHaveLength(0);
    });

    const statuses: number[] = [];
    const frozen = freeze();
    try {
      // Two waves of 16 concurrent callers: half repeat a memory-cache hit, half are misses.
      for (let wave = 0; wave < 2; wave += 1) {
        const answers = await Promise.all(
          Array.from({ length: 16 }, (_, index) =>
            timed(() => post(index % 2 === 0 ? repeated : `${SAMPLE_TEXT} ${randomUUID()}`)),
          ),
        );
        for (const { result, ms } of answers) {
          statuses.push(result.status);
          expect(result.status).toBe(200);
          expect(result.headers['x-ratelimit-limit']).toBe('100000');
          expect(ms).toBeLessThan(FROZEN_BOUND_MS);
        }
      }
    } finally {
      frozen.thaw();
    }

    const before = (await inspector.keys('ai_cache:v1:*')).length;
    await until(async () => {
      const answers = await Promise.all(Array.from({ length: 16 }, () => post(`${SAMPLE_TEXT} ${randomUUID()}`)));
      statuses.push(...answers.map((answer) => answer.status));
      expect((await inspector.keys('ai_cache:v1:*')).length).toBeGreaterThan(before);
    });
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
  }, 30_000);
});
