import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Redis } from 'ioredis';
import { CacheMetricsSchema, CacheStatusSchema, InvalidationStatsSchema } from '../../domain/cache-schemas.js';
import { isAppError } from '../../domain/errors.js';
import type { CacheEvent } from '../../infra/cache/cache-events.js';
import { createCacheStack, type CacheStack, type CacheStackOptions } from '../../infra/cache/cache-stack.js';
import { createRedisProcess, type RedisProcess } from '../fakes/redis-process.js';
import { SHARED_REDIS_URL, createInspector, keysOf, removeNamespace, testNamespace } from '../fakes/redis-namespace.js';

const namespace = testNamespace('stack');
const inspector = createInspector();
const stacks: CacheStack[] = [];

function createStack(options: Partial<CacheStackOptions> = {}): CacheStack & { events: CacheEvent[] } {
  const events: CacheEvent[] = [];
  const stack = createCacheStack({
    memoryMaxEntries: 1000,
    memoryMaxBytes: 1_000_000,
    now: () => Date.now(),
    redisUrl: SHARED_REDIS_URL,
    namespace,
    commandTimeoutMs: 300,
    onEvent: (event) => events.push(event),
    ...options,
  });
  stacks.push(stack);
  return { ...stack, events };
}

async function healthOf(stack: CacheStack) {
  const results = await Promise.all(
    stack.healthChecks.map(async (check) => [check.name, await check.run(new AbortController().signal)] as const),
  );
  return Object.fromEntries(results);
}

/** Waits until every stack answers PING and listens on the invalidation channel. */
async function connected(instances: CacheStack[], client: Redis = inspector, ns = namespace): Promise<void> {
  await vi.waitFor(
    async () => {
      for (const stack of instances) expect((await healthOf(stack))['cache:redis']?.status).toBe('healthy');
      const [, listeners] = (await client.pubsub('NUMSUB', `${ns}:invalidations`)) as [string, number];
      expect(listeners).toBeGreaterThanOrEqual(instances.length);
    },
    { timeout: 5000, interval: 20 },
  );
  // let each subscriber's post-subscribe resync run before the test fills memory
  await new Promise((resolve) => setTimeout(resolve, 50));
}

const key = (operation: string, id: string | number) => `${namespace}:${operation}:${id}`;

afterEach(async () => {
  await Promise.all(stacks.splice(0).map((stack) => stack.close()));
  await removeNamespace(inspector, namespace);
});

afterAll(() => {
  inspector.disconnect();
});

describe('createCacheStack with two instances sharing one Redis', () => {
  it('answers on one instance a value written by the other', async () => {
    const a = createStack();
    const b = createStack();
    await connected([a, b]);
    await a.cache.set(key('summarize', 1), { result: 'shared' }, 60);

    expect(await b.cache.get(key('summarize', 1))).toEqual({ result: 'shared' });
    expect(await b.cache.get(key('summarize', 1))).toEqual({ result: 'shared' });
    expect(b.events.filter((event) => event.type === 'hit')).toEqual([
      { type: 'hit', tier: 'redis', operation: 'summarize' },
      { type: 'hit', tier: 'memory', operation: 'summarize' },
    ]);
  });

  it("drops the other instance's memory copy when one invalidates (pub/sub)", async () => {
    const a = createStack();
    const b = createStack();
    await connected([a, b]);
    await a.cache.set(key('summarize', 1), 'one', 60);
    await a.cache.set(key('summarize', 2), 'two', 60);
    await a.cache.set(key('sentiment', 1), 'kept', 60);
    await b.cache.get(key('summarize', 1));
    await b.cache.get(key('summarize', 2));
    await b.cache.get(key('sentiment', 1));
    expect((await b.admin.status()).tiers.memory.entries).toBe(3);

    expect(await a.admin.invalidate({ operation: 'summarize', context: 'test' })).toBe(2);
    expect(await keysOf(inspector, namespace)).toEqual([key('sentiment', 1)]);
    await vi.waitFor(async () => expect((await b.admin.status()).tiers.memory.entries).toBe(1), {
      timeout: 2000,
      interval: 10,
    });
    expect(await b.cache.get(key('summarize', 1))).toBeUndefined();
    expect(await b.cache.get(key('sentiment', 1))).toBe('kept');
    expect(b.events).toContainEqual({ type: 'invalidated', source: 'remote', keys: 2 });
  });

  it("drops the other instance's memory copy of a deleted key", async () => {
    const a = createStack();
    const b = createStack();
    await connected([a, b]);
    await a.cache.set(key('qa', 1), 'answer', 60);
    await b.cache.get(key('qa', 1));
    await a.cache.delete(key('qa', 1));
    await vi.waitFor(async () => expect((await b.admin.status()).tiers.memory.entries).toBe(0), {
      timeout: 2000,
      interval: 10,
    });
    expect(await b.cache.get(key('qa', 1))).toBeUndefined();
  });

  it('invalidates by pattern and by operation, returning the number of Redis keys removed, never batch outcomes', async () => {
    const a = createStack();
    await connected([a]);
    for (let index = 0; index < 5; index += 1) await a.cache.set(key('summarize', `doc${index}`), index, 60);
    for (let index = 0; index < 3; index += 1) await a.cache.set(key('qa', `doc${index}`), index, 60);
    await a.cache.set(key('batch', 'batch_1'), 'batch', 60);

    expect(await a.admin.invalidate({ pattern: 'doc1', context: 'test' })).toBe(2);
    expect(await a.admin.invalidate({ pattern: 'summ*doc3', context: 'test' })).toBe(1);
    expect(await a.admin.invalidate({ operation: 'qa', pattern: 'doc*', context: 'test' })).toBe(2);
    expect(await keysOf(inspector, namespace)).toEqual(
      [key('batch', 'batch_1'), key('summarize', 'doc0'), key('summarize', 'doc2'), key('summarize', 'doc4')].sort(),
    );
    await expect(a.admin.invalidate({ context: 'test' })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    await expect(a.admin.invalidate({ pattern: '', context: 'test' })).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
    });
    expect(await a.admin.invalidate({ pattern: 'batch', context: 'test' })).toBe(0);
    expect(await a.admin.invalidate({ pattern: '*', context: 'test' })).toBe(3);
    expect(await keysOf(inspector, namespace)).toEqual([key('batch', 'batch_1')]);
    expect(await a.cache.get(key('batch', 'batch_1'))).toBe('batch');

    const stats = InvalidationStatsSchema.parse(a.admin.invalidationStats());
    expect(stats).toMatchObject({ total_invalidations: 5, total_keys_invalidated: 8 });
    expect(stats.patterns.most_common_patterns).toContainEqual({ pattern: 'doc1', count: 1 });
  });

  it('reports tiers, hit rates per tier and per operation in the documented shapes', async () => {
    const a = createStack();
    const b = createStack();
    await connected([a, b]);
    await a.cache.set(key('summarize', 1), 'x', 60);
    await b.cache.get(key('summarize', 1));
    await b.cache.get(key('summarize', 1));
    await b.cache.get(key('summarize', 2));
    await b.cache.get(key('sentiment', 1));

    const status = CacheStatusSchema.parse(await b.admin.status());
    expect(status.tiers.redis).toMatchObject({
      status: 'connected',
      mode: 'standalone',
      connection: 'ready',
      breaker: 'closed',
      keys: 1,
      keys_by_operation: { summarize: 1 },
      hits: 1,
      misses: 2,
      hit_rate_percent: 33.33,
      encrypted: false,
      compression_threshold: 1000,
    });
    expect(status.tiers.memory).toMatchObject({
      status: 'active',
      entries: 1,
      hits: 1,
      misses: 3,
      hit_rate_percent: 25,
    });
    expect(status.hit_rate_percent).toBe(50);
    expect(status.operations).toEqual({
      summarize: { hits: 2, misses: 1, hit_rate_percent: 66.67, memory_hits: 1, redis_hits: 1 },
      sentiment: { hits: 0, misses: 1, hit_rate_percent: 0, memory_hits: 0, redis_hits: 0 },
    });

    const metrics = CacheMetricsSchema.parse(await b.admin.metrics());
    expect(metrics).toMatchObject({
      cache_hit_rate: 50,
      total_cache_operations: 4,
      cache_hits: 2,
      cache_misses: 2,
      tiers: {
        memory: { hits: 1, misses: 3, hit_rate_percent: 25 },
        redis: { enabled: true, hits: 1, misses: 2, writes: 0, errors: 0, skipped: 0, corrupt_entries: 0 },
      },
    });
    expect(metrics.operations.summarize).toEqual(status.operations.summarize);
  });

  it('reports rates as null, in every unit, before any lookup', async () => {
    const stack = createStack({ redisUrl: undefined });
    const status = CacheStatusSchema.parse(await stack.admin.status());
    expect(status.hit_rate_percent).toBeNull();
    expect(status.tiers.memory.hit_rate_percent).toBeNull();
    const metrics = CacheMetricsSchema.parse(await stack.admin.metrics());
    expect(metrics).toMatchObject({ cache_hit_rate: null, total_cache_operations: 0 });
    expect(metrics.tiers.redis.hit_rate_percent).toBeNull();
  });

  it('reports a memory-only stack without Redis', async () => {
    const stack = createStack({ redisUrl: undefined });
    await stack.cache.set(key('qa', 1), 'x', 60);
    expect(await stack.cache.get(key('qa', 1))).toBe('x');
    const status = CacheStatusSchema.parse(await stack.admin.status());
    expect(status.tiers.redis.status).toBe('disabled');
    expect(CacheMetricsSchema.parse(await stack.admin.metrics()).tiers.redis.enabled).toBe(false);
    expect(stack.healthChecks.map((check) => check.name)).toEqual(['cache:memory']);
    expect(await stack.admin.invalidate({ operation: 'qa', context: 'test' })).toBe(1);
  });
});

describe('invalidation commands', () => {
  let redis: RedisProcess;
  let client: Redis;
  beforeAll(async () => {
    redis = await createRedisProcess();
    await redis.start();
    client = new Redis(redis.url);
  });
  afterAll(async () => {
    client.disconnect();
    await redis.stop();
  });

  it('uses SCAN and UNLINK, never KEYS', async () => {
    const stack = createStack({ redisUrl: redis.url });
    await connected([stack], client);
    for (let index = 0; index < 50; index += 1) await stack.cache.set(key('summarize', index), index, 60);
    await client.config('RESETSTAT');

    expect(await stack.admin.invalidate({ operation: 'summarize', context: 'test' })).toBe(50);
    await stack.admin.status();
    const stats = await client.info('commandstats');
    expect(stats).toMatch(/cmdstat_scan:calls=\d+/);
    expect(stats).toMatch(/cmdstat_unlink:calls=\d+/);
    expect(stats).not.toMatch(/cmdstat_keys:/);
    expect(await client.dbsize()).toBe(0);
  });

  it('refuses with SERVICE_UNAVAILABLE when Redis is down, after dropping local entries', async () => {
    const stack = createStack({ redisUrl: redis.url });
    await connected([stack], client);
    await stack.cache.set(key('qa', 1), 'x', 60);
    await redis.kill();
    try {
      const failure = await stack.admin
        .invalidate({ operation: 'qa', context: 'test' })
        .catch((error: unknown) => error);
      expect(isAppError(failure) && failure.code).toBe('SERVICE_UNAVAILABLE');
      expect((await stack.admin.status()).tiers.memory.entries).toBe(0);
      await vi.waitFor(async () => expect((await stack.admin.status()).tiers.redis.status).toBe('unavailable'), {
        timeout: 2000,
        interval: 20,
      });
    } finally {
      await redis.start();
    }
  });
});
