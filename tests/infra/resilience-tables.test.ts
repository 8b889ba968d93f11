import { describe, expect, it } from 'vitest';
import { CurrentConfigResponseSchema, PresetSummarySchema } from '../../domain/resilience-schemas.js';
import { PRESETS, toPresetDetails, toPresetSummary, toResilienceConfig } from '../../infra/resilience/presets.js';
import { recommendPreset } from '../../infra/resilience/recommend-preset.js';
import { createResilienceConfig, toCurrentConfigResponse } from '../../infra/resilience/resilience-config.js';
import {
  STRATEGIES,
  baseRetryDelayMs,
  retryDelayBoundsMs,
  retryDelayMs,
  shouldStopRetrying,
} from '../../infra/resilience/strategies.js';
import { TEMPLATES, recommendTemplate, suggestTemplate } from '../../infra/resilience/templates.js';

describe('strategies', () => {
  it.each([
    ['aggressive', 2, 10, 0.5, 1.0, 5.0, 2.0, 3, 30],
    ['balanced', 3, 30, 1.0, 2.0, 10.0, 2.0, 5, 60],
    ['conservative', 5, 120, 2.0, 4.0, 30.0, 2.0, 8, 120],
    ['critical', 7, 300, 1.5, 3.0, 60.0, 5.0, 10, 300],
  ] as const)(
    'has the reference numbers for %s',
    (name, attempts, maxDelay, multiplier, min, max, jitterMax, threshold, recovery) => {
      expect(STRATEGIES[name]).toEqual({
        strategy: name,
        retry_config: {
          max_attempts: attempts,
          max_delay_seconds: maxDelay,
          exponential_multiplier: multiplier,
          exponential_min: min,
          exponential_max: max,
          jitter: true,
          jitter_max: jitterMax,
        },
        circuit_breaker_config: { failure_threshold: threshold, recovery_timeout: recovery, half_open_max_calls: 1 },
        enable_circuit_breaker: true,
        enable_retry: true,
      });
    },
  );

  it('waits clamp(multiplier × 2^(n−1), min, max) seconds before jitter', () => {
    const conservative = STRATEGIES.conservative.retry_config;
    expect([1, 2, 3, 4, 5].map((attempt) => baseRetryDelayMs(conservative, attempt))).toEqual([
      4000, 4000, 8000, 16000, 30000,
    ]);
    const critical = STRATEGIES.critical.retry_config;
    expect([1, 2, 3, 4, 5, 6].map((attempt) => baseRetryDelayMs(critical, attempt))).toEqual([
      3000, 3000, 6000, 12000, 24000, 48000,
    ]);
    expect(baseRetryDelayMs({ ...conservative, exponential_multiplier: 0 }, 3)).toBe(2000);
  });

  it('adds uniform jitter up to jitter_max, none when jitter is off', () => {
    const balanced = STRATEGIES.balanced.retry_config;
    expect(retryDelayMs(balanced, 1, () => 0)).toBe(2000);
    expect(retryDelayMs(balanced, 1, () => 0.5)).toBe(3000);
    expect(retryDelayBoundsMs(balanced, 3)).toEqual({ min: 4000, max: 6000 });
    expect(retryDelayMs({ ...balanced, jitter: false }, 1, () => 0.99)).toBe(2000);
  });

  it('stops at max attempts or once the time budget is spent', () => {
    const balanced = STRATEGIES.balanced.retry_config;
    expect(shouldStopRetrying(balanced, 2, 1000)).toBe(false);
    expect(shouldStopRetrying(balanced, 3, 1000)).toBe(true);
    expect(shouldStopRetrying(balanced, 1, 30_000)).toBe(true);
  });
});

describe('presets', () => {
  it('lists the three reference presets with their values', () => {
    expect(toPresetSummary('simple')).toEqual({
      name: 'Simple',
      key: 'simple',
      description: 'Balanced configuration suitable for most use cases',
      retry_attempts: 3,
      circuit_breaker_threshold: 5,
      recovery_timeout: 60,
      default_strategy: 'balanced',
      environment_contexts: ['development', 'testing', 'staging', 'production'],
    });
    expect(PresetSummarySchema.parse(toPresetSummary('production'))).toBeTruthy();
    expect(toPresetDetails(PRESETS.development)).toEqual({
      name: 'Development',
      description: 'Fast-fail configuration optimized for development speed',
      configuration: {
        retry_attempts: 2,
        circuit_breaker_threshold: 3,
        recovery_timeout: 30,
        default_strategy: 'aggressive',
        operation_overrides: { sentiment: 'aggressive', qa: 'balanced' },
      },
      environment_contexts: ['development', 'testing'],
    });
    expect(PRESETS.production).toMatchObject({
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
    });
  });

  it.each([
    ['simple', 3, 30, 1.0, 2.0, 10.0, 5, 60],
    ['development', 2, 10, 0.5, 1.0, 5.0, 3, 30],
    ['production', 5, 120, 2.0, 4.0, 30.0, 10, 120],
  ] as const)(
    "converts %s to its default strategy's table with the preset's retries, threshold and recovery",
    (name, attempts, maxDelay, multiplier, min, max, threshold, recovery) => {
      const config = toResilienceConfig(PRESETS[name]);
      expect(config.retry_config).toEqual({
        max_attempts: attempts,
        max_delay_seconds: maxDelay,
        exponential_multiplier: multiplier,
        exponential_min: min,
        exponential_max: max,
        jitter: true,
        jitter_max: 2.0,
      });
      expect(config.circuit_breaker_config).toEqual({
        failure_threshold: threshold,
        recovery_timeout: recovery,
        half_open_max_calls: 1,
      });
      expect(config.strategy).toBe(PRESETS[name].default_strategy);
    },
  );
});

describe('templates', () => {
  it('has the five reference templates', () => {
    expect(Object.keys(TEMPLATES)).toEqual([
      'fast_development',
      'robust_production',
      'low_latency',
      'high_throughput',
      'maximum_reliability',
    ]);
    expect(TEMPLATES['low_latency']?.config).toEqual({
      retry_attempts: 1,
      circuit_breaker_threshold: 2,
      recovery_timeout: 10,
      default_strategy: 'aggressive',
      max_delay_seconds: 5,
      exponential_multiplier: 0.5,
      exponential_min: 0.5,
      exponential_max: 5.0,
    });
    expect(TEMPLATES['maximum_reliability']?.config).toMatchObject({
      retry_attempts: 8,
      circuit_breaker_threshold: 15,
      recovery_timeout: 300,
      default_strategy: 'critical',
      exponential_multiplier: 2.0,
      exponential_min: 3.0,
      exponential_max: 60.0,
      jitter_enabled: true,
      jitter_max: 5.0,
    });
    expect(TEMPLATES['robust_production']?.config.operation_overrides).toEqual({
      qa: 'critical',
      summarize: 'conservative',
    });
  });

  it('suggests the best-scoring template when it scores at least 4', () => {
    expect(
      suggestTemplate({ retry_attempts: 6, circuit_breaker_threshold: 12, default_strategy: 'conservative' }),
    ).toBe('robust_production');
    expect(suggestTemplate({ retry_attempts: 1, circuit_breaker_threshold: 2, default_strategy: 'aggressive' })).toBe(
      'fast_development',
    );
    expect(suggestTemplate({})).toBe('high_throughput');
    expect(suggestTemplate({ retry_attempts: 10, circuit_breaker_threshold: 20, default_strategy: 'balanced' })).toBe(
      null,
    );
  });

  it('reports confidence as the share of compared keys that match', () => {
    expect(
      recommendTemplate({ retry_attempts: 3, circuit_breaker_threshold: 7, default_strategy: 'balanced' }),
    ).toEqual({
      suggested_template: 'high_throughput',
      confidence: 2 / 3,
      reasoning: "Configuration closely matches 'high_throughput' template with 2/3 key parameters matching",
      available_templates: Object.keys(TEMPLATES),
    });
    expect(recommendTemplate({}).confidence).toBe(0.5);
    expect(recommendTemplate({ retry_attempts: 10, circuit_breaker_threshold: 20 })).toMatchObject({
      suggested_template: null,
      confidence: 0,
      reasoning: 'No template closely matches the provided configuration. Consider using a standard preset instead.',
    });
  });
});

describe('recommendPreset', () => {
  it.each([
    ['development', 'development', 0.95],
    ['dev', 'development', 0.9],
    ['testing', 'development', 0.85],
    ['test', 'development', 0.85],
    ['staging', 'production', 0.9],
    ['stage', 'production', 0.85],
    ['production', 'production', 0.95],
    ['prod', 'production', 0.9],
    ['live', 'production', 0.85],
    [' PROD ', 'production', 0.9],
    ['eu-staging-2', 'production', 0.7],
    ['preprod', 'production', 0.7],
    ['uat', 'production', 0.7],
    ['feature-dev-3', 'development', 0.75],
    ['localhost', 'development', 0.75],
    ['demo', 'development', 0.75],
    ['release-candidate', 'production', 0.75],
    ['master', 'production', 0.75],
    ['qa-cluster', 'simple', 0.4],
  ] as const)('recommends for %j: %s with confidence %d', (environment, preset, confidence) => {
    const recommendation = recommendPreset(environment);
    expect(recommendation.recommended_preset).toBe(preset);
    expect(recommendation.confidence).toBe(confidence);
    expect(recommendation.environment_detected).toBe(environment);
    expect(recommendation.auto_detected).toBe(false);
    expect(recommendation.available_presets).toEqual(['simple', 'development', 'production']);
  });

  it('explains the fallback', () => {
    expect(recommendPreset('qa-cluster').reasoning).toBe(
      "Unknown environment pattern 'qa-cluster', defaulting to simple preset",
    );
    expect(recommendPreset('staging').reasoning).toBe('Staging should mirror production settings');
  });
});

describe('createResilienceConfig', () => {
  it('runs the simple preset on balanced numbers for every operation', () => {
    const config = createResilienceConfig({ preset: 'simple' });
    for (const { strategy, config: numbers } of Object.values(config.operations)) {
      expect(strategy).toBe('balanced');
      expect(numbers.retry_config.max_attempts).toBe(3);
      expect(numbers.retry_config.max_delay_seconds).toBe(30);
    }
  });

  it("applies the production preset's overrides with each strategy's table", () => {
    const config = createResilienceConfig({ preset: 'production' });
    expect(config.operations.qa.strategy).toBe('critical');
    expect(config.operations.qa.config).toEqual(STRATEGIES.critical);
    expect(config.operations.sentiment.config).toEqual(STRATEGIES.aggressive);
    expect(config.operations.key_points.config).toEqual(STRATEGIES.balanced);
    expect(config.operations.summarize.config).toEqual(toResilienceConfig(PRESETS.production));
  });

  it("runs every label with its table: only a preset's own figures differ, and only on its default strategy", () => {
    for (const preset of ['simple', 'development', 'production'] as const) {
      const config = createResilienceConfig({ preset });
      for (const { strategy, config: numbers } of Object.values(config.operations)) {
        const table = STRATEGIES[strategy];
        expect(numbers.strategy).toBe(strategy);
        expect({ ...numbers.retry_config, max_attempts: 0 }).toEqual({ ...table.retry_config, max_attempts: 0 });
        if (strategy !== PRESETS[preset].default_strategy) expect(numbers).toEqual(table);
      }
    }
    expect(createResilienceConfig({ preset: 'simple' }).operations.summarize.config).toEqual(STRATEGIES.balanced);
    expect(createResilienceConfig({ preset: 'development' }).operations.summarize.config).toEqual(
      STRATEGIES.aggressive,
    );
    const summarize = createResilienceConfig({ preset: 'production' }).operations.summarize.config;
    expect(summarize.retry_config).toEqual(STRATEGIES.conservative.retry_config);
    expect(summarize.circuit_breaker_config).toEqual({
      failure_threshold: 10,
      recovery_timeout: 120,
      half_open_max_calls: 1,
    });
  });

  it('layers custom overrides and numbers on top', () => {
    const config = createResilienceConfig({
      preset: 'production',
      customConfig: { operation_overrides: { sentiment: 'conservative' }, retry_attempts: 4, recovery_timeout: 90 },
    });
    expect(config.operations.sentiment.strategy).toBe('conservative');
    expect(config.operations.sentiment.config.retry_config.max_attempts).toBe(4);
    expect(config.operations.qa.config.retry_config.max_attempts).toBe(4);
    expect(config.operations.qa.config.retry_config.exponential_max).toBe(60);
    expect(config.operations.summarize.config.circuit_breaker_config.recovery_timeout).toBe(90);
    expect(config.defaults.retry_config.max_attempts).toBe(4);
  });

  it('reports what runs in the reference shape plus per-operation numbers', () => {
    const report = toCurrentConfigResponse(
      createResilienceConfig({ preset: 'development', customConfig: { circuit_breaker_threshold: 4 } }),
    );
    expect(CurrentConfigResponseSchema.parse(report)).toEqual(report);
    expect(report).toMatchObject({
      preset_name: 'development',
      is_legacy_config: false,
      configuration: {
        strategy: 'aggressive',
        retry_config: { max_attempts: 2, max_delay_seconds: 10, exponential_multiplier: 0.5 },
        circuit_breaker_config: { failure_threshold: 4, recovery_timeout: 30, half_open_max_calls: 1 },
        enable_circuit_breaker: true,
        enable_retry: true,
      },
      operation_strategies: {
        summarize_text: 'aggressive',
        analyze_sentiment: 'aggressive',
        extract_key_points: 'aggressive',
        generate_questions: 'aggressive',
        answer_question: 'balanced',
      },
      custom_overrides: { circuit_breaker_threshold: 4 },
    });
    expect(report.operations['answer_question']?.retry_config.max_attempts).toBe(3);
    expect(Object.keys(report.strategies)).toEqual(['aggressive', 'balanced', 'conservative', 'critical']);
  });
});
