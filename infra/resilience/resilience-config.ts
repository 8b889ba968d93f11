import { OPERATIONS, OPERATION_INFO, type Operation } from '../../domain/operations.js';
import {
  STRATEGY_NAMES,
  type CurrentConfigResponse,
  type CustomResilienceConfig,
  type PresetName,
  type StrategyConfig,
  type StrategyName,
} from '../../domain/resilience-schemas.js';
import { PRESETS, toResilienceConfig } from './presets.js';
import { STRATEGIES, copyStrategyConfig } from './strategies.js';

/** What an operator chooses: a preset and, optionally, validated custom overrides. */
export interface ResilienceSettings {
  readonly preset: PresetName;
  readonly customConfig?: CustomResilienceConfig | null | undefined;
  /** Set when the preset and overrides come from the reference's legacy variables (`legacy-config.ts`). */
  readonly legacy?: LegacySource | null | undefined;
}

/** The legacy variables a configuration was built from (reported as `is_legacy_config`). */
export interface LegacySource {
  /** Names of the legacy variables that are set. */
  readonly variables: readonly string[];
  /** False when `CIRCUIT_BREAKER_ENABLED` or `RESILIENCE_ENABLED` is false: no operation has a breaker. */
  readonly circuitBreaker: boolean;
}

/** What one operation runs with. */
export interface OperationResilience {
  readonly strategy: StrategyName;
  readonly config: StrategyConfig;
}

/**
 * The effective resilience configuration: what the policies run with and what
 * `GET /internal/resilience/config` reports, computed once from the settings.
 */
export interface ResilienceConfig {
  readonly preset: PresetName;
  readonly customConfig: CustomResilienceConfig | null;
  /** The legacy variables this configuration comes from; null for `RESILIENCE_PRESET` / custom JSON. */
  readonly legacy: LegacySource | null;
  /** The default strategy's table with the preset's figures (`toResilienceConfig`), custom overrides applied. */
  readonly defaults: StrategyConfig;
  readonly operations: Readonly<Record<Operation, OperationResilience>>;
}

/** Applies the custom configuration's numeric and boolean fields to `base`. */
export function withCustomNumbers(base: StrategyConfig, custom: CustomResilienceConfig | null): StrategyConfig {
  const config = copyStrategyConfig(base);
  if (!custom) return config;
  const retry = config.retry_config;
  const breaker = config.circuit_breaker_config;
  if (custom.retry_attempts !== undefined) retry.max_attempts = custom.retry_attempts;
  if (custom.max_delay_seconds !== undefined) retry.max_delay_seconds = custom.max_delay_seconds;
  if (custom.exponential_multiplier !== undefined) retry.exponential_multiplier = custom.exponential_multiplier;
  if (custom.exponential_min !== undefined) retry.exponential_min = custom.exponential_min;
  if (custom.exponential_max !== undefined) retry.exponential_max = custom.exponential_max;
  if (custom.jitter_enabled !== undefined) retry.jitter = custom.jitter_enabled;
  if (custom.jitter_max !== undefined) retry.jitter_max = custom.jitter_max;
  if (custom.circuit_breaker_threshold !== undefined) breaker.failure_threshold = custom.circuit_breaker_threshold;
  if (custom.recovery_timeout !== undefined) breaker.recovery_timeout = custom.recovery_timeout;
  return config;
}

/**
 * Computes what every operation runs with, in layers:
 * 1. the strategy: custom `operation_overrides`, else the preset's overrides, else the default
 *    strategy (custom `default_strategy`, else the preset's);
 * 2. the numbers: every operation runs its strategy's table (`STRATEGIES`); on the default
 *    strategy the preset's own retries, breaker threshold and recovery apply on top
 *    (`toResilienceConfig`), so the label always names the backoff and time budget that run;
 * 3. the custom numeric fields (`retry_attempts`, `circuit_breaker_threshold`, `recovery_timeout`,
 *    backoff and jitter, `max_delay_seconds`) apply last, to every operation;
 * 4. legacy `CIRCUIT_BREAKER_ENABLED=false` (no custom field says it) switches every breaker off.
 */
export function createResilienceConfig(settings: ResilienceSettings): ResilienceConfig {
  const preset = PRESETS[settings.preset];
  const custom = settings.customConfig ?? null;
  const defaultStrategy = custom?.default_strategy ?? preset.default_strategy;
  const presetNumbers = toResilienceConfig({ ...preset, default_strategy: defaultStrategy });
  const legacy = settings.legacy ?? null;
  const finish = (config: StrategyConfig): StrategyConfig =>
    legacy && !legacy.circuitBreaker ? { ...config, enable_circuit_breaker: false } : config;
  const defaults = finish(withCustomNumbers(presetNumbers, custom));

  const operations = {} as Record<Operation, OperationResilience>;
  for (const operation of OPERATIONS) {
    const strategy =
      custom?.operation_overrides?.[operation] ?? preset.operation_overrides[operation] ?? defaultStrategy;
    const base = strategy === defaultStrategy ? presetNumbers : STRATEGIES[strategy];
    operations[operation] = { strategy, config: finish(withCustomNumbers(base, custom)) };
  }
  return { preset: settings.preset, customConfig: custom, legacy, defaults, operations };
}

/**
 * The report of `GET /internal/resilience/config`: the reference shape plus `operations`. A
 * configuration from legacy variables is reported as the reference does: `preset_name: "legacy"`,
 * `is_legacy_config: true`, and the overrides they amount to in `custom_overrides`.
 */
export function toCurrentConfigResponse(config: ResilienceConfig): CurrentConfigResponse {
  const operationStrategies: Record<string, StrategyName> = {};
  const operations: Record<string, StrategyConfig> = {};
  for (const operation of OPERATIONS) {
    const name = OPERATION_INFO[operation].resilienceName;
    operationStrategies[name] = config.operations[operation].strategy;
    operations[name] = copyStrategyConfig(config.operations[operation].config);
  }
  const strategies: Record<string, StrategyConfig> = {};
  for (const name of STRATEGY_NAMES) strategies[name] = copyStrategyConfig(STRATEGIES[name]);
  return {
    preset_name: config.legacy ? 'legacy' : config.preset,
    is_legacy_config: config.legacy !== null,
    configuration: copyStrategyConfig(config.defaults),
    operation_strategies: operationStrategies,
    operations,
    custom_overrides: config.customConfig ? structuredClone(config.customConfig) : null,
    strategies,
  };
}
