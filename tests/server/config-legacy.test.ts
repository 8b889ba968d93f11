import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, isConfigError, loadConfig } from '../../server/config.js';
import { LEGACY_VARIABLES } from '../../infra/resilience/legacy-config.js';
import { createTestApp } from '../http/test-app.js';

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (isConfigError(error)) return error.problems;
    throw error;
  }
  return [];
}

describe('legacy resilience variables in the config', () => {
  it('are read when neither RESILIENCE_PRESET nor RESILIENCE_CUSTOM_CONFIG is set, on the simple preset', () => {
    const config = loadConfig({ RETRY_MAX_ATTEMPTS: '5', QA_RESILIENCE_STRATEGY: 'critical' });
    expect(config.resilience.preset).toBe('simple');
    expect(config.resilience.legacy).toMatchObject({ inUse: true, overriddenBy: [] });
    expect(config.resilience.settings).toEqual({
      preset: 'simple',
      customConfig: { retry_attempts: 5, operation_overrides: { qa: 'critical' } },
      legacy: { variables: ['RETRY_MAX_ATTEMPTS', 'QA_RESILIENCE_STRATEGY'], circuitBreaker: true },
    });
    expect(config.warnings).toEqual([
      expect.stringMatching(
        /^Resilience comes from the deprecated legacy variables RETRY_MAX_ATTEMPTS, QA_RESILIENCE_STRATEGY: `make migrate-config`/,
      ),
    ]);
  });

  it.each(['RESILIENCE_PRESET', 'RESILIENCE_CUSTOM_CONFIG'])(
    'are ignored, with a warning naming them, when %s is set',
    (variable) => {
      const value = variable === 'RESILIENCE_PRESET' ? 'production' : '{"retry_attempts": 2}';
      const config = loadConfig({ [variable]: value, RETRY_MAX_ATTEMPTS: '7', CIRCUIT_BREAKER_ENABLED: 'false' });
      expect(config.resilience.legacy).toMatchObject({ inUse: false, overriddenBy: [variable] });
      expect(config.resilience.settings.legacy).toBeUndefined();
      expect(config.resilience.customConfig?.config?.retry_attempts).not.toBe(7);
      expect(config.warnings).toEqual([
        `Legacy resilience variables ignored because ${variable} is set: RETRY_MAX_ATTEMPTS, CIRCUIT_BREAKER_ENABLED (remove them; \`make migrate-config\` shows what they amounted to)`,
      ]);
    },
  );

  it('refuses bad legacy values in use, naming each variable, but not ignored ones', () => {
    expect(problemsOf({ RETRY_MAX_ATTEMPTS: '0', RETRY_JITTER_ENABLED: 'sometimes' })).toEqual([
      'RETRY_JITTER_ENABLED: must be true or false (got "sometimes")',
      'RETRY_MAX_ATTEMPTS: retry_attempts must be at least 1 (got 0)',
    ]);
    const ignored = loadConfig({ RESILIENCE_PRESET: 'simple', RETRY_MAX_ATTEMPTS: '0' });
    expect(ignored.resilience.legacy?.problems).toEqual([
      'RETRY_MAX_ATTEMPTS: retry_attempts must be at least 1 (got 0)',
    ]);
  });

  it('are variables of the one schema', () => {
    for (const name of LEGACY_VARIABLES) expect(CONFIG_VARIABLES).toContain(name);
  });

  it('without any, the preset runs and nothing is reported', () => {
    const config = loadConfig({ RESILIENCE_PRESET: 'development' });
    expect(config.resilience).toMatchObject({ preset: 'development', legacy: null, customConfig: null });
    expect(config.warnings).toEqual([]);
  });
});

describe('CACHE_PRESET', () => {
  it('is no longer a variable of the config; setting it gives a start-up warning naming what to set', () => {
    expect(CONFIG_VARIABLES).not.toContain('CACHE_PRESET');
    const config = loadConfig({ CACHE_PRESET: 'production' });
    expect(config.warnings).toEqual([
      expect.stringMatching(/^CACHE_PRESET is set but not read: .*CACHE_MEMORY_MAX_ENTRIES/),
    ]);
    expect(loadConfig({ CACHE_PRESET: '' }).warnings).toEqual([]);
  });
});

describe('GET /internal/resilience/config under legacy variables', () => {
  it('reports is_legacy_config and runs what the variables say until a configuration is put', async () => {
    const testApp = await createTestApp({
      RETRY_MAX_ATTEMPTS: '4',
      CIRCUIT_BREAKER_ENABLED: 'false',
      SENTIMENT_RESILIENCE_STRATEGY: 'conservative',
    });
    try {
      const response = await request(testApp.app).get('/internal/resilience/config').expect(200);
      expect(response.body).toMatchObject({
        preset_name: 'legacy',
        is_legacy_config: true,
        custom_overrides: { retry_attempts: 4, operation_overrides: { sentiment: 'conservative' } },
        operation_strategies: { analyze_sentiment: 'conservative', summarize_text: 'balanced' },
        operations: {
          analyze_sentiment: { retry_config: { max_attempts: 4 }, enable_circuit_breaker: false },
          summarize_text: { retry_config: { max_attempts: 4 }, enable_circuit_breaker: false },
        },
      });
      const updated = await request(testApp.app)
        .put('/internal/resilience/config')
        .send({ preset: 'production' })
        .expect(200);
      expect(updated.body).toMatchObject({ preset_name: 'production', is_legacy_config: false });
      expect(updated.body.operations.summarize_text.enable_circuit_breaker).toBe(true);
    } finally {
      await testApp.deps.close();
    }
  });
});
