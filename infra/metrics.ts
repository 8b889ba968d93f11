import { Counter, Gauge, Histogram, Registry, Summary, collectDefaultMetrics } from 'prom-client';
import type { MonitoringMetrics, OperationProviderMetrics } from '../domain/monitoring-schemas.js';
import type { Operation } from '../domain/operations.js';
import { percentOf } from '../domain/percent.js';
import type { ProcessedEvent } from '../domain/processor.js';
import type { StreamedEvent } from '../domain/stream-processor.js';
import type { ProviderChainEvent } from './ai/provider-chain.js';
import type { ResilienceEvent } from './resilience/resilience-events.js';
import { createStreamMetrics } from './stream-metrics.js';

/**
 * What a cache tier reports per lookup or write, for the cache's `onEvent` to feed
 * `recordCacheEvent`. `tier` is the tier's short name (`memory`, `redis`).
 */
export interface CacheTierEvent {
  readonly type: 'hit' | 'miss' | 'write' | 'error';
  readonly tier: string;
}

/** One finished HTTP request. `route` is the route template, never the raw path. */
export interface HttpRequestSample {
  readonly method: string;
  readonly route: string;
  readonly status: number;
}

export interface MetricsOptions {
  /** Prefix of the service's own metric names. Default `ai_text_`. */
  readonly prefix?: string;
  /** Also collect the process and Node.js runtime metrics (CPU, memory, GC, event-loop lag). Default `true`. */
  readonly runtime?: boolean;
  /** Milliseconds since the epoch (tests pass a fake). */
  readonly now?: () => number;
}

/**
 * The service's metrics on a private prom-client `Registry`: HTTP latency by route template,
 * operation latency by provider, provider calls, errors, retries and fallbacks, tokens, cache
 * hits and misses per tier, circuit-breaker states, in-flight requests and the runtime metrics
 * (event-loop lag included). `prometheus()` is the text exposition; `snapshot()` is the JSON view
 * of the same counters, with latency percentiles over the last ten minutes.
 */
export interface Metrics {
  readonly registry: Registry;
  /** `Content-Type` of `prometheus()`. */
  readonly contentType: string;
  prometheus(): Promise<string>;
  snapshot(): Promise<MonitoringMetrics>;
  /** Counts the request as in flight; call the returned function once when it has finished. */
  startRequest(): (sample: HttpRequestSample) => void;
  recordRateLimited(rule: string): void;
  recordProcessed(event: ProcessedEvent): void;
  /** A streamed answer ended: its time to first byte and duration. */
  recordStreamed(event: StreamedEvent): void;
  recordCacheEvent(event: CacheTierEvent): void;
  recordProviderEvent(event: ProviderChainEvent): void;
  recordResilienceEvent(event: ResilienceEvent): void;
}

const BREAKER_STATE = { closed: 0, half_open: 1, open: 2 } as const;
type BreakerStateName = keyof typeof BREAKER_STATE;
const BREAKER_TRANSITIONS: Partial<Record<ResilienceEvent['type'], BreakerStateName>> = {
  breaker_opened: 'open',
  breaker_half_opened: 'half_open',
  breaker_closed: 'closed',
  breaker_reset: 'closed',
};

const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const OPERATION_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

type Labels = Partial<Record<string, string | number>>;

async function valuesOf(metric: Counter | Gauge): Promise<{ labels: Labels; value: number }[]> {
  const { values } = await metric.get();
  return values.map(({ labels, value }) => ({ labels, value }));
}

const pairKey = (operation: unknown, provider: unknown) => `${String(operation)}\u0000${String(provider)}`;

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const prefix = options.prefix ?? 'ai_text_';
  const now = options.now ?? Date.now;
  const started = now();
  const registry = new Registry();
  const registers = [registry];
  if (options.runtime ?? true) collectDefaultMetrics({ register: registry });

  const httpDuration = new Histogram({
    name: `${prefix}http_request_duration_seconds`,
    help: 'HTTP request latency by route template and status code.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: HTTP_BUCKETS,
    registers,
  });
  const inFlight = new Gauge({
    name: `${prefix}http_requests_in_flight`,
    help: 'HTTP requests being served.',
    registers,
  });
  const rateLimited = new Counter({
    name: `${prefix}http_rate_limited_total`,
    help: 'Requests refused with 429, by rate-limit rule.',
    labelNames: ['rule'] as const,
    registers,
  });
  const operationDuration = new Histogram({
    name: `${prefix}operation_duration_seconds`,
    help: 'Time to answer one text operation, by provider and whether the cache answered.',
    labelNames: ['operation', 'provider', 'cache_hit'] as const,
    buckets: OPERATION_BUCKETS,
    registers,
  });
  // Not registered: it only feeds the percentiles of the JSON view (Prometheus users have the histogram).
  const operationLatency = new Summary({
    name: `${prefix}operation_latency_ms`,
    help: 'Provider latency percentiles over ten minutes.',
    labelNames: ['operation', 'provider'] as const,
    percentiles: [0.5, 0.95, 0.99],
    maxAgeSeconds: 600,
    ageBuckets: 5,
    registers: [],
  });
  const providerCalls = new Counter({
    name: `${prefix}provider_calls_total`,
    help: 'Provider answers (success) and failures after retries (failure), by operation.',
    labelNames: ['operation', 'provider', 'outcome'] as const,
    registers,
  });
  const providerErrors = new Counter({
    name: `${prefix}provider_errors_total`,
    help: 'Provider failures by kind (timeout, rate_limit, server, auth, invalid_output...).',
    labelNames: ['operation', 'provider', 'kind'] as const,
    registers,
  });
  const fallbacks = new Counter({
    name: `${prefix}provider_fallbacks_total`,
    help: 'Provider failures after which the next provider in the chain was tried.',
    labelNames: ['operation', 'provider'] as const,
    registers,
  });
  const degraded = new Counter({
    name: `${prefix}degraded_answers_total`,
    help: 'Answers given by the offline fallback after every remote provider failed.',
    labelNames: ['operation', 'provider'] as const,
    registers,
  });
  const retries = new Counter({
    name: `${prefix}retries_total`,
    help: 'Retried provider attempts.',
    labelNames: ['operation', 'provider'] as const,
    registers,
  });
  const attemptTimeouts = new Counter({
    name: `${prefix}attempt_timeouts_total`,
    help: 'Provider attempts cut off by their timeout.',
    labelNames: ['operation', 'provider'] as const,
    registers,
  });
  const bulkheadRejections = new Counter({
    name: `${prefix}bulkhead_rejections_total`,
    help: 'Calls refused because the provider’s concurrency limit and queue were full.',
    labelNames: ['operation', 'provider'] as const,
    registers,
  });
  const breakerState = new Gauge({
    name: `${prefix}circuit_breaker_state`,
    help: 'Circuit breaker state: 0 closed, 1 half-open, 2 open.',
    labelNames: ['breaker'] as const,
    registers,
  });
  const breakerTransitions = new Counter({
    name: `${prefix}circuit_breaker_transitions_total`,
    help: 'Circuit breaker state changes, by the state entered.',
    labelNames: ['breaker', 'state'] as const,
    registers,
  });
  const tokens = new Counter({
    name: `${prefix}tokens_total`,
    help: 'Model tokens reported by providers.',
    labelNames: ['operation', 'provider', 'direction'] as const,
    registers,
  });
  const cacheLookups = new Counter({
    name: `${prefix}cache_lookups_total`,
    help: 'Cache lookups per tier, by result (hit or miss).',
    labelNames: ['tier', 'result'] as const,
    registers,
  });
  const cacheWrites = new Counter({
    name: `${prefix}cache_writes_total`,
    help: 'Cache writes per tier.',
    labelNames: ['tier'] as const,
    registers,
  });
  const cacheErrors = new Counter({
    name: `${prefix}cache_errors_total`,
    help: 'Cache tier failures (each counted as a miss by the caller).',
    labelNames: ['tier'] as const,
    registers,
  });
  const operationCacheHits = new Counter({
    name: `${prefix}operation_cache_hits_total`,
    help: 'Answers served from the cache, by operation.',
    labelNames: ['operation'] as const,
    registers,
  });

  const recordStreamed = createStreamMetrics(registry, prefix);
  const breakerStates = new Map<string, BreakerStateName>();

  function recordProcessed(event: ProcessedEvent): void {
    const labels = { operation: event.operation, provider: event.provider };
    operationDuration.observe({ ...labels, cache_hit: String(event.cacheHit) }, event.durationMs / 1000);
    if (event.cacheHit) {
      operationCacheHits.inc({ operation: event.operation });
      return;
    }
    operationLatency.observe(labels, event.durationMs);
    providerCalls.inc({ ...labels, outcome: 'success' });
    if (event.degraded) degraded.inc(labels);
    if (event.usage) {
      tokens.inc({ ...labels, direction: 'input' }, event.usage.input_tokens);
      tokens.inc({ ...labels, direction: 'output' }, event.usage.output_tokens);
    }
  }

  function recordProviderEvent(event: ProviderChainEvent): void {
    if (event.type !== 'provider_failed') return;
    const labels = { operation: event.operation, provider: event.provider };
    providerCalls.inc({ ...labels, outcome: 'failure' });
    providerErrors.inc({ ...labels, kind: event.error.kind });
    if (event.fallback) fallbacks.inc(labels);
  }

  function recordResilienceEvent(event: ResilienceEvent): void {
    if (event.type === 'config_updated') return;
    const labels = { operation: event.operation, provider: event.provider };
    if (event.type === 'retry') retries.inc(labels);
    else if (event.type === 'attempt_timed_out') attemptTimeouts.inc(labels);
    else if (event.type === 'bulkhead_rejected') bulkheadRejections.inc(labels);
    const state = BREAKER_TRANSITIONS[event.type];
    if (state !== undefined) {
      breakerStates.set(event.breaker, state);
      breakerState.set({ breaker: event.breaker }, BREAKER_STATE[state]);
      breakerTransitions.inc({ breaker: event.breaker, state });
    }
  }

  function recordCacheEvent(event: CacheTierEvent): void {
    if (event.type === 'hit' || event.type === 'miss') cacheLookups.inc({ tier: event.tier, result: event.type });
    else if (event.type === 'write') cacheWrites.inc({ tier: event.tier });
    else cacheErrors.inc({ tier: event.tier });
  }

  async function operationsView(): Promise<OperationProviderMetrics[]> {
    const rows = new Map<string, OperationProviderMetrics>();
    const row = (labels: Labels) => {
      const key = pairKey(labels.operation, labels.provider);
      let existing = rows.get(key);
      if (!existing) {
        existing = {
          operation: labels.operation as Operation,
          provider: String(labels.provider),
          calls: 0,
          successes: 0,
          failures: 0,
          success_rate: null,
          latency_ms: { p50: null, p95: null, p99: null },
          retries: 0,
          fallbacks: 0,
          degraded: 0,
          tokens: { input: 0, output: 0, total: 0 },
        };
        rows.set(key, existing);
      }
      return existing;
    };
    for (const { labels, value } of await valuesOf(providerCalls)) {
      const target = row(labels);
      if (labels.outcome === 'success') target.successes += value;
      else target.failures += value;
    }
    for (const { labels, value } of await valuesOf(retries)) row(labels).retries += value;
    for (const { labels, value } of await valuesOf(fallbacks)) row(labels).fallbacks += value;
    for (const { labels, value } of await valuesOf(degraded)) row(labels).degraded += value;
    for (const { labels, value } of await valuesOf(tokens)) {
      const target = row(labels).tokens;
      if (labels.direction === 'input') target.input += value;
      else target.output += value;
      target.total += value;
    }
    const quantiles = await operationLatency.get();
    const percentile = { 0.5: 'p50', 0.95: 'p95', 0.99: 'p99' } as const;
    for (const { labels, value } of quantiles.values) {
      const name = percentile[Number((labels as Labels).quantile) as keyof typeof percentile];
      if (name === undefined || !Number.isFinite(value)) continue;
      row(labels).latency_ms[name] = Math.round(value * 100) / 100;
    }
    return [...rows.values()]
      .map((entry) => {
        const calls = entry.successes + entry.failures;
        return { ...entry, calls, success_rate: percentOf(entry.successes, calls) };
      })
      .sort((a, b) => a.operation.localeCompare(b.operation) || a.provider.localeCompare(b.provider));
  }

  async function cacheView(): Promise<MonitoringMetrics['cache']> {
    const tiers = new Map<string, { hits: number; misses: number; errors: number }>();
    const tier = (name: unknown) => {
      const key = String(name);
      let existing = tiers.get(key);
      if (!existing) {
        existing = { hits: 0, misses: 0, errors: 0 };
        tiers.set(key, existing);
      }
      return existing;
    };
    for (const { labels, value } of await valuesOf(cacheLookups)) {
      if (labels.result === 'hit') tier(labels.tier).hits += value;
      else tier(labels.tier).misses += value;
    }
    for (const { labels, value } of await valuesOf(cacheErrors)) tier(labels.tier).errors += value;
    return [...tiers.entries()]
      .map(([name, counts]) => ({
        tier: name,
        ...counts,
        hit_rate_percent: percentOf(counts.hits, counts.hits + counts.misses),
      }))
      .sort((a, b) => a.tier.localeCompare(b.tier));
  }

  async function snapshot(): Promise<MonitoringMetrics> {
    const transitions = new Map<string, number>();
    for (const { labels, value } of await valuesOf(breakerTransitions)) {
      const name = String(labels.breaker);
      transitions.set(name, (transitions.get(name) ?? 0) + value);
    }
    const cacheHitsByOperation: Record<string, number> = {};
    for (const { labels, value } of await valuesOf(operationCacheHits))
      cacheHitsByOperation[String(labels.operation)] = value;
    const httpCount = (await httpDuration.get()).values
      .filter((value) => value.metricName?.endsWith('_count'))
      .reduce((sum, value) => sum + value.value, 0);
    const limited = (await valuesOf(rateLimited)).reduce((sum, value) => sum + value.value, 0);
    const [inFlightValue] = await valuesOf(inFlight);
    return {
      timestamp: new Date(now()).toISOString(),
      uptime_seconds: Math.max(0, Math.round((now() - started) / 1000)),
      operations: await operationsView(),
      cache: await cacheView(),
      cache_hits_by_operation: cacheHitsByOperation,
      circuit_breakers: [...breakerStates.entries()].map(([name, state]) => ({
        name,
        state,
        transitions: transitions.get(name) ?? 0,
      })),
      http: {
        requests_total: httpCount,
        requests_in_flight: Math.max(0, inFlightValue?.value ?? 0),
        rate_limited_total: limited,
      },
    };
  }

  return {
    registry,
    contentType: registry.contentType,
    prometheus: () => registry.metrics(),
    snapshot,
    startRequest() {
      inFlight.inc();
      const timer = process.hrtime.bigint();
      let done = false;
      return (sample) => {
        if (done) return;
        done = true;
        inFlight.dec();
        const seconds = Number(process.hrtime.bigint() - timer) / 1e9;
        httpDuration.observe(
          { method: sample.method, route: sample.route, status_code: String(sample.status) },
          seconds,
        );
      };
    },
    recordRateLimited: (rule) => rateLimited.inc({ rule }),
    recordProcessed,
    recordStreamed,
    recordCacheEvent,
    recordProviderEvent,
    recordResilienceEvent,
  };
}
