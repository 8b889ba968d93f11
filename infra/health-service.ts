import type { MonitoringHealth } from '../domain/monitoring-schemas.js';
import type { ComponentHealth, ComponentStatus, HealthResponse } from '../domain/schemas.js';

export interface HealthCheckResult {
  readonly status: ComponentStatus;
  readonly message: string;
}

/** One component's check. `kind` groups components into the reference's summary flags. */
export interface HealthCheck {
  readonly name: string;
  readonly kind: 'ai' | 'cache' | 'resilience' | 'other';
  run(signal: AbortSignal): Promise<HealthCheckResult>;
}

export interface HealthServiceOptions {
  readonly version: string;
  readonly checks: () => readonly HealthCheck[];
  /** Per-check time limit; a check over it is `degraded`. */
  readonly timeoutMs: number;
}

/**
 * Runs all component checks concurrently, each under its own timeout, so one slow or failing
 * component never hides the others. A check that throws is `unhealthy`; one that times out is
 * `degraded`. The overall status is `healthy` only when every component is, `unhealthy` when no
 * AI provider can serve (every `ai` check is unhealthy), and `degraded` otherwise: the service
 * still answers, from a fallback provider or the memory cache.
 */
export function createHealthService(options: HealthServiceOptions) {
  async function runCheck(check: HealthCheck): Promise<[HealthCheck, ComponentHealth]> {
    const started = performance.now();
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<HealthCheckResult>((resolve) => {
      timer = setTimeout(() => {
        controller.abort();
        resolve({ status: 'degraded', message: `Check timed out after ${options.timeoutMs} ms` });
      }, options.timeoutMs);
    });
    let result: HealthCheckResult;
    try {
      result = await Promise.race([check.run(controller.signal), timeout]);
    } catch (error) {
      result = { status: 'unhealthy', message: error instanceof Error ? error.message : 'Check failed' };
    } finally {
      clearTimeout(timer);
    }
    const latency = Math.round((performance.now() - started) * 100) / 100;
    return [check, { status: result.status, message: result.message, latency_ms: latency }];
  }

  const summary = (results: [HealthCheck, ComponentHealth][], kind: HealthCheck['kind']) => {
    const ofKind = results.filter(([check]) => check.kind === kind);
    return ofKind.length === 0 ? null : ofKind.every(([, health]) => health.status === 'healthy');
  };

  async function evaluate() {
    const results = await Promise.all(options.checks().map(runCheck));
    const ai = results.filter(([check]) => check.kind === 'ai');
    const aiAvailable = ai.some(([, health]) => health.status !== 'unhealthy');
    const status: ComponentStatus =
      ai.length > 0 && !aiAvailable
        ? 'unhealthy'
        : results.every(([, health]) => health.status === 'healthy')
          ? 'healthy'
          : 'degraded';
    const components = Object.fromEntries(results.map(([check, health]) => [check.name, health]));
    return { results, status, aiAvailable, components };
  }

  return {
    async components(): Promise<Record<string, ComponentHealth>> {
      return (await evaluate()).components;
    },
    /** The operator's view: `unhealthy` is kept. */
    async detail(): Promise<MonitoringHealth> {
      const { status, components } = await evaluate();
      return { status, timestamp: new Date().toISOString(), version: options.version, components };
    },
    /** The reference shape: `unhealthy` is reported as `degraded`. */
    async check(): Promise<HealthResponse> {
      const { results, status, aiAvailable, components } = await evaluate();
      return {
        status: status === 'healthy' ? 'healthy' : 'degraded',
        timestamp: new Date().toISOString(),
        version: options.version,
        ai_model_available: aiAvailable,
        resilience_healthy: summary(results, 'resilience'),
        cache_healthy: summary(results, 'cache'),
        components,
      };
    },
  };
}
