/**
 * The composition root: builds every service once per process from the config and hands them to
 * the app. Nothing else constructs infrastructure.
 */
import { createTextProcessor, type TextProcessorDeps } from '../domain/processor.js';
import { createStreamProcessor } from '../domain/stream-processor.js';
import type { InjectionScanner, TextModel } from '../domain/ports.js';
import type { FetchFunction } from '../infra/ai/http-fetch.js';
import { createGeminiModel } from '../infra/ai/gemini-model.js';
import { loadInjectionClassifier } from '../infra/injection/injection-classifier.js';
import { createInjectionScanner } from '../infra/injection/injection-scanner.js';
import { withScanMemo } from '../infra/injection/scan-memo.js';
import { createLocalModel } from '../infra/ai/local-model.js';
import { createOpenAiModel } from '../infra/ai/openai-model.js';
import { createHttpFetch } from '../infra/ai/http-fetch.js';
import { createOutputGuard } from '../infra/ai/output-guard.js';
import { createProviderChain } from '../infra/ai/provider-chain.js';
import { withStreamTimeouts } from '../infra/ai/stream-timeouts.js';
import { createPolicyRegistry } from '../infra/resilience/policy-registry.js';
import { createResilienceConfig } from '../infra/resilience/resilience-config.js';
import { createResilienceService } from '../infra/resilience/resilience-service.js';
import { createApiKeyVerifier } from '../infra/api-keys.js';
import { createAuditLog } from '../infra/audit-log.js';
import { createCacheKeys } from '../infra/cache/cache-keys.js';
import { createCacheStack } from '../infra/cache/cache-stack.js';
import { createRedisBreaker, type RedisBreaker } from '../infra/cache/redis-breaker.js';
import {
  createEventLoopHealthCheck,
  createProviderHealthChecks,
  createResilienceHealthCheck,
} from '../infra/health-checks.js';
import { createHealthService, type HealthCheck } from '../infra/health-service.js';
import type { Logger } from '../infra/logger.js';
import { createSystemClock } from '../infra/system-clock.js';
import type { AppServices } from '../routers/context.js';
import type { AppConfig, ProviderName } from './config.js';
import { createObservability } from './observability.js';
import { VERSION } from './version.js';

export interface Lifecycle {
  /** False while starting and once draining: `/readyz` answers 503. */
  ready: boolean;
}

export interface AppDeps {
  readonly services: AppServices;
  readonly lifecycle: Lifecycle;
  /** The one "Redis is unavailable" of the process: the cache uses it, and so must the
   * Redis-backed rate limiter (`createRateLimiter({ breaker })`). */
  readonly redisBreaker: RedisBreaker;
  /** Releases connections (Redis, HTTP agents) at shutdown. */
  close(): Promise<void>;
}

function createProviders(config: AppConfig, local: TextModel, fetch: FetchFunction): TextModel[] {
  const build: Record<ProviderName, () => TextModel | undefined> = {
    local: () => local,
    openai: () =>
      config.ai.openai &&
      createOpenAiModel({
        apiKey: config.ai.openai.apiKey,
        model: config.ai.openai.model,
        temperature: config.ai.temperature,
        timeoutMs: config.ai.timeoutMs,
        fetch,
        ...(config.ai.openai.baseUrl ? { baseURL: config.ai.openai.baseUrl } : {}),
      }),
    gemini: () =>
      config.ai.gemini &&
      createGeminiModel({
        apiKey: config.ai.gemini.apiKey,
        model: config.ai.gemini.model,
        temperature: config.ai.temperature,
        timeoutMs: config.ai.timeoutMs,
        fetch,
        ...(config.ai.gemini.baseUrl ? { baseUrl: config.ai.gemini.baseUrl } : {}),
      }),
  };
  const streamTimeouts = { firstByteMs: config.ai.stream.firstByteTimeoutMs, idleMs: config.ai.stream.idleTimeoutMs };
  const providers = config.ai.providers
    .map((name) => build[name]())
    .filter((model) => model !== undefined)
    .map((model) => (model === local ? model : withStreamTimeouts(model, streamTimeouts)));
  if (config.ai.localFallback && !providers.includes(local)) providers.push(local);
  return providers;
}

/**
 * The injection scanner of the configured policy: the rules, plus the shipped learned classifier
 * unless `INJECTION_CLASSIFIER=off`; a text seen before is not scanned again.
 */
function scannerFor(config: AppConfig): InjectionScanner {
  const policy = config.security.injectionPolicy;
  const scanner = createInjectionScanner({
    policy,
    threshold: config.security.injectionThreshold,
    ...(policy === 'off' || !config.security.injectionClassifier ? {} : { classifier: loadInjectionClassifier() }),
  });
  return config.security.injectionPolicy === 'off' ? scanner : withScanMemo(scanner);
}

export async function createDeps(config: AppConfig, logger: Logger): Promise<AppDeps> {
  const clock = createSystemClock();
  const observability = createObservability({ logger, aggregateWorkers: config.server.webConcurrency > 1 });
  const local = createLocalModel();
  // A socket per call the bulkhead lets through: with fewer, calls would queue in the pool.
  const httpFetch = createHttpFetch({ connections: Math.max(64, config.ai.maxConcurrency) });
  const providers = createProviders(config, local, httpFetch);
  const policies = createPolicyRegistry({
    config: createResilienceConfig(config.resilience.settings),
    maxConcurrency: config.ai.maxConcurrency,
    maxQueue: config.ai.maxQueue,
    attemptTimeoutMs: config.ai.timeoutMs,
    clock,
  });
  policies.onEvent(observability.onResilienceEvent);
  const runner = createProviderChain({
    providers,
    policies,
    localFallback: config.ai.localFallback,
    clock,
    onEvent: observability.onProviderEvent,
  });
  const resilience = createResilienceService({ registry: policies, clock });
  // Shared with the rate limiter so that a request waits for a hung Redis once, not once per user.
  const redisBreaker = createRedisBreaker({ commandTimeoutMs: config.cache.commandTimeoutMs });
  const cacheStack = createCacheStack({
    memoryMaxEntries: config.cache.memoryMaxEntries,
    memoryMaxBytes: config.cache.memoryMaxBytes,
    now: clock.now,
    redisUrl: config.cache.redisUrl,
    clusterNodes: config.cache.clusterNodes,
    encryptionKey: config.cache.encryptionKey,
    commandTimeoutMs: config.cache.commandTimeoutMs,
    defaultTtlSeconds: config.cache.defaultTtlSeconds,
    compressionThreshold: config.cache.compressionThreshold,
    breaker: redisBreaker,
    onEvent: observability.onCacheEvent,
  });
  const processorDeps: TextProcessorDeps = {
    runner,
    cache: cacheStack.cache,
    keys: createCacheKeys(),
    clock,
    limits: config.limits,
    scanner: scannerFor(config),
    outputGuard: createOutputGuard(),
    onProcessed: observability.onProcessed,
  };
  const processor = createTextProcessor(processorDeps);
  const streams = createStreamProcessor({ ...processorDeps, processor, onStreamed: observability.onStreamed });

  const eventLoop = createEventLoopHealthCheck();
  const checks: HealthCheck[] = [
    ...createProviderHealthChecks({ describe: () => runner.describe(), breakers: () => policies.breakerStatuses() }),
    createResilienceHealthCheck(() => resilience.health()),
    ...cacheStack.healthChecks,
    eventLoop,
  ];
  const health = createHealthService({ version: VERSION, timeoutMs: config.health.timeoutMs, checks: () => checks });
  const lifecycle: Lifecycle = { ready: false };

  const services: AppServices = {
    version: VERSION,
    environment: config.environment,
    processor,
    streams,
    auth: createApiKeyVerifier({ keys: config.auth.apiKeys, operatorKeys: config.auth.internalApiKeys }),
    health,
    audit: createAuditLog(logger),
    cache: cacheStack.admin,
    metrics: observability.metrics,
    resilience,
    providers: runner,
  };
  return {
    services,
    lifecycle,
    redisBreaker,
    close: async () => {
      eventLoop.close();
      await cacheStack.close();
      await httpFetch.close();
    },
  };
}
