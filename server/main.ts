/**
 * The process entry point and the only file with side effects: load the config, build the
 * dependencies, listen, and shut down gracefully on SIGTERM/SIGINT. With `WEB_CONCURRENCY > 1`
 * this process becomes the cluster primary and each worker runs the same file.
 */
import cluster from 'node:cluster';
import { AppError } from '../domain/errors.js';
import { createLogger, type Logger } from '../infra/logger.js';
import { createApp } from './app.js';
import { startCluster } from './cluster.js';
import { isConfigError, loadConfig, type AppConfig } from './config.js';
import { createDeps } from './deps.js';
import { createHttpServer } from './http-server.js';
import { createInFlightResponses } from './in-flight.js';
import { createRateLimiter } from './middleware/rate-limit.js';
import { VERSION } from './version.js';

const CLOSE_BUDGET_MS = 5000;
/** After the deadline's 503s, time for them to reach their clients before every connection is cut. */
const ANSWER_FLUSH_MS = 1000;
const REDIS_ERROR_LOG_INTERVAL_MS = 30_000;

function readConfig(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (isConfigError(error)) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
}

function withTimeout(work: Promise<unknown>, ms: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([work, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]).finally(() =>
    clearTimeout(timer),
  );
}

async function startTracing(config: AppConfig, logger: Logger): Promise<(() => Promise<void>) | undefined> {
  const endpoint = config.telemetry.otlpEndpoint;
  if (!endpoint) return undefined;
  try {
    // Loaded only when configured: a zero-config start never pays for the SDK.
    const { startTracing: start } = await import('./tracing.js');
    const stop = await start({ endpoint, serviceName: 'ai-text-service', version: VERSION });
    logger.info('OpenTelemetry tracing enabled', { endpoint });
    return stop;
  } catch (error) {
    logger.warn('OpenTelemetry tracing could not start; continuing without it', { error: String(error) });
    return undefined;
  }
}

async function serve(config: AppConfig, logger: Logger): Promise<void> {
  const stopTracing = await startTracing(config, logger);
  const deps = await createDeps(config, logger);
  let lastRedisError = 0;
  const rateLimiter =
    config.rateLimit.enabled && config.cache.redisUrl
      ? createRateLimiter({
          rules: config.rateLimit,
          redisUrl: config.cache.redisUrl,
          commandTimeoutMs: config.cache.commandTimeoutMs,
          breaker: deps.redisBreaker,
          onRedisError: (error) => {
            if (Date.now() - lastRedisError < REDIS_ERROR_LOG_INTERVAL_MS) return;
            lastRedisError = Date.now();
            logger.warn('Rate limiter cannot reach Redis: limiting in memory meanwhile', { error: error.message });
          },
        })
      : undefined;
  const app = createApp({
    config,
    services: deps.services,
    lifecycle: deps.lifecycle,
    logger,
    ...(rateLimiter ? { rateLimiter } : {}),
  });
  const inFlight = createInFlightResponses();
  const server = createHttpServer(inFlight.track(app), {
    maxHeaderBytes: config.server.maxHeaderBytes,
    maxHeaderCount: config.server.maxHeaderCount,
    headersTimeoutMs: config.server.headersTimeoutMs,
    requestTimeoutMs: config.server.requestTimeoutMs,
    keepAliveTimeoutMs: config.server.keepAliveTimeoutMs,
  });

  await new Promise<void>((resolve, reject) => {
    const refuse = (error: NodeJS.ErrnoException) => reject(toListenError(error, config));
    server.once('error', refuse);
    server.listen(config.server.port, config.server.host, () => {
      server.off('error', refuse);
      resolve();
    });
  });
  deps.lifecycle.ready = true;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.server.port;
  logger.info(`AI text service listening on http://${config.server.host}:${port}`, {
    environment: config.environment,
    providers: config.ai.providers,
    pid: process.pid,
    rateLimit: config.rateLimit.enabled ? (rateLimiter?.backend ?? 'memory') : 'off',
    docs: `http://localhost:${port}/docs`,
  });
  if (config.auth.apiKeys.length === 0) {
    logger.warn('No API_KEY configured: the API is open (development mode). Set API_KEY before exposing it.');
  }

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    deps.lifecycle.ready = false;
    logger.info(`${signal} received: not ready; draining in-flight requests`, {
      delayMs: config.server.shutdownDelayMs,
      timeoutMs: config.server.shutdownTimeoutMs,
    });
    const close = () => {
      const force = setTimeout(() => {
        const answered = inFlight.answerAll(
          new AppError('SERVICE_UNAVAILABLE', 'The server is shutting down and could not finish the request in time'),
        );
        logger.warn('Shutdown timeout reached: answered the requests still in flight with 503', {
          answered,
          unanswerable: inFlight.size,
        });
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), ANSWER_FLUSH_MS).unref();
      }, config.server.shutdownTimeoutMs);
      force.unref();
      server.close(() => {
        clearTimeout(force);
        void withTimeout(
          Promise.allSettled([deps.close(), rateLimiter?.close(), stopTracing?.()]),
          CLOSE_BUDGET_MS,
        ).finally(() => {
          logger.info('Shutdown complete');
          process.exit(0);
        });
      });
      server.closeIdleConnections();
    };
    // Until the delay ends, new connections are still served (and told `/readyz` 503), so a load
    // balancer has time to stop sending traffic before the port closes.
    if (config.server.shutdownDelayMs > 0) setTimeout(close, config.server.shutdownDelayMs);
    else close();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger({ level: config.log.level, format: config.log.format });
  process.on('uncaughtException', (error) => {
    logger.error('Uncaught exception: exiting', { error: error.stack ?? error.message });
    process.exit(1);
  });
  process.on('unhandledRejection', (reason) => {
    logger.error('Unhandled promise rejection: exiting', {
      error: reason instanceof Error ? (reason.stack ?? reason.message) : String(reason),
    });
    process.exit(1);
  });

  if (cluster.isPrimary) for (const warning of config.warnings) logger.warn(warning);

  if (config.server.webConcurrency > 1 && cluster.isPrimary) {
    if (config.rateLimit.enabled && !config.cache.redisUrl) {
      logger.warn('WEB_CONCURRENCY > 1 without REDIS_URL: rate limits and the cache are per worker');
    }
    logger.info(`Starting ${config.server.webConcurrency} workers`, { pid: process.pid });
    await startCluster({
      workers: config.server.webConcurrency,
      logger,
      shutdownTimeoutMs:
        config.server.shutdownDelayMs + config.server.shutdownTimeoutMs + ANSWER_FLUSH_MS + CLOSE_BUDGET_MS,
    });
    logger.info('All workers stopped');
    process.exit(0);
  }
  await serve(config, logger);
}

/** A start-up failure the operator can fix from its message alone: printed without a stack. */
class StartupError extends Error {
  override readonly name = 'StartupError';
}

/** `listen` failures worded for the person starting the server. */
function toListenError(error: NodeJS.ErrnoException, config: AppConfig): Error {
  const where = `${config.server.host}:${config.server.port}`;
  if (error.code === 'EADDRINUSE') {
    return new StartupError(
      `port ${config.server.port} is in use (${where}); stop the other server or set PORT, e.g. PORT=${config.server.port + 1} make run`,
    );
  }
  if (error.code === 'EACCES') {
    return new StartupError(`port ${config.server.port} needs privileges (${where}); set PORT to 1024 or above`);
  }
  if (error.code === 'EADDRNOTAVAIL') {
    return new StartupError(`cannot listen on ${config.server.host}: no such address here; set HOST (e.g. 0.0.0.0)`);
  }
  return error;
}

main().catch((error: unknown) => {
  const text =
    error instanceof StartupError
      ? error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
  process.stderr.write(`Failed to start: ${text}\n`);
  process.exit(1);
});
