import { percentOf } from '../../domain/percent.js';
import type { Metrics } from '../../domain/resilience-schemas.js';

export type CounterName =
  | 'total_calls'
  | 'successful_calls'
  | 'failed_calls'
  | 'retry_attempts'
  | 'circuit_breaker_opens'
  | 'circuit_breaker_half_opens'
  | 'circuit_breaker_closes';

interface Counters extends Record<CounterName, number> {
  lastFailure: number | null;
  lastSuccess: number | null;
}

/** Call counters per name (operation or breaker), in the reference's `Metrics` shape. */
export interface MetricsStore {
  /** Adds one to `counter` of every name in `names`; `at` (epoch ms) stamps successes/failures. */
  count(names: readonly string[], counter: CounterName, at?: number): void;
  /** The metrics of `name`, zeros when nothing was counted for it. */
  get(name: string): Metrics;
  names(): string[];
  /** Forgets the counters of `names`, or of everything when omitted. */
  reset(names?: readonly string[]): void;
}

function emptyCounters(): Counters {
  return {
    total_calls: 0,
    successful_calls: 0,
    failed_calls: 0,
    retry_attempts: 0,
    circuit_breaker_opens: 0,
    circuit_breaker_half_opens: 0,
    circuit_breaker_closes: 0,
    lastFailure: null,
    lastSuccess: null,
  };
}

function toMetrics(counters: Counters): Metrics {
  return {
    total_calls: counters.total_calls,
    successful_calls: counters.successful_calls,
    failed_calls: counters.failed_calls,
    retry_attempts: counters.retry_attempts,
    circuit_breaker_opens: counters.circuit_breaker_opens,
    circuit_breaker_half_opens: counters.circuit_breaker_half_opens,
    circuit_breaker_closes: counters.circuit_breaker_closes,
    success_rate: percentOf(counters.successful_calls, counters.total_calls),
    failure_rate: percentOf(counters.failed_calls, counters.total_calls),
    last_failure: counters.lastFailure === null ? null : new Date(counters.lastFailure).toISOString(),
    last_success: counters.lastSuccess === null ? null : new Date(counters.lastSuccess).toISOString(),
  };
}

export function createMetricsStore(): MetricsStore {
  const counters = new Map<string, Counters>();

  function countersFor(name: string): Counters {
    let entry = counters.get(name);
    if (!entry) {
      entry = emptyCounters();
      counters.set(name, entry);
    }
    return entry;
  }

  return {
    count(names, counter, at) {
      for (const name of names) {
        const entry = countersFor(name);
        entry[counter] += 1;
        if (at === undefined) continue;
        if (counter === 'successful_calls') entry.lastSuccess = at;
        if (counter === 'failed_calls') entry.lastFailure = at;
      }
    },
    get(name) {
      return toMetrics(counters.get(name) ?? emptyCounters());
    },
    names() {
      return [...counters.keys()];
    },
    reset(names) {
      if (!names) counters.clear();
      else for (const name of names) counters.delete(name);
    },
  };
}
