import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError, ValidationError } from '../../domain/errors.js';
import { resolveOptions } from '../../domain/operations.js';
import type { ModelRequest } from '../../domain/ports.js';
import {
  BenchmarkResponseSchema,
  CircuitBreakerStatusSchema,
  MetricsResponseSchema,
  ResilienceDashboardSchema,
  ResilienceHealthResponseSchema,
} from '../../domain/resilience-schemas.js';
import { runResilienceBenchmarks } from '../../infra/resilience/performance-benchmark.js';
import { createPolicyRegistry, type PolicyRegistry } from '../../infra/resilience/policy-registry.js';
import { createResilienceConfig } from '../../infra/resilience/resilience-config.js';
import { createResilienceService } from '../../infra/resilience/resilience-service.js';
import { FakeTextModel } from '../fakes/fake-text-model.js';

const REQUEST: ModelRequest = {
  input: { operation: 'summarize', text: 'Some text to summarize for the test.', options: resolveOptions(undefined) },
  instructions: { system: 'system', task: 'task' },
  responseFormat: 'text',
  maxOutputTokens: 100,
};

function setup() {
  const clock = { now: () => Date.now(), monotonic: () => Date.now() };
  const registry = createPolicyRegistry({
    config: createResilienceConfig({ preset: 'simple' }),
    maxConcurrency: 4,
    maxQueue: 4,
    attemptTimeoutMs: 5000,
    random: () => 0,
    clock,
  });
  return { registry, service: createResilienceService({ registry, clock }) };
}

async function callUntilSettled(registry: PolicyRegistry, model: FakeTextModel) {
  const settled = registry
    .execute({ provider: model.provider, operation: 'summarize', attempt: (signal) => model.generate(REQUEST, signal) })
    .catch((error: unknown) => error);
  await vi.advanceTimersByTimeAsync(60_000);
  return settled;
}

describe('createResilienceService', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('switches the running configuration after validating it', () => {
    const { registry, service } = setup();
    const report = service.updateConfig({ preset: 'production', custom_config: { retry_attempts: 4 } });
    expect(report.preset_name).toBe('production');
    expect(report.custom_overrides).toEqual({ retry_attempts: 4 });
    expect(report.operation_strategies['answer_question']).toBe('critical');
    expect(registry.config.operations.qa.config.retry_config.max_attempts).toBe(4);

    expect(service.updateConfig({ custom_config: { retry_attempts: 2 } }).preset_name).toBe('production');
    expect(service.updateConfig({ custom_config: null }).custom_overrides).toBeNull();
    expect(service.getConfig().preset_name).toBe('production');
  });

  it('runs a preset switched to alone as it is, dropping earlier custom numbers', () => {
    const { registry, service } = setup();
    service.updateConfig({ custom_config: { retry_attempts: 6, circuit_breaker_threshold: 12 } });
    const report = service.updateConfig({ preset: 'development' });
    expect(report).toMatchObject({ preset_name: 'development', custom_overrides: null });
    expect(registry.config.customConfig).toBeNull();
    expect(registry.config.operations.summarize.config.retry_config.max_attempts).toBe(2);
    expect(registry.config.operations.summarize.config.circuit_breaker_config.failure_threshold).toBe(3);
    expect(service.getConfig()).toEqual(report);
  });

  it('applies a template as the custom overrides, the given keys over its own', () => {
    const { registry, service } = setup();
    const report = service.updateConfig({ template: 'robust_production', configuration: { retry_attempts: 2 } });
    expect(report.custom_overrides).toEqual({ ...service.getTemplate('robust_production').config, retry_attempts: 2 });
    expect(registry.config.operations.qa).toMatchObject({
      strategy: 'critical',
      config: { retry_config: { max_attempts: 2 }, circuit_breaker_config: { failure_threshold: 12 } },
    });
    expect(() => service.updateConfig({ template: 'turbo' })).toThrow(ValidationError);
    expect(service.getConfig()).toEqual(report);
  });

  it('refuses an invalid custom configuration and keeps the running one', () => {
    const { service } = setup();
    let caught: unknown;
    try {
      service.updateConfig({ preset: 'production', custom_config: { retry_attempts: 0, colour: 'red' } });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).issues).toEqual([
      { field: 'custom_config.retry_attempts', message: 'retry_attempts must be at least 1 (got 0)' },
      { field: 'custom_config', message: 'Unknown field: colour' },
    ]);
    expect(service.getConfig().preset_name).toBe('simple');
  });

  it('reports unknown presets, templates and breakers as NOT_FOUND with the reference messages', () => {
    const { service } = setup();
    expect(() => service.getPreset('turbo')).toThrow(
      new AppError('NOT_FOUND', "Unknown preset 'turbo'. Available presets: simple, development, production"),
    );
    expect(() => service.getTemplate('turbo')).toThrow("Template 'turbo' not found");
    expect(() => service.circuitBreaker('openai:summarize_text')).toThrow(
      "Circuit breaker 'openai:summarize_text' not found",
    );
    expect(() => service.resetCircuitBreaker('x')).toThrow(AppError);
    expect(service.getPreset('production').name).toBe('Production');
    expect(service.listPresets().map((preset) => preset.key)).toEqual(['simple', 'development', 'production']);
    expect(Object.keys(service.listTemplates().templates)).toHaveLength(5);
  });

  it('serves presets, recommendations, templates and thresholds', async () => {
    const { service } = setup();
    expect(Object.keys(service.presetsSummary())).toEqual(['simple', 'development', 'production']);
    expect(service.recommendPreset('prod').recommended_preset).toBe('production');
    expect(service.getTemplate('low_latency').name).toBe('Low Latency');
    expect(service.recommendTemplate({ retry_attempts: 8, default_strategy: 'critical' }).suggested_template).toBe(
      'maximum_reliability',
    );
    expect(service.thresholds().thresholds).toMatchObject({
      config_loading_ms: 100,
      preset_access_ms: 10,
      validation_ms: 50,
      service_initialization_ms: 200,
    });
    const report = await service.benchmark({ iterations: 1, operations: ['preset_loading'] });
    expect(report.results.map((result) => result.operation)).toEqual(['preset_loading']);
  });

  it('validates configurations without throwing', () => {
    const { service } = setup();
    expect(service.validate({ retry_attempts: 3 })).toEqual({
      is_valid: true,
      errors: [],
      warnings: [],
      suggestions: [],
      security_info: null,
    });
    expect(service.validate('nonsense').is_valid).toBe(false);
  });

  it('reports null rates, not 100 or 0, before any call', () => {
    const { service } = setup();
    const dashboard = service.dashboard();
    expect(ResilienceDashboardSchema.parse(dashboard)).toEqual(dashboard);
    expect(dashboard.performance).toEqual({
      total_calls: 0,
      successful_calls: 0,
      failed_calls: 0,
      retry_attempts: 0,
      success_rate: null,
    });
    expect(service.operationMetrics('summarize_text').metrics).toMatchObject({
      success_rate: null,
      failure_rate: null,
    });
  });

  it('reports breakers, metrics, health and the dashboard from real calls', async () => {
    const { registry, service } = setup();
    const model = new FakeTextModel('openai', { otherwise: { fail: 'server' } });
    await callUntilSettled(registry, model);
    await callUntilSettled(registry, model);

    const status = service.circuitBreaker('openai:summarize_text');
    expect(CircuitBreakerStatusSchema.parse(status)).toEqual(status);
    expect(status.state).toBe('open');
    expect(service.circuitBreakers()['openai:summarize_text']).toMatchObject({ state: 'open', failure_threshold: 5 });

    const metrics = service.metrics();
    expect(MetricsResponseSchema.parse(metrics)).toEqual(metrics);
    expect(metrics.operations['summarize_text']).toMatchObject({ total_calls: 2, failed_calls: 2, retry_attempts: 3 });
    expect(metrics.summary).toMatchObject({
      total_operations: 5,
      total_circuit_breakers: 1,
      healthy_circuit_breakers: 0,
    });

    const health = service.health();
    expect(ResilienceHealthResponseSchema.parse(health)).toEqual(health);
    expect(health).toMatchObject({
      healthy: false,
      status: 'degraded',
      details: { open_circuit_breakers: ['openai:summarize_text'], total_circuit_breakers: 1 },
    });

    const dashboard = service.dashboard();
    expect(ResilienceDashboardSchema.parse(dashboard)).toEqual(dashboard);
    expect(dashboard.alerts).toEqual(['Circuit breaker open: openai:summarize_text']);
    expect(dashboard.performance).toMatchObject({ total_calls: 2, failed_calls: 2, success_rate: 0 });

    expect(service.resetCircuitBreaker('openai:summarize_text')).toEqual({
      message: "Circuit breaker 'openai:summarize_text' has been reset",
      name: 'openai:summarize_text',
      new_state: 'closed',
    });
    expect(service.health().healthy).toBe(true);
    expect(service.resetMetrics('summarize_text')).toEqual({ message: 'Reset metrics for operation: summarize_text' });
    expect(service.operationMetrics('summarize_text').metrics.total_calls).toBe(0);
    expect(service.resetMetrics()).toEqual({ message: 'Reset all resilience metrics' });
  });
});

describe('runResilienceBenchmarks', () => {
  it('measures each of our own costs with the reference result shape', async () => {
    const report = await runResilienceBenchmarks({ iterations: 3 });
    expect(BenchmarkResponseSchema.parse(report)).toEqual(report);
    expect(report.results.map((result) => result.operation)).toEqual([
      'preset_loading',
      'resilience_config_loading',
      'custom_config_loading',
      'service_initialization',
      'validation_performance',
      'breaker_overhead',
    ]);
    for (const result of report.results) {
      expect(result.iterations).toBe(3);
      expect(result.success_rate).toBe(100);
      expect(result.min_duration_ms).toBeLessThanOrEqual(result.max_duration_ms);
      expect(result.metadata['threshold_ms']).toBeGreaterThan(0);
    }
    expect(report.summary.total_benchmarks).toBe(6);
    expect(report.summary.overall_success_rate).toBe(100);
    expect(report.summary.pass_rate_percent).toBeGreaterThanOrEqual(0);
    expect(report.summary.pass_rate_percent).toBeLessThanOrEqual(100);
  });

  it('runs only the requested benchmarks and rejects unknown ones', async () => {
    const report = await runResilienceBenchmarks({ iterations: 2, operations: ['preset_loading'] });
    expect(report.results).toHaveLength(1);
    await expect(runResilienceBenchmarks({ operations: ['legacy_config_loading'] })).rejects.toThrow(
      'Unknown benchmark operation: legacy_config_loading',
    );
  });
});
