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
import { CIRCUIT_BREAKER_DEFAULTS, RETRY_DEFAULTS } from './strategies.js';

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

/** The reference's message for an unknown preset key. */
export function unknownPresetMessage(name: string): string {
  return `Unknown preset '${name}'. Available presets: [${PRESET_NAMES.map((key) => `'${key}'`).join(', ')}]`;
}

/**
 * A preset converted to the numbers its default strategy runs with (reference
 * `to_resilience_config`): `max_delay_seconds = min(retry_attempts × 20, 120)`, multiplier 1.0 for
 * balanced, 0.5 for aggressive, 1.5 otherwise; min 1.0 for aggressive, else 2.0; max 5.0 for
 * aggressive, 10.0 for balanced, else 30.0; jitter on with 2.0 s; the breaker from the preset.
 */
export function toResilienceConfig(preset: ResiliencePreset): StrategyConfig {
  const strategy = preset.default_strategy;
  return {
    strategy,
    retry_config: {
      ...RETRY_DEFAULTS,
      max_attempts: preset.retry_attempts,
      max_delay_seconds: Math.min(preset.retry_attempts * 20, 120),
      exponential_multiplier: strategy === 'balanced' ? 1.0 : strategy === 'aggressive' ? 0.5 : 1.5,
      exponential_min: strategy === 'aggressive' ? 1.0 : 2.0,
      exponential_max: strategy === 'aggressive' ? 5.0 : strategy === 'balanced' ? 10.0 : 30.0,
    },
    circuit_breaker_config: {
      ...CIRCUIT_BREAKER_DEFAULTS,
      failure_threshold: preset.circuit_breaker_threshold,
      recovery_timeout: preset.recovery_timeout,
    },
    enable_circuit_breaker: true,
    enable_retry: true,
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
