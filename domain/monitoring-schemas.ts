/** Schemas of the operator's monitoring procedures (`/internal/monitoring/*`). */
import { z } from 'zod';
import { percentSchema } from './percent.js';
import { ComponentHealthSchema, OperationSchema } from './schemas.js';

export const MonitoringHealthSchema = z
  .object({
    status: z.enum(['healthy', 'degraded', 'unhealthy']).meta({
      description:
        '`unhealthy` when no AI provider can serve (every `ai:*` component unhealthy), else `degraded` if any component is not healthy, else `healthy`.',
    }),
    timestamp: z.string(),
    version: z.string(),
    components: z.record(z.string(), ComponentHealthSchema).meta({
      description:
        'Every component check (`ai:<provider>`, `resilience`, `cache:*`, `event_loop`), each with its latency.',
    }),
  })
  .meta({ id: 'MonitoringHealth' });
export type MonitoringHealth = z.infer<typeof MonitoringHealthSchema>;

export const LatencySummarySchema = z
  .object({
    p50: z.number().nonnegative().nullable(),
    p95: z.number().nonnegative().nullable(),
    p99: z.number().nonnegative().nullable(),
  })
  .meta({
    id: 'LatencySummary',
    description: 'Latency percentiles in milliseconds over the last ten minutes; null without samples.',
  });

export const TokenCountsSchema = z
  .object({
    input: z.number().int().nonnegative(),
    output: z.number().int().nonnegative(),
    total: z.number().int().nonnegative(),
  })
  .meta({ id: 'TokenCounts' });

export const OperationProviderMetricsSchema = z
  .object({
    operation: OperationSchema,
    provider: z.string(),
    calls: z
      .number()
      .int()
      .nonnegative()
      .meta({ description: 'Answers plus failures of this provider for this operation.' }),
    successes: z.number().int().nonnegative(),
    failures: z.number().int().nonnegative(),
    success_rate: percentSchema("successes / calls (the unit of the resilience metrics' `success_rate`)."),
    latency_ms: LatencySummarySchema,
    retries: z.number().int().nonnegative(),
    fallbacks: z
      .number()
      .int()
      .nonnegative()
      .meta({ description: 'Failures of this provider after which the next provider in the chain was tried.' }),
    degraded: z
      .number()
      .int()
      .nonnegative()
      .meta({ description: 'Answers given by the offline fallback after remote failures.' }),
    tokens: TokenCountsSchema,
  })
  .meta({ id: 'OperationProviderMetrics' });
export type OperationProviderMetrics = z.infer<typeof OperationProviderMetricsSchema>;

export const CacheTierMetricsSchema = z
  .object({
    tier: z.string(),
    hits: z.number().int().nonnegative(),
    misses: z.number().int().nonnegative(),
    hit_rate_percent: percentSchema('hits / (hits + misses).'),
    errors: z.number().int().nonnegative(),
  })
  .meta({ id: 'CacheTierMetrics' });
export type CacheTierMetrics = z.infer<typeof CacheTierMetricsSchema>;

export const BreakerStateMetricsSchema = z
  .object({
    name: z.string(),
    state: z.enum(['closed', 'half_open', 'open']),
    transitions: z.number().int().nonnegative(),
  })
  .meta({ id: 'BreakerStateMetrics' });

export const MonitoringMetricsSchema = z
  .object({
    timestamp: z.string(),
    uptime_seconds: z.number().nonnegative(),
    operations: z
      .array(OperationProviderMetricsSchema)
      .meta({ description: 'One entry per operation and provider seen.' }),
    cache: z.array(CacheTierMetricsSchema).meta({ description: 'One entry per cache tier seen.' }),
    cache_hits_by_operation: z
      .record(z.string(), z.number().int().nonnegative())
      .meta({ description: 'Answers served from the cache, per operation.' }),
    circuit_breakers: z.array(BreakerStateMetricsSchema),
    http: z.object({
      requests_total: z.number().int().nonnegative(),
      requests_in_flight: z.number().int().nonnegative(),
      rate_limited_total: z.number().int().nonnegative(),
    }),
  })
  .meta({
    id: 'MonitoringMetrics',
    description: 'Counters since this process started; with WEB_CONCURRENCY > 1, of the worker that answered.',
  });
export type MonitoringMetrics = z.infer<typeof MonitoringMetricsSchema>;
