import { describe, expect, it } from 'vitest';
import {
  parseCustomConfig,
  parseCustomConfigJson,
  validateCustomConfig,
} from '../../infra/resilience/custom-config.js';
import { TEMPLATES } from '../../infra/resilience/templates.js';

describe('validateCustomConfig', () => {
  it('accepts every template and a full valid configuration', () => {
    for (const template of Object.values(TEMPLATES)) {
      expect(validateCustomConfig(template.config).errors).toEqual([]);
    }
    expect(
      validateCustomConfig({
        retry_attempts: 4,
        circuit_breaker_threshold: 6,
        recovery_timeout: 90,
        default_strategy: 'balanced',
        operation_overrides: { qa: 'critical' },
        exponential_multiplier: 1.5,
        exponential_min: 1,
        exponential_max: 20,
        jitter_enabled: false,
        jitter_max: 1.5,
        max_delay_seconds: 90,
      }),
    ).toEqual({ is_valid: true, errors: [], warnings: [], suggestions: [] });
  });

  it.each([
    [{ retry_attempts: 0 }, 'retry_attempts must be at least 1 (got 0)'],
    [{ retry_attempts: 11 }, 'retry_attempts must be at most 10 (got 11)'],
    [{ circuit_breaker_threshold: 21 }, 'circuit_breaker_threshold must be at most 20 (got 21)'],
    [{ recovery_timeout: 9 }, 'recovery_timeout must be at least 10 (got 9)'],
    [{ recovery_timeout: 301 }, 'recovery_timeout must be at most 300 (got 301)'],
    [{ exponential_multiplier: 0.05 }, 'exponential_multiplier must be at least 0.1 (got 0.05)'],
    [{ exponential_min: 11 }, 'exponential_min must be at most 10.0 (got 11)'],
    [{ exponential_max: 4 }, 'exponential_max must be at least 5.0 (got 4)'],
    [{ exponential_max: 121 }, 'exponential_max must be at most 120.0 (got 121)'],
    [{ jitter_max: 10.5 }, 'jitter_max must be at most 10.0 (got 10.5)'],
    [{ max_delay_seconds: 4 }, 'max_delay_seconds must be at least 5 (got 4)'],
    [{ max_delay_seconds: 601 }, 'max_delay_seconds must be at most 600 (got 601)'],
    [{ retry_attempts: 2.5 }, 'retry_attempts must be a whole number (got 2.5)'],
    [{ retry_attempts: '3' }, 'retry_attempts must be a whole number (got "3")'],
    [{ jitter_enabled: 'yes' }, 'jitter_enabled must be true or false (got "yes")'],
    [
      { default_strategy: 'fast' },
      'default_strategy must be one of aggressive, balanced, conservative, critical (got "fast")',
    ],
    [
      { operation_overrides: { qa: 'maximum' } },
      'operation_overrides.qa must be one of aggressive, balanced, conservative, critical (got "maximum")',
    ],
  ])('rejects %j out of range or of the wrong type', (config, message) => {
    const result = validateCustomConfig(config);
    expect(result.is_valid).toBe(false);
    expect(result.errors).toContain(message);
  });

  it('accepts the range boundaries', () => {
    expect(
      validateCustomConfig({
        retry_attempts: 10,
        recovery_timeout: 10,
        exponential_multiplier: 5,
        exponential_min: 0.5,
        exponential_max: 120,
        jitter_max: 0.1,
        max_delay_seconds: 600,
      }).errors,
    ).toEqual([]);
  });

  it('rejects unknown keys at the top level and in operation_overrides', () => {
    const top = validateCustomConfig({ retry_attempts: 3, timeout_seconds: 30 });
    expect(top.errors).toEqual(['Unknown field: timeout_seconds']);
    expect(top.suggestions).toContain('🔧 Remove any fields not in the allowed list');
    expect(top.suggestions.some((hint) => hint.startsWith('📋 Allowed fields: retry_attempts,'))).toBe(true);

    const nested = validateCustomConfig({ operation_overrides: { translate: 'critical' } });
    expect(nested.errors).toEqual([
      'Unknown field in operation_overrides: translate',
      "Invalid operation 'translate' in operation_overrides",
    ]);
    expect(nested.suggestions).toContain('💡 Valid operations: summarize, sentiment, key_points, questions, qa');
    expect(nested.suggestions).toContain('Valid operations are: key_points, qa, questions, sentiment, summarize');
  });

  it('writes every message in plain words, never Python reprs or jsonschema text', () => {
    const inputs: unknown[] = [
      {},
      { retry_atempts: 3 },
      [1, 2],
      null,
      { default_strategy: 'fast', jitter_enabled: 'yes', retry_attempts: '3', operation_overrides: { qa: 'x' } },
    ];
    for (const input of inputs) {
      for (const message of validateCustomConfig(input).errors) {
        expect(message).not.toMatch(/not valid under any|is not of type|\['|'\]|\bNone\b|\bTrue\b|\bFalse\b|\{'/);
      }
    }
  });

  it('requires at least one key and an object', () => {
    const atLeastOne =
      'Set at least one of retry_attempts, circuit_breaker_threshold, recovery_timeout, default_strategy, operation_overrides, exponential_multiplier, exponential_min, exponential_max, jitter_enabled, jitter_max, max_delay_seconds';
    expect(validateCustomConfig({}).errors).toEqual([atLeastOne]);
    expect(validateCustomConfig({ retry_atempts: 3 }).errors).toEqual(['Unknown field: retry_atempts', atLeastOne]);
    expect(validateCustomConfig([1, 2]).errors).toEqual(['The configuration must be a JSON object (got [1,2])']);
    expect(validateCustomConfig(null).is_valid).toBe(false);
  });

  it('errors when exponential_min is not below exponential_max', () => {
    const result = validateCustomConfig({ exponential_min: 8, exponential_max: 8 });
    expect(result.is_valid).toBe(false);
    expect(result.errors).toEqual(['exponential_min must be less than exponential_max']);
    expect(result.suggestions).toContain('Try setting exponential_min to 4.0 and exponential_max to 16.0');
  });

  it('warns, without failing, about short budgets, low thresholds and many retries', () => {
    const result = validateCustomConfig({ retry_attempts: 8, max_delay_seconds: 10, circuit_breaker_threshold: 2 });
    expect(result.is_valid).toBe(true);
    expect(result.warnings).toEqual([
      'max_delay_seconds (10s) might be too short for 8 retry attempts (estimated minimum: 16s)',
      'Very low circuit breaker threshold may cause frequent circuit opening',
      'High retry attempts may increase latency significantly',
    ]);
    expect(result.suggestions).toEqual([
      'Consider increasing max_delay_seconds to at least 16s',
      'Consider using threshold >= 3 for better stability',
      "Consider using a preset like 'production' for balanced retry behavior",
    ]);
  });

  it('suggests fixes for each kind of schema error', () => {
    expect(validateCustomConfig({ retry_attempts: 0 }).suggestions).toEqual([
      '💡 Try: retry_attempts: 3 (recommended for most use cases)',
      '🔧 Valid range: 1 (fast failure) to 10 (maximum persistence)',
    ]);
    expect(validateCustomConfig({ recovery_timeout: 'soon' }).suggestions).toEqual([
      '💡 recovery_timeout must be a whole number in seconds, like: recovery_timeout: 120',
      '📝 This field expects a number without quotes, like: 5',
    ]);
    expect(validateCustomConfig({ default_strategy: 'fast' }).suggestions).toContain(
      "🔧 Try: default_strategy: 'balanced' for most use cases",
    );
    expect(validateCustomConfig({ exponential_max: 500 }).suggestions).toContain(
      '💡 Exponential backoff settings control retry timing',
    );
  });
});

describe('parseCustomConfigJson', () => {
  it('returns the typed configuration when valid', () => {
    const parsed = parseCustomConfigJson('{"retry_attempts": 4, "operation_overrides": {"qa": "critical"}}');
    expect(parsed.is_valid).toBe(true);
    expect(parsed.config).toEqual({ retry_attempts: 4, operation_overrides: { qa: 'critical' } });
  });

  it('reports bad JSON', () => {
    const parsed = parseCustomConfigJson('{retry_attempts: 4');
    expect(parsed.is_valid).toBe(false);
    expect(parsed.config).toBeNull();
    expect(parsed.errors[0]).toMatch(/^Invalid JSON: /);
  });

  it('returns no configuration when invalid', () => {
    expect(parseCustomConfig({ retry_attempts: 99 }).config).toBeNull();
  });
});
