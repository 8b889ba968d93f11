import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type {
  CircuitBreakerStatus,
  ProviderStatus,
  ProvidersResponse,
  ResilienceHealthResponse,
} from '../domain/resilience-schemas.js';
import type { HealthCheck, HealthCheckResult } from './health-service.js';

export interface ProviderHealthOptions {
  /** The chain that serves requests (`ProviderChain.describe`): providers, order, last outcomes. */
  readonly describe: () => ProvidersResponse;
  /** Every breaker with its timing (`PolicyRegistry.breakerStatuses`). */
  readonly breakers: () => readonly CircuitBreakerStatus[];
}

function isUsable(provider: ProviderStatus, localFallback: boolean): boolean {
  return !provider.local || provider.position === 0 || localFallback;
}

function toProviderHealth(provider: ProviderStatus, breakers: readonly CircuitBreakerStatus[]): HealthCheckResult {
  const label = `${provider.name} (${provider.model})`;
  if (provider.local) return { status: 'healthy', message: `${label} answers offline` };
  const own = breakers.filter((breaker) => breaker.provider === provider.name);
  const open = own.filter((breaker) => breaker.state === 'open');
  if (open.length > 0) {
    const names = open.map((breaker) => `${breaker.name} (trial after ${breaker.half_open_eligible_at ?? '?'})`);
    return { status: 'unhealthy', message: `${label}: circuit breaker open: ${names.join(', ')}` };
  }
  const halfOpen = own.filter((breaker) => breaker.state === 'half_open');
  if (halfOpen.length > 0) {
    const names = halfOpen.map((breaker) => breaker.name).join(', ');
    return { status: 'degraded', message: `${label}: circuit breaker half-open, next call is a trial: ${names}` };
  }
  const lastError = provider.last_error;
  // Permanent failures (a rejected key) never reach the breaker; the last outcome still tells.
  if (lastError && (provider.last_success_at === null || lastError.at > provider.last_success_at)) {
    return { status: 'degraded', message: `${label}: last call failed (${lastError.kind}): ${lastError.message}` };
  }
  return { status: 'healthy', message: `${label}: circuit breakers closed` };
}

/**
 * One `ai:<provider>` check per provider the chain can use, read from the chain's own state: an
 * open breaker is `unhealthy`, a half-open one `degraded`, and a provider whose breakers are closed
 * but whose last call failed is `degraded`. The offline `local` provider is always healthy; when
 * `AI_LOCAL_FALLBACK=false` keeps it out of the chain it has no check.
 */
export function createProviderHealthChecks(options: ProviderHealthOptions): HealthCheck[] {
  const initial = options.describe();
  return initial.providers
    .filter((provider) => isUsable(provider, initial.local_fallback))
    .map((provider): HealthCheck => ({
      name: `ai:${provider.name}`,
      kind: 'ai',
      run: async () => {
        const current = options.describe().providers.find((candidate) => candidate.name === provider.name);
        if (!current) return { status: 'unhealthy', message: `${provider.name} is no longer in the chain` };
        return toProviderHealth(current, options.breakers());
      },
    }));
}

/**
 * The `resilience` check, from the same report as `/v1/text_processing/health`: `degraded` while
 * any circuit breaker is open, naming the open and half-open ones.
 */
export function createResilienceHealthCheck(health: () => ResilienceHealthResponse): HealthCheck {
  return {
    name: 'resilience',
    kind: 'resilience',
    run: async () => {
      const { healthy, details } = health();
      const halfOpen =
        details.half_open_circuit_breakers.length > 0
          ? `; half-open: ${details.half_open_circuit_breakers.join(', ')}`
          : '';
      if (!healthy) {
        return {
          status: 'degraded',
          message: `Open circuit breakers: ${details.open_circuit_breakers.join(', ')}${halfOpen}`,
        };
      }
      return { status: 'healthy', message: `${details.total_circuit_breakers} circuit breakers, none open${halfOpen}` };
    },
  };
}

/** What the event-loop check reads: node's `IntervalHistogram` (values in nanoseconds). */
export interface DelayHistogram {
  readonly count: number;
  readonly max: number;
  percentile(percentile: number): number;
  reset(): void;
}

export interface EventLoopHealthOptions {
  /** p99 event-loop delay, in ms, above which the loop is `degraded`. Default 200. */
  readonly thresholdMs?: number;
  /** Shortest measuring window in ms; the first check after it starts a new one. Default 10000. */
  readonly windowMs?: number;
  /**
   * Samples a window needs to be judged before it is `windowMs` old; until then the previous one
   * is. Default 500 (5 s of a calm loop): a p99 of fewer samples is one or two pauses.
   */
  readonly minSamples?: number;
  /** Sampling interval of the histogram in ms, subtracted from each sample. Default 10. */
  readonly resolutionMs?: number;
  /** The delay histogram; default a `monitorEventLoopDelay` started here and stopped by `close`. */
  readonly histogram?: DelayHistogram;
  /** Monotonic ms. Default `performance.now`. */
  readonly now?: () => number;
}

export interface EventLoopHealthCheck extends HealthCheck {
  /** Stops sampling (only a histogram this check started). */
  close(): void;
}

interface WindowStats {
  readonly count: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/**
 * The `event_loop` check: the p99 of the event-loop delay (how late a timer fires) over the current
 * window, `degraded` above the threshold. A window lasts from one rotation to the first check at
 * least `windowMs` later. It is judged once it holds `minSamples` samples or is `windowMs` old (a
 * lagging loop samples slowly); until then the previous window is, or, right after start-up, none.
 * So lag in over 1% of the samples shows at the next check, a single pause does not count, and
 * the status clears within about a window after the lag stops.
 */
export function createEventLoopHealthCheck(options: EventLoopHealthOptions = {}): EventLoopHealthCheck {
  const thresholdMs = options.thresholdMs ?? 200;
  const windowMs = options.windowMs ?? 10_000;
  const minSamples = options.minSamples ?? 500;
  const resolutionMs = options.resolutionMs ?? 10;
  const now = options.now ?? (() => performance.now());
  let owned: IntervalHistogram | undefined;
  let histogram: DelayHistogram;
  if (options.histogram) histogram = options.histogram;
  else {
    owned = monitorEventLoopDelay({ resolution: resolutionMs });
    owned.enable();
    histogram = owned;
  }
  let windowStart = now();
  let previous: WindowStats | undefined;

  const toMs = (nanoseconds: number) => Math.max(0, nanoseconds / 1e6 - resolutionMs);
  const round = (ms: number) => Math.round(ms * 10) / 10;

  return {
    name: 'event_loop',
    kind: 'other',
    run: async () => {
      const age = now() - windowStart;
      const current: WindowStats =
        histogram.count === 0
          ? { count: 0, p99Ms: 0, maxMs: 0 }
          : { count: histogram.count, p99Ms: toMs(histogram.percentile(99)), maxMs: toMs(histogram.max) };
      const judged = current.count >= minSamples || age >= windowMs ? current : previous;
      if (age >= windowMs) {
        previous = current;
        histogram.reset();
        windowStart = now();
      }
      if (!judged) return { status: 'healthy', message: 'Event loop delay: measuring since start-up' };
      const figures = `p99 ${round(judged.p99Ms)} ms, max ${round(judged.maxMs)} ms over ${judged.count} samples`;
      if (judged.p99Ms > thresholdMs) {
        return { status: 'degraded', message: `Event loop lagging: ${figures} (threshold ${thresholdMs} ms)` };
      }
      return { status: 'healthy', message: `Event loop delay ${figures}` };
    },
    close: () => owned?.disable(),
  };
}
