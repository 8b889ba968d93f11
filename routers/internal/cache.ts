import {
  CacheInvalidateRequestSchema,
  CacheInvalidateResponseSchema,
  CacheMetricsSchema,
  CacheStatusSchema,
  InvalidationStatsSchema,
} from '../../domain/cache-schemas.js';
import { EmptyInputSchema } from '../../domain/schemas.js';
import { internalProcedure } from '../middleware.js';

const TAGS = ['Cache'];

export const cacheStatus = internalProcedure
  .meta({
    openapi: {
      method: 'GET',
      path: '/internal/cache/status',
      tags: TAGS,
      summary: 'Cache tiers and their state',
      description:
        'Both tiers (in-process memory, Redis) with their state, entries, memory use and hit rates, and hits per operation. Redis reports `disabled` without REDIS_URL and `unavailable` while it reconnects.',
      protect: true,
    },
  })
  .input(EmptyInputSchema)
  .output(CacheStatusSchema)
  .query(({ ctx }) => ctx.services.cache.status());

export const cacheMetrics = internalProcedure
  .meta({
    openapi: {
      method: 'GET',
      path: '/internal/cache/metrics',
      tags: TAGS,
      summary: 'Hit rates and operation counts',
      description:
        'Lookups, hits and misses with hit rates in percent: overall (`cache_hit_rate`), per tier and per operation, since this process started.',
      protect: true,
    },
  })
  .input(EmptyInputSchema)
  .output(CacheMetricsSchema)
  .query(({ ctx }) => ctx.services.cache.metrics());

export const cacheInvalidate = internalProcedure
  .meta({
    audit: true,
    openapi: {
      method: 'POST',
      path: '/internal/cache/invalidate',
      tags: TAGS,
      summary: 'Remove cached answers',
      description:
        'Removes entries by key pattern and/or operation and returns how many were removed; `pattern=*` removes every cache entry, and a missing or empty pattern without an operation is refused (422). Stored batch outcomes are never removed. Accepts the reference form `?pattern=…` with no body, or a JSON body.',
      protect: true,
    },
  })
  .input(CacheInvalidateRequestSchema)
  .output(CacheInvalidateResponseSchema)
  .mutation(async ({ ctx, input }) => {
    const pattern = input.pattern ?? '*';
    const removed = await ctx.services.cache.invalidate({
      pattern,
      operation: input.operation,
      context: input.operation_context ?? 'api_endpoint',
    });
    return {
      message: `Cache invalidated for pattern: ${pattern}${input.operation ? ` (operation: ${input.operation})` : ''}`,
      keys_removed: removed,
      pattern,
      operation: input.operation ?? null,
    };
  });

export const cacheInvalidationStats = internalProcedure
  .meta({
    openapi: {
      method: 'GET',
      path: '/internal/cache/invalidation-stats',
      tags: TAGS,
      summary: 'Invalidation history',
      description:
        'Invalidations this instance recorded (the latest 1,000): totals, rates over the last hour and day against the warning and critical thresholds, the most common patterns, and keys removed per invalidation.',
      protect: true,
    },
  })
  .input(EmptyInputSchema)
  .output(InvalidationStatsSchema)
  .query(({ ctx }) => ctx.services.cache.invalidationStats());
