/**
 * Connects what infra and domain report (processed requests, provider failures, resilience and
 * cache events) to the metrics and the log. Built once in `server/deps.ts`.
 */
import cluster from 'node:cluster';
import type { ProcessedEvent } from '../domain/processor.js';
import type { StreamedEvent } from '../domain/stream-processor.js';
import type { ProviderChainEvent } from '../infra/ai/provider-chain.js';
import { toCacheTierEvent, type CacheEvent } from '../infra/cache/cache-events.js';
import type { Logger } from '../infra/logger.js';
import { createMetrics, type Metrics } from '../infra/metrics.js';
import type { ResilienceEvent } from '../infra/resilience/resilience-events.js';
import { createWorkerMetricsExporter } from './cluster.js';

export interface ObservabilityOptions {
  readonly logger: Logger;
  /** Collect process and runtime metrics (event-loop lag, memory, GC). Default `true`. */
  readonly runtimeMetrics?: boolean;
  /**
   * With several workers (`WEB_CONCURRENCY > 1`), serve every worker's metrics, aggregated, at
   * `GET /internal/metrics` instead of those of the worker that happened to be scraped.
   */
  readonly aggregateWorkers?: boolean;
}

export interface Observability {
  /** Goes into `AppServices.metrics`. */
  readonly metrics: Metrics;
  /** For `createTextProcessor({ onProcessed })`. */
  readonly onProcessed: (event: ProcessedEvent) => void;
  /** For `createStreamProcessor({ onStreamed })`. */
  readonly onStreamed: (event: StreamedEvent) => void;
  /** For `createProviderChain({ onEvent })`. */
  readonly onProviderEvent: (event: ProviderChainEvent) => void;
  /** For `policies.onEvent(...)`. */
  readonly onResilienceEvent: (event: ResilienceEvent) => void;
  /** For the cache stack's `onEvent`. */
  readonly onCacheEvent: (event: CacheEvent) => void;
}

/**
 * Metrics plus the log lines operators act on: a breaker opening or closing, a provider failing
 * over to the next one, Redis going away and coming back (state changes only, not every retry).
 * Listeners never throw into the call they observe.
 */
export function createObservability(options: ObservabilityOptions): Observability {
  const { logger } = options;
  const local = createMetrics({ runtime: options.runtimeMetrics ?? true });
  const metrics: Metrics =
    options.aggregateWorkers && cluster.isWorker
      ? { ...local, prometheus: createWorkerMetricsExporter(local.registry) }
      : local;
  const guarded =
    <E>(listener: (event: E) => void) =>
    (event: E) => {
      try {
        listener(event);
      } catch (error) {
        logger.warn('Metrics listener failed', { error: String(error) });
      }
    };

  let redisState: string | undefined;
  function logCacheEvent(event: CacheEvent): void {
    if (event.type === 'connection') {
      if (event.state === redisState) return;
      redisState = event.state;
      if (event.state === 'ready') logger.info('Redis cache connected');
      else if (event.state === 'closed') logger.info('Redis cache connection closed');
      else logger.warn(`Redis cache ${event.state}: serving from memory meanwhile`, { error: event.error?.message });
    } else if (event.type === 'breaker') {
      if (event.state === 'open') logger.warn('Redis cache breaker opened: skipping Redis for a while');
      else if (event.state === 'closed') logger.info('Redis cache breaker closed');
    } else if (event.type === 'corrupt-entry') {
      logger.warn('Dropped an undecodable cache entry', { reason: event.reason });
    } else if (event.type === 'invalidated' && event.source === 'resync') {
      logger.info('Dropped memory cache entries after missing invalidations', { keys: event.keys });
    }
  }

  return {
    metrics,
    onProcessed: guarded((event: ProcessedEvent) => metrics.recordProcessed(event)),
    onStreamed: guarded((event: StreamedEvent) => metrics.recordStreamed(event)),
    onCacheEvent: guarded((event: CacheEvent) => {
      const counted = toCacheTierEvent(event);
      if (counted) metrics.recordCacheEvent(counted);
      logCacheEvent(event);
    }),
    onProviderEvent: guarded((event: ProviderChainEvent) => {
      metrics.recordProviderEvent(event);
      if (event.type === 'provider_failed') {
        logger.warn(`Provider ${event.provider} failed for ${event.operation}`, {
          provider: event.provider,
          operation: event.operation,
          kind: event.error.kind,
          fallback: event.fallback,
        });
      }
    }),
    onResilienceEvent: guarded((event: ResilienceEvent) => {
      metrics.recordResilienceEvent(event);
      if (event.type === 'breaker_opened')
        logger.warn(`Circuit breaker ${event.breaker} opened`, { breaker: event.breaker });
      else if (event.type === 'breaker_closed')
        logger.info(`Circuit breaker ${event.breaker} closed`, { breaker: event.breaker });
      else if (event.type === 'config_updated') {
        logger.info('Resilience configuration updated', { preset: event.preset, custom: event.custom });
      }
    }),
  };
}
