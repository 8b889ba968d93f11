import { randomUUID } from 'node:crypto';
import type { Cache } from '../../domain/ports.js';
import type { HealthCheck } from '../health-service.js';
import { createCacheAdmin, type CacheAdmin } from './cache-admin.js';
import { toSafeListener, type CacheEventListener } from './cache-events.js';
import { CACHE_NAMESPACE } from './cache-keys.js';
import { createCodec } from './codec.js';
import { createInvalidationBus, type InvalidationBus } from './invalidation-bus.js';
import { createMemoryCache } from './memory-cache.js';
import type { RedisBreaker } from './redis-breaker.js';
import { createRedisCache, type RedisCache } from './redis-cache.js';
import { closeClient, createRedisClient, createSubscriber, type RedisClient } from './redis-client.js';
import { createTieredCache } from './tiered-cache.js';

export interface CacheStackOptions {
  /** Most entries in the memory tier (`CACHE_MEMORY_MAX_ENTRIES`). */
  readonly memoryMaxEntries: number;
  /** Most bytes in the memory tier (`CACHE_MEMORY_MAX_BYTES`). */
  readonly memoryMaxBytes: number;
  readonly now: () => number;
  /** Redis URL (`REDIS_URL`); absent and no cluster nodes = memory only. */
  readonly redisUrl?: string | undefined;
  /** Redis Cluster seed nodes (`REDIS_CLUSTER_NODES`); when set, a cluster client is used. */
  readonly clusterNodes?: readonly string[] | undefined;
  /** AES-256-GCM key for values at rest, 32 bytes base64 (`REDIS_ENCRYPTION_KEY`). */
  readonly encryptionKey?: string | undefined;
  /** JSON bytes above which Redis values are compressed (`CACHE_COMPRESSION_THRESHOLD`, default 1000). */
  readonly compressionThreshold?: number | undefined;
  /** Longest wait for a Redis reply, in ms (`REDIS_COMMAND_TIMEOUT_MS`, default 250). */
  readonly commandTimeoutMs?: number | undefined;
  /** Lifetime when a write gives none, in seconds (`CACHE_DEFAULT_TTL`, default 3600). */
  readonly defaultTtlSeconds?: number | undefined;
  /** Key prefix (default `ai_cache:v1`); must match the `CacheKeys` in use. Tests use their own. */
  readonly namespace?: string | undefined;
  /** The process's shared Redis breaker (`server/deps.ts` passes the one the rate limiter uses,
   * so that a request waits for Redis at most once); when absent, the stack builds its own from
   * the two options below. */
  readonly breaker?: RedisBreaker | undefined;
  /** Consecutive Redis failures that open the stack's own breaker (default 5); a timeout opens it
   * at once. */
  readonly breakerThreshold?: number | undefined;
  /** How long Redis is skipped once the stack's own breaker opens, in ms (default 5000). */
  readonly breakerCooldownMs?: number | undefined;
  /** Upper bound of the reconnection backoff, in ms (default 2000). */
  readonly maxReconnectDelayMs?: number | undefined;
  /** Fraction of each lifetime removed at random (default 0.1). */
  readonly ttlJitter?: number | undefined;
  /** Clock of the memory tier's lifetimes, in ms (default `performance.now`). */
  readonly monotonic?: (() => number) | undefined;
  /** Hits and misses per tier, Redis errors, breaker and connection changes: for metrics and
   * logs wired by the composition root (the cache itself never logs). */
  readonly onEvent?: CacheEventListener | undefined;
}

/** The cache as the app uses it: the `Cache` port, the operator view, health checks, and `close`. */
export interface CacheStack {
  readonly cache: Cache;
  readonly admin: CacheAdmin;
  readonly healthChecks: readonly HealthCheck[];
  /** Stops reconnecting and closes the Redis connections. */
  close(): Promise<void>;
}

/**
 * Builds the two-tier cache: a byte- and entry-bounded LRU in memory, plus Redis (standalone or
 * cluster) when configured. Never blocks or fails start-up: Redis connects in the background and
 * the service runs on the memory tier until it does (and whenever it is down).
 */
export function createCacheStack(options: CacheStackOptions): CacheStack {
  const namespace = options.namespace ?? CACHE_NAMESPACE;
  const compressionThreshold = options.compressionThreshold ?? 1000;
  const commandTimeoutMs = options.commandTimeoutMs ?? 250;
  const emit = toSafeListener(options.onEvent);
  const memory = createMemoryCache({
    maxEntries: options.memoryMaxEntries,
    maxBytes: options.memoryMaxBytes,
    now: options.monotonic,
  });
  const codec = createCodec({ compressionThreshold, encryptionKey: options.encryptionKey });
  const useRedis = Boolean(options.redisUrl) || (options.clusterNodes?.length ?? 0) > 0;

  let client: RedisClient | undefined;
  let remote: RedisCache | undefined;
  let bus: InvalidationBus | undefined;
  if (useRedis) {
    client = createRedisClient({
      url: options.redisUrl,
      clusterNodes: options.clusterNodes,
      commandTimeoutMs,
      maxReconnectDelayMs: options.maxReconnectDelayMs,
    });
    remote = createRedisCache({
      client,
      codec,
      namespace,
      commandTimeoutMs,
      breaker: options.breaker,
      breakerThreshold: options.breakerThreshold,
      breakerCooldownMs: options.breakerCooldownMs,
      onEvent: emit,
    });
    // The bus only calls back once connected, after `tiered` below exists.
    bus = createInvalidationBus({
      publisher: remote,
      subscriber: createSubscriber(client),
      channel: `${namespace}:invalidations`,
      instanceId: randomUUID(),
      onInvalidate: (message) => tiered.dropLocal(message, 'remote'),
      onResync: () => tiered.dropLocal({}, 'resync'),
      onEvent: emit,
    });
  }
  const tiered = createTieredCache({
    memory,
    remote,
    bus,
    namespace,
    defaultTtlSeconds: options.defaultTtlSeconds ?? 3600,
    ttlJitter: options.ttlJitter,
    onEvent: emit,
  });
  client?.connect().catch(() => {
    // reported through the 'error' event; ioredis keeps reconnecting with backoff
  });
  const remoteTier = remote;

  const healthChecks: HealthCheck[] = [
    {
      name: 'cache:memory',
      kind: 'cache',
      run: async () => {
        const stats = memory.stats();
        return { status: 'healthy', message: `${stats.entries} entries, ${stats.bytes} bytes` };
      },
    },
  ];
  if (remoteTier) {
    healthChecks.push({
      name: 'cache:redis',
      kind: 'cache',
      run: async () => {
        if (remoteTier.connection !== 'ready') {
          return { status: 'degraded', message: `Redis is ${remoteTier.connection}; serving from memory` };
        }
        if (await remoteTier.ping()) return { status: 'healthy', message: 'Redis answers' };
        return {
          status: 'degraded',
          message:
            remoteTier.breakerState === 'closed'
              ? 'Redis did not answer in time; serving from memory'
              : `Redis is skipped (breaker ${remoteTier.breakerState}); serving from memory`,
        };
      },
    });
  }

  return {
    cache: tiered,
    admin: createCacheAdmin({
      tiered,
      memory,
      remote: remoteTier,
      encrypted: codec.encrypted,
      compressionThreshold,
      now: options.now,
    }),
    healthChecks,
    close: async () => {
      await Promise.all([bus?.close(), client ? closeClient(client) : undefined]);
      memory.clear();
    },
  };
}
