import { router } from '../trpc.js';
import { cacheInvalidate, cacheInvalidationStats, cacheMetrics, cacheStatus } from './cache.js';
import { monitoringHealth, monitoringMetrics } from './monitoring.js';
import { providers } from './providers.js';
import {
  resilienceCircuitBreaker,
  resilienceCircuitBreakers,
  resilienceResetCircuitBreaker,
} from './resilience-breakers.js';
import {
  resilienceConfig,
  resiliencePreset,
  resiliencePresets,
  resilienceRecommendPreset,
  resilienceTemplate,
  resilienceTemplates,
  resilienceUpdateConfig,
  resilienceValidateConfig,
} from './resilience-config.js';
import {
  resilienceBenchmark,
  resilienceDashboard,
  resilienceHealth,
  resilienceMetrics,
  resilienceOperationMetrics,
  resilienceResetMetrics,
  resilienceThresholds,
} from './resilience-metrics.js';
import { securityScan } from './security.js';

/** The operator API, REST under `/internal`. */
export const internalRouter = router({
  cacheStatus,
  cacheMetrics,
  cacheInvalidate,
  cacheInvalidationStats,
  monitoringHealth,
  monitoringMetrics,
  resilienceHealth,
  resilienceConfig,
  resilienceUpdateConfig,
  resiliencePresets,
  resiliencePreset,
  resilienceRecommendPreset,
  resilienceTemplates,
  resilienceTemplate,
  resilienceValidateConfig,
  resilienceMetrics,
  resilienceOperationMetrics,
  resilienceResetMetrics,
  resilienceCircuitBreakers,
  resilienceCircuitBreaker,
  resilienceResetCircuitBreaker,
  resilienceDashboard,
  resilienceBenchmark,
  resilienceThresholds,
  providers,
  securityScan,
});
