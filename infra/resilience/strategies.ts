import type {
  CircuitBreakerConfig,
  RetryConfig,
  StrategyConfig,
  StrategyName,
} from '../../domain/resilience-schemas.js';

/** Reference `RetryConfig` defaults (seed contract §5.1). */
export const RETRY_DEFAULTS: Readonly<RetryConfig> = Object.freeze({
  max_attempts: 3,
  max_delay_seconds: 60,
  exponential_multiplier: 1.0,
  exponential_min: 2.0,
  exponential_max: 10.0,
  jitter: true,
  jitter_max: 2.0,
});

/** Reference `CircuitBreakerConfig` defaults (seed contract §5.1). */
export const CIRCUIT_BREAKER_DEFAULTS: Readonly<CircuitBreakerConfig> = Object.freeze({
  failure_threshold: 5,
  recovery_timeout: 60,
  half_open_max_calls: 1,
});

function strategy(
  name: StrategyName,
  retry: Partial<RetryConfig>,
  breaker: Pick<CircuitBreakerConfig, 'failure_threshold' | 'recovery_timeout'>,
): StrategyConfig {
  return {
    strategy: name,
    retry_config: { ...RETRY_DEFAULTS, ...retry },
    circuit_breaker_config: { ...CIRCUIT_BREAKER_DEFAULTS, ...breaker },
    enable_circuit_breaker: true,
    enable_retry: true,
  };
}

/**
 * The four strategies with the reference's exact numbers (`DEFAULT_PRESETS`, seed contract §5.1).
 * `max_attempts` counts every try; `max_delay_seconds` stops retrying once that much time has
 * elapsed since the first try.
 */
export const STRATEGIES: Readonly<Record<StrategyName, Readonly<StrategyConfig>>> = Object.freeze({
  aggressive: strategy(
    'aggressive',
    { max_attempts: 2, max_delay_seconds: 10, exponential_multiplier: 0.5, exponential_min: 1.0, exponential_max: 5.0 },
    { failure_threshold: 3, recovery_timeout: 30 },
  ),
  balanced: strategy(
    'balanced',
    {
      max_attempts: 3,
      max_delay_seconds: 30,
      exponential_multiplier: 1.0,
      exponential_min: 2.0,
      exponential_max: 10.0,
    },
    { failure_threshold: 5, recovery_timeout: 60 },
  ),
  conservative: strategy(
    'conservative',
    {
      max_attempts: 5,
      max_delay_seconds: 120,
      exponential_multiplier: 2.0,
      exponential_min: 4.0,
      exponential_max: 30.0,
    },
    { failure_threshold: 8, recovery_timeout: 120 },
  ),
  critical: strategy(
    'critical',
    {
      max_attempts: 7,
      max_delay_seconds: 300,
      exponential_multiplier: 1.5,
      exponential_min: 3.0,
      exponential_max: 60.0,
      jitter_max: 5.0,
    },
    { failure_threshold: 10, recovery_timeout: 300 },
  ),
});

/** A deep copy of a strategy's configuration, safe to change. */
export function copyStrategyConfig(config: Readonly<StrategyConfig>): StrategyConfig {
  return {
    ...config,
    retry_config: { ...config.retry_config },
    circuit_breaker_config: { ...config.circuit_breaker_config },
  };
}

/**
 * The wait before the try after `failedAttempt` (1 for the first try), without jitter, in
 * milliseconds: `clamp(multiplier × 2^(failedAttempt−1), min, max)` seconds, or a fixed 2 s when the
 * multiplier is not positive (tenacity `wait_exponential`).
 */
export function baseRetryDelayMs(retry: Readonly<RetryConfig>, failedAttempt: number): number {
  if (retry.exponential_multiplier <= 0) return 2000;
  const exponential = retry.exponential_multiplier * 2 ** (failedAttempt - 1);
  const seconds = Math.max(Math.max(0, retry.exponential_min), Math.min(exponential, retry.exponential_max));
  return seconds * 1000;
}

/** Smallest and largest wait after `failedAttempt`, jitter included, in milliseconds. */
export function retryDelayBoundsMs(
  retry: Readonly<RetryConfig>,
  failedAttempt: number,
): { readonly min: number; readonly max: number } {
  const base = baseRetryDelayMs(retry, failedAttempt);
  return { min: base, max: base + (retry.jitter ? retry.jitter_max * 1000 : 0) };
}

/**
 * The wait after `failedAttempt`: the exponential wait plus uniform jitter in `[0, jitter_max)`
 * seconds (tenacity `wait_exponential + wait_random`). `random` returns a number in `[0, 1)`.
 */
export function retryDelayMs(
  retry: Readonly<RetryConfig>,
  failedAttempt: number,
  random: () => number = Math.random,
): number {
  const jitter = retry.jitter ? random() * retry.jitter_max * 1000 : 0;
  return baseRetryDelayMs(retry, failedAttempt) + jitter;
}

/**
 * Whether to give up after a failed try: every try used, or the time budget spent (tenacity
 * `stop_after_attempt | stop_after_delay`, checked after each failure).
 */
export function shouldStopRetrying(retry: Readonly<RetryConfig>, attemptsMade: number, elapsedMs: number): boolean {
  return attemptsMade >= retry.max_attempts || elapsedMs >= retry.max_delay_seconds * 1000;
}
