import { MonitoringHealthSchema, MonitoringMetricsSchema } from '../../domain/monitoring-schemas.js';
import { EmptyInputSchema } from '../../domain/schemas.js';
import { internalProcedure } from '../middleware.js';

const TAGS = ['Monitoring'];

export const monitoringHealth = internalProcedure
  .meta({
    openapi: {
      method: 'GET',
      path: '/internal/monitoring/health',
      tags: TAGS,
      summary: 'Every component in detail',
      description:
        'Runs every component check (each under `HEALTH_CHECK_TIMEOUT_MS`) and reports each with its latency: AI providers by their circuit breakers, circuit breakers, cache tiers, event-loop delay. `unhealthy` when no AI provider can serve, `degraded` when any component is not healthy.',
      protect: true,
    },
  })
  .input(EmptyInputSchema)
  .output(MonitoringHealthSchema)
  .query(({ ctx }) => ctx.services.health.detail());

export const monitoringMetrics = internalProcedure
  .meta({
    openapi: {
      method: 'GET',
      path: '/internal/monitoring/metrics',
      tags: TAGS,
      summary: 'Operation, provider and cache statistics',
      description:
        'Per operation and provider: calls, success rate, p50/p95/p99 latency, retries, fallbacks, tokens; per cache tier: hits, misses, hit rate. Prometheus text is at `GET /internal/metrics`.',
      protect: true,
    },
  })
  .input(EmptyInputSchema)
  .output(MonitoringMetricsSchema)
  .query(({ ctx }) => ctx.services.metrics.snapshot());
