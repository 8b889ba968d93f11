import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { CacheEvent } from '../../infra/cache/cache-events.js';
import { createCodec } from '../../infra/cache/codec.js';
import { createMemoryCache, type MemoryCache } from '../../infra/cache/memory-cache.js';
import { createRedisCache, type RedisCache } from '../../infra/cache/redis-cache.js';
import { closeClient, createRedisClient, type RedisClient } from '../../infra/cache/redis-client.js';
import { createTieredCache, type TieredCache, type TieredCacheOptions } from '../../infra/cache/tiered-cache.js';
import { SHARED_REDIS_URL, createInspector, removeNamespace, testNamespace } from '../fakes/redis-namespace.js';

const namespace = testNamespace('tiered');
const inspector = createInspector();
const clients: RedisClient[] = [];

interface Tier {
  readonly cache: TieredCache;
  readonly memory: MemoryCache;
  readonly remote: RedisCache;
  readonly events: CacheEvent[];
  /** Advances the memory tier's clock. */
  advance(ms: number): void;
}

async function createTier(overrides: Partial<TieredCacheOptions> & { maxBytes?: number } = {}): Promise<Tier> {
  let now = 1_000_000;
  const events: CacheEvent[] = [];
  const memory = createMemoryCache({ maxEntries: 1000, maxBytes: overrides.maxBytes ?? 1_000_000, now: () => now });
  const client = createRedisClient({ url: SHARED_REDIS_URL, commandTimeoutMs: 500 });
  clients.push(client);
  const remote = createRedisCache({
    client,
    codec: createCodec({ compressionThreshold: 1000 }),
    namespace,
    commandTimeoutMs: 500,
    onEvent: (event) => events.push(event),
  });
  await client.connect();
  const cache = createTieredCache({
    memory,
    remote,
    namespace,
    defaultTtlSeconds: 600,
    onEvent: (event) => events.push(event),
    ...overrides,
  });
  return { cache, memory, remote, events, advance: (ms) => void (now += ms) };
}

const key = (operation: string, id: string | number) => `${namespace}:${operation}:${id}`;

afterEach(async () => {
  await removeNamespace(inspector, namespace);
});

afterAll(async () => {
  await Promise.all(clients.map((client) => closeClient(client)));
  inspector.disconnect();
});

describe('createTieredCache', () => {
  it('answers a Redis hit and copies it into memory, so the next read is a memory hit', async () => {
    const writer = await createTier();
    const reader = await createTier();
    const value = { operation: 'summarize', result: 'Revenue grew.' };
    await writer.cache.set(key('summarize', 1), value, 300);

    expect(await reader.cache.get(key('summarize', 1))).toEqual(value);
    expect(reader.memory.stats().entries).toBe(1);
    expect(await reader.cache.get(key('summarize', 1))).toEqual(value);

    expect(reader.events.filter((event) => event.type === 'hit')).toEqual([
      { type: 'hit', tier: 'redis', operation: 'summarize' },
      { type: 'hit', tier: 'memory', operation: 'summarize' },
    ]);
    expect(reader.events.filter((event) => event.type === 'miss')).toEqual([
      { type: 'miss', tier: 'memory', operation: 'summarize' },
    ]);
    expect(writer.events).toContainEqual({ type: 'write', tier: 'redis', operation: 'summarize' });
    expect(reader.cache.stats()).toMatchObject({ hits: 2, redisHits: 1, memoryHits: 1, misses: 0 });
    expect(reader.remote.stats()).toMatchObject({ hits: 1, misses: 0 });
  });

  it('keeps a copied entry in memory only for the lifetime it had left in Redis', async () => {
    const writer = await createTier({ ttlJitter: 0 });
    const reader = await createTier();
    await writer.cache.set(key('sentiment', 1), { sentiment: 'positive' }, 5);

    await reader.cache.get(key('sentiment', 1));
    reader.advance(4000);
    expect(await reader.memory.get(key('sentiment', 1))).toEqual({ sentiment: 'positive' });
    reader.advance(1100);
    expect(await reader.memory.get(key('sentiment', 1))).toBeUndefined();
  });

  it('writes to Redis with the TTL shortened by at most the jitter, never lengthened', async () => {
    const tier = await createTier({ ttlJitter: 0.1 });
    await Promise.all(Array.from({ length: 30 }, (_, index) => tier.cache.set(key('qa', index), { index }, 100)));
    const ttls = await Promise.all(Array.from({ length: 30 }, (_, index) => inspector.pttl(key('qa', index))));
    for (const ttl of ttls) {
      expect(ttl).toBeGreaterThan(89_000);
      expect(ttl).toBeLessThanOrEqual(100_000);
    }
    expect(Math.max(...ttls) - Math.min(...ttls)).toBeGreaterThan(1000);
  });

  it('applies the jitter bounds exactly at the extremes of the random source', async () => {
    const longest = await createTier({ ttlJitter: 0.1, random: () => 0 });
    const shortest = await createTier({ ttlJitter: 0.1, random: () => 0.9999 });
    await longest.cache.set(key('qa', 'long'), 1, 100);
    await shortest.cache.set(key('qa', 'short'), 1, 100);
    expect(await inspector.pttl(key('qa', 'long'))).toBeGreaterThan(99_000);
    expect(await inspector.pttl(key('qa', 'short'))).toBeGreaterThan(89_000);
    expect(await inspector.pttl(key('qa', 'short'))).toBeLessThanOrEqual(90_001);
  });

  it('honours the TTL in memory too: an entry expires from memory when its lifetime is over', async () => {
    const tier = await createTier({ ttlJitter: 0 });
    await tier.cache.set(key('summarize', 'ttl'), 'value', 2);
    tier.advance(1900);
    expect(await tier.memory.get(key('summarize', 'ttl'))).toBe('value');
    tier.advance(200);
    expect(await tier.memory.get(key('summarize', 'ttl'))).toBeUndefined();
  });

  it('uses the default lifetime when a write gives none', async () => {
    const tier = await createTier({ ttlJitter: 0 });
    await tier.cache.set(key('summarize', 'default'), 'value', 0);
    const ttl = await inspector.pttl(key('summarize', 'default'));
    expect(ttl).toBeGreaterThan(599_000);
    expect(ttl).toBeLessThanOrEqual(600_000);
  });

  it('keeps the memory tier within its byte bound under a stream of distinct values', async () => {
    const maxBytes = 20_000;
    const tier = await createTier({ maxBytes });
    let largest = 0;
    for (let index = 0; index < 400; index += 1) {
      await tier.cache.set(key('key_points', index), { key_points: [`Point ${index} `.padEnd(300, 'x')] }, 300);
      largest = Math.max(largest, tier.memory.stats().bytes);
    }
    const stats = tier.memory.stats();
    expect(largest).toBeLessThanOrEqual(maxBytes);
    expect(stats.entries).toBeLessThan(400);
    expect(stats.evictions).toBeGreaterThan(0);
    expect(await tier.cache.get(key('key_points', 0))).toEqual({ key_points: [`Point 0 `.padEnd(300, 'x')] });
  });

  it('counts hits and misses per operation, read from the key', async () => {
    const tier = await createTier();
    await tier.cache.set(key('summarize', 1), 'a', 60);
    await tier.cache.get(key('summarize', 1));
    await tier.cache.get(key('summarize', 2));
    await tier.cache.get(key('sentiment', 1));
    await tier.cache.get('foreign:key');
    expect(tier.cache.stats().operations).toEqual({
      summarize: { hits: 1, memoryHits: 1, redisHits: 0, misses: 1 },
      sentiment: { hits: 0, memoryHits: 0, redisHits: 0, misses: 1 },
      other: { hits: 0, memoryHits: 0, redisHits: 0, misses: 1 },
    });
    expect(tier.events.filter((event) => 'operation' in event && event.operation === 'sentiment')).toEqual([
      { type: 'miss', tier: 'memory', operation: 'sentiment' },
      { type: 'miss', tier: 'redis', operation: 'sentiment' },
    ]);
  });

  it('deletes from both tiers', async () => {
    const tier = await createTier();
    await tier.cache.set(key('qa', 'gone'), 'value', 60);
    await tier.cache.delete(key('qa', 'gone'));
    expect(await inspector.exists(key('qa', 'gone'))).toBe(0);
    expect(await tier.cache.get(key('qa', 'gone'))).toBeUndefined();
  });

  it('does not refill memory from a Redis read that an invalidation overtook', async () => {
    const writer = await createTier();
    const reader = await createTier();
    await writer.cache.set(key('summarize', 'race'), 'stale', 60);
    let release = () => undefined as void;
    let started = () => undefined as void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const readStarted = new Promise<void>((resolve) => (started = resolve));
    const slowRemote: RedisCache = Object.assign(Object.create(reader.remote) as RedisCache, {
      get: async (name: string) => {
        started();
        await gate;
        return reader.remote.get(name);
      },
    });
    const cache = createTieredCache({ memory: reader.memory, remote: slowRemote, namespace, defaultTtlSeconds: 60 });

    const read = cache.get(key('summarize', 'race'));
    await readStarted;
    cache.dropLocal({ operation: 'summarize' }, 'remote');
    release();
    expect(await read).toBe('stale');
    expect(reader.memory.stats().entries).toBe(0);
    expect(await cache.get(key('summarize', 'race'))).toBe('stale');
    expect(reader.memory.stats().entries).toBe(1);
  });

  it('works on memory alone when no Redis tier is given', async () => {
    const memory = createMemoryCache({ maxEntries: 10, maxBytes: 10_000 });
    const cache = createTieredCache({ memory, namespace, defaultTtlSeconds: 60 });
    await cache.set(key('summarize', 1), 'a', 60);
    expect(await cache.get(key('summarize', 1))).toBe('a');
    expect(await cache.invalidate({ operation: 'summarize' })).toEqual({ memory: 1, redis: undefined });
    expect(await cache.get(key('summarize', 1))).toBeUndefined();
  });
});
