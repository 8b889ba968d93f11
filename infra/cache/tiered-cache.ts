import type { Cache } from '../../domain/ports.js';
import { operationOfKey, toSafeListener, type CacheEventListener, type CacheTier } from './cache-events.js';
import type { InvalidationBus, InvalidationScope } from './invalidation-bus.js';
import { keyMatcher, scanGlob, type KeyScope } from './key-matcher.js';
import type { MemoryCache } from './memory-cache.js';
import type { RedisCache } from './redis-cache.js';

export interface TieredCacheOptions {
  readonly memory: MemoryCache;
  /** The shared tier; absent = memory only. */
  readonly remote?: RedisCache | undefined;
  /** Tells other instances to drop memory entries; absent = single instance. */
  readonly bus?: Pick<InvalidationBus, 'publish'> | undefined;
  readonly namespace: string;
  /** Lifetime used when a caller gives none (zero, negative or not a number), in seconds. */
  readonly defaultTtlSeconds: number;
  /** Up to this fraction of each lifetime is removed at random so that entries written together
   * do not expire together (default 0.1). A lifetime is never lengthened. */
  readonly ttlJitter?: number | undefined;
  readonly random?: (() => number) | undefined;
  readonly onEvent?: CacheEventListener | undefined;
}

export interface OperationCacheStats {
  readonly hits: number;
  readonly memoryHits: number;
  readonly redisHits: number;
  readonly misses: number;
}

export interface TieredCacheStats extends OperationCacheStats {
  readonly operations: Readonly<Record<string, OperationCacheStats>>;
}

export interface InvalidationCounts {
  readonly memory: number;
  /** Keys unlinked from Redis; undefined without a Redis tier. */
  readonly redis: number | undefined;
}

/**
 * The `Cache` port over two tiers: memory first, then Redis, copying Redis hits into memory for
 * their remaining lifetime. Writes go to both tiers (the Redis write is awaited but bounded by
 * the command timeout and skipped while Redis is down). Deletes and invalidations also reach the
 * other instances' memory tiers through the bus.
 */
export interface TieredCache extends Cache {
  /** Removes the scope from Redis (SCAN+UNLINK), then from memory, then tells the other
   * instances. Throws when Redis is configured but unreachable, after dropping the memory
   * entries. */
  invalidate(scope: KeyScope): Promise<InvalidationCounts>;
  /** Drops memory entries for a message from another instance (`remote`), or all of them when
   * messages may have been missed (`resync`). */
  dropLocal(scope: InvalidationScope, source: 'remote' | 'resync'): number;
  stats(): TieredCacheStats;
}

/** Distinct operations tracked before the rest are counted as `other`. */
const MAX_TRACKED_OPERATIONS = 32;

export function createTieredCache(options: TieredCacheOptions): TieredCache {
  const { memory, remote, bus, namespace } = options;
  const emit = toSafeListener(options.onEvent);
  const jitter = Math.min(Math.max(options.ttlJitter ?? 0.1, 0), 0.5);
  const random = options.random ?? Math.random;
  const operations = new Map<string, { hits: number; memoryHits: number; redisHits: number; misses: number }>();
  // Bumped on every invalidation: a Redis read that started before one must not refill memory.
  let generation = 0;

  function record(key: string, tier: CacheTier | undefined): void {
    let operation = operationOfKey(key, namespace);
    if (!operations.has(operation) && operations.size >= MAX_TRACKED_OPERATIONS) operation = 'other';
    const counts = operations.get(operation) ?? { hits: 0, memoryHits: 0, redisHits: 0, misses: 0 };
    operations.set(operation, counts);
    if (tier === undefined) counts.misses += 1;
    else {
      counts.hits += 1;
      if (tier === 'memory') counts.memoryHits += 1;
      else counts.redisHits += 1;
    }
  }

  function lifetimeMs(ttlSeconds: number): number {
    const seconds = Number.isFinite(ttlSeconds) && ttlSeconds > 0 ? ttlSeconds : options.defaultTtlSeconds;
    return Math.max(1, Math.floor(seconds * 1000 * (1 - jitter * random())));
  }

  function dropLocal(scope: InvalidationScope, source: 'local' | 'remote' | 'resync'): number {
    generation += 1;
    let removed = 0;
    if (source === 'resync') {
      removed = memory.stats().entries;
      memory.clear();
    } else if (scope.keys) {
      const doomed = new Set(scope.keys);
      removed = memory.deleteWhere((key) => doomed.has(key));
    } else {
      removed = memory.deleteWhere(keyMatcher(scope, namespace));
    }
    if (removed > 0 || source === 'local') emit({ type: 'invalidated', source, keys: removed });
    return removed;
  }

  return {
    async get(key) {
      const local = await memory.get(key);
      emit({ type: local === undefined ? 'miss' : 'hit', tier: 'memory', operation: operationOfKey(key, namespace) });
      if (local !== undefined) {
        record(key, 'memory');
        return local;
      }
      if (remote) {
        const started = generation;
        const entry = await remote.get(key);
        if (entry) {
          if (generation === started) {
            await memory.set(key, entry.value, (entry.ttlMs ?? options.defaultTtlSeconds * 1000) / 1000);
          }
          record(key, 'redis');
          return entry.value;
        }
      }
      record(key, undefined);
      return undefined;
    },
    async set(key, value, ttlSeconds) {
      const ttlMs = lifetimeMs(ttlSeconds);
      await memory.set(key, value, ttlMs / 1000);
      await remote?.set(key, value, ttlMs);
    },
    async delete(key) {
      await remote?.delete(key);
      dropLocal({ keys: [key] }, 'local');
      await bus?.publish({ keys: [key] });
    },
    async invalidate(scope) {
      let redis: number | undefined;
      let failure: Error | undefined;
      if (remote) {
        try {
          redis = await remote.deleteMatching(scanGlob(scope, namespace), keyMatcher(scope, namespace));
        } catch (error) {
          failure = error instanceof Error ? error : new Error(String(error));
        }
      }
      const removed = dropLocal({ pattern: scope.pattern, operation: scope.operation }, 'local');
      if (failure !== undefined) throw failure;
      await bus?.publish({ pattern: scope.pattern, operation: scope.operation });
      return { memory: removed, redis };
    },
    dropLocal,
    stats() {
      const all = { hits: 0, memoryHits: 0, redisHits: 0, misses: 0 };
      for (const counts of operations.values()) {
        all.hits += counts.hits;
        all.memoryHits += counts.memoryHits;
        all.redisHits += counts.redisHits;
        all.misses += counts.misses;
      }
      return { ...all, operations: Object.fromEntries([...operations].map(([name, counts]) => [name, { ...counts }])) };
    },
  };
}
