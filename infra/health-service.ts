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
 * `degraded`. The overall status is `healthy` only when every component is.
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

  async function evaluate() {
    return Promise.all(options.checks().map(runCheck));
  }

  const summary = (results: [HealthCheck, ComponentHealth][], kind: HealthCheck['kind']) => {
    const ofKind = results.filter(([check]) => check.kind === kind);
    return ofKind.length === 0 ? null : ofKind.every(([, health]) => health.status === 'healthy');
  };

  return {
    async components(): Promise<Record<string, ComponentHealth>> {
      return Object.fromEntries((await evaluate()).map(([check, health]) => [check.name, health]));
    },
    async check(): Promise<HealthResponse> {
      const results = await evaluate();
      const aiAvailable = results.some(([check, health]) => check.kind === 'ai' && health.status !== 'unhealthy');
      return {
        status: results.every(([, health]) => health.status === 'healthy') ? 'healthy' : 'degraded',
        timestamp: new Date().toISOString(),
        version: options.version,
        ai_model_available: aiAvailable,
        resilience_healthy: summary(results, 'resilience'),
        cache_healthy: summary(results, 'cache'),
        components: Object.fromEntries(results.map(([check, health]) => [check.name, health])),
      };
    },
  };
}
