import {
  PRESET_NAMES,
  type EnvironmentContext,
  type OperationOverrides,
  type PresetDetails,
  type PresetName,
  type PresetSummary,
  type StrategyConfig,
  type StrategyName,
} from '../../domain/resilience-schemas.js';
import { STRATEGIES } from './strategies.js';

/** A named bundle of resilience settings for a kind of deployment (reference `ResiliencePreset`). */
export interface ResiliencePreset {
  /** Display name, e.g. "Simple". */
  readonly name: string;
  readonly description: string;
  readonly retry_attempts: number;
  readonly circuit_breaker_threshold: number;
  /** Seconds. */
  readonly recovery_timeout: number;
  readonly default_strategy: StrategyName;
  readonly operation_overrides: Readonly<OperationOverrides>;
  readonly environment_contexts: readonly EnvironmentContext[];
}

/** The three presets with the reference's exact values (seed contract §5.4). */
export const PRESETS: Readonly<Record<PresetName, ResiliencePreset>> = Object.freeze({
  simple: {
    name: 'Simple',
    description: 'Balanced configuration suitable for most use cases',
    retry_attempts: 3,
    circuit_breaker_threshold: 5,
    recovery_timeout: 60,
    default_strategy: 'balanced',
    operation_overrides: {},
    environment_contexts: ['development', 'testing', 'staging', 'production'],
  },
  development: {
    name: 'Development',
    description: 'Fast-fail configuration optimized for development speed',
    retry_attempts: 2,
    circuit_breaker_threshold: 3,
    recovery_timeout: 30,
    default_strategy: 'aggressive',
    operation_overrides: { sentiment: 'aggressive', qa: 'balanced' },
    environment_contexts: ['development', 'testing'],
  },
  production: {
    name: 'Production',
    description: 'High-reliability configuration for production workloads',
    retry_attempts: 5,
    circuit_breaker_threshold: 10,
    recovery_timeout: 120,
    default_strategy: 'conservative',
    operation_overrides: {
      qa: 'critical',
      sentiment: 'aggressive',
      summarize: 'conservative',
      key_points: 'balanced',
      questions: 'balanced',
    },
    environment_contexts: ['production', 'staging'],
  },
});

export function isPresetName(value: unknown): value is PresetName {
  return typeof value === 'string' && (PRESET_NAMES as readonly string[]).includes(value);
}

/** The preset for `name`, or `undefined` for an unknown key. */
export function getPreset(name: string): ResiliencePreset | undefined {
  return isPresetName(name) ? PRESETS[name] : undefined;
}

/** The message for an unknown preset key (the reference's, with a plain list instead of Python's). */
export function unknownPresetMessage(name: string): string {
  return `Unknown preset '${name}'. Available presets: ${PRESET_NAMES.join(', ')}`;
}

/**
 * A preset converted to the numbers its default strategy's operations run with: that strategy's
 * table (`STRATEGIES`: backoff, jitter, time budget), with the preset's own three figures on top
 * (`retry_attempts` → `max_attempts`, breaker threshold, recovery timeout). So a strategy label
 * always means its table's backoff and budget: simple is exactly `balanced`, development exactly
 * `aggressive`; production is `conservative` with the preset's breaker threshold 10 (the table
 * says 8). The reference's `to_resilience_config` instead derived its own backoff and a
 * `min(retries × 20, 120)` s budget (production 1.5/2/30 s, 100 s; simple 60 s), which matched no
 * strategy and which its runtime never used (its operations ran the strategy tables).
 */
export function toResilienceConfig(preset: ResiliencePreset): StrategyConfig {
  const table = STRATEGIES[preset.default_strategy];
  return {
    ...table,
    retry_config: { ...table.retry_config, max_attempts: preset.retry_attempts },
    circuit_breaker_config: {
      ...table.circuit_breaker_config,
      failure_threshold: preset.circuit_breaker_threshold,
      recovery_timeout: preset.recovery_timeout,
    },
  };
}

/** A preset as `GET /presets` lists it: display name plus the key lookups need. */
export function toPresetSummary(key: PresetName): PresetSummary {
  const preset = PRESETS[key];
  return {
    name: preset.name,
    key,
    description: preset.description,
    retry_attempts: preset.retry_attempts,
    circuit_breaker_threshold: preset.circuit_breaker_threshold,
    recovery_timeout: preset.recovery_timeout,
    default_strategy: preset.default_strategy,
    environment_contexts: [...preset.environment_contexts],
  };
}

/** A preset as `GET /presets/{name}` shows it (reference `get_preset_details`). */
export function toPresetDetails(preset: ResiliencePreset): PresetDetails {
  return {
    name: preset.name,
    description: preset.description,
    configuration: {
      retry_attempts: preset.retry_attempts,
      circuit_breaker_threshold: preset.circuit_breaker_threshold,
      recovery_timeout: preset.recovery_timeout,
      default_strategy: preset.default_strategy,
      operation_overrides: { ...preset.operation_overrides },
    },
    environment_contexts: [...preset.environment_contexts],
  };
}
