import {
  PATTERN_REQUIRED,
  type CacheMetrics,
  type CacheStatus,
  type InvalidationStats,
} from '../../domain/cache-schemas.js';
import { AppError, ValidationError } from '../../domain/errors.js';
import { percentOf } from '../../domain/percent.js';
import type { MemoryCache } from './memory-cache.js';
import type { RedisCache, RedisInspection } from './redis-cache.js';
import type { TieredCache } from './tiered-cache.js';

export interface InvalidationRequest {
  /** Substring of the key (glob `*` allowed); `*` = every cache entry. Required (non-empty)
   * unless `operation` is given: an absent scope is refused, never read as "everything". */
  readonly pattern?: string | undefined;
  readonly operation?: string | undefined;
  /** Free text recorded with the event (who or what asked). */
  readonly context: string;
}

/** The operator's view of the cache (the internal cache procedures). */
export interface CacheAdmin {
  status(): Promise<CacheStatus>;
  metrics(): Promise<CacheMetrics>;
  /** Removes the cache entries of a scope from every tier and instance (stored batch outcomes
   * are not cache entries and stay); returns how many keys were removed (from Redis when it is
   * configured, else from memory). Throws `ValidationError` for a scope with neither a pattern
   * nor an operation. */
  invalidate(request: InvalidationRequest): Promise<number>;
  invalidationStats(): InvalidationStats;
}

export interface CacheAdminOptions {
  readonly tiered: TieredCache;
  readonly memory: MemoryCache;
  readonly remote?: RedisCache | undefined;
  /** Shown in status: values are encrypted at rest. */
  readonly encrypted: boolean;
  readonly compressionThreshold: number;
  readonly now: () => number;
}

interface InvalidationEvent {
  readonly at: number;
  readonly pattern: string;
  readonly operation: string | null;
  readonly keys: number;
  readonly durationMs: number;
  readonly context: string;
}

/** Keeps the recent invalidations and summarises them for operators. */
export function createInvalidationLog(options: { now: () => number; capacity?: number }) {
  const capacity = options.capacity ?? 1000;
  const events: InvalidationEvent[] = [];
  return {
    record(event: Omit<InvalidationEvent, 'at'>) {
      events.push({ ...event, at: options.now() });
      if (events.length > capacity) events.shift();
    },
    stats(): InvalidationStats {
      const now = options.now();
      const lastHour = events.filter((event) => now - event.at <= 3_600_000).length;
      const last24 = events.filter((event) => now - event.at <= 86_400_000).length;
      const totalKeys = events.reduce((sum, event) => sum + event.keys, 0);
      const patterns = new Map<string, number>();
      for (const event of events) patterns.set(event.pattern, (patterns.get(event.pattern) ?? 0) + 1);
      return {
        total_invalidations: events.length,
        total_keys_invalidated: totalKeys,
        rates: { last_hour: lastHour, last_24_hours: last24 },
        thresholds: {
          warning_per_hour: 50,
          critical_per_hour: 100,
          current_alert_level: lastHour >= 100 ? 'critical' : lastHour >= 50 ? 'warning' : 'normal',
        },
        patterns: {
          most_common_patterns: [...patterns.entries()]
            .sort((a, b) => b[1] - a[1])
            .slice(0, 10)
            .map(([pattern, count]) => ({ pattern, count })),
        },
        efficiency: {
          avg_keys_per_invalidation: events.length === 0 ? 0 : totalKeys / events.length,
          avg_duration_ms:
            events.length === 0 ? 0 : events.reduce((sum, event) => sum + event.durationMs, 0) / events.length,
        },
      };
    },
  };
}

/** Status, metrics and invalidation of the tiered cache, in the shapes of `domain/cache-schemas`. */
export function createCacheAdmin(options: CacheAdminOptions): CacheAdmin {
  const { tiered, memory, remote } = options;
  const log = createInvalidationLog({ now: options.now });

  function operations() {
    const stats = tiered.stats();
    return Object.fromEntries(
      Object.entries(stats.operations).map(([operation, counts]) => [
        operation,
        {
          hits: counts.hits,
          misses: counts.misses,
          hit_rate_percent: percentOf(counts.hits, counts.hits + counts.misses),
          memory_hits: counts.memoryHits,
          redis_hits: counts.redisHits,
        },
      ]),
    );
  }

  async function redisStatus(): Promise<CacheStatus['tiers']['redis']> {
    if (!remote)
      return { status: 'disabled', message: 'No Redis configured (REDIS_URL); running on the memory tier only' };
    const inspection = await remote.inspect();
    const stats = remote.stats();
    return {
      ...describe(inspection),
      mode: inspection.mode,
      connection: inspection.connection,
      breaker: inspection.breaker,
      ...(inspection.keys === undefined
        ? {}
        : {
            keys: inspection.keys,
            keys_by_operation: inspection.keysByOperation,
            keys_complete: inspection.keysComplete,
          }),
      ...(inspection.memoryUsedBytes === undefined
        ? {}
        : { memory_used: inspection.memoryUsed, memory_used_bytes: inspection.memoryUsedBytes }),
      hits: stats.hits,
      misses: stats.misses,
      hit_rate_percent: percentOf(stats.hits, stats.hits + stats.misses),
      writes: stats.writes,
      errors: stats.errors,
      skipped: stats.skipped,
      corrupt_entries: stats.corrupt,
      encrypted: options.encrypted,
      compression_threshold: options.compressionThreshold,
    };
  }

  return {
    async status() {
      const stats = memory.stats();
      const all = tiered.stats();
      return {
        tiers: {
          memory: {
            status: 'active',
            entries: stats.entries,
            max_entries: stats.maxEntries,
            memory_bytes: stats.bytes,
            max_memory_bytes: stats.maxBytes,
            hits: stats.hits,
            misses: stats.misses,
            hit_rate_percent: percentOf(stats.hits, stats.hits + stats.misses),
            evictions: stats.evictions,
          },
          redis: await redisStatus(),
        },
        hit_rate_percent: percentOf(all.hits, all.hits + all.misses),
        operations: operations(),
      };
    },
    async metrics() {
      const all = tiered.stats();
      const memoryStats = memory.stats();
      const redisStats = remote?.stats() ?? { hits: 0, misses: 0, writes: 0, errors: 0, skipped: 0, corrupt: 0 };
      return {
        timestamp: new Date(options.now()).toISOString(),
        cache_hit_rate: percentOf(all.hits, all.hits + all.misses),
        total_cache_operations: all.hits + all.misses,
        cache_hits: all.hits,
        cache_misses: all.misses,
        tiers: {
          memory: {
            hits: memoryStats.hits,
            misses: memoryStats.misses,
            hit_rate_percent: percentOf(memoryStats.hits, memoryStats.hits + memoryStats.misses),
          },
          redis: {
            enabled: remote !== undefined,
            hits: redisStats.hits,
            misses: redisStats.misses,
            hit_rate_percent: percentOf(redisStats.hits, redisStats.hits + redisStats.misses),
            writes: redisStats.writes,
            errors: redisStats.errors,
            skipped: redisStats.skipped,
            corrupt_entries: redisStats.corrupt,
          },
        },
        operations: operations(),
      };
    },
    async invalidate(request) {
      if (!request.pattern && !request.operation) {
        throw new ValidationError(`Invalid request data: pattern: ${PATTERN_REQUIRED}`, [
          { field: 'pattern', message: PATTERN_REQUIRED },
        ]);
      }
      const started = options.now();
      let removed: number;
      try {
        const counts = await tiered.invalidate({ pattern: request.pattern, operation: request.operation });
        removed = counts.redis ?? counts.memory;
      } catch (error) {
        throw new AppError(
          'SERVICE_UNAVAILABLE',
          'Redis is unreachable: this instance dropped its memory entries, but the shared tier was not invalidated; retry shortly',
          { cause: error, retryAfterSeconds: 5 },
        );
      }
      log.record({
        pattern: request.pattern || '*',
        operation: request.operation ?? null,
        keys: removed,
        durationMs: options.now() - started,
        context: request.context,
      });
      return removed;
    },
    invalidationStats: () => log.stats(),
  };
}

function describe(inspection: RedisInspection): { status: CacheStatus['tiers']['redis']['status']; message: string } {
  if (inspection.connection !== 'ready') {
    return {
      status: 'unavailable',
      message: `Redis is not connected (${inspection.connection}); serving from memory and reconnecting`,
    };
  }
  if (!inspection.reachable) {
    return {
      status: 'degraded',
      message: `Redis is not answering (${inspection.error ?? 'unknown error'}); serving from memory`,
    };
  }
  if (inspection.breaker !== 'closed') {
    return {
      status: 'degraded',
      message: `Redis breaker is ${inspection.breaker}: recent commands failed or timed out`,
    };
  }
  return { status: 'connected', message: `Connected (${inspection.mode})` };
}
