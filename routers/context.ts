/**
 * The request context: the dependency container every procedure reads from. The services are
 * described here as the interfaces the routers need; `server/deps.ts` builds the implementations
 * once per process and `server/app.ts` adds the per-request fields.
 */
import type { CacheMetrics, CacheStatus, InvalidationStats } from '../domain/cache-schemas.js';
import type { MonitoringHealth, MonitoringMetrics } from '../domain/monitoring-schemas.js';
import type { ProvidersResponse } from '../domain/resilience-schemas.js';
import type { ResilienceService } from '../infra/resilience/resilience-service.js';
import type { Authenticator, Credentials } from '../domain/ports.js';
import type { TextProcessor } from '../domain/processor.js';
import type { StreamProcessor } from '../domain/stream-processor.js';
import type { ComponentHealth, HealthResponse } from '../domain/schemas.js';

export interface HealthService {
  /** Runs every component check (each with its own timeout) and aggregates them. */
  check(): Promise<HealthResponse>;
  /** Component checks only. */
  components(): Promise<Record<string, ComponentHealth>>;
  /** The operator's detailed view, `unhealthy` when no AI provider can serve. */
  detail(): Promise<MonitoringHealth>;
}

/** One line of the audit log: who changed what, never secrets. */
export interface AuditEvent {
  readonly action: string;
  readonly requestId: string;
  readonly keyPrefix: string;
  readonly outcome: 'success' | 'failure';
  readonly details?: Record<string, unknown>;
}

export interface AuditLog {
  record(event: AuditEvent): void;
}

/** Operator view of the cache tiers (the internal cache procedures). */
export interface CacheAdmin {
  status(): Promise<CacheStatus>;
  metrics(): Promise<CacheMetrics>;
  /** Removes keys whose name contains `pattern` (glob `*` allowed) and/or of one operation. */
  invalidate(request: {
    pattern?: string | undefined;
    operation?: string | undefined;
    context: string;
  }): Promise<number>;
  invalidationStats(): InvalidationStats;
}

/**
 * The service's metrics (`infra/metrics.ts`): the operator's JSON view, the Prometheus text of
 * `GET /internal/metrics`, and the HTTP instrumentation the app's middleware feeds.
 */
export interface MetricsService {
  snapshot(): Promise<MonitoringMetrics>;
  prometheus(): Promise<string>;
  /** `Content-Type` of `prometheus()`. */
  readonly contentType: string;
  /** Counts a request as in flight; the returned function records it once finished. */
  startRequest(): (sample: { readonly method: string; readonly route: string; readonly status: number }) => void;
  recordRateLimited(rule: string): void;
}

/** Services that exist once per process. */
export interface AppServices {
  readonly version: string;
  readonly environment: string;
  readonly processor: TextProcessor;
  /** The same operations, streamed (tRPC subscriptions, REST Server-Sent Events). */
  readonly streams: StreamProcessor;
  readonly auth: Authenticator;
  readonly health: HealthService;
  readonly audit: AuditLog;
  readonly cache: CacheAdmin;
  readonly metrics: MetricsService;
  readonly resilience: ResilienceService;
  /** The provider chain, for `GET /internal/providers`. */
  readonly providers: { describe(): ProvidersResponse };
}

/** What each request adds. */
export interface RequestContext {
  readonly services: AppServices;
  readonly credentials: Credentials;
  readonly requestId: string;
  /** Aborted when the client goes away; forwarded to providers. */
  readonly signal?: AbortSignal | undefined;
  /** `Cache-Control: no-cache` on the request. */
  readonly bypassCache: boolean;
}
