import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { CacheEvent } from '../../infra/cache/cache-events.js';
import { createCodec, type CodecOptions } from '../../infra/cache/codec.js';
import { createRedisCache } from '../../infra/cache/redis-cache.js';
import { closeClient, createRedisClient, type RedisClient } from '../../infra/cache/redis-client.js';
import { createMemoryCache } from '../../infra/cache/memory-cache.js';
import { createTieredCache } from '../../infra/cache/tiered-cache.js';
import { SHARED_REDIS_URL, createInspector, keysOf, removeNamespace, testNamespace } from '../fakes/redis-namespace.js';

const namespace = testNamespace('redis');
const inspector = createInspector();
const clients: RedisClient[] = [];
const KEY_A = randomBytes(32).toString('base64');
const KEY_B = randomBytes(32).toString('base64');

async function createTier(codec: Partial<CodecOptions> = {}, url = SHARED_REDIS_URL) {
  const events: CacheEvent[] = [];
  const client = createRedisClient({ url, commandTimeoutMs: 300 });
  clients.push(client);
  const remote = createRedisCache({
    client,
    codec: createCodec({ compressionThreshold: 1000, ...codec }),
    namespace,
    commandTimeoutMs: 300,
    onEvent: (event) => events.push(event),
  });
  await client.connect().catch(() => undefined);
  const memory = createMemoryCache({ maxEntries: 100, maxBytes: 100_000 });
  const cache = createTieredCache({
    memory,
    remote,
    namespace,
    defaultTtlSeconds: 60,
    onEvent: (event) => events.push(event),
  });
  return { cache, remote, events, client };
}

const key = (operation: string, id: string | number) => `${namespace}:${operation}:${id}`;
const value = { operation: 'summarize', result: 'A'.repeat(3000), metadata: { provider: 'openai' } };

afterEach(async () => {
  await removeNamespace(inspector, namespace);
});

afterAll(async () => {
  await Promise.all(clients.map((client) => closeClient(client)));
  inspector.disconnect();
});

describe('createRedisCache', () => {
  it('treats a corrupt entry as a miss and deletes it', async () => {
    const tier = await createTier();
    await inspector.set(key('summarize', 'bad'), Buffer.of(0x11, 0xde, 0xad, 0xbe, 0xef), 'EX', 60);

    await expect(tier.cache.get(key('summarize', 'bad'))).resolves.toBeUndefined();
    expect(await inspector.exists(key('summarize', 'bad'))).toBe(0);
    expect(tier.remote.stats()).toMatchObject({ corrupt: 1, misses: 1, hits: 0 });
    expect(tier.events).toContainEqual({
      type: 'corrupt-entry',
      key: key('summarize', 'bad'),
      reason: 'The entry is corrupt',
    });
    expect(tier.events).toContainEqual({ type: 'miss', tier: 'redis', operation: 'summarize' });
  });

  it('treats an entry written with another encryption key as a miss, not an error', async () => {
    const writer = await createTier({ encryptionKey: KEY_A });
    const reader = await createTier({ encryptionKey: KEY_B });
    await writer.cache.set(key('summarize', 1), value, 60);
    expect(await writer.remote.get(key('summarize', 1))).toMatchObject({ value });

    await expect(reader.cache.get(key('summarize', 1))).resolves.toBeUndefined();
    expect(reader.remote.stats().corrupt).toBe(1);
    expect(await inspector.exists(key('summarize', 1))).toBe(0);
  });

  it('stores encrypted and compressed bytes that do not contain the value in clear', async () => {
    const writer = await createTier({ encryptionKey: KEY_A });
    await writer.cache.set(
      key('summarize', 'secret'),
      { ...value, result: 'Confidential merger plans. '.repeat(100) },
      60,
    );
    const stored = await inspector.getBuffer(key('summarize', 'secret'));
    expect(stored?.[0]).toBe(0x13);
    expect(stored?.toString('latin1')).not.toContain('Confidential');
    expect(stored!.length).toBeLessThan(1000);
  });

  it('reads an entry without expiry and copies it into memory with the default lifetime', async () => {
    const tier = await createTier();
    await inspector.set(key('qa', 'forever'), Buffer.concat([Buffer.of(0x10), Buffer.from('"answer"')]));
    expect(await tier.remote.get(key('qa', 'forever'))).toEqual({ value: 'answer', ttlMs: undefined });
    expect(await tier.cache.get(key('qa', 'forever'))).toBe('answer');
  });

  it('reports the keys of its namespace per operation and the memory Redis uses', async () => {
    const tier = await createTier();
    await tier.cache.set(key('summarize', 1), 'a', 60);
    await tier.cache.set(key('summarize', 2), 'b', 60);
    await tier.cache.set(key('qa', 1), 'c', 60);
    await inspector.set('unrelated:key', 'x', 'EX', 10);
    const inspection = await tier.remote.inspect();
    expect(inspection).toMatchObject({
      mode: 'standalone',
      connection: 'ready',
      breaker: 'closed',
      reachable: true,
      keys: 3,
      keysByOperation: { summarize: 2, qa: 1 },
      keysComplete: true,
    });
    expect(inspection.memoryUsedBytes).toBeGreaterThan(0);
    expect(inspection.memoryUsed).toMatch(/^[\d.]+[BKMG]$/);
    await inspector.del('unrelated:key');
  });

  it('removes exactly the keys a predicate accepts with SCAN + UNLINK and counts them', async () => {
    const tier = await createTier();
    const pipeline = inspector.pipeline();
    for (let index = 0; index < 1200; index += 1)
      pipeline.set(key('questions', index), Buffer.from([0x10, 0x31]), 'EX', 60);
    await pipeline.exec();
    await tier.cache.set(key('qa', 1), 'keep', 60);
    const removed = await tier.remote.deleteMatching(`${namespace}:questions:*`, (name) => !name.endsWith(':7'));
    expect(removed).toBe(1199);
    expect(await keysOf(inspector, namespace)).toEqual([key('qa', 1), key('questions', 7)].sort());
  });

  it('skips calls while disconnected and refuses an invalidation it cannot perform', async () => {
    const tier = await createTier({}, 'redis://127.0.0.1:1');
    expect(tier.client.status).not.toBe('ready');
    const started = performance.now();
    expect(await tier.remote.set(key('qa', 1), 'x', 1000)).toBe(false);
    expect(await tier.remote.get(key('qa', 1))).toBeUndefined();
    expect(await tier.remote.ping()).toBe(false);
    expect(performance.now() - started).toBeLessThan(50);
    expect(tier.remote.stats()).toMatchObject({ skipped: 3, errors: 0, misses: 0 });
    await expect(tier.remote.deleteMatching(`${namespace}:*`, () => true)).rejects.toThrow(/not connected/);
    expect(await tier.remote.inspect()).toMatchObject({ reachable: false, breaker: 'closed' });
  });

  it('reports a value that cannot be encoded instead of storing it', async () => {
    const tier = await createTier();
    expect(await tier.remote.set(key('qa', 'undefined'), undefined, 1000)).toBe(false);
    expect(tier.events).toContainEqual(expect.objectContaining({ type: 'redis-error', command: 'encode' }));
  });
});
