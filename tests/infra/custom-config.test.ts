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
    [{ retry_attempts: 0 }, "Field 'retry_attempts': 0 is less than the minimum of 1"],
    [{ retry_attempts: 11 }, "Field 'retry_attempts': 11 is greater than the maximum of 10"],
    [{ circuit_breaker_threshold: 21 }, "Field 'circuit_breaker_threshold': 21 is greater than the maximum of 20"],
    [{ recovery_timeout: 9 }, "Field 'recovery_timeout': 9 is less than the minimum of 10"],
    [{ recovery_timeout: 301 }, "Field 'recovery_timeout': 301 is greater than the maximum of 300"],
    [{ exponential_multiplier: 0.05 }, "Field 'exponential_multiplier': 0.05 is less than the minimum of 0.1"],
    [{ exponential_min: 11 }, "Field 'exponential_min': 11 is greater than the maximum of 10.0"],
    [{ exponential_max: 4 }, "Field 'exponential_max': 4 is less than the minimum of 5.0"],
    [{ exponential_max: 121 }, "Field 'exponential_max': 121 is greater than the maximum of 120.0"],
    [{ jitter_max: 10.5 }, "Field 'jitter_max': 10.5 is greater than the maximum of 10.0"],
    [{ max_delay_seconds: 4 }, "Field 'max_delay_seconds': 4 is less than the minimum of 5"],
    [{ max_delay_seconds: 601 }, "Field 'max_delay_seconds': 601 is greater than the maximum of 600"],
    [{ retry_attempts: 2.5 }, "Field 'retry_attempts': 2.5 is not of type 'integer'"],
    [{ retry_attempts: '3' }, "Field 'retry_attempts': '3' is not of type 'integer'"],
    [{ jitter_enabled: 'yes' }, "Field 'jitter_enabled': 'yes' is not of type 'boolean'"],
    [
      { default_strategy: 'fast' },
      "Field 'default_strategy': 'fast' is not one of ['aggressive', 'balanced', 'conservative', 'critical']",
    ],
    [
      { operation_overrides: { qa: 'maximum' } },
      "Field 'operation_overrides.qa': 'maximum' is not one of ['aggressive', 'balanced', 'conservative', 'critical']",
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
    expect(top.errors).toEqual(["Additional properties are not allowed ('timeout_seconds' was unexpected)"]);
    expect(top.suggestions).toContain('🔧 Remove any fields not in the allowed list');
    expect(top.suggestions.some((hint) => hint.startsWith('📋 Allowed fields: retry_attempts,'))).toBe(true);

    const nested = validateCustomConfig({ operation_overrides: { translate: 'critical' } });
    expect(nested.errors).toEqual([
      "Field 'operation_overrides': Additional properties are not allowed ('translate' was unexpected)",
      "Invalid operation 'translate' in operation_overrides",
    ]);
    expect(nested.suggestions).toContain('💡 Valid operations: summarize, sentiment, key_points, questions, qa');
    expect(nested.suggestions).toContain('Valid operations are: key_points, qa, questions, sentiment, summarize');
  });

  it('requires at least one key and an object', () => {
    expect(validateCustomConfig({}).errors).toEqual(['{} is not valid under any of the given schemas']);
    expect(validateCustomConfig([1, 2]).errors).toEqual(["[1, 2] is not of type 'object'"]);
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
