import { ValidationError } from '../../domain/errors.js';
import { percentOf } from '../../domain/percent.js';
import type { Clock } from '../../domain/ports.js';
import {
  BENCHMARK_OPERATIONS,
  PRESET_NAMES,
  type BenchmarkOperation,
  type BenchmarkResponse,
  type BenchmarkResult,
  type PerformanceThresholds,
} from '../../domain/resilience-schemas.js';
import { createSystemClock } from '../system-clock.js';
import { parseCustomConfigJson, validateCustomConfig } from './custom-config.js';
import { createPolicyRegistry } from './policy-registry.js';
import { PRESETS, toResilienceConfig } from './presets.js';
import { createResilienceConfig } from './resilience-config.js';

/** Pass thresholds per benchmark, in ms per iteration (reference §1.2 #50/#51, plus policy overhead). */
export const BENCHMARK_THRESHOLDS_MS: Readonly<Record<BenchmarkOperation, number>> = Object.freeze({
  preset_loading: 10,
  resilience_config_loading: 100,
  custom_config_loading: 100,
  service_initialization: 200,
  validation_performance: 50,
  breaker_overhead: 1,
});

export const DEFAULT_BENCHMARK_ITERATIONS = 50;

/** What `GET /internal/resilience/performance/thresholds` reports. */
export function getPerformanceThresholds(): PerformanceThresholds {
  return {
    thresholds: {
      config_loading_ms: BENCHMARK_THRESHOLDS_MS.resilience_config_loading,
      preset_access_ms: BENCHMARK_THRESHOLDS_MS.preset_loading,
      validation_ms: BENCHMARK_THRESHOLDS_MS.validation_performance,
      service_initialization_ms: BENCHMARK_THRESHOLDS_MS.service_initialization,
      breaker_overhead_ms: BENCHMARK_THRESHOLDS_MS.breaker_overhead,
    },
    targets: {
      primary_target: 'Configuration loading under 100ms',
      secondary_targets: ['Preset access under 10ms', 'Validation under 50ms', 'Service initialization under 200ms'],
    },
    measurement_info: {
      default_iterations: DEFAULT_BENCHMARK_ITERATIONS,
      memory_tracking: 'Peak heap growth in MB',
      timing_precision: 'Sub-millisecond precision with performance.now',
    },
  };
}

export interface BenchmarkOptions {
  /** Iterations per benchmark. Default 50. */
  readonly iterations?: number;
  /** Benchmarks to run (all when omitted); an unknown name is a `ValidationError`. */
  readonly operations?: readonly string[] | null | undefined;
  readonly clock?: Clock;
}

const SAMPLE_CUSTOM_CONFIG = JSON.stringify({
  retry_attempts: 4,
  circuit_breaker_threshold: 6,
  recovery_timeout: 90,
  default_strategy: 'balanced',
  operation_overrides: { qa: 'critical', sentiment: 'aggressive' },
  exponential_multiplier: 1.5,
  exponential_min: 1.0,
  exponential_max: 20.0,
  jitter_enabled: true,
  jitter_max: 1.5,
  max_delay_seconds: 90,
});

type Iteration = (index: number) => unknown;

function isBenchmarkOperation(name: string): name is BenchmarkOperation {
  return (BENCHMARK_OPERATIONS as readonly string[]).includes(name);
}

function heapMb(): number {
  return process.memoryUsage().heapUsed / (1024 * 1024);
}

function round(value: number, digits = 4): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

async function measure(
  operation: BenchmarkOperation,
  iterations: number,
  clock: Clock,
  iteration: Iteration,
): Promise<BenchmarkResult> {
  const durations: number[] = [];
  let successes = 0;
  const heapStart = heapMb();
  let heapPeak = heapStart;
  const started = clock.monotonic();
  for (let index = 0; index < iterations; index += 1) {
    const before = clock.monotonic();
    try {
      await iteration(index);
      successes += 1;
    } catch {
      // A failing iteration lowers success_rate; the benchmark goes on.
    }
    durations.push(clock.monotonic() - before);
    heapPeak = Math.max(heapPeak, heapMb());
  }
  const total = clock.monotonic() - started;
  const average = durations.reduce((sum, value) => sum + value, 0) / durations.length;
  const variance =
    durations.length > 1
      ? durations.reduce((sum, value) => sum + (value - average) ** 2, 0) / (durations.length - 1)
      : 0;
  const threshold = BENCHMARK_THRESHOLDS_MS[operation];
  return {
    operation,
    duration_ms: round(total),
    avg_duration_ms: round(average),
    min_duration_ms: round(Math.min(...durations)),
    max_duration_ms: round(Math.max(...durations)),
    std_dev_ms: round(Math.sqrt(variance)),
    memory_peak_mb: round(Math.max(0, heapPeak - heapStart)),
    success_rate: percentOf(successes, iterations),
    iterations,
    metadata: { threshold_ms: threshold, passed: average <= threshold },
  };
}

function benchmarkIteration(operation: BenchmarkOperation): Iteration {
  const presetAt = (index: number) => PRESET_NAMES[index % PRESET_NAMES.length] ?? 'simple';
  switch (operation) {
    case 'preset_loading':
      return (index) => toResilienceConfig(PRESETS[presetAt(index)]);
    case 'resilience_config_loading':
      return (index) => createResilienceConfig({ preset: presetAt(index) });
    case 'custom_config_loading':
      return () => {
        const parsed = parseCustomConfigJson(SAMPLE_CUSTOM_CONFIG);
        if (!parsed.config) throw new Error(parsed.errors.join('; '));
        return createResilienceConfig({ preset: 'production', customConfig: parsed.config });
      };
    case 'validation_performance':
      return () => {
        const result = validateCustomConfig(JSON.parse(SAMPLE_CUSTOM_CONFIG));
        if (!result.is_valid) throw new Error(result.errors.join('; '));
      };
    case 'service_initialization':
      return async () => {
        const registry = createPolicyRegistry({
          config: createResilienceConfig({ preset: 'simple' }),
          maxConcurrency: 4,
          maxQueue: 4,
          attemptTimeoutMs: 1000,
        });
        await registry.execute({ provider: 'benchmark', operation: 'summarize', attempt: async () => 'ok' });
      };
    case 'breaker_overhead': {
      const registry = createPolicyRegistry({
        config: createResilienceConfig({ preset: 'simple' }),
        maxConcurrency: 4,
        maxQueue: 4,
        attemptTimeoutMs: 1000,
      });
      return () => registry.execute({ provider: 'benchmark', operation: 'summarize', attempt: async () => 'ok' });
    }
  }
}

/**
 * Measures our own resilience costs: preset loading, configuration computing, custom JSON parsing,
 * validation, registry start-up and the per-call overhead of a policy (a no-op attempt through
 * bulkhead, retry, breaker and timeout). Each result passes when its average is within
 * `BENCHMARK_THRESHOLDS_MS`.
 */
export async function runResilienceBenchmarks(options: BenchmarkOptions = {}): Promise<BenchmarkResponse> {
  const clock = options.clock ?? createSystemClock();
  const iterations = Math.max(1, Math.floor(options.iterations ?? DEFAULT_BENCHMARK_ITERATIONS));
  const requested = options.operations && options.operations.length > 0 ? options.operations : BENCHMARK_OPERATIONS;
  const operations: BenchmarkOperation[] = [];
  for (const name of requested) {
    if (!isBenchmarkOperation(name)) {
      const message = `Unknown benchmark operation: ${name}`;
      throw new ValidationError(message, [{ field: 'operations', message }]);
    }
    operations.push(name);
  }

  const results: BenchmarkResult[] = [];
  for (const operation of operations) {
    results.push(await measure(operation, iterations, clock, benchmarkIteration(operation)));
  }
  const failed = results.filter((result) => result.metadata['passed'] !== true).map((result) => result.operation);
  const count = results.length;
  const averageDuration = results.reduce((sum, result) => sum + result.avg_duration_ms, 0) / count;
  return {
    results,
    summary: {
      total_benchmarks: count,
      total_duration_ms: round(results.reduce((sum, result) => sum + result.duration_ms, 0)),
      avg_duration_ms: round(averageDuration),
      overall_success_rate: percentOf(
        results.reduce((sum, result) => sum + (result.success_rate ?? 0), 0),
        count * 100,
      ),
      pass_rate_percent: percentOf(count - failed.length, count),
      failed_benchmarks: failed,
      performance_target_met: averageDuration < 100,
    },
  };
}
