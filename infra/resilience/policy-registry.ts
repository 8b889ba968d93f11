import {
  BrokenCircuitError,
  BulkheadRejectedError,
  CircuitState,
  ConsecutiveBreaker,
  TimeoutStrategy,
  bulkhead,
  circuitBreaker,
  handleWhen,
  retry,
  timeout,
  type BulkheadPolicy,
  type CircuitBreakerPolicy,
  type IBackoff,
  type IBackoffFactory,
  type IRetryBackoffContext,
  type RetryPolicy,
  type TimeoutPolicy,
} from 'cockatiel';
import { AppError, ModelError, isModelError } from '../../domain/errors.js';
import { OPERATION_INFO, type Operation } from '../../domain/operations.js';
import type { Clock } from '../../domain/ports.js';
import type {
  BreakerState,
  CircuitBreakerStatus,
  Metrics,
  RetryConfig,
  StrategyConfig,
} from '../../domain/resilience-schemas.js';
import { createSystemClock } from '../system-clock.js';
import { createMetricsStore } from './metrics-store.js';
import type { ResilienceConfig } from './resilience-config.js';
import {
  createEventHub,
  type PolicyTarget,
  type ResilienceEvent,
  type ResilienceEventListener,
} from './resilience-events.js';
import { retryDelayMs } from './strategies.js';

export interface PolicyRegistryOptions {
  /** The effective configuration (`createResilienceConfig`). */
  readonly config: ResilienceConfig;
  /** Concurrent calls per provider, shared by all its operations (`AI_MAX_CONCURRENCY`). */
  readonly maxConcurrency: number;
  /** Calls that may wait for a slot per provider; beyond it calls fail with 503. */
  readonly maxQueue: number;
  /** Time limit of one provider attempt in ms; its signal is aborted when it expires. */
  readonly attemptTimeoutMs: number;
  /** Wall clock for timestamps and breaker eligibility; must agree with `Date.now` (cockatiel's clock). */
  readonly clock?: Clock;
  /** Source of jitter in `[0, 1)`. Default `Math.random`. */
  readonly random?: () => number;
  /** `Retry-After` seconds of a call rejected because the provider's queue is full. Default 2. */
  readonly overloadRetryAfterSeconds?: number;
}

/** One call through a provider's policy. */
export interface PolicyCall<T> {
  readonly provider: string;
  readonly operation: Operation;
  /** One try against the provider; must honour `signal` (aborted on timeout). */
  readonly attempt: (signal: AbortSignal) => Promise<T>;
  /** The caller's cancellation. */
  readonly signal?: AbortSignal | undefined;
  /** A streamed attempt: it bounds its own time (first-byte and idle timeouts), so the
   * per-attempt timeout does not apply; the bulkhead slot is held until it ends. */
  readonly streaming?: boolean | undefined;
}

/**
 * The resilience policies of every (provider, operation), built lazily on first use and shared by
 * all requests: a per-provider bulkhead → retry → circuit breaker → per-attempt timeout → attempt.
 *
 * - Retries only `ModelError`s with `isRetryable`, with the strategy's backoff and jitter, stopping
 *   after `max_attempts` tries or once `max_delay_seconds` have elapsed since the first try, and
 *   not while the breaker is open. A `retryAfterMs` hint is honoured in full (never retried
 *   sooner, whatever the backoff cap); when it reaches past the `max_delay_seconds` budget the call
 *   gives up at once with that error, so the caller can move on or pass the hint along.
 * - The breaker (`<provider>:<operation reference name>`, e.g. `openai:summarize_text`) opens after
 *   `failure_threshold` consecutive retryable failures (each attempt counts; permanent errors
 *   neither count nor reset) and lets one trial call through after `recovery_timeout`.
 * - Errors: a timeout → `ModelError` kind `timeout`; an open breaker → `ModelError` kind
 *   `unavailable` with `retryAfterMs` until its trial; a full queue → `AppError`
 *   `SERVICE_UNAVAILABLE` with `retryAfterSeconds`; the caller's abort → its reason.
 */
export interface PolicyRegistry {
  execute<T>(call: PolicyCall<T>): Promise<T>;
  /** The configuration calls currently run with. */
  readonly config: ResilienceConfig;
  /**
   * Swaps the configuration: the next call runs with the new numbers. Policies are rebuilt;
   * breakers keep their state (an open breaker stays open, judged by the new recovery timeout);
   * metrics are kept; in-flight calls finish with the old numbers.
   */
  update(config: ResilienceConfig): void;
  /** Status of the breaker `name`, or `undefined` until a call has created it. */
  breakerStatus(name: string): CircuitBreakerStatus | undefined;
  /** Every breaker created so far, in creation order. */
  breakerStatuses(): CircuitBreakerStatus[];
  /** Closes the breaker `name` and clears its failure count; `false` when unknown. */
  resetBreaker(name: string): boolean;
  /** Metrics of an operation (reference name, e.g. `summarize_text`) or a breaker; zeros if unknown. */
  metrics(name: string): Metrics;
  /** Resets one operation's metrics (and its breakers'), or all metrics when omitted. */
  resetMetrics(operation?: string): void;
  /** Subscribes to policy events; returns the unsubscribe function. */
  onEvent(listener: ResilienceEventListener): () => void;
}

/** The breaker and policy name of a (provider, operation): `openai:summarize_text`. */
export function toBreakerName(provider: string, operation: Operation): string {
  return `${provider}:${OPERATION_INFO[operation].resilienceName}`;
}

interface BreakerHandle {
  readonly policy: CircuitBreakerPolicy;
  readonly counter: ConsecutiveBreaker;
  openedAt: number | null;
  lastFailureAt: number | null;
}

interface PolicyEntry {
  readonly target: PolicyTarget;
  readonly config: StrategyConfig;
  readonly retry: RetryPolicy;
  readonly timeout: TimeoutPolicy;
  circuit: BreakerHandle | null;
}

/** Carries the error out of cockatiel's retry loop once the time budget is spent or would be by the wait. */
class RetryBudgetSpent extends Error {
  constructor(readonly error: unknown) {
    super('Retry budget spent');
  }
}

function createBackoff(
  config: Readonly<RetryConfig>,
  random: () => number,
): IBackoffFactory<IRetryBackoffContext<unknown>> {
  const next = (context: IRetryBackoffContext<unknown>): IBackoff<IRetryBackoffContext<unknown>> => {
    const computed = retryDelayMs(config, context.attempt, random);
    const error = 'error' in context.result ? context.result.error : undefined;
    const hint = isModelError(error) ? (error.retryAfterMs ?? 0) : 0;
    return { duration: Math.max(computed, hint), next };
  };
  return { next };
}

export function createPolicyRegistry(options: PolicyRegistryOptions): PolicyRegistry {
  const clock = options.clock ?? createSystemClock();
  const random = options.random ?? Math.random;
  const overloadRetryAfterSeconds = options.overloadRetryAfterSeconds ?? 2;
  const metrics = createMetricsStore();
  const events = createEventHub<ResilienceEvent>();
  const bulkheads = new Map<string, BulkheadPolicy>();
  const entries = new Map<string, PolicyEntry>();
  let current = options.config;

  function bulkheadFor(provider: string): BulkheadPolicy {
    let policy = bulkheads.get(provider);
    if (!policy) {
      policy = bulkhead(options.maxConcurrency, options.maxQueue);
      bulkheads.set(provider, policy);
    }
    return policy;
  }

  function metricNames(target: PolicyTarget): string[] {
    return [OPERATION_INFO[target.operation].resilienceName, target.breaker];
  }

  function createBreaker(target: PolicyTarget, config: StrategyConfig, previous?: BreakerHandle): BreakerHandle {
    const counter = new ConsecutiveBreaker(config.circuit_breaker_config.failure_threshold);
    const policy = circuitBreaker(
      handleWhen((error) => isModelError(error) && error.isRetryable),
      {
        halfOpenAfter: config.circuit_breaker_config.recovery_timeout * 1000,
        breaker: counter,
        ...(previous ? { initialState: previous.policy.toJSON() } : {}),
      },
    );
    const handle: BreakerHandle = {
      policy,
      counter,
      openedAt: previous?.openedAt ?? null,
      lastFailureAt: previous?.lastFailureAt ?? null,
    };
    const names = metricNames(target);
    policy.onFailure(({ handled }) => {
      if (handled) handle.lastFailureAt = clock.now();
    });
    policy.onBreak(() => {
      handle.openedAt = clock.now();
      metrics.count(names, 'circuit_breaker_opens');
      events.emit({ ...target, type: 'breaker_opened' });
    });
    policy.onHalfOpen(() => {
      metrics.count(names, 'circuit_breaker_half_opens');
      events.emit({ ...target, type: 'breaker_half_opened' });
    });
    policy.onReset(() => {
      handle.openedAt = null;
      metrics.count(names, 'circuit_breaker_closes');
      events.emit({ ...target, type: 'breaker_closed' });
    });
    return handle;
  }

  function createEntry(target: PolicyTarget, previous?: PolicyEntry): PolicyEntry {
    const config = current.operations[target.operation].config;
    const entry: PolicyEntry = {
      target,
      config,
      retry: retry(
        handleWhen(
          (error) => isModelError(error) && error.isRetryable && entry.circuit?.policy.state !== CircuitState.Open,
        ),
        {
          maxAttempts: config.enable_retry ? Math.max(0, config.retry_config.max_attempts - 1) : 0,
          backoff: createBackoff(config.retry_config, random),
        },
      ),
      timeout: timeout(options.attemptTimeoutMs, { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false }),
      circuit: config.enable_circuit_breaker ? createBreaker(target, config, previous?.circuit ?? undefined) : null,
    };
    const names = metricNames(target);
    entry.retry.onRetry((event) => {
      metrics.count(names, 'retry_attempts');
      events.emit({
        ...target,
        type: 'retry',
        attempt: event.attempt + 1,
        delayMs: event.delay,
        error: 'error' in event ? event.error : undefined,
      });
    });
    return entry;
  }

  function entryFor(provider: string, operation: Operation): PolicyEntry {
    const name = toBreakerName(provider, operation);
    let entry = entries.get(name);
    if (!entry) {
      entry = createEntry({ provider, operation, breaker: name });
      entries.set(name, entry);
    }
    return entry;
  }

  async function runAttempt<T>(entry: PolicyEntry, call: PolicyCall<T>, signal: AbortSignal): Promise<T> {
    if (call.streaming) return call.attempt(signal);
    let timedOut = false;
    try {
      return await entry.timeout.execute(({ signal: attemptSignal }) => {
        attemptSignal.addEventListener(
          'abort',
          () => {
            if (!signal.aborted) timedOut = true;
          },
          { once: true },
        );
        return call.attempt(attemptSignal);
      }, signal);
    } catch (error) {
      if (!timedOut || signal.aborted) throw error;
      events.emit({ ...entry.target, type: 'attempt_timed_out', timeoutMs: options.attemptTimeoutMs });
      throw new ModelError(`${call.provider} did not answer within ${options.attemptTimeoutMs} ms`, {
        provider: call.provider,
        kind: 'timeout',
        cause: error,
      });
    }
  }

  function runWithRetry<T>(entry: PolicyEntry, call: PolicyCall<T>, signal: AbortSignal): Promise<T> {
    const started = clock.monotonic();
    const budgetMs = entry.config.retry_config.max_delay_seconds * 1000;
    return entry.retry.execute(async () => {
      try {
        const circuit = entry.circuit;
        return circuit
          ? await circuit.policy.execute(() => runAttempt(entry, call, signal), signal)
          : await runAttempt(entry, call, signal);
      } catch (error) {
        if (isModelError(error) && error.isRetryable) {
          const elapsedMs = clock.monotonic() - started;
          const allowedAtMs = elapsedMs + (error.retryAfterMs ?? 0);
          if (elapsedMs >= budgetMs || allowedAtMs > budgetMs) throw new RetryBudgetSpent(error);
        }
        throw error;
      }
    }, signal);
  }

  function remainingOpenMs(entry: PolicyEntry): number | undefined {
    const openedAt = entry.circuit?.openedAt;
    if (openedAt === null || openedAt === undefined) return undefined;
    const eligibleAt = openedAt + entry.config.circuit_breaker_config.recovery_timeout * 1000;
    return Math.max(0, eligibleAt - clock.now());
  }

  function toCallError(error: unknown, entry: PolicyEntry, signal: AbortSignal): unknown {
    if (error instanceof RetryBudgetSpent) return error.error;
    const { provider, breaker } = entry.target;
    if (error instanceof BrokenCircuitError) {
      const retryAfterMs = remainingOpenMs(entry);
      return new ModelError(`Circuit breaker '${breaker}' is open`, {
        provider,
        kind: 'unavailable',
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
        cause: error,
      });
    }
    if (error instanceof BulkheadRejectedError) {
      events.emit({ ...entry.target, type: 'bulkhead_rejected' });
      return new AppError('SERVICE_UNAVAILABLE', 'AI service is at capacity, please retry shortly', {
        cause: error,
        retryAfterSeconds: overloadRetryAfterSeconds,
      });
    }
    if (signal.aborted && signal.reason !== undefined) return signal.reason;
    return error;
  }

  async function execute<T>(call: PolicyCall<T>): Promise<T> {
    const entry = entryFor(call.provider, call.operation);
    const names = metricNames(entry.target);
    const signal = call.signal ?? new AbortController().signal;
    const started = clock.monotonic();
    metrics.count(names, 'total_calls');
    try {
      const value = await bulkheadFor(call.provider).execute(() => runWithRetry(entry, call, signal), signal);
      metrics.count(names, 'successful_calls', clock.now());
      events.emit({ ...entry.target, type: 'call_succeeded', durationMs: clock.monotonic() - started });
      return value;
    } catch (caught) {
      const error = toCallError(caught, entry, signal);
      metrics.count(names, 'failed_calls', clock.now());
      events.emit({ ...entry.target, type: 'call_failed', durationMs: clock.monotonic() - started, error });
      throw error;
    }
  }

  function stateOf(entry: PolicyEntry, circuit: BreakerHandle): BreakerState {
    switch (circuit.policy.state) {
      case CircuitState.Closed:
        return 'closed';
      case CircuitState.HalfOpen:
        return 'half_open';
      default:
        return remainingOpenMs(entry) === 0 ? 'half_open' : 'open';
    }
  }

  function toStatus(entry: PolicyEntry): CircuitBreakerStatus | undefined {
    const circuit = entry.circuit;
    if (!circuit) return undefined;
    const { failure_threshold, recovery_timeout } = entry.config.circuit_breaker_config;
    const state = stateOf(entry, circuit);
    const openedAt = state === 'closed' ? null : circuit.openedAt;
    const iso = (time: number | null) => (time === null ? null : new Date(time).toISOString());
    return {
      name: entry.target.breaker,
      provider: entry.target.provider,
      operation: OPERATION_INFO[entry.target.operation].resilienceName,
      state,
      failure_count: circuit.counter.state,
      failure_threshold,
      recovery_timeout,
      last_failure_time: iso(circuit.lastFailureAt),
      opened_at: iso(openedAt),
      half_open_eligible_at: openedAt === null ? null : iso(openedAt + recovery_timeout * 1000),
      metrics: metrics.get(entry.target.breaker),
    };
  }

  return {
    execute,
    get config() {
      return current;
    },
    update(config) {
      current = config;
      for (const [name, entry] of entries) entries.set(name, createEntry(entry.target, entry));
      events.emit({ type: 'config_updated', preset: config.preset, custom: config.customConfig !== null });
    },
    breakerStatus(name) {
      const entry = entries.get(name);
      return entry ? toStatus(entry) : undefined;
    },
    breakerStatuses() {
      const statuses: CircuitBreakerStatus[] = [];
      for (const entry of entries.values()) {
        const status = toStatus(entry);
        if (status) statuses.push(status);
      }
      return statuses;
    },
    resetBreaker(name) {
      const entry = entries.get(name);
      if (!entry?.circuit) return false;
      const wasClosed = entry.circuit.policy.state === CircuitState.Closed;
      entry.circuit = createBreaker(entry.target, entry.config);
      if (!wasClosed) metrics.count(metricNames(entry.target), 'circuit_breaker_closes');
      events.emit({ ...entry.target, type: 'breaker_reset' });
      return true;
    },
    metrics(name) {
      return metrics.get(name);
    },
    resetMetrics(operation) {
      if (operation === undefined) {
        metrics.reset();
        return;
      }
      metrics.reset(metrics.names().filter((name) => name === operation || name.endsWith(`:${operation}`)));
    },
    onEvent(listener) {
      return events.on(listener);
    },
  };
}
