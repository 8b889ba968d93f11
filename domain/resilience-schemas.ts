/**
 * Schemas of the operator resilience API (presets, strategies, custom configuration, metrics,
 * circuit breakers, providers, benchmarks): the single source of validation, TypeScript types and
 * OpenAPI components for the internal routers. Field names follow the reference system so its
 * callers keep working; time is ISO-8601 UTC.
 */
import { z } from 'zod';
import { percentSchema } from './percent.js';

export const STRATEGY_NAMES = ['aggressive', 'balanced', 'conservative', 'critical'] as const;
export const PRESET_NAMES = ['simple', 'development', 'production'] as const;
export const ENVIRONMENT_CONTEXTS = ['development', 'testing', 'staging', 'production'] as const;

export const StrategyNameSchema = z.enum(STRATEGY_NAMES).meta({
  id: 'ResilienceStrategy',
  description: 'aggressive (fail fast), balanced (default), conservative (patient), critical (maximum retries).',
});
export type StrategyName = z.infer<typeof StrategyNameSchema>;

export const PresetNameSchema = z.enum(PRESET_NAMES).meta({
  id: 'ResiliencePresetName',
  description: 'Key of a resilience preset.',
});
export type PresetName = z.infer<typeof PresetNameSchema>;

export const EnvironmentContextSchema = z.enum(ENVIRONMENT_CONTEXTS);
export type EnvironmentContext = z.infer<typeof EnvironmentContextSchema>;

/** Strategy per operation, keyed by the public operation id (`summarize`, `qa`, ...). */
export const OperationOverridesSchema = z
  .strictObject({
    summarize: StrategyNameSchema.optional(),
    sentiment: StrategyNameSchema.optional(),
    key_points: StrategyNameSchema.optional(),
    questions: StrategyNameSchema.optional(),
    qa: StrategyNameSchema.optional(),
  })
  .meta({ id: 'OperationOverrides', description: 'Strategy overrides per operation.' });
export type OperationOverrides = z.infer<typeof OperationOverridesSchema>;

export const RetryConfigSchema = z
  .object({
    max_attempts: z.number().int().positive().meta({ description: 'Total tries, the first included.' }),
    max_delay_seconds: z
      .number()
      .positive()
      .meta({ description: 'Stop retrying once this many seconds have elapsed since the first try.' }),
    exponential_multiplier: z.number().meta({ description: 'Wait = clamp(multiplier × 2^(n−1), min, max).' }),
    exponential_min: z.number().nonnegative().meta({ description: 'Seconds.' }),
    exponential_max: z.number().nonnegative().meta({ description: 'Seconds.' }),
    jitter: z.boolean(),
    jitter_max: z.number().nonnegative().meta({ description: 'Seconds of uniform random jitter added to each wait.' }),
  })
  .meta({ id: 'RetryConfig' });
export type RetryConfig = z.infer<typeof RetryConfigSchema>;

export const CircuitBreakerConfigSchema = z
  .object({
    failure_threshold: z
      .number()
      .int()
      .positive()
      .meta({ description: 'Consecutive transient failures that open it.' }),
    recovery_timeout: z.number().positive().meta({ description: 'Seconds open before a trial call is let through.' }),
    half_open_max_calls: z.number().int().positive(),
  })
  .meta({ id: 'CircuitBreakerConfig' });
export type CircuitBreakerConfig = z.infer<typeof CircuitBreakerConfigSchema>;

export const StrategyConfigSchema = z
  .object({
    strategy: StrategyNameSchema,
    retry_config: RetryConfigSchema,
    circuit_breaker_config: CircuitBreakerConfigSchema,
    enable_circuit_breaker: z.boolean(),
    enable_retry: z.boolean(),
  })
  .meta({ id: 'ResilienceStrategyConfig', description: 'The numbers a call runs with.' });
export type StrategyConfig = z.infer<typeof StrategyConfigSchema>;

/** Keys a custom configuration may set (reference JSON schema, `additionalProperties: false`). */
export const CUSTOM_CONFIG_KEYS = [
  'retry_attempts',
  'circuit_breaker_threshold',
  'recovery_timeout',
  'default_strategy',
  'operation_overrides',
  'exponential_multiplier',
  'exponential_min',
  'exponential_max',
  'jitter_enabled',
  'jitter_max',
  'max_delay_seconds',
] as const;

/**
 * `RESILIENCE_CUSTOM_CONFIG` overrides, with the reference's JSON-schema ranges. At least one key is
 * required. Logic rules (e.g. `exponential_min < exponential_max`) are checked by the validator.
 */
export const CustomResilienceConfigSchema = z
  .strictObject({
    retry_attempts: z
      .number()
      .int()
      .min(1)
      .max(10)
      .optional()
      .meta({ description: 'Number of retry attempts (1-10).' }),
    circuit_breaker_threshold: z
      .number()
      .int()
      .min(1)
      .max(20)
      .optional()
      .meta({ description: 'Circuit breaker failure threshold (1-20).' }),
    recovery_timeout: z
      .number()
      .int()
      .min(10)
      .max(300)
      .optional()
      .meta({ description: 'Circuit breaker recovery timeout in seconds (10-300).' }),
    default_strategy: StrategyNameSchema.optional(),
    operation_overrides: OperationOverridesSchema.optional(),
    exponential_multiplier: z
      .number()
      .min(0.1)
      .max(5)
      .optional()
      .meta({ description: 'Exponential backoff multiplier (0.1-5.0).' }),
    exponential_min: z
      .number()
      .min(0.5)
      .max(10)
      .optional()
      .meta({ description: 'Minimum exponential backoff delay in seconds (0.5-10.0).' }),
    exponential_max: z
      .number()
      .min(5)
      .max(120)
      .optional()
      .meta({ description: 'Maximum exponential backoff delay in seconds (5.0-120.0).' }),
    jitter_enabled: z.boolean().optional().meta({ description: 'Enable jitter in retry delays.' }),
    jitter_max: z.number().min(0.1).max(10).optional().meta({ description: 'Maximum jitter in seconds (0.1-10.0).' }),
    max_delay_seconds: z
      .number()
      .int()
      .min(5)
      .max(600)
      .optional()
      .meta({ description: 'Maximum total delay for all retries in seconds (5-600).' }),
  })
  .refine((config) => Object.keys(config).length > 0, {
    message: `Set at least one of ${CUSTOM_CONFIG_KEYS.join(', ')}`,
    when: (payload) => typeof payload.value === 'object' && payload.value !== null,
  })
  .meta({ id: 'CustomResilienceConfig', description: 'Custom resilience overrides (at least one key).' });
export type CustomResilienceConfig = z.infer<typeof CustomResilienceConfigSchema>;

export const CurrentConfigResponseSchema = z
  .object({
    preset_name: z.string(),
    is_legacy_config: z.boolean(),
    configuration: StrategyConfigSchema.meta({
      description:
        "The default strategy's table with the preset's retries, breaker threshold and recovery on top, custom overrides applied: what operations on the default strategy run with.",
    }),
    operation_strategies: z
      .record(z.string(), StrategyNameSchema)
      .meta({ description: 'Strategy each operation runs with, keyed by reference name (`summarize_text`, ...).' }),
    operations: z
      .record(z.string(), StrategyConfigSchema)
      .meta({ description: 'The exact numbers each operation runs with, keyed by reference name.' }),
    custom_overrides: z.record(z.string(), z.unknown()).nullable(),
    strategies: z.record(z.string(), StrategyConfigSchema).meta({ description: 'The four strategy tables.' }),
  })
  .meta({ id: 'CurrentConfigResponse' });
export type CurrentConfigResponse = z.infer<typeof CurrentConfigResponseSchema>;

/** Keys `PUT /internal/resilience/config` takes; any other is a 422 naming it. */
export const UPDATE_CONFIG_KEYS = ['preset', 'custom_config', 'configuration', 'template'] as const;

const CustomConfigInputSchema = z.record(z.string(), z.unknown());

export const UpdateConfigRequestSchema = z
  .strictObject(
    {
      preset: PresetNameSchema.optional().meta({
        description:
          'Preset to switch to; the current one when omitted. A preset given without custom_config, configuration or template runs as it is: earlier custom overrides are dropped.',
      }),
      custom_config: CustomConfigInputSchema.nullable().optional().meta({
        description:
          'Custom overrides (see CustomResilienceConfig), validated before use; `null` removes them; omitted keeps them unless `preset` is given.',
      }),
      configuration: CustomConfigInputSchema.optional().meta({
        description:
          'The same as custom_config, in the shape `POST …/config/validate` takes; give one of the two, not both.',
      }),
      template: z.string().min(1).max(100).optional().meta({
        description:
          'A template (`GET …/config/templates`) applied as the custom overrides; top-level keys of custom_config or configuration, when given, replace its own. An unknown name is a 422.',
      }),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `Unknown ${issue.keys.length === 1 ? 'key' : 'keys'} ${issue.keys.map((key) => `'${key}'`).join(', ')}; allowed: ${UPDATE_CONFIG_KEYS.join(', ')}`
          : undefined,
    },
  )
  .refine((request) => Object.keys(request).length > 0, {
    message: `Nothing to update: give at least one of ${UPDATE_CONFIG_KEYS.join(', ')}`,
    // Only for a body that is empty, not one whose every key is unknown.
    when: (payload) => payload.issues.length === 0,
  })
  .refine((request) => request.custom_config === undefined || request.configuration === undefined, {
    message: 'Give custom_config or configuration, not both',
    path: ['configuration'],
  })
  .meta({ id: 'UpdateResilienceConfigRequest' });
export type UpdateConfigRequest = z.infer<typeof UpdateConfigRequestSchema>;

export const PresetConfigurationSchema = z.object({
  retry_attempts: z.number().int(),
  circuit_breaker_threshold: z.number().int(),
  recovery_timeout: z.number().int(),
  default_strategy: StrategyNameSchema,
  operation_overrides: OperationOverridesSchema,
});

export const PresetSummarySchema = z
  .object({
    name: z.string().meta({ description: 'Display name (e.g. "Simple").' }),
    key: PresetNameSchema.meta({ description: 'Key to use in lookups and updates (e.g. "simple").' }),
    description: z.string(),
    retry_attempts: z.number().int(),
    circuit_breaker_threshold: z.number().int(),
    recovery_timeout: z.number().int(),
    default_strategy: StrategyNameSchema,
    environment_contexts: z.array(EnvironmentContextSchema),
  })
  .meta({ id: 'PresetSummary' });
export type PresetSummary = z.infer<typeof PresetSummarySchema>;

export const PresetDetailsSchema = z
  .object({
    name: z.string(),
    description: z.string(),
    configuration: PresetConfigurationSchema,
    environment_contexts: z.array(EnvironmentContextSchema),
  })
  .meta({ id: 'PresetDetails' });
export type PresetDetails = z.infer<typeof PresetDetailsSchema>;

export const PresetRecommendationSchema = z
  .object({
    environment_detected: z.string(),
    recommended_preset: PresetNameSchema,
    confidence: z.number().min(0).max(1),
    reasoning: z.string(),
    available_presets: z.array(PresetNameSchema),
    auto_detected: z.boolean(),
  })
  .meta({ id: 'PresetRecommendation' });
export type PresetRecommendation = z.infer<typeof PresetRecommendationSchema>;

export const ConfigTemplateSchema = z
  .object({
    name: z.string(),
    description: z.string(),
    config: CustomResilienceConfigSchema,
  })
  .meta({ id: 'ResilienceConfigTemplate' });
export type ConfigTemplate = z.infer<typeof ConfigTemplateSchema>;

export const TemplateListResponseSchema = z
  .object({ templates: z.record(z.string(), ConfigTemplateSchema) })
  .meta({ id: 'TemplateListResponse' });
export type TemplateListResponse = z.infer<typeof TemplateListResponseSchema>;

export const TemplateSuggestionResponseSchema = z
  .object({
    suggested_template: z.string().nullable(),
    confidence: z.number().min(0).max(1),
    reasoning: z.string(),
    available_templates: z.array(z.string()),
  })
  .meta({ id: 'TemplateSuggestionResponse' });
export type TemplateSuggestionResponse = z.infer<typeof TemplateSuggestionResponseSchema>;

export const ValidationRequestSchema = z
  .object({
    configuration: z
      .record(z.string(), z.unknown())
      .meta({ description: 'A custom configuration to check; problems are reported, not rejected.' }),
  })
  .meta({ id: 'ValidationRequest' });
export type ValidationRequest = z.infer<typeof ValidationRequestSchema>;

export const ValidationResultSchema = z.object({
  is_valid: z.boolean(),
  errors: z.array(z.string()),
  warnings: z.array(z.string()),
  suggestions: z.array(z.string()),
});
export type ValidationResult = z.infer<typeof ValidationResultSchema>;

export const ValidationResponseSchema = ValidationResultSchema.extend({
  security_info: z.record(z.string(), z.unknown()).nullable(),
}).meta({ id: 'ValidationResponse' });
export type ValidationResponse = z.infer<typeof ValidationResponseSchema>;

export const MetricsSchema = z
  .object({
    total_calls: z.number().int().nonnegative(),
    successful_calls: z.number().int().nonnegative(),
    failed_calls: z.number().int().nonnegative().meta({ description: 'Calls that failed after their retries.' }),
    retry_attempts: z.number().int().nonnegative(),
    circuit_breaker_opens: z.number().int().nonnegative(),
    circuit_breaker_half_opens: z.number().int().nonnegative(),
    circuit_breaker_closes: z.number().int().nonnegative(),
    success_rate: percentSchema('successful_calls / total_calls.'),
    failure_rate: percentSchema('failed_calls / total_calls.'),
    last_failure: z.string().nullable(),
    last_success: z.string().nullable(),
  })
  .meta({ id: 'ResilienceMetrics' });
export type Metrics = z.infer<typeof MetricsSchema>;

export const BreakerStateSchema = z.enum(['closed', 'open', 'half_open']).meta({
  id: 'CircuitBreakerState',
  description: '`half_open` once the recovery timeout has elapsed, even before a trial call.',
});
export type BreakerState = z.infer<typeof BreakerStateSchema>;

export const CircuitBreakerSummarySchema = z
  .object({
    state: BreakerStateSchema,
    failure_threshold: z.number().int(),
    recovery_timeout: z.number(),
    metrics: MetricsSchema,
  })
  .meta({ id: 'CircuitBreakerSummary' });
export type CircuitBreakerSummary = z.infer<typeof CircuitBreakerSummarySchema>;

export const CircuitBreakerStatusSchema = CircuitBreakerSummarySchema.extend({
  name: z.string().meta({ description: '`<provider>:<operation reference name>`, e.g. `openai:summarize_text`.' }),
  provider: z.string(),
  operation: z.string(),
  failure_count: z.number().int().nonnegative().meta({ description: 'Consecutive transient failures counted.' }),
  last_failure_time: z.string().nullable(),
  opened_at: z.string().nullable(),
  half_open_eligible_at: z
    .string()
    .nullable()
    .meta({ description: 'When an open breaker lets a trial call through (opened_at + recovery_timeout).' }),
}).meta({ id: 'CircuitBreakerStatus' });
export type CircuitBreakerStatus = z.infer<typeof CircuitBreakerStatusSchema>;

export const CircuitBreakersResponseSchema = z
  .record(z.string(), CircuitBreakerSummarySchema)
  .meta({ id: 'CircuitBreakersResponse' });
export type CircuitBreakersResponse = z.infer<typeof CircuitBreakersResponseSchema>;

export const BreakerNameInputSchema = z.object({
  breaker_name: z.string().min(1).max(200).meta({ description: 'e.g. `openai:summarize_text`.' }),
});

/** Path parameter of `GET /internal/resilience/config/presets/{preset_name}`. */
export const PresetNameInputSchema = z.object({
  preset_name: z.string().min(1).max(100).meta({ description: 'Preset key: `simple`, `development` or `production`.' }),
});

/** Path parameter of `GET /internal/resilience/config/templates/{template_name}`. */
export const TemplateNameInputSchema = z.object({
  template_name: z.string().min(1).max(100).meta({ description: 'Template key, e.g. `fast_development`.' }),
});

/** Path parameter of `GET /internal/resilience/config/recommend-preset/{environment}`. */
export const EnvironmentInputSchema = z.object({
  environment: z.string().min(1).max(100).meta({ description: 'Environment name, e.g. `staging` or `feature-dev-3`.' }),
});

export const BreakerResetResponseSchema = z
  .object({ message: z.string(), name: z.string(), new_state: z.literal('closed') })
  .meta({ id: 'CircuitBreakerResetResponse' });
export type BreakerResetResponse = z.infer<typeof BreakerResetResponseSchema>;

export const MetricsResponseSchema = z
  .object({
    operations: z.record(z.string(), MetricsSchema),
    circuit_breakers: z.record(z.string(), CircuitBreakerSummarySchema),
    summary: z.object({
      total_operations: z.number().int(),
      total_circuit_breakers: z.number().int(),
      healthy_circuit_breakers: z.number().int(),
      timestamp: z.string(),
    }),
  })
  .meta({ id: 'ResilienceMetricsResponse' });
export type MetricsResponse = z.infer<typeof MetricsResponseSchema>;

export const OperationNameInputSchema = z.object({
  operation_name: z.string().min(1).max(100).meta({ description: 'Reference name, e.g. `summarize_text`.' }),
});

export const ResetMetricsInputSchema = z.object({
  operation_name: z.string().min(1).max(100).optional().meta({ description: 'Reset one operation; all when omitted.' }),
});

export const OperationMetricsResponseSchema = z
  .object({ operation: z.string(), metrics: MetricsSchema })
  .meta({ id: 'OperationMetricsResponse' });
export type OperationMetricsResponse = z.infer<typeof OperationMetricsResponseSchema>;

export const MessageResponseSchema = z.object({ message: z.string() }).meta({ id: 'MessageResponse' });
export type MessageResponse = z.infer<typeof MessageResponseSchema>;

export const ResilienceHealthResponseSchema = z
  .object({
    healthy: z.boolean(),
    status: z.enum(['healthy', 'degraded']),
    details: z.object({
      healthy: z.boolean(),
      open_circuit_breakers: z.array(z.string()),
      half_open_circuit_breakers: z.array(z.string()),
      total_circuit_breakers: z.number().int(),
      total_operations: z.number().int(),
      timestamp: z.string(),
    }),
  })
  .meta({ id: 'ResilienceHealthResponse' });
export type ResilienceHealthResponse = z.infer<typeof ResilienceHealthResponseSchema>;

export const ResilienceDashboardSchema = z
  .object({
    timestamp: z.string(),
    health: z.object({
      overall_healthy: z.boolean(),
      open_circuit_breakers: z.number().int(),
      half_open_circuit_breakers: z.number().int(),
      total_circuit_breakers: z.number().int(),
    }),
    performance: z.object({
      total_calls: z.number().int(),
      successful_calls: z.number().int(),
      failed_calls: z.number().int(),
      retry_attempts: z.number().int(),
      success_rate: percentSchema('successful_calls / total_calls over every operation.'),
    }),
    operations: z.array(z.string()),
    alerts: z.array(z.string()),
    summary: MetricsResponseSchema.shape.summary,
  })
  .meta({ id: 'ResilienceDashboard' });
export type ResilienceDashboard = z.infer<typeof ResilienceDashboardSchema>;

export const ProviderStatusSchema = z
  .object({
    name: z.string().meta({ description: 'Provider id (`openai`, `gemini`, `local`).' }),
    model: z.string(),
    position: z.number().int().nonnegative().meta({ description: 'Place in the fallback order, 0 first.' }),
    local: z.boolean().meta({ description: 'The offline last resort: no retry, no breaker.' }),
    breaker_state: BreakerStateSchema.meta({ description: 'Worst state among this provider’s breakers.' }),
    circuit_breakers: z.record(z.string(), BreakerStateSchema).meta({ description: 'State per operation breaker.' }),
    last_error: z.object({ message: z.string(), kind: z.string(), at: z.string() }).nullable(),
    last_success_at: z.string().nullable(),
  })
  .meta({ id: 'ProviderStatus' });
export type ProviderStatus = z.infer<typeof ProviderStatusSchema>;

export const ProvidersResponseSchema = z
  .object({
    providers: z.array(ProviderStatusSchema),
    local_fallback: z.boolean(),
    identity: z.string(),
  })
  .meta({ id: 'ProvidersResponse' });
export type ProvidersResponse = z.infer<typeof ProvidersResponseSchema>;

export const BENCHMARK_OPERATIONS = [
  'preset_loading',
  'resilience_config_loading',
  'custom_config_loading',
  'service_initialization',
  'validation_performance',
  'breaker_overhead',
] as const;
export type BenchmarkOperation = (typeof BENCHMARK_OPERATIONS)[number];

export const BenchmarkRequestSchema = z
  .object({
    iterations: z.number().int().min(1).max(1000).default(50),
    include_slow: z.boolean().default(false).meta({ description: 'Accepted for compatibility; unused.' }),
    operations: z
      .array(z.string())
      .max(20)
      .nullish()
      .meta({ description: `Subset of: ${BENCHMARK_OPERATIONS.join(', ')}. All when omitted.` }),
  })
  .meta({ id: 'BenchmarkRequest' });
export type BenchmarkRequest = z.infer<typeof BenchmarkRequestSchema>;

export const BenchmarkResultSchema = z
  .object({
    operation: z.string(),
    duration_ms: z.number().meta({ description: 'Total time of all iterations.' }),
    avg_duration_ms: z.number(),
    min_duration_ms: z.number(),
    max_duration_ms: z.number(),
    std_dev_ms: z.number(),
    memory_peak_mb: z.number(),
    success_rate: percentSchema('Iterations that completed without an error.'),
    iterations: z.number().int(),
    metadata: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'BenchmarkResult' });
export type BenchmarkResult = z.infer<typeof BenchmarkResultSchema>;

export const BenchmarkResponseSchema = z
  .object({
    results: z.array(BenchmarkResultSchema),
    summary: z.object({
      total_benchmarks: z.number().int(),
      total_duration_ms: z.number(),
      avg_duration_ms: z.number(),
      overall_success_rate: percentSchema("Mean of the benchmarks' `success_rate`."),
      pass_rate_percent: percentSchema('Benchmarks within their threshold.'),
      failed_benchmarks: z.array(z.string()),
      performance_target_met: z.boolean(),
    }),
  })
  .meta({ id: 'BenchmarkResponse' });
export type BenchmarkResponse = z.infer<typeof BenchmarkResponseSchema>;

export const PerformanceThresholdsSchema = z
  .object({
    thresholds: z.object({
      config_loading_ms: z.number(),
      preset_access_ms: z.number(),
      validation_ms: z.number(),
      service_initialization_ms: z.number(),
      breaker_overhead_ms: z.number(),
    }),
    targets: z.object({ primary_target: z.string(), secondary_targets: z.array(z.string()) }),
    measurement_info: z.object({
      default_iterations: z.number().int(),
      memory_tracking: z.string(),
      timing_precision: z.string(),
    }),
  })
  .meta({ id: 'PerformanceThresholds' });
export type PerformanceThresholds = z.infer<typeof PerformanceThresholdsSchema>;
