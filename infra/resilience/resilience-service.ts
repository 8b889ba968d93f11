import { AppError, ValidationError, type FieldIssue } from '../../domain/errors.js';
import { OPERATIONS, OPERATION_INFO } from '../../domain/operations.js';
import { percentOf } from '../../domain/percent.js';
import type { Clock } from '../../domain/ports.js';
import {
  PRESET_NAMES,
  type BenchmarkRequest,
  type BenchmarkResponse,
  type BreakerResetResponse,
  type CircuitBreakerStatus,
  type CircuitBreakersResponse,
  type CircuitBreakerSummary,
  type ConfigTemplate,
  type CurrentConfigResponse,
  type CustomResilienceConfig,
  type MessageResponse,
  type Metrics,
  type MetricsResponse,
  type OperationMetricsResponse,
  type PerformanceThresholds,
  type PresetDetails,
  type PresetRecommendation,
  type PresetSummary,
  type ResilienceDashboard,
  type ResilienceHealthResponse,
  type TemplateListResponse,
  type TemplateSuggestionResponse,
  type UpdateConfigRequest,
  type ValidationResponse,
} from '../../domain/resilience-schemas.js';
import { createSystemClock } from '../system-clock.js';
import { parseCustomConfig, validateCustomConfig } from './custom-config.js';
import { getPerformanceThresholds, runResilienceBenchmarks } from './performance-benchmark.js';
import type { PolicyRegistry } from './policy-registry.js';
import { PRESETS, getPreset, toPresetDetails, toPresetSummary, unknownPresetMessage } from './presets.js';
import { recommendPreset } from './recommend-preset.js';
import { createResilienceConfig, toCurrentConfigResponse } from './resilience-config.js';
import { TEMPLATES, TEMPLATE_NAMES, getTemplate, recommendTemplate } from './templates.js';

export interface ResilienceServiceOptions {
  readonly registry: PolicyRegistry;
  readonly clock?: Clock;
}

/**
 * Everything the operator resilience procedures need, one method per procedure, each returning
 * the payload of its `domain/resilience-schemas.ts` output schema. Unknown names throw `AppError`
 * `NOT_FOUND` with the reference's messages; an invalid configuration update throws
 * `ValidationError`. Operation names are reference names (`summarize_text`, ...); breaker names
 * are `<provider>:<operation reference name>`.
 */
export interface ResilienceService {
  /** `GET /internal/resilience/health`. */
  health(): ResilienceHealthResponse;
  /** `GET /internal/resilience/config`: the configuration calls run with. */
  getConfig(): CurrentConfigResponse;
  /**
   * `PUT /internal/resilience/config`: validates, then switches the running configuration. A preset
   * given alone runs as it is (custom overrides dropped); custom overrides come from
   * `custom_config` or `configuration`, on top of `template` when given.
   */
  updateConfig(request: UpdateConfigRequest): CurrentConfigResponse;
  listPresets(): PresetSummary[];
  getPreset(name: string): PresetDetails;
  presetsSummary(): Record<string, PresetDetails>;
  recommendPreset(environment: string): PresetRecommendation;
  listTemplates(): TemplateListResponse;
  getTemplate(name: string): ConfigTemplate;
  recommendTemplate(configuration: Readonly<Record<string, unknown>>): TemplateSuggestionResponse;
  /** `POST /internal/resilience/config/validate`: reports problems, never throws. */
  validate(configuration: unknown): ValidationResponse;
  metrics(): MetricsResponse;
  /** Metrics of one operation; zeros for a name never seen (never 404, as in the reference). */
  operationMetrics(operation: string): OperationMetricsResponse;
  resetMetrics(operation?: string): MessageResponse;
  dashboard(): ResilienceDashboard;
  circuitBreakers(): CircuitBreakersResponse;
  circuitBreaker(name: string): CircuitBreakerStatus;
  resetCircuitBreaker(name: string): BreakerResetResponse;
  benchmark(request: Partial<BenchmarkRequest>): Promise<BenchmarkResponse>;
  thresholds(): PerformanceThresholds;
}

const OPERATION_NAMES: readonly string[] = OPERATIONS.map((operation) => OPERATION_INFO[operation].resilienceName);

function toIssues(issues: readonly FieldIssue[], prefix: string): FieldIssue[] {
  return issues.map(({ field, message }) => ({ field: field ? `${prefix}.${field}` : prefix, message }));
}

/** The custom overrides an update asks for: the template's, then the given keys over them. */
function toRequestedCustomConfig(
  request: UpdateConfigRequest,
  current: CustomResilienceConfig | null,
): CustomResilienceConfig | null {
  const field = request.configuration === undefined ? 'custom_config' : 'configuration';
  const overrides = request.configuration ?? request.custom_config;
  if (request.template === undefined) {
    // A preset switch runs the preset as documented; custom numbers must not outlive it unseen.
    if (overrides === undefined) return request.preset === undefined ? current : null;
    if (overrides === null) return null;
  }
  let base: Readonly<Record<string, unknown>> = {};
  if (request.template !== undefined) {
    const template = getTemplate(request.template);
    if (!template) {
      const message = `Unknown template '${request.template}'. Available templates: ${TEMPLATE_NAMES.join(', ')}`;
      throw new ValidationError(message, [{ field: 'template', message }]);
    }
    base = template.config;
  }
  const parsed = parseCustomConfig({ ...base, ...overrides });
  if (!parsed.config) {
    throw new ValidationError('Invalid resilience configuration', toIssues(parsed.issues, field), {
      details: { warnings: parsed.warnings, suggestions: parsed.suggestions },
    });
  }
  return parsed.config;
}

function toSummary(status: CircuitBreakerStatus): CircuitBreakerSummary {
  return {
    state: status.state,
    failure_threshold: status.failure_threshold,
    recovery_timeout: status.recovery_timeout,
    metrics: status.metrics,
  };
}

export function createResilienceService(options: ResilienceServiceOptions): ResilienceService {
  const { registry } = options;
  const clock = options.clock ?? createSystemClock();
  const timestamp = () => new Date(clock.now()).toISOString();

  function metrics(): MetricsResponse {
    const operations: Record<string, Metrics> = {};
    for (const name of OPERATION_NAMES) operations[name] = registry.metrics(name);
    const statuses = registry.breakerStatuses();
    const circuitBreakers: Record<string, CircuitBreakerSummary> = {};
    for (const status of statuses) circuitBreakers[status.name] = toSummary(status);
    return {
      operations,
      circuit_breakers: circuitBreakers,
      summary: {
        total_operations: OPERATION_NAMES.length,
        total_circuit_breakers: statuses.length,
        healthy_circuit_breakers: statuses.filter((status) => status.state === 'closed').length,
        timestamp: timestamp(),
      },
    };
  }

  function circuitBreaker(name: string): CircuitBreakerStatus {
    const status = registry.breakerStatus(name);
    if (!status) throw new AppError('NOT_FOUND', `Circuit breaker '${name}' not found`);
    return status;
  }

  return {
    health() {
      const statuses = registry.breakerStatuses();
      const open = statuses.filter((status) => status.state === 'open').map((status) => status.name);
      const halfOpen = statuses.filter((status) => status.state === 'half_open').map((status) => status.name);
      const healthy = open.length === 0;
      return {
        healthy,
        status: healthy ? 'healthy' : 'degraded',
        details: {
          healthy,
          open_circuit_breakers: open,
          half_open_circuit_breakers: halfOpen,
          total_circuit_breakers: statuses.length,
          total_operations: OPERATION_NAMES.length,
          timestamp: timestamp(),
        },
      };
    },

    getConfig() {
      return toCurrentConfigResponse(registry.config);
    },

    updateConfig(request) {
      const current = registry.config;
      const preset = request.preset ?? current.preset;
      const customConfig = toRequestedCustomConfig(request, current.customConfig);
      registry.update(createResilienceConfig({ preset, customConfig }));
      return toCurrentConfigResponse(registry.config);
    },

    listPresets() {
      return PRESET_NAMES.map(toPresetSummary);
    },

    getPreset(name) {
      const preset = getPreset(name);
      if (!preset) throw new AppError('NOT_FOUND', unknownPresetMessage(name));
      return toPresetDetails(preset);
    },

    presetsSummary() {
      const summary: Record<string, PresetDetails> = {};
      for (const name of PRESET_NAMES) summary[name] = toPresetDetails(PRESETS[name]);
      return summary;
    },

    recommendPreset(environment) {
      return recommendPreset(environment);
    },

    listTemplates() {
      return { templates: structuredClone({ ...TEMPLATES }) };
    },

    getTemplate(name) {
      const template = getTemplate(name);
      if (!template) throw new AppError('NOT_FOUND', `Template '${name}' not found`);
      return template;
    },

    recommendTemplate(configuration) {
      return recommendTemplate(configuration);
    },

    validate(configuration) {
      try {
        return { ...validateCustomConfig(configuration), security_info: null };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return {
          is_valid: false,
          errors: [`Validation error: ${message}`],
          warnings: [],
          suggestions: [],
          security_info: null,
        };
      }
    },

    metrics,

    operationMetrics(operation) {
      return { operation, metrics: registry.metrics(operation) };
    },

    resetMetrics(operation) {
      registry.resetMetrics(operation);
      return {
        message: operation ? `Reset metrics for operation: ${operation}` : 'Reset all resilience metrics',
      };
    },

    dashboard() {
      const snapshot = metrics();
      const breakers = Object.entries(snapshot.circuit_breakers);
      const totals = { total_calls: 0, successful_calls: 0, failed_calls: 0, retry_attempts: 0 };
      for (const operation of Object.values(snapshot.operations)) {
        totals.total_calls += operation.total_calls;
        totals.successful_calls += operation.successful_calls;
        totals.failed_calls += operation.failed_calls;
        totals.retry_attempts += operation.retry_attempts;
      }
      const successRate = percentOf(totals.successful_calls, totals.total_calls);
      const open = breakers.filter(([, breaker]) => breaker.state === 'open');
      const alerts = open.map(([name]) => `Circuit breaker open: ${name}`);
      if (successRate !== null && successRate < 80 && totals.total_calls > 10)
        alerts.push('High failure rate detected');
      return {
        timestamp: snapshot.summary.timestamp,
        health: {
          overall_healthy: open.length === 0,
          open_circuit_breakers: open.length,
          half_open_circuit_breakers: breakers.filter(([, breaker]) => breaker.state === 'half_open').length,
          total_circuit_breakers: breakers.length,
        },
        performance: { ...totals, success_rate: successRate },
        operations: Object.keys(snapshot.operations),
        alerts,
        summary: snapshot.summary,
      };
    },

    circuitBreakers() {
      const breakers: CircuitBreakersResponse = {};
      for (const status of registry.breakerStatuses()) breakers[status.name] = toSummary(status);
      return breakers;
    },

    circuitBreaker,

    resetCircuitBreaker(name) {
      if (!registry.resetBreaker(name)) throw new AppError('NOT_FOUND', `Circuit breaker '${name}' not found`);
      return { message: `Circuit breaker '${name}' has been reset`, name, new_state: 'closed' };
    },

    benchmark(request) {
      return runResilienceBenchmarks({ iterations: request.iterations, operations: request.operations, clock });
    },

    thresholds() {
      return getPerformanceThresholds();
    },
  };
}
