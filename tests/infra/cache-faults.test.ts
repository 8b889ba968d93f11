import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CacheEvent } from '../../infra/cache/cache-events.js';
import { createCacheStack, type CacheStack } from '../../infra/cache/cache-stack.js';
import { createRedisProcess, freePort, type RedisProcess } from '../fakes/redis-process.js';

const COMMAND_TIMEOUT_MS = 200;
/** Allowed on top of the command timeout: timers, event-loop lag on a busy test machine. */
const MARGIN_MS = 150;
const namespace = 'test_faults:v1';

let redis: RedisProcess;
let inspector: Redis;
const stacks: CacheStack[] = [];
/** Node warns once per signal, so every test of the file watches: the first to pile listeners up
 * on a shared signal is the one that sees the warning. */
const listenerWarnings: Error[] = [];
const onWarning = (warning: Error) => {
  if (warning.name === 'MaxListenersExceededWarning') listenerWarnings.push(warning);
};

beforeAll(async () => {
  process.on('warning', onWarning);
  redis = await createRedisProcess();
  await redis.start();
  inspector = new Redis(redis.url, { maxRetriesPerRequest: 0, retryStrategy: () => 100 });
  inspector.on('error', () => undefined);
});

afterEach(async () => {
  await Promise.all(stacks.splice(0).map((stack) => stack.close()));
});

afterAll(async () => {
  process.off('warning', onWarning);
  inspector.disconnect();
  await redis.stop();
});

function createStack(url: string) {
  const events: CacheEvent[] = [];
  const stack = createCacheStack({
    memoryMaxEntries: 10_000,
    memoryMaxBytes: 10_000_000,
    now: () => Date.now(),
    redisUrl: url,
    namespace,
    commandTimeoutMs: COMMAND_TIMEOUT_MS,
    breakerThreshold: 5,
    breakerCooldownMs: 1000,
    maxReconnectDelayMs: 300,
    onEvent: (event) => events.push(event),
  });
  stacks.push(stack);
  return { ...stack, events };
}

async function redisHealth(stack: CacheStack) {
  const check = stack.healthChecks.find((candidate) => candidate.name === 'cache:redis');
  if (!check) throw new Error('no Redis health check');
  return check.run(new AbortController().signal);
}

const until = (assertion: () => Promise<void>, timeout = 6000) => vi.waitFor(assertion, { timeout, interval: 50 });

/** 50 concurrent loops of set + get through the cache, timing every operation. */
function startLoad(stack: CacheStack) {
  let running = true;
  let slowest = 0;
  let operations = 0;
  let failures = 0;
  const timed = async (work: () => Promise<unknown>) => {
    const started = performance.now();
    try {
      await work();
    } catch {
      failures += 1;
    }
    slowest = Math.max(slowest, performance.now() - started);
    operations += 1;
  };
  const loops = Array.from({ length: 50 }, async (_, lane) => {
    for (let round = 0; running; round += 1) {
      const name = `${namespace}:summarize:${lane}-${round % 20}`;
      await timed(() => stack.cache.set(name, { lane, round, text: 'x'.repeat(200) }, 60));
      await timed(() => stack.cache.get(name));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  });
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return { slowest, operations, failures };
    },
  };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the cache while Redis fails', () => {
  it('keeps answering while Redis is killed, reports degraded, and uses Redis again once it is back', async () => {
    const stack = createStack(redis.url);
    await until(async () => expect((await redisHealth(stack)).status).toBe('healthy'));
    const load = startLoad(stack);
    await pause(300);

    await redis.kill();
    await pause(800);
    expect(await redisHealth(stack)).toMatchObject({ status: 'degraded' });
    expect((await stack.admin.status()).tiers.redis.status).toBe('unavailable');
    const during = await stack.cache.get(`${namespace}:summarize:0-1`);
    expect(during).toMatchObject({ lane: 0 });

    await redis.start();
    await until(async () => expect((await redisHealth(stack)).status).toBe('healthy'));
    await pause(200);
    const result = await load.stop();

    await stack.cache.set(`${namespace}:summarize:after-restart`, 'fresh', 60);
    expect(await inspector.exists(`${namespace}:summarize:after-restart`)).toBe(1);
    expect(result.failures).toBe(0);
    expect(result.operations).toBeGreaterThan(500);
    expect(result.slowest).toBeLessThan(COMMAND_TIMEOUT_MS + MARGIN_MS);
    expect(stack.events).toContainEqual({ type: 'connection', state: 'reconnecting' });
    expect(
      stack.events.filter((event) => event.type === 'connection' && event.state === 'ready').length,
    ).toBeGreaterThanOrEqual(2);
  }, 15_000);

  it('keeps answering within the command timeout while Redis is frozen, opens the breaker, and recovers after it thaws', async () => {
    const stack = createStack(redis.url);
    await until(async () => expect((await redisHealth(stack)).status).toBe('healthy'));
    const load = startLoad(stack);
    await pause(300);

    redis.freeze();
    try {
      await pause(1500);
      expect(await redisHealth(stack)).toMatchObject({ status: 'degraded' });
      expect((await stack.admin.status()).tiers.redis).toMatchObject({
        status: 'degraded',
        breaker: expect.stringMatching(/open/),
      });
    } finally {
      redis.thaw();
    }
    await until(async () => expect((await redisHealth(stack)).status).toBe('healthy'));
    await pause(200);
    const result = await load.stop();

    await stack.cache.set(`${namespace}:summarize:after-thaw`, 'fresh', 60);
    expect(await inspector.exists(`${namespace}:summarize:after-thaw`)).toBe(1);
    expect(result.failures).toBe(0);
    expect(result.slowest).toBeLessThan(COMMAND_TIMEOUT_MS + MARGIN_MS);
    expect(stack.events).toContainEqual({ type: 'breaker', state: 'open' });
    expect(stack.events).toContainEqual({ type: 'breaker', state: 'closed' });
    const stats = (await stack.admin.metrics()).tiers.redis;
    expect(stats.errors).toBeGreaterThanOrEqual(5);
    expect(stats.skipped).toBeGreaterThan(0);
    expect(listenerWarnings).toEqual([]);
  }, 15_000);

  it('bounds dozens of pending reads, writes and invalidations on a frozen Redis without a MaxListenersExceededWarning', async () => {
    const stack = createStack(redis.url);
    await until(async () => expect((await redisHealth(stack)).status).toBe('healthy'));
    redis.freeze();
    try {
      const started = performance.now();
      const pending = Array.from({ length: 40 }, (_, index) => [
        stack.cache.get(`${namespace}:summarize:pending-${index}`),
        stack.cache.set(`${namespace}:summarize:written-${index}`, { index }, 60),
        // UNLINK, then an invalidation-bus PUBLISH
        stack.cache.delete(`${namespace}:summarize:deleted-${index}`),
      ]);
      await Promise.all(pending.flat());
      // bounded, but loosely: what matters here is the listeners, not the timing
      expect(performance.now() - started).toBeLessThan(COMMAND_TIMEOUT_MS + 1000);
      // warnings are emitted on the next tick
      await pause(50);
    } finally {
      redis.thaw();
    }
    expect(listenerWarnings).toEqual([]);
  }, 15_000);

  it('starts without Redis, serves from memory, and connects on its own once Redis appears', async () => {
    const late = await createRedisProcess(await freePort());
    try {
      const started = performance.now();
      const stack = createStack(late.url);
      await stack.cache.set(`${namespace}:qa:early`, 'memory only', 60);
      expect(await stack.cache.get(`${namespace}:qa:early`)).toBe('memory only');
      expect(performance.now() - started).toBeLessThan(100);
      expect(await redisHealth(stack)).toMatchObject({ status: 'degraded' });

      await late.start();
      await until(async () => expect((await redisHealth(stack)).status).toBe('healthy'));
      await stack.cache.set(`${namespace}:qa:late`, 'shared', 60);
      const client = new Redis(late.url);
      try {
        expect(await client.exists(`${namespace}:qa:late`)).toBe(1);
      } finally {
        client.disconnect();
      }
    } finally {
      await late.stop();
    }
  }, 15_000);
});
