import { describe, expect, it } from 'vitest';
import { OPERATIONS, type Operation } from '../../domain/operations.js';
import type { CustomResilienceConfig, StrategyConfig, StrategyName } from '../../domain/resilience-schemas.js';
import {
  LEGACY_MAPPING,
  LEGACY_VARIABLES,
  describeLegacyTarget,
  readLegacyConfig,
  toLegacyMigration,
  toLegacySettings,
  type LegacyConfig,
  type LegacyVariable,
} from '../../infra/resilience/legacy-config.js';
import { STRATEGIES } from '../../infra/resilience/strategies.js';
import {
  createResilienceConfig,
  toCurrentConfigResponse,
  type ResilienceConfig,
} from '../../infra/resilience/resilience-config.js';

function read(env: Partial<Record<LegacyVariable, string>>): LegacyConfig {
  const legacy = readLegacyConfig(env);
  if (!legacy) throw new Error('expected legacy variables');
  return legacy;
}

/** What the legacy variables run, per operation. */
function run(env: Partial<Record<LegacyVariable, string>>): ResilienceConfig {
  return createResilienceConfig(toLegacySettings(read(env)));
}

const summarize = (config: ResilienceConfig): StrategyConfig => config.operations.summarize.config;

/** One variable, one value, the override it becomes, and how the summarize operation then runs. */
interface Mapping {
  readonly variable: LegacyVariable;
  readonly value: string;
  readonly custom: CustomResilienceConfig | null;
  readonly check: (config: ResilienceConfig) => void;
}

/**
 * The variables that set one figure: the value each is set to, the override it becomes (the same
 * value under that key) and where summarize's strategy then has that value.
 */
const FIGURES: readonly (readonly [
  LegacyVariable,
  number | boolean,
  keyof CustomResilienceConfig,
  (config: StrategyConfig) => unknown,
])[] = [
  ['RETRY_MAX_ATTEMPTS', 5, 'retry_attempts', (s) => s.retry_config.max_attempts],
  ['RETRY_MAX_DELAY', 90, 'max_delay_seconds', (s) => s.retry_config.max_delay_seconds],
  ['RETRY_EXPONENTIAL_MULTIPLIER', 2.5, 'exponential_multiplier', (s) => s.retry_config.exponential_multiplier],
  ['RETRY_EXPONENTIAL_MIN', 1, 'exponential_min', (s) => s.retry_config.exponential_min],
  ['RETRY_EXPONENTIAL_MAX', 60, 'exponential_max', (s) => s.retry_config.exponential_max],
  ['RETRY_JITTER_ENABLED', false, 'jitter_enabled', (s) => s.retry_config.jitter],
  ['RETRY_JITTER_MAX', 0.5, 'jitter_max', (s) => s.retry_config.jitter_max],
  [
    'CIRCUIT_BREAKER_FAILURE_THRESHOLD',
    8,
    'circuit_breaker_threshold',
    (s) => s.circuit_breaker_config.failure_threshold,
  ],
  ['CIRCUIT_BREAKER_RECOVERY_TIMEOUT', 120, 'recovery_timeout', (s) => s.circuit_breaker_config.recovery_timeout],
];

/** The variables that set one operation's strategy, and the strategy each is set to. */
const OPERATION_STRATEGIES: readonly (readonly [LegacyVariable, Operation, StrategyName])[] = [
  ['SENTIMENT_RESILIENCE_STRATEGY', 'sentiment', 'aggressive'],
  ['KEY_POINTS_RESILIENCE_STRATEGY', 'key_points', 'conservative'],
  ['QUESTIONS_RESILIENCE_STRATEGY', 'questions', 'aggressive'],
  ['QA_RESILIENCE_STRATEGY', 'qa', 'critical'],
];

/** Every variable: the one-figure and one-strategy rows, then those whose effect is wider. */
const MAPPINGS: readonly Mapping[] = [
  ...FIGURES.map(([variable, figure, key, runsWith]) => ({
    variable,
    value: String(figure),
    custom: { [key]: figure },
    check: (config: ResilienceConfig) => expect(runsWith(summarize(config))).toBe(figure),
  })),
  {
    variable: 'DEFAULT_RESILIENCE_STRATEGY',
    value: 'Conservative',
    custom: { default_strategy: 'conservative' },
    check: (config) => {
      // The default strategy's table with the simple preset's three figures (3 tries, 5, 60 s).
      expect(config.operations.qa.strategy).toBe('conservative');
      expect(summarize(config).retry_config).toEqual({ ...STRATEGIES.conservative.retry_config, max_attempts: 3 });
    },
  },
  {
    variable: 'SUMMARIZE_RESILIENCE_STRATEGY',
    value: 'critical',
    custom: { operation_overrides: { summarize: 'critical' } },
    check: (config) =>
      expect(config.operations.summarize).toEqual({ strategy: 'critical', config: STRATEGIES.critical }),
  },
  ...OPERATION_STRATEGIES.map(([variable, operation, strategy]) => ({
    variable,
    value: strategy,
    custom: { operation_overrides: { [operation]: strategy } },
    check: (config: ResilienceConfig) => expect(config.operations[operation].strategy).toBe(strategy),
  })),
  {
    variable: 'RETRY_ENABLED',
    value: 'false',
    custom: { retry_attempts: 1 },
    check: (config) => {
      for (const operation of OPERATIONS) expect(config.operations[operation].config.retry_config.max_attempts).toBe(1);
      expect(summarize(config).enable_circuit_breaker).toBe(true);
    },
  },
  {
    variable: 'CIRCUIT_BREAKER_ENABLED',
    value: 'no',
    custom: null,
    check: (config) => {
      for (const operation of OPERATIONS)
        expect(config.operations[operation].config.enable_circuit_breaker).toBe(false);
      expect(summarize(config).retry_config.max_attempts).toBe(3);
    },
  },
  {
    variable: 'RESILIENCE_ENABLED',
    value: '0',
    custom: { retry_attempts: 1 },
    check: (config) => {
      expect(summarize(config).retry_config.max_attempts).toBe(1);
      expect(summarize(config).enable_circuit_breaker).toBe(false);
    },
  },
];

describe('legacy resilience variables', () => {
  it('has a tested mapping for every variable of the reference', () => {
    expect(MAPPINGS.map((mapping) => mapping.variable).sort()).toEqual([...LEGACY_VARIABLES].sort());
    for (const variable of LEGACY_VARIABLES) expect(describeLegacyTarget(variable)).not.toBe('');
  });

  it.each(MAPPINGS)('$variable=$value maps onto the simple preset as $custom', ({ variable, value, custom, check }) => {
    const legacy = read({ [variable]: value });
    expect(legacy.problems).toEqual([]);
    expect(legacy.custom?.config ?? null).toEqual(custom);
    const config = run({ [variable]: value });
    expect(config.preset).toBe('simple');
    expect(config.legacy?.variables).toEqual([variable]);
    check(config);
    const report = toCurrentConfigResponse(config);
    expect(report).toMatchObject({ preset_name: 'legacy', is_legacy_config: true, custom_overrides: custom });
  });

  it('keeps the simple preset where the variables say nothing, and a true switch changes nothing', () => {
    const config = run({ RETRY_ENABLED: 'true', CIRCUIT_BREAKER_ENABLED: 'true', RESILIENCE_ENABLED: 'yes' });
    expect(config.operations).toEqual(createResilienceConfig({ preset: 'simple' }).operations);
    expect(config.customConfig).toBeNull();
    expect(toCurrentConfigResponse(config).is_legacy_config).toBe(true);
  });

  it('is null without legacy variables, empty values counting as unset', () => {
    expect(readLegacyConfig({})).toBeNull();
    expect(readLegacyConfig({ RETRY_MAX_ATTEMPTS: '  ' })).toBeNull();
  });

  it('applies numbers to every operation, as custom overrides do', () => {
    const config = run({ RETRY_MAX_ATTEMPTS: '4', QA_RESILIENCE_STRATEGY: 'critical' });
    expect(config.operations.qa.strategy).toBe('critical');
    expect(config.operations.qa.config.retry_config).toEqual({ ...STRATEGIES.critical.retry_config, max_attempts: 4 });
  });

  it('gives one try with retries switched off, warning that RETRY_MAX_ATTEMPTS has no effect', () => {
    const legacy = read({ RETRY_MAX_ATTEMPTS: '5', RETRY_ENABLED: 'false' });
    expect(legacy.custom?.config).toEqual({ retry_attempts: 1 });
    expect(legacy.warnings.join('\n')).toContain('RETRY_MAX_ATTEMPTS has no effect');
  });

  it('names the variable of every bad value, with the range of the override it becomes', () => {
    const legacy = read({
      RETRY_MAX_ATTEMPTS: '11',
      RETRY_MAX_DELAY: 'soon',
      RETRY_JITTER_ENABLED: 'maybe',
      CIRCUIT_BREAKER_RECOVERY_TIMEOUT: '5',
      QA_RESILIENCE_STRATEGY: 'fast',
      RETRY_EXPONENTIAL_MIN: '8',
      RETRY_EXPONENTIAL_MAX: '6',
    });
    expect(legacy.problems).toEqual(
      expect.arrayContaining([
        'RETRY_MAX_DELAY: must be a number (got "soon")',
        'RETRY_JITTER_ENABLED: must be true or false (got "maybe")',
        'RETRY_MAX_ATTEMPTS: retry_attempts must be at most 10 (got 11)',
        'CIRCUIT_BREAKER_RECOVERY_TIMEOUT: recovery_timeout must be at least 10 (got 5)',
        expect.stringMatching(/^QA_RESILIENCE_STRATEGY: operation_overrides\.qa must be one of aggressive, balanced/),
        'RETRY_EXPONENTIAL_MIN, RETRY_EXPONENTIAL_MAX: exponential_min must be less than exponential_max',
      ]),
    );
    expect(legacy.problems).toHaveLength(6);
    expect(legacy.custom?.config).toBeNull();
  });
});

describe('toLegacyMigration', () => {
  /** The migrated pair runs, operation by operation, what the legacy variables run. */
  function expectEquivalent(env: Partial<Record<LegacyVariable, string>>) {
    const legacy = read(env);
    const migration = toLegacyMigration(legacy);
    const migrated = createResilienceConfig({ preset: migration.preset, customConfig: migration.customConfig });
    const original = run(env);
    for (const operation of OPERATIONS) {
      expect(migrated.operations[operation].strategy).toBe(original.operations[operation].strategy);
      expect(migrated.operations[operation].config).toEqual({
        ...original.operations[operation].config,
        enable_circuit_breaker: true,
      });
    }
    return migration;
  }

  it.each(MAPPINGS)('migrates $variable=$value to an equivalent preset and overrides', ({ variable, value }) => {
    expectEquivalent({ [variable]: value });
  });

  it('needs no override for values the simple preset already has', () => {
    const migration = expectEquivalent({ RETRY_MAX_ATTEMPTS: '3', CIRCUIT_BREAKER_FAILURE_THRESHOLD: '5' });
    expect(migration).toMatchObject({ preset: 'simple', customConfig: null, differences: [] });
    expect(migration.redundant).toEqual(['RETRY_MAX_ATTEMPTS', 'CIRCUIT_BREAKER_FAILURE_THRESHOLD']);
  });

  it('picks the preset needing the fewest overrides and lists what differs from it', () => {
    const migration = expectEquivalent({
      RETRY_MAX_ATTEMPTS: '5',
      CIRCUIT_BREAKER_FAILURE_THRESHOLD: '10',
      CIRCUIT_BREAKER_RECOVERY_TIMEOUT: '120',
      DEFAULT_RESILIENCE_STRATEGY: 'conservative',
      SENTIMENT_RESILIENCE_STRATEGY: 'aggressive',
      QA_RESILIENCE_STRATEGY: 'critical',
    });
    expect(migration.preset).toBe('production');
    expect(migration.customConfig).toEqual({
      retry_attempts: 5,
      circuit_breaker_threshold: 10,
      recovery_timeout: 120,
      operation_overrides: { key_points: 'conservative', questions: 'conservative' },
    });
    expect(migration.differences).toContainEqual({
      key: 'operation_overrides.key_points',
      preset: 'balanced',
      value: 'conservative',
      variables: ['DEFAULT_RESILIENCE_STRATEGY'],
    });
    expect(migration.differences).toContainEqual({
      key: 'retry_attempts',
      preset: '5 (sentiment 2, key_points 3, questions 3, qa 7)',
      value: '5',
      variables: ['RETRY_MAX_ATTEMPTS'],
    });
    expect(migration.redundant).toEqual(['SENTIMENT_RESILIENCE_STRATEGY', 'QA_RESILIENCE_STRATEGY']);
  });

  it('prefers simple on a tie and credits each override to its variable', () => {
    const migration = expectEquivalent({
      DEFAULT_RESILIENCE_STRATEGY: 'aggressive',
      QA_RESILIENCE_STRATEGY: 'balanced',
      CIRCUIT_BREAKER_FAILURE_THRESHOLD: '3',
    });
    expect(migration.preset).toBe('simple');
    expect(migration.differences.map(({ key, variables }) => [key, variables])).toEqual([
      ['circuit_breaker_threshold', ['CIRCUIT_BREAKER_FAILURE_THRESHOLD']],
      ['default_strategy', ['DEFAULT_RESILIENCE_STRATEGY']],
      ['operation_overrides.qa', ['QA_RESILIENCE_STRATEGY']],
    ]);
  });

  it('marks an override no variable set as the legacy default', () => {
    const migration = expectEquivalent({
      RETRY_MAX_ATTEMPTS: '2',
      CIRCUIT_BREAKER_FAILURE_THRESHOLD: '3',
      DEFAULT_RESILIENCE_STRATEGY: 'aggressive',
      QA_RESILIENCE_STRATEGY: 'aggressive',
    });
    expect(migration.preset).toBe('development');
    expect(migration.differences).toEqual([
      // The simple preset's recovery, which the legacy variables left as it was.
      { key: 'recovery_timeout', preset: '30 (qa 60)', value: '60', variables: [] },
      { key: 'operation_overrides.qa', preset: 'balanced', value: 'aggressive', variables: ['QA_RESILIENCE_STRATEGY'] },
    ]);
  });

  it('says a breaker switched off cannot be expressed, and what runs instead', () => {
    const migration = expectEquivalent({ CIRCUIT_BREAKER_ENABLED: 'false', RETRY_MAX_ATTEMPTS: '4' });
    expect(migration).toMatchObject({ preset: 'simple', customConfig: { retry_attempts: 4 } });
    expect(migration.unsupported).toEqual([
      expect.stringMatching(
        /^CIRCUIT_BREAKER_ENABLED=false: RESILIENCE_CUSTOM_CONFIG cannot switch circuit breakers off; .* after 5 /,
      ),
    ]);
    expect(migration.redundant).toEqual([]);
  });

  it('credits the retry switch, not RETRY_MAX_ATTEMPTS, for one try', () => {
    const migration = expectEquivalent({ RETRY_MAX_ATTEMPTS: '5', RETRY_ENABLED: 'false' });
    expect(migration.differences).toEqual([
      { key: 'retry_attempts', preset: '3', value: '1', variables: ['RETRY_ENABLED'] },
    ]);
    expect(migration.redundant).toEqual(['RETRY_MAX_ATTEMPTS']);
  });

  it('stays equivalent for mixed legacy configurations', () => {
    const strategies = ['aggressive', 'balanced', 'conservative', 'critical'];
    let seed = 7;
    const next = () => (seed = (seed * 48271) % 2147483647);
    for (let index = 0; index < 40; index += 1) {
      const env: Partial<Record<LegacyVariable, string>> = {
        RETRY_MAX_ATTEMPTS: String(1 + (next() % 10)),
        DEFAULT_RESILIENCE_STRATEGY: strategies[next() % 4]!,
      };
      if (next() % 2) env.CIRCUIT_BREAKER_FAILURE_THRESHOLD = String(1 + (next() % 20));
      if (next() % 2) env.CIRCUIT_BREAKER_RECOVERY_TIMEOUT = String(10 + (next() % 290));
      if (next() % 2) env.RETRY_MAX_DELAY = String(5 + (next() % 100));
      for (const variable of ['SENTIMENT_RESILIENCE_STRATEGY', 'QA_RESILIENCE_STRATEGY'] as const) {
        if (next() % 2) env[variable] = strategies[next() % 4]!;
      }
      expectEquivalent(env);
    }
  });

  it('covers exactly the variables of the table', () => {
    expect(Object.keys(LEGACY_MAPPING)).toEqual(LEGACY_VARIABLES);
  });
});
