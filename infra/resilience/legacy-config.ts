/**
 * The reference's legacy resilience variables (`RETRY_MAX_ATTEMPTS`, `CIRCUIT_BREAKER_*`,
 * `DEFAULT_RESILIENCE_STRATEGY`, the per-operation `*_RESILIENCE_STRATEGY`, ...): what each one
 * maps to, the configuration they amount to when no preset is chosen, and the
 * `RESILIENCE_PRESET` / `RESILIENCE_CUSTOM_CONFIG` pair that runs exactly the same
 * (`make migrate-config`). Reads nothing itself: `server/config.ts` passes the variables in.
 */
import { isDeepStrictEqual } from 'node:util';
import { OPERATIONS, type Operation } from '../../domain/operations.js';
import {
  PRESET_NAMES,
  type CustomResilienceConfig,
  type OperationOverrides,
  type PresetName,
  type StrategyConfig,
} from '../../domain/resilience-schemas.js';
import { parseCustomConfig, type ParsedCustomConfig } from './custom-config.js';
import { PRESETS, toResilienceConfig } from './presets.js';
import { createResilienceConfig, type ResilienceConfig, type ResilienceSettings } from './resilience-config.js';

/** Number-valued keys of a custom configuration. */
type NumericKey =
  | 'retry_attempts'
  | 'max_delay_seconds'
  | 'exponential_multiplier'
  | 'exponential_min'
  | 'exponential_max'
  | 'jitter_max'
  | 'circuit_breaker_threshold'
  | 'recovery_timeout';

/** What one legacy variable sets. */
export type LegacyTarget =
  | { readonly kind: 'number'; readonly key: NumericKey }
  | { readonly kind: 'jitter'; readonly key: 'jitter_enabled' }
  | { readonly kind: 'strategy'; readonly key: 'default_strategy' }
  | { readonly kind: 'operation'; readonly operation: Operation }
  /** `false` turns retries (`retry_attempts: 1`), breakers, or both off; `true` changes nothing. */
  | { readonly kind: 'switch'; readonly turnsOff: 'retry' | 'breaker' | 'both' };

/** Every legacy variable and what it maps to (seed contract §4.8, reference `LEGACY_VAR_MAPPING`). */
export const LEGACY_MAPPING = {
  RETRY_MAX_ATTEMPTS: { kind: 'number', key: 'retry_attempts' },
  RETRY_MAX_DELAY: { kind: 'number', key: 'max_delay_seconds' },
  RETRY_EXPONENTIAL_MULTIPLIER: { kind: 'number', key: 'exponential_multiplier' },
  RETRY_EXPONENTIAL_MIN: { kind: 'number', key: 'exponential_min' },
  RETRY_EXPONENTIAL_MAX: { kind: 'number', key: 'exponential_max' },
  RETRY_JITTER_ENABLED: { kind: 'jitter', key: 'jitter_enabled' },
  RETRY_JITTER_MAX: { kind: 'number', key: 'jitter_max' },
  CIRCUIT_BREAKER_FAILURE_THRESHOLD: { kind: 'number', key: 'circuit_breaker_threshold' },
  CIRCUIT_BREAKER_RECOVERY_TIMEOUT: { kind: 'number', key: 'recovery_timeout' },
  DEFAULT_RESILIENCE_STRATEGY: { kind: 'strategy', key: 'default_strategy' },
  SUMMARIZE_RESILIENCE_STRATEGY: { kind: 'operation', operation: 'summarize' },
  SENTIMENT_RESILIENCE_STRATEGY: { kind: 'operation', operation: 'sentiment' },
  KEY_POINTS_RESILIENCE_STRATEGY: { kind: 'operation', operation: 'key_points' },
  QUESTIONS_RESILIENCE_STRATEGY: { kind: 'operation', operation: 'questions' },
  QA_RESILIENCE_STRATEGY: { kind: 'operation', operation: 'qa' },
  RETRY_ENABLED: { kind: 'switch', turnsOff: 'retry' },
  CIRCUIT_BREAKER_ENABLED: { kind: 'switch', turnsOff: 'breaker' },
  RESILIENCE_ENABLED: { kind: 'switch', turnsOff: 'both' },
} as const satisfies Record<string, LegacyTarget>;

export type LegacyVariable = keyof typeof LEGACY_MAPPING;
export const LEGACY_VARIABLES = Object.freeze(Object.keys(LEGACY_MAPPING) as LegacyVariable[]);

/** The preset legacy variables apply on top of: its numbers are the reference's legacy defaults. */
export const LEGACY_BASE_PRESET: PresetName = 'simple';

/** Where a legacy variable lands, in words: `retry_attempts`, `operation_overrides.qa`, ... */
export function describeLegacyTarget(variable: LegacyVariable): string {
  const target: LegacyTarget = LEGACY_MAPPING[variable];
  switch (target.kind) {
    case 'operation':
      return `operation_overrides.${target.operation}`;
    case 'switch':
      if (target.turnsOff === 'retry') return 'false: retry_attempts 1 (one try)';
      if (target.turnsOff === 'breaker') return 'false: circuit breakers off (no custom key)';
      return 'false: retry_attempts 1 and circuit breakers off';
    default:
      return target.key;
  }
}

/** One legacy variable as it was set. */
export interface LegacyValue {
  readonly name: LegacyVariable;
  readonly value: string;
}

/** What the legacy variables that are set amount to. */
export interface LegacyConfig {
  /** The legacy variables that are set, in `LEGACY_MAPPING` order. */
  readonly variables: readonly LegacyValue[];
  /** The custom overrides they amount to on `LEGACY_BASE_PRESET` (validated); null when they set none. */
  readonly custom: ParsedCustomConfig | null;
  /** False when `RETRY_ENABLED` or `RESILIENCE_ENABLED` is false (one try). */
  readonly retry: boolean;
  /** False when `CIRCUIT_BREAKER_ENABLED` or `RESILIENCE_ENABLED` is false. */
  readonly circuitBreaker: boolean;
  /** Bad values, each message starting with the variable's name; non-empty = unusable. */
  readonly problems: readonly string[];
  readonly warnings: readonly string[];
}

const TRUE = ['true', '1', 'yes', 'on'];
const FALSE = ['false', '0', 'no', 'off'];

function toBoolean(value: string): boolean | undefined {
  const normalised = value.trim().toLowerCase();
  if (TRUE.includes(normalised)) return true;
  if (FALSE.includes(normalised)) return false;
  return undefined;
}

function variablesFor(field: string): LegacyVariable[] {
  return LEGACY_VARIABLES.filter((name) => {
    const target: LegacyTarget = LEGACY_MAPPING[name];
    if (target.kind === 'operation') return field === `operation_overrides.${target.operation}`;
    if (target.kind === 'switch') return field === 'retry_attempts' && target.turnsOff !== 'breaker';
    return field === target.key;
  });
}

/**
 * Reads the legacy variables out of `env` (empty values count as unset). Null when none is set.
 * Values are checked against the ranges of `RESILIENCE_CUSTOM_CONFIG`, as the overrides they become;
 * `RETRY_ENABLED=false` (or `RESILIENCE_ENABLED=false`) means one try whatever `RETRY_MAX_ATTEMPTS` says.
 */
export function readLegacyConfig(env: Readonly<Partial<Record<LegacyVariable, string>>>): LegacyConfig | null {
  const variables: LegacyValue[] = [];
  for (const name of LEGACY_VARIABLES) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') variables.push({ name, value: value.trim() });
  }
  if (variables.length === 0) return null;

  const problems: string[] = [];
  const warnings: string[] = [];
  const input: Record<string, unknown> = {};
  const overrides: Record<string, string> = {};
  let retry = true;
  let circuitBreaker = true;
  for (const { name, value } of variables) {
    const target: LegacyTarget = LEGACY_MAPPING[name];
    switch (target.kind) {
      case 'number': {
        const number = Number(value);
        if (Number.isFinite(number)) input[target.key] = number;
        else problems.push(`${name}: must be a number (got "${value}")`);
        break;
      }
      case 'jitter':
      case 'switch': {
        const flag = toBoolean(value);
        if (flag === undefined) problems.push(`${name}: must be true or false (got "${value}")`);
        else if (target.kind === 'jitter') input[target.key] = flag;
        else if (!flag) {
          if (target.turnsOff !== 'breaker') retry = false;
          if (target.turnsOff !== 'retry') circuitBreaker = false;
        }
        break;
      }
      case 'strategy':
        input[target.key] = value.toLowerCase();
        break;
      case 'operation':
        overrides[target.operation] = value.toLowerCase();
        break;
    }
  }
  if (Object.keys(overrides).length > 0) input['operation_overrides'] = overrides;
  if (!retry) {
    if (input['retry_attempts'] !== undefined && input['retry_attempts'] !== 1) {
      warnings.push('RETRY_MAX_ATTEMPTS has no effect: retries are off (RETRY_ENABLED or RESILIENCE_ENABLED is false)');
    }
    input['retry_attempts'] = 1;
  }

  let custom: ParsedCustomConfig | null = null;
  if (Object.keys(input).length > 0) {
    custom = parseCustomConfig(input);
    const set = new Set(variables.map((variable) => variable.name));
    for (const issue of custom.issues) {
      const named = variablesFor(issue.field);
      const involved = (
        named.length > 0 ? named : LEGACY_VARIABLES.filter((name) => mentions(issue.message, LEGACY_MAPPING[name]))
      ).filter((name) => set.has(name));
      problems.push(`${involved.join(', ') || 'legacy resilience variables'}: ${issue.message}`);
    }
    warnings.push(...custom.warnings);
  }
  return { variables, custom, retry, circuitBreaker, problems, warnings };
}

function mentions(message: string, target: LegacyTarget): boolean {
  return 'key' in target && message.includes(target.key);
}

/** The settings legacy variables run with: `LEGACY_BASE_PRESET` plus their overrides. */
export function toLegacySettings(legacy: LegacyConfig): ResilienceSettings {
  return {
    preset: LEGACY_BASE_PRESET,
    customConfig: legacy.custom?.config ?? null,
    legacy: { variables: legacy.variables.map((variable) => variable.name), circuitBreaker: legacy.circuitBreaker },
  };
}

/** One key of the migrated custom configuration: what the preset has, what runs instead, and why. */
export interface MigrationDifference {
  /** `retry_attempts`, `default_strategy`, `operation_overrides.qa`, ... */
  readonly key: string;
  readonly preset: string;
  readonly value: string;
  /** The legacy variables behind the value; empty when it is the legacy default (the base preset's). */
  readonly variables: readonly LegacyVariable[];
}

/** The `RESILIENCE_PRESET` / `RESILIENCE_CUSTOM_CONFIG` that run what legacy variables run. */
export interface LegacyMigration {
  readonly preset: PresetName;
  readonly customConfig: CustomResilienceConfig | null;
  readonly differences: readonly MigrationDifference[];
  /** Legacy settings no preset or custom configuration can express, with what runs instead. */
  readonly unsupported: readonly string[];
  /** Legacy variables the migrated configuration needs no line for (their value is the preset's). */
  readonly redundant: readonly LegacyVariable[];
}

type MutableCustom = { -readonly [K in keyof CustomResilienceConfig]: CustomResilienceConfig[K] };

/** What runs, breakers switched on: the one thing a custom configuration cannot say. */
function runs(config: ResilienceConfig): unknown {
  return OPERATIONS.map((operation) => {
    const { strategy, config: numbers } = config.operations[operation];
    return { strategy, numbers: { ...numbers, enable_circuit_breaker: true } };
  });
}

function withoutEmpty(custom: MutableCustom): CustomResilienceConfig | null {
  if (custom.operation_overrides && Object.keys(custom.operation_overrides).length === 0) {
    delete custom.operation_overrides;
  }
  return Object.keys(custom).length > 0 ? custom : null;
}

/**
 * The smallest custom configuration that makes `preset` run exactly `target` (every operation's
 * strategy and numbers), or undefined when none does. Starts from one that names everything the
 * legacy variables set plus the target's strategies and preset figures, then drops each key (each
 * operation override alone) that is not needed.
 */
function equivalentCustom(
  preset: PresetName,
  target: ResilienceConfig,
  legacy: CustomResilienceConfig | null,
): { custom: CustomResilienceConfig | null } | undefined {
  const goal = runs(target);
  const matches = (custom: MutableCustom) =>
    isDeepStrictEqual(runs(createResilienceConfig({ preset, customConfig: withoutEmpty({ ...custom }) })), goal);

  const overrides: OperationOverrides = {};
  for (const operation of OPERATIONS) overrides[operation] = target.operations[operation].strategy;
  const defaults = target.defaults;
  const full: MutableCustom = {
    ...legacy,
    default_strategy: defaults.strategy,
    operation_overrides: overrides,
    retry_attempts: legacy?.retry_attempts ?? defaults.retry_config.max_attempts,
    circuit_breaker_threshold: legacy?.circuit_breaker_threshold ?? defaults.circuit_breaker_config.failure_threshold,
    recovery_timeout: legacy?.recovery_timeout ?? defaults.circuit_breaker_config.recovery_timeout,
  };
  if (!matches(full)) return undefined;

  const current: MutableCustom = { ...full, operation_overrides: { ...overrides } };
  for (const operation of OPERATIONS) {
    const trial = { ...current, operation_overrides: { ...current.operation_overrides } };
    delete trial.operation_overrides[operation];
    if (matches(trial)) current.operation_overrides = trial.operation_overrides;
  }
  for (const key of Object.keys(current) as (keyof MutableCustom)[]) {
    if (key === 'operation_overrides') continue;
    const trial = { ...current };
    delete trial[key];
    if (matches(trial)) delete current[key];
  }
  return { custom: withoutEmpty(current) };
}

const NUMBER_OF: Readonly<Record<NumericKey | 'jitter_enabled', (config: StrategyConfig) => number | boolean>> = {
  retry_attempts: (config) => config.retry_config.max_attempts,
  max_delay_seconds: (config) => config.retry_config.max_delay_seconds,
  exponential_multiplier: (config) => config.retry_config.exponential_multiplier,
  exponential_min: (config) => config.retry_config.exponential_min,
  exponential_max: (config) => config.retry_config.exponential_max,
  jitter_enabled: (config) => config.retry_config.jitter,
  jitter_max: (config) => config.retry_config.jitter_max,
  circuit_breaker_threshold: (config) => config.circuit_breaker_config.failure_threshold,
  recovery_timeout: (config) => config.circuit_breaker_config.recovery_timeout,
};

/**
 * A number as the preset runs it: the value of its default-strategy operations, then the
 * operations that differ (`5 (sentiment 2, qa 7)`), since custom numbers apply to every operation.
 */
function presetValues(presetName: PresetName, key: string): string {
  const read = NUMBER_OF[key as NumericKey];
  const main = String(read(toResilienceConfig(PRESETS[presetName])));
  const config = createResilienceConfig({ preset: presetName });
  const others = OPERATIONS.map((operation) => [operation, String(read(config.operations[operation].config))])
    .filter(([, value]) => value !== main)
    .map(([operation, value]) => `${operation} ${value}`);
  return others.length > 0 ? `${main} (${others.join(', ')})` : main;
}

function toDifferences(
  presetName: PresetName,
  custom: CustomResilienceConfig | null,
  legacy: LegacyConfig,
): MigrationDifference[] {
  const preset = PRESETS[presetName];
  const set = new Set(legacy.variables.map((variable) => variable.name));
  const behind = (field: string): LegacyVariable[] => {
    const names = variablesFor(field).filter((name) => set.has(name));
    // With retries off, the one try comes from the switch, whatever RETRY_MAX_ATTEMPTS says.
    if (field === 'retry_attempts' && !legacy.retry) return names.filter((name) => name !== 'RETRY_MAX_ATTEMPTS');
    // An operation no variable of its own names runs the default strategy.
    if (names.length === 0 && field.startsWith('operation_overrides.') && set.has('DEFAULT_RESILIENCE_STRATEGY')) {
      return ['DEFAULT_RESILIENCE_STRATEGY'];
    }
    return names;
  };
  const differences: MigrationDifference[] = [];
  const { operation_overrides: overrides, ...settings } = custom ?? {};
  for (const [key, value] of Object.entries(settings)) {
    const presetValue = key === 'default_strategy' ? preset.default_strategy : presetValues(presetName, key);
    differences.push({ key, preset: presetValue, value: String(value), variables: behind(key) });
  }
  for (const operation of OPERATIONS) {
    const strategy = overrides?.[operation];
    if (strategy === undefined) continue;
    const field = `operation_overrides.${operation}`;
    const presetStrategy = preset.operation_overrides[operation] ?? preset.default_strategy;
    differences.push({ key: field, preset: presetStrategy, value: strategy, variables: behind(field) });
  }
  return differences;
}

/**
 * The migration of valid legacy variables: of the presets that can run exactly what they run
 * (with a custom configuration), the one needing the fewest overrides (`simple` on a tie), and
 * that configuration with what differs from the preset.
 */
export function toLegacyMigration(legacy: LegacyConfig): LegacyMigration {
  const target = createResilienceConfig(toLegacySettings(legacy));
  const legacyCustom = legacy.custom?.config ?? null;
  let best: { preset: PresetName; custom: CustomResilienceConfig | null; rank: [number, number] } | undefined;
  for (const preset of PRESET_NAMES) {
    const found = equivalentCustom(preset, target, legacyCustom);
    if (!found) continue;
    const differences = toDifferences(preset, found.custom, legacy);
    // Fewest overrides; on a tie, fewest that change the preset's own default-strategy value.
    const changes = differences.filter((entry) => entry.preset.split(' ')[0] !== entry.value).length;
    const rank: [number, number] = [differences.length, changes];
    if (!best || rank[0] < best.rank[0] || (rank[0] === best.rank[0] && rank[1] < best.rank[1])) {
      best = { preset, custom: found.custom, rank };
    }
  }
  // The base preset with the legacy overrides always runs the target, so `best` is set.
  const chosen = best ?? { preset: LEGACY_BASE_PRESET, custom: legacyCustom };
  const differences = toDifferences(chosen.preset, chosen.custom, legacy);
  const used = new Set(differences.flatMap((difference) => difference.variables));
  const unsupported: string[] = [];
  const breakerOff = legacy.variables.filter(
    ({ name, value }) =>
      (name === 'CIRCUIT_BREAKER_ENABLED' || name === 'RESILIENCE_ENABLED') && toBoolean(value) === false,
  );
  for (const { name, value } of breakerOff) {
    const threshold = target.defaults.circuit_breaker_config.failure_threshold;
    unsupported.push(
      `${name}=${value}: RESILIENCE_CUSTOM_CONFIG cannot switch circuit breakers off; after migrating they ` +
        `open after ${threshold} consecutive failures (circuit_breaker_threshold, at most 20)`,
    );
    used.add(name);
  }
  const redundant = legacy.variables.map((variable) => variable.name).filter((name) => !used.has(name));
  return { preset: chosen.preset, customConfig: chosen.custom, differences, unsupported, redundant };
}
