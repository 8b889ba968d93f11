import { describe, expect, it } from 'vitest';
import { isConfigError, loadConfig } from '../../server/config.js';

describe('loadConfig', () => {
  it('runs with zero configuration on the local provider, open, in development', () => {
    const config = loadConfig({});
    expect(config.environment).toBe('development');
    expect(config.server).toMatchObject({ host: '0.0.0.0', port: 8000 });
    expect(config.ai.providers).toEqual(['local']);
    expect(config.auth.apiKeys).toEqual([]);
    expect(config.cache.redisUrl).toBeUndefined();
    expect(config.limits).toEqual({
      inputMaxLength: 10_000,
      maxBatchItems: 50,
      batchConcurrency: 5,
      batchResultTtlSeconds: 3600,
    });
    expect(config.cors.origins).toContain('http://localhost:8501');
    expect(Object.isFrozen(config.server)).toBe(true);
  });

  it('reads the reference variable names and their aliases', () => {
    const config = loadConfig({
      BACKEND_HOST: '127.0.0.1',
      BACKEND_PORT: '9000',
      API_KEY: ' main ',
      ADDITIONAL_API_KEYS: 'k2, ,k3',
      CORS_ORIGINS: '["http://a.example"]',
      LOG_LEVEL: 'warning',
      CACHE_DEFAULT_TTL: '120',
      CACHE_REDIS_URL: 'redis://127.0.0.1:6379',
    });
    expect(config.server).toMatchObject({ host: '127.0.0.1', port: 9000 });
    expect(config.auth.apiKeys).toEqual(['main', 'k2', 'k3']);
    expect(config.cors.origins).toEqual(['http://a.example']);
    expect(config.log.level).toBe('warn');
    expect(config.cache.defaultTtlSeconds).toBe(120);
    expect(config.cache.redisUrl).toBe('redis://127.0.0.1:6379');
  });

  it('prefers HOST/PORT over BACKEND_HOST/BACKEND_PORT and treats empty strings as unset', () => {
    const config = loadConfig({ HOST: 'localhost', PORT: '8081', BACKEND_PORT: '9000', API_KEY: '' });
    expect(config.server).toMatchObject({ host: 'localhost', port: 8081 });
    expect(config.auth.apiKeys).toEqual([]);
  });

  it('puts configured remote providers before local by default', () => {
    const config = loadConfig({
      GEMINI_API_KEY: 'g',
      OPENAI_API_KEY: 'o',
      OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1',
    });
    expect(config.ai.providers).toEqual(['gemini', 'openai', 'local']);
    expect(config.ai.openai).toMatchObject({ apiKey: 'o', baseUrl: 'http://127.0.0.1:11434/v1', model: 'gpt-4o-mini' });
  });

  it('runs the learned injection classifier unless INJECTION_CLASSIFIER=off', () => {
    expect(loadConfig({}).security.injectionClassifier).toBe(true);
    expect(loadConfig({ INJECTION_CLASSIFIER: 'off' }).security.injectionClassifier).toBe(false);
    expect(() => loadConfig({ INJECTION_CLASSIFIER: 'maybe' })).toThrow(/INJECTION_CLASSIFIER/);
  });

  it('reports every bad variable in one error naming what is allowed', () => {
    const error = (() => {
      try {
        loadConfig({ PORT: 'abc', LOG_LEVEL: 'LOUD', DEBUG: 'maybe', AI_TEMPERATURE: '7', INJECTION_POLICY: 'nuke' });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(isConfigError(error)).toBe(true);
    const message = (error as Error).message;
    for (const name of ['PORT', 'LOG_LEVEL', 'DEBUG', 'AI_TEMPERATURE', 'INJECTION_POLICY'])
      expect(message).toContain(name);
    expect(message).toContain('DEBUG, INFO, WARNING');
  });

  it('refuses production without API keys', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/production requires at least one API key/);
    expect(() => loadConfig({ ENVIRONMENT: 'production', API_KEY: 'k' })).not.toThrow();
  });

  it('refuses a provider listed without its key', () => {
    expect(() => loadConfig({ AI_PROVIDERS: 'openai,local' })).toThrow(/OPENAI_API_KEY/);
  });

  it('hides internal docs in production unless DISABLE_INTERNAL_DOCS=false', () => {
    expect(loadConfig({ ENVIRONMENT: 'production', API_KEY: 'k' }).internal.docsEnabled).toBe(false);
    expect(
      loadConfig({ ENVIRONMENT: 'production', API_KEY: 'k', DISABLE_INTERNAL_DOCS: 'false' }).internal.docsEnabled,
    ).toBe(true);
    expect(loadConfig({}).internal.docsEnabled).toBe(true);
  });
});

describe('loadConfig resilience settings', () => {
  it('parses RESILIENCE_CUSTOM_CONFIG and refuses an invalid one with its errors', () => {
    const config = loadConfig({ RESILIENCE_PRESET: 'production', RESILIENCE_CUSTOM_CONFIG: '{"retry_attempts": 4}' });
    expect(config.resilience.preset).toBe('production');
    expect(config.resilience.customConfig?.config).toMatchObject({ retry_attempts: 4 });
    expect(() => loadConfig({ RESILIENCE_CUSTOM_CONFIG: '{"retry_attempts": 99}' })).toThrow(
      /RESILIENCE_CUSTOM_CONFIG: retry_attempts must be at most 10 \(got 99\)/,
    );
    expect(() => loadConfig({ RESILIENCE_CUSTOM_CONFIG: 'not json' })).toThrow(/Invalid JSON/);
  });
});
