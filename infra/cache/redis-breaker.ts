import {
  BrokenCircuitError,
  CircuitState,
  TaskCancelledError,
  TimeoutStrategy,
  circuitBreaker,
  handleAll,
  timeout,
  type IBreaker,
  type IDisposable,
} from 'cockatiel';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface RedisBreakerOptions {
  /** The Redis clients' command timeout, in ms; a slightly longer deadline guards every call. */
  readonly commandTimeoutMs: number;
  /** Consecutive failed calls that open the breaker (default 5). A call that timed out opens it
   * at once: a frozen or unreachable Redis would make every later call wait as long. */
  readonly threshold?: number | undefined;
  /** How long Redis is skipped once the breaker opens, in ms (default 5000). */
  readonly halfOpenAfterMs?: number | undefined;
}

/**
 * One process-wide notion of "Redis is unavailable", shared by every Redis user on the request
 * path (the cache tier, the rate limiter, the invalidation bus), so that a request waits for
 * Redis at most once: after a timeout, every call on any path fails fast to its in-memory
 * fallback until the cool-down ends; then exactly one call probes Redis while all others keep
 * failing fast, and its outcome closes or reopens the breaker.
 */
export interface RedisBreaker {
  /** Runs one Redis call under the breaker and a deadline. Rejects at once with a
   * `BrokenCircuitError` (`isBrokenCircuitError`) while the breaker is open or probing. */
  execute<T>(work: () => PromiseLike<T>): Promise<T>;
  readonly state: BreakerState;
  onStateChange(listener: (state: BreakerState) => void): IDisposable;
}

const DEADLINE_MARGIN_MS = 50;

export function createRedisBreaker(options: RedisBreakerOptions): RedisBreaker {
  const counter = new OutageBreaker(options.threshold ?? 5);
  const policy = circuitBreaker(handleAll, { halfOpenAfter: options.halfOpenAfterMs ?? 5000, breaker: counter });
  // ioredis times commands out itself; this deadline also bounds anything it would not (cluster
  // redirections, slot refreshes). Not `wrap(policy, deadline)`: that hands the deadline the
  // breaker's one shared never-aborted signal, and every pending command would add a listener to it
  // (MaxListenersExceededWarning past ten). Run without a signal, each call gets only its own.
  const deadline = timeout(options.commandTimeoutMs + DEADLINE_MARGIN_MS, TimeoutStrategy.Aggressive);

  async function guarded<T>(work: () => PromiseLike<T>): Promise<T> {
    try {
      return await deadline.execute(work);
    } catch (error) {
      if (isTimeout(error)) counter.timedOut();
      throw error;
    }
  }

  return {
    execute(work) {
      // cockatiel holds the other callers until the probe settles: up to a timeout each.
      if (policy.state === CircuitState.HalfOpen) {
        return Promise.reject(new BrokenCircuitError('Redis is being probed'));
      }
      return policy.execute(() => guarded(work));
    },
    get state() {
      return toBreakerState(policy.state);
    },
    onStateChange: (listener) => policy.onStateChange((state) => listener(toBreakerState(state))),
  };
}

/** Consecutive failures, except that a timed-out call opens the breaker on its own. */
class OutageBreaker implements IBreaker {
  state = { failures: 0, timeouts: 0 };

  constructor(private readonly threshold: number) {}

  /** Called just before the policy records the failure of a call that timed out. */
  timedOut(): void {
    this.state.timeouts += 1;
  }

  success(): void {
    this.state.failures = 0;
  }

  failure(): boolean {
    this.state.failures += 1;
    if (this.state.timeouts > 0) {
      this.state.timeouts -= 1;
      return true;
    }
    return this.state.failures >= this.threshold;
  }
}

function isTimeout(error: unknown): boolean {
  // ioredis's `commandTimeout` rejects with this message; the deadline with a TaskCancelledError
  // (not `isTaskCancelledError`: in cockatiel 3.2.1 it tests for a bulkhead rejection instead).
  return error instanceof TaskCancelledError || (error instanceof Error && error.message === 'Command timed out');
}

function toBreakerState(state: CircuitState): BreakerState {
  if (state === CircuitState.Closed) return 'closed';
  return state === CircuitState.HalfOpen ? 'half-open' : 'open';
}
