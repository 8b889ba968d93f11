import type {
  ConfigTemplate,
  CustomResilienceConfig,
  TemplateSuggestionResponse,
} from '../../domain/resilience-schemas.js';

/** The five configuration templates with the reference's exact values (seed contract §5.5). */
export const TEMPLATES: Readonly<Record<string, ConfigTemplate>> = Object.freeze({
  fast_development: {
    name: 'Fast Development',
    description: 'Optimized for development speed with minimal retries',
    config: {
      retry_attempts: 1,
      circuit_breaker_threshold: 2,
      recovery_timeout: 15,
      default_strategy: 'aggressive',
      operation_overrides: { sentiment: 'aggressive' },
    },
  },
  robust_production: {
    name: 'Robust Production',
    description: 'High reliability configuration for production workloads',
    config: {
      retry_attempts: 6,
      circuit_breaker_threshold: 12,
      recovery_timeout: 180,
      default_strategy: 'conservative',
      operation_overrides: { qa: 'critical', summarize: 'conservative' },
    },
  },
  low_latency: {
    name: 'Low Latency',
    description: 'Minimal latency configuration with fast failures',
    config: {
      retry_attempts: 1,
      circuit_breaker_threshold: 2,
      recovery_timeout: 10,
      default_strategy: 'aggressive',
      max_delay_seconds: 5,
      exponential_multiplier: 0.5,
      exponential_min: 0.5,
      exponential_max: 5.0,
    },
  },
  high_throughput: {
    name: 'High Throughput',
    description: 'Optimized for high throughput with moderate reliability',
    config: {
      retry_attempts: 3,
      circuit_breaker_threshold: 8,
      recovery_timeout: 45,
      default_strategy: 'balanced',
      operation_overrides: { sentiment: 'aggressive', key_points: 'balanced' },
    },
  },
  maximum_reliability: {
    name: 'Maximum Reliability',
    description: 'Maximum reliability configuration for critical operations',
    config: {
      retry_attempts: 8,
      circuit_breaker_threshold: 15,
      recovery_timeout: 300,
      default_strategy: 'critical',
      operation_overrides: {
        qa: 'critical',
        summarize: 'critical',
        sentiment: 'conservative',
        key_points: 'conservative',
        questions: 'conservative',
      },
      exponential_multiplier: 2.0,
      exponential_min: 3.0,
      exponential_max: 60.0,
      jitter_enabled: true,
      jitter_max: 5.0,
    },
  },
});

export const TEMPLATE_NAMES: readonly string[] = Object.keys(TEMPLATES);

/** A deep copy of the template named `name`, or `undefined`. */
export function getTemplate(name: string): ConfigTemplate | undefined {
  const template = Object.hasOwn(TEMPLATES, name) ? TEMPLATES[name] : undefined;
  return template ? structuredClone(template) : undefined;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/**
 * The template closest to `config` (reference `suggest_template_for_config`): per template +3 when
 * retries differ by at most 1 (+1 by at most 2), +2 when thresholds differ by at most 2 (+1 by at
 * most 5), +3 for the same default strategy; missing keys count as 3 / 5 / balanced. The best score
 * wins (first on ties) when it is at least 4; otherwise `null`.
 */
export function suggestTemplate(config: Readonly<Record<string, unknown>>): string | null {
  const retries = numberOr(config['retry_attempts'], 3);
  const threshold = numberOr(config['circuit_breaker_threshold'], 5);
  const strategy = config['default_strategy'] ?? 'balanced';
  let best: { name: string; score: number } | null = null;
  for (const [name, template] of Object.entries(TEMPLATES)) {
    const retryGap = Math.abs(retries - (template.config.retry_attempts ?? 3));
    const thresholdGap = Math.abs(threshold - (template.config.circuit_breaker_threshold ?? 5));
    let score = 0;
    if (retryGap <= 1) score += 3;
    else if (retryGap <= 2) score += 1;
    if (thresholdGap <= 2) score += 2;
    else if (thresholdGap <= 5) score += 1;
    if (strategy === (template.config.default_strategy ?? 'balanced')) score += 3;
    if (!best || score > best.score) best = { name, score };
  }
  return best && best.score >= 4 ? best.name : null;
}

const COMPARED_KEYS = ['retry_attempts', 'circuit_breaker_threshold', 'default_strategy'] as const;

/**
 * The suggestion with its confidence (reference `POST /recommend-template`): the share of the
 * compared keys present in both that are equal, 0.5 when none is present in both.
 */
export function recommendTemplate(config: Readonly<Record<string, unknown>>): TemplateSuggestionResponse {
  const suggested = suggestTemplate(config);
  const available = [...TEMPLATE_NAMES];
  const template = suggested ? TEMPLATES[suggested] : undefined;
  if (!suggested || !template) {
    return {
      suggested_template: null,
      confidence: 0.0,
      reasoning: 'No template closely matches the provided configuration. Consider using a standard preset instead.',
      available_templates: available,
    };
  }
  const templateConfig: Readonly<CustomResilienceConfig> = template.config;
  let matches = 0;
  let compared = 0;
  for (const key of COMPARED_KEYS) {
    if (Object.hasOwn(config, key) && templateConfig[key] !== undefined) {
      compared += 1;
      if (config[key] === templateConfig[key]) matches += 1;
    }
  }
  return {
    suggested_template: suggested,
    confidence: compared > 0 ? matches / compared : 0.5,
    reasoning: `Configuration closely matches '${suggested}' template with ${matches}/${compared} key parameters matching`,
    available_templates: available,
  };
}
