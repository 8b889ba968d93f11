import {
  BenchmarkRequestSchema,
  BenchmarkResponseSchema,
  MessageResponseSchema,
  MetricsResponseSchema,
  OperationMetricsResponseSchema,
  OperationNameInputSchema,
  PerformanceThresholdsSchema,
  ResetMetricsInputSchema,
  ResilienceDashboardSchema,
  ResilienceHealthResponseSchema,
} from '../../domain/resilience-schemas.js';
import { EmptyInputSchema } from '../../domain/schemas.js';
import { internalProcedure } from '../middleware.js';

const TAGS = ['Resilience'];
const BASE = '/internal/resilience';

export const resilienceHealth = internalProcedure
  .meta({
    openapi: {
      method: 'GET',
      path: `${BASE}/health`,
      tags: TAGS,
      summary: 'Resilience health',
      description: 'Healthy while no circuit breaker is open.',
      protect: true,
    },
  })
  .input(EmptyInputSchema)
  .output(ResilienceHealthResponseSchema)
  .query(({ ctx }) => ctx.services.resilience.health());

export const resilienceMetrics = internalProcedure
  .meta({
    openapi: {
      method: 'GET',
      path: `${BASE}/metrics`,
      tags: TAGS,
      summary: 'Calls, retries and breakers per operation',
      description:
        'Per operation (by reference name, `summarize_text`...): calls, successes, failures, retries and breaker transitions, with success and failure rates in percent; every circuit breaker with its own metrics; a summary.',
      protect: true,
    },
  })
  .input(EmptyInputSchema)
  .output(MetricsResponseSchema)
  .query(({ ctx }) => ctx.services.resilience.metrics());

export const resilienceOperationMetrics = internalProcedure
  .meta({
    openapi: {
      method: 'GET',
      path: `${BASE}/metrics/{operation_name}`,
      tags: TAGS,
      summary: 'Metrics of one operation',
      description: 'Zeros for a name never seen (never 404, as in the reference).',
      protect: true,
    },
  })
  .input(OperationNameInputSchema)
  .output(OperationMetricsResponseSchema)
  .query(({ ctx, input }) => ctx.services.resilience.operationMetrics(input.operation_name));

export const resilienceResetMetrics = internalProcedure
  .meta({
    audit: true,
    openapi: {
      method: 'POST',
      path: `${BASE}/metrics/reset`,
      tags: TAGS,
      summary: 'Reset resilience metrics',
      description: 'One operation (`operation_name` in the query, as in the reference, or in a JSON body) or all.',
      protect: true,
    },
  })
  .input(ResetMetricsInputSchema)
  .output(MessageResponseSchema)
  .mutation(({ ctx, input }) => ctx.services.resilience.resetMetrics(input.operation_name));

export const resilienceDashboard = internalProcedure
  .meta({
    openapi: {
      method: 'GET',
      path: `${BASE}/dashboard`,
      tags: TAGS,
      summary: 'Health, totals and alerts at a glance',
      description:
        'Breaker counts, call totals with the success rate, the operations, and alerts: one per open circuit breaker, and `High failure rate detected` below 80 % success after more than 10 calls.',
      protect: true,
    },
  })
  .input(EmptyInputSchema)
  .output(ResilienceDashboardSchema)
  .query(({ ctx }) => ctx.services.resilience.dashboard());

export const resilienceBenchmark = internalProcedure
  .meta({
    openapi: {
      method: 'POST',
      path: `${BASE}/performance/benchmark`,
      tags: TAGS,
      summary: 'Benchmark the resilience machinery',
      description: 'Times preset loading, configuration, validation, start-up and the per-call policy overhead.',
      protect: true,
    },
  })
  .input(BenchmarkRequestSchema)
  .output(BenchmarkResponseSchema)
  .mutation(({ ctx, input }) => ctx.services.resilience.benchmark(input));

export const resilienceThresholds = internalProcedure
  .meta({
    openapi: {
      method: 'GET',
      path: `${BASE}/performance/thresholds`,
      tags: TAGS,
      summary: 'Benchmark pass thresholds',
      description:
        'The time each benchmark of `POST …/performance/benchmark` must stay under to pass, the targets, and how measurements are taken.',
      protect: true,
    },
  })
  .input(EmptyInputSchema)
  .output(PerformanceThresholdsSchema)
  .query(({ ctx }) => ctx.services.resilience.thresholds());
