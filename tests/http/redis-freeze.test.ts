import { randomUUID } from 'node:crypto';
import type { RequestListener } from 'node:http';
import { Redis } from 'ioredis';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import type { AppDeps } from '../../server/deps.js';
import { createRateLimiter, type RateLimiter } from '../../server/middleware/rate-limit.js';
import { createRedisProcess, type RedisProcess } from '../fakes/redis-process.js';
import { createTestApp, SAMPLE_TEXT, type TestApp } from './test-app.js';

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

/** SIGSTOPs Redis until `thaw()` or, at the latest, `longestMs` later. */
function freeze(longestMs = LONGEST_FREEZE_MS): { thaw: () => void } {
  redis.freeze();
  const timer = setTimeout(() => redis.thaw(), longestMs);
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
  /** The same app without Redis (memory cache and limiter): asked alongside `app` in a steady
   * load, it shares the machine's load, so the difference between the two is the wait for Redis. */
  let control: TestApp;
  let limiter: RateLimiter;
  let deps: AppDeps;
  /** Failed Redis calls of the rate limiter (`onRedisError`, which server/main.ts logs). */
  const limiterErrors: Error[] = [];
  let close: () => Promise<void>;

  beforeAll(async () => {
    const env = { ...environment, REDIS_URL: redis.url };
    const base = await createTestApp(env);
    deps = base.deps;
    const config = loadConfig(env);
    // built as server/main.ts builds it
    limiter = createRateLimiter({
      rules: config.rateLimit,
      redisUrl: config.cache.redisUrl,
      commandTimeoutMs: config.cache.commandTimeoutMs,
      breaker: base.deps.redisBreaker,
      onRedisError: (error) => limiterErrors.push(error),
    });
    app = createApp({
      config,
      services: base.deps.services,
      lifecycle: base.deps.lifecycle,
      logger: base.logger,
      rateLimiter: limiter,
    });
    control = await createTestApp(environment);
    close = async () => {
      await Promise.all([base.deps.close(), limiter.close(), control.deps.close()]);
    };
  });
  afterAll(async () => close());

  const post = (text: string, to: RequestListener = app) =>
    request(to).post('/v1/text_processing/process').send({ text, operation: 'sentiment' });

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

  /** Latency of one request and whether it repeats a text already in the memory tier. */
  interface Timed {
    readonly kind: 'hit' | 'miss';
    readonly status: number;
    readonly ms: number;
  }

  /** Answers of `app` and of `control` over the same period. */
  interface Paired {
    readonly app: Timed[];
    readonly control: Timed[];
  }

  /** A fresh text until one is answered and its entry reaches Redis: Redis is in use again (the
   * cache and the rate limiter share the breaker). The text is then a memory-cache hit of both
   * apps. */
  async function usingRedis(): Promise<string> {
    let hot = '';
    await until(async () => {
      const before = (await inspector.keys('ai_cache:v1:*')).length;
      hot = `${SAMPLE_TEXT} ${randomUUID()}`;
      await post(hot).expect(200);
      expect((await inspector.keys('ai_cache:v1:*')).length).toBeGreaterThan(before);
    });
    await post(hot, control.app).expect(200);
    return hot;
  }

  async function call(to: RequestListener, kind: Timed['kind'], hot: string): Promise<Timed> {
    const { result, ms } = await timed(() => post(kind === 'hit' ? hot : `${SAMPLE_TEXT} ${randomUUID()}`, to));
    return { kind, status: result.status, ms };
  }

  /** `size` concurrent callers, half repeating `hot`, half sending new texts. */
  const wave = (size: number, hot: string) =>
    Promise.all(Array.from({ length: size }, (_, index) => call(app, index % 2 === 0 ? 'hit' : 'miss', hot)));

  /** `count` callers of each app in a loop for `durationMs`, alternating hits and misses. */
  async function lanes(count: number, durationMs: number, hot: string): Promise<Paired> {
    const end = performance.now() + durationMs;
    const loop = async (to: RequestListener) => {
      const results: Timed[] = [];
      await Promise.all(
        Array.from({ length: count }, async (_, lane) => {
          for (let round = lane; performance.now() < end; round += 1) {
            results.push(await call(to, round % 2 === 0 ? 'hit' : 'miss', hot));
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
        }),
      );
      return results;
    };
    const [answers, controls] = await Promise.all([loop(app), loop(control.app)]);
    return { app: answers, control: controls };
  }

  const median = (values: readonly number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] ?? 0;
  };
  const medianOf = (results: readonly Timed[], kind?: Timed['kind']) =>
    median(results.filter((result) => kind === undefined || result.kind === kind).map((result) => result.ms));
  const redisHealth = async () =>
    (
      (await request(app).get('/v1/health').expect(200)).body as {
        components: Record<string, { status: string; message: string }>;
      }
    ).components['cache:redis'];

  it('waits for a frozen Redis at most one command timeout per request, hit or miss, under 16 concurrent callers', async () => {
    const hot = await usingRedis();
    await wave(16, hot);
    const baseline: Timed[] = [];
    for (let round = 0; round < 5; round += 1) baseline.push(...(await wave(16, hot)));
    const normal = { hit: medianOf(baseline, 'hit'), miss: medianOf(baseline, 'miss') };

    const frozen = freeze();
    const answers: Timed[] = [];
    try {
      for (let round = 0; round < 3; round += 1) answers.push(...(await wave(16, hot)));
    } finally {
      frozen.thaw();
    }
    // Before: a miss waited for the rate limiter's Redis call, then for the cache's (2 timeouts).
    // The bound sits just under two timeouts, leaving a busy machine ~200 ms of scheduling noise.
    const late = answers.filter((result) => result.ms > normal[result.kind] + 2 * COMMAND_TIMEOUT_MS - 50);
    expect({ normal, late }).toEqual({ normal, late: [] });
    expect(answers.filter((result) => result.status !== 200)).toEqual([]);
  }, 30_000);

  it('answers at normal speed through a long freeze: one Redis call probes per half-open window, the rest fail fast', async () => {
    const hot = await usingRedis();
    await lanes(4, 500, hot);
    const baseline = await lanes(4, 1500, hot);
    const normal = medianOf(baseline.app) - medianOf(baseline.control);

    const states: string[] = [];
    const listening = deps.redisBreaker.onStateChange((state) => states.push(state));
    // 2 half-open windows: the breaker opens ~250 ms in and waits 5 s (the default) each time
    const frozen = freeze(13_000);
    let during: Paired;
    let failedCalls: number;
    try {
      const first = await wave(16, hot);
      expect(first.filter((result) => result.status !== 200)).toEqual([]);
      const errorsBefore = limiterErrors.length + (await deps.services.cache.metrics()).tiers.redis.errors;
      states.length = 0;
      during = await lanes(4, 10_600, hot);
      failedCalls = limiterErrors.length + (await deps.services.cache.metrics()).tiers.redis.errors - errorsBefore;
    } finally {
      frozen.thaw();
      listening.dispose();
    }
    const windows = states.filter((state) => state === 'half-open').length;
    expect(windows).toBeGreaterThanOrEqual(1);
    // every Redis call sent during a freeze times out: one per window, the probe
    expect(failedCalls).toBeLessThanOrEqual(windows);
    expect(during.app.filter((result) => result.status !== 200)).toEqual([]);
    // Before: every request paid the rate limiter's timeout (p50 ~250 ms above normal).
    expect(medianOf(during.app) - medianOf(during.control)).toBeLessThan(normal + 100);
  }, 60_000);

  it('shows the shared breaker open while Redis is frozen, then counts and caches in Redis again after the thaw', async () => {
    const hot = await usingRedis();
    expect(limiter.activeBackend).toBe('redis');
    const statuses: number[] = [];
    const frozen = freeze();
    try {
      // memory-cache hits: only the rate limiter calls Redis, yet the cache tier skips it too
      const hits = await Promise.all(Array.from({ length: 8 }, () => call(app, 'hit', hot)));
      statuses.push(...hits.map((answer) => answer.status));
      expect(deps.redisBreaker.state).toBe('open');
      expect(limiter.activeBackend).toBe('memory');
      expect(await redisHealth()).toMatchObject({ status: 'degraded', message: expect.stringMatching(/breaker open/) });
      statuses.push(...(await wave(8, hot)).map((answer) => answer.status));
    } finally {
      frozen.thaw();
    }

    const counters = await inspector.keys('ai-text:ratelimit:*');
    if (counters.length > 0) await inspector.del(...counters);
    const before = (await inspector.keys('ai_cache:v1:*')).length;
    await until(async () => {
      statuses.push(...(await wave(4, hot)).map((answer) => answer.status));
      expect((await inspector.keys('ai_cache:v1:*')).length).toBeGreaterThan(before);
      expect(await inspector.keys('ai-text:ratelimit:*')).not.toHaveLength(0);
    });
    expect(deps.redisBreaker.state).toBe('closed');
    expect(limiter.activeBackend).toBe('redis');
    expect(await redisHealth()).toMatchObject({ status: 'healthy' });
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
  }, 30_000);
});
