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
      protect: true,
    },
  })
  .input(EmptyInputSchema)
  .output(InvalidationStatsSchema)
  .query(({ ctx }) => ctx.services.cache.invalidationStats());
