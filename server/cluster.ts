/**
 * Multi-core: the primary process forks `WEB_CONCURRENCY` workers that share the listening port
 * (node:cluster), replaces a worker that dies (backing off while they keep dying young), passes
 * SIGTERM on to every worker for a graceful drain, and aggregates the workers' Prometheus metrics
 * for whichever worker is scraped.
 */
import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';
import type { Logger } from '../infra/logger.js';

export interface RestartPolicy {
  /** Delay before the first replacement of a worker that died young. Default 1000 ms. */
  readonly initialDelayMs: number;
  /** Upper bound of the doubling delay. Default 30 000 ms. */
  readonly maxDelayMs: number;
  /** A worker that lived this long died "old": the next replacement is immediate. Default 30 000 ms. */
  readonly stableAfterMs: number;
}

const DEFAULT_RESTART: RestartPolicy = { initialDelayMs: 1000, maxDelayMs: 30_000, stableAfterMs: 30_000 };

/** Milliseconds to wait before replacing a worker after `youngDeaths` consecutive early deaths. */
export function restartDelay(youngDeaths: number, policy: RestartPolicy = DEFAULT_RESTART): number {
  if (youngDeaths <= 0) return 0;
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (youngDeaths - 1));
}

export interface ClusterOptions {
  readonly workers: number;
  readonly logger: Logger;
  /**
   * Each worker's whole shutdown budget: the delay, the drain, the answers at its deadline and the
   * closing of its dependencies. The primary kills stragglers a second after it.
   */
  readonly shutdownTimeoutMs: number;
  readonly restart?: Partial<RestartPolicy>;
}

const STRAGGLER_GRACE_MS = 1000;
const METRICS_REQUEST = 'ai-text:cluster-metrics-request';
const METRICS_RESPONSE = 'ai-text:cluster-metrics-response';

interface MetricsRequest {
  readonly type: typeof METRICS_REQUEST;
  readonly id: number;
}
interface MetricsResponse {
  readonly type: typeof METRICS_RESPONSE;
  readonly id: number;
  readonly text?: string;
  readonly error?: string;
}

function isMessage<T extends { type: string }>(message: unknown, type: T['type']): message is T {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === type;
}

/** Runs the primary: forks, replaces and stops the workers. Resolves once every worker has exited. */
export function startCluster(options: ClusterOptions): Promise<void> {
  const { logger } = options;
  const policy: RestartPolicy = { ...DEFAULT_RESTART, ...options.restart };
  const aggregator = new AggregatorRegistry();
  const startedAt = new Map<number, number>();
  let youngDeaths = 0;
  let stopping = false;
  const pendingRestarts = new Set<NodeJS.Timeout>();

  const fork = () => {
    const worker = cluster.fork();
    startedAt.set(worker.id, Date.now());
    logger.info(`Worker ${worker.process.pid ?? '?'} started`, { worker: worker.id, pid: worker.process.pid });
  };

  cluster.on('message', (worker: Worker, message: unknown) => {
    if (!isMessage<MetricsRequest>(message, METRICS_REQUEST)) return;
    const reply = (response: Omit<MetricsResponse, 'type' | 'id'>) => {
      if (worker.isConnected())
        worker.send({ type: METRICS_RESPONSE, id: message.id, ...response } satisfies MetricsResponse);
    };
    aggregator.clusterMetrics().then(
      (text) => reply({ text }),
      (error: unknown) => reply({ error: error instanceof Error ? error.message : String(error) }),
    );
  });

  return new Promise<void>((resolve) => {
    cluster.on('exit', (worker, code, signal) => {
      const lived = Date.now() - (startedAt.get(worker.id) ?? Date.now());
      startedAt.delete(worker.id);
      if (stopping) {
        logger.info(`Worker ${worker.process.pid ?? '?'} stopped`, { worker: worker.id, code, signal });
        if (startedAt.size === 0) resolve();
        return;
      }
      youngDeaths = lived < policy.stableAfterMs ? youngDeaths + 1 : 0;
      const delay = restartDelay(youngDeaths, policy);
      logger.error(`Worker ${worker.process.pid ?? '?'} died; replacing it in ${delay} ms`, {
        worker: worker.id,
        code,
        signal,
        livedMs: lived,
      });
      const timer = setTimeout(() => {
        pendingRestarts.delete(timer);
        if (!stopping) fork();
      }, delay);
      pendingRestarts.add(timer);
    });

    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      for (const timer of pendingRestarts) clearTimeout(timer);
      const workers = Object.values(cluster.workers ?? {}).filter(
        (worker): worker is Worker => worker !== undefined && !worker.isDead(),
      );
      logger.info(`${signal} received: stopping ${workers.length} workers`);
      if (startedAt.size === 0) {
        resolve();
        return;
      }
      for (const worker of workers) worker.process.kill('SIGTERM');
      setTimeout(() => {
        for (const worker of Object.values(cluster.workers ?? {})) {
          if (worker && !worker.isDead()) {
            logger.warn(`Worker ${worker.process.pid ?? '?'} did not stop in time: killing it`);
            worker.process.kill('SIGKILL');
          }
        }
      }, options.shutdownTimeoutMs + STRAGGLER_GRACE_MS).unref();
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));

    for (let index = 0; index < options.workers; index += 1) fork();
  });
}

/**
 * In a worker: a `prometheus()` that returns every worker's metrics, aggregated by the primary
 * (counters and histograms summed), so a scrape through the shared port sees the whole instance.
 * Falls back to this worker's own registry when the primary does not answer in time.
 */
export function createWorkerMetricsExporter(registry: Registry, timeoutMs = 6000): () => Promise<string> {
  // prom-client answers the primary's collection requests from the registries named here.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([registry]);
  const pending = new Map<number, (response: MetricsResponse) => void>();
  let nextId = 0;
  process.on('message', (message: unknown) => {
    if (!isMessage<MetricsResponse>(message, METRICS_RESPONSE)) return;
    pending.get(message.id)?.(message);
  });

  return async () => {
    if (!process.send || !process.connected) return registry.metrics();
    const id = nextId++;
    const response = await new Promise<MetricsResponse | undefined>((resolve) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        resolve(undefined);
      }, timeoutMs);
      pending.set(id, (message) => {
        clearTimeout(timer);
        pending.delete(id);
        resolve(message);
      });
      process.send?.({ type: METRICS_REQUEST, id } satisfies MetricsRequest);
    });
    return response?.text ?? registry.metrics();
  };
}
