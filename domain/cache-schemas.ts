/** Schemas of the operator's cache procedures. */
import { z } from 'zod';
import { percentSchema } from './percent.js';
import { OperationSchema } from './schemas.js';

const count = () => z.number().int().nonnegative();

const HitCountsSchema = z.object({
  hits: count(),
  misses: count(),
  hit_rate_percent: percentSchema('hits / (hits + misses).'),
});

const OperationHitsSchema = HitCountsSchema.extend({
  memory_hits: count().meta({ description: 'Hits answered by the in-process tier.' }),
  redis_hits: count().meta({ description: 'Hits answered by Redis (then copied into memory).' }),
}).meta({
  id: 'CacheOperationHits',
  description: 'Lookups of one operation (read from the key); `batch` = batch outcomes.',
});

const MemoryTierStatusSchema = HitCountsSchema.extend({
  status: z.literal('active'),
  entries: count(),
  max_entries: count(),
  memory_bytes: count().meta({ description: 'Approximate size: JSON length of keys and values.' }),
  max_memory_bytes: count(),
  evictions: count().meta({ description: 'Entries evicted to stay within the bounds.' }),
});

const RedisTierStatusSchema = z
  .object({
    status: z.enum(['connected', 'degraded', 'unavailable', 'disabled']).meta({
      description:
        '`connected`: in use; `degraded`: connected but skipped (breaker open) or not answering; `unavailable`: not connected, the service runs on the memory tier and reconnects by itself; `disabled`: no Redis configured.',
    }),
    message: z.string(),
    mode: z.enum(['standalone', 'cluster']).optional(),
    connection: z
      .string()
      .optional()
      .meta({ description: 'Client connection state (ready, connecting, reconnecting, end...).' }),
    breaker: z
      .enum(['closed', 'open', 'half-open'])
      .optional()
      .meta({ description: 'Breaker around Redis: `open` = Redis is skipped for a few seconds.' }),
    keys: count().optional().meta({ description: "Keys in this service's namespace." }),
    keys_by_operation: z.record(z.string(), count()).optional(),
    keys_complete: z
      .boolean()
      .optional()
      .meta({ description: 'False when counting stopped early on a very large keyspace.' }),
    memory_used: z.string().optional().meta({ description: 'Redis `used_memory`, human-readable (whole server).' }),
    memory_used_bytes: count().optional(),
    hits: count().optional(),
    misses: count().optional(),
    hit_rate_percent: percentSchema('hits / (hits + misses) of Redis lookups.').optional(),
    writes: count().optional(),
    errors: count().optional().meta({ description: 'Commands that failed or timed out.' }),
    skipped: count().optional().meta({ description: 'Calls not sent: disconnected or breaker open.' }),
    corrupt_entries: count()
      .optional()
      .meta({ description: 'Undecodable entries found (treated as misses and deleted).' }),
    encrypted: z.boolean().optional().meta({ description: 'Values are encrypted at rest (AES-256-GCM).' }),
    compression_threshold: count()
      .optional()
      .meta({ description: 'Values above this many bytes of JSON are compressed.' }),
  })
  .meta({ id: 'CacheRedisTierStatus' });

export const CacheStatusSchema = z
  .object({
    tiers: z.object({ memory: MemoryTierStatusSchema, redis: RedisTierStatusSchema }),
    hit_rate_percent: percentSchema('Lookups answered by either tier.'),
    operations: z.record(z.string(), OperationHitsSchema),
  })
  .meta({ id: 'CacheStatus', description: 'Cache tiers with connection state, entries, memory and hit rates.' });

export const CacheMetricsSchema = z
  .object({
    timestamp: z.string(),
    cache_hit_rate: percentSchema('Lookups that hit, all tiers (reference name).'),
    total_cache_operations: count().meta({ description: 'Lookups (hits + misses).' }),
    cache_hits: count(),
    cache_misses: count(),
    tiers: z.object({
      memory: HitCountsSchema,
      redis: HitCountsSchema.extend({
        enabled: z.boolean(),
        writes: count(),
        errors: count(),
        skipped: count(),
        corrupt_entries: count(),
      }),
    }),
    operations: z.record(z.string(), OperationHitsSchema),
  })
  .meta({ id: 'CacheMetrics' });

/** Why an invalidation without a scope is refused: a full wipe must be asked for explicitly. */
export const PATTERN_REQUIRED = 'Give a pattern (`*` removes every cache entry) or an operation';

export const CacheInvalidateRequestSchema = z
  .object({
    pattern: z.string().min(1, PATTERN_REQUIRED).max(200).optional().meta({
      description:
        'Substring of the key (glob `*` allowed); `*` = every cache entry. Required unless `operation` is given; never empty. Stored batch outcomes are not cache entries and are never removed.',
    }),
    operation: OperationSchema.optional().meta({ description: 'Only entries of this operation.' }),
    operation_context: z.string().max(100).optional().meta({ description: 'Free text recorded with the event.' }),
  })
  .refine((request) => request.pattern !== undefined || request.operation !== undefined, {
    path: ['pattern'],
    message: PATTERN_REQUIRED,
  })
  .meta({ id: 'CacheInvalidateRequest' });

export const CacheInvalidateResponseSchema = z
  .object({
    message: z.string(),
    keys_removed: z.number().int().nonnegative(),
    pattern: z.string(),
    operation: OperationSchema.nullable(),
  })
  .meta({ id: 'CacheInvalidateResponse' });

export const InvalidationStatsSchema = z
  .object({
    total_invalidations: count(),
    total_keys_invalidated: count(),
    rates: z.object({ last_hour: count(), last_24_hours: count() }),
    thresholds: z.object({
      warning_per_hour: count(),
      critical_per_hour: count(),
      current_alert_level: z.enum(['normal', 'warning', 'critical']),
    }),
    patterns: z.object({
      most_common_patterns: z.array(z.object({ pattern: z.string(), count: count() })),
    }),
    efficiency: z.object({
      avg_keys_per_invalidation: z.number().nonnegative(),
      avg_duration_ms: z.number().nonnegative(),
    }),
  })
  .meta({ id: 'InvalidationStats', description: 'Invalidations recorded by this instance (most recent 1000).' });

export type CacheStatus = z.infer<typeof CacheStatusSchema>;
export type CacheMetrics = z.infer<typeof CacheMetricsSchema>;
export type InvalidationStats = z.infer<typeof InvalidationStatsSchema>;
