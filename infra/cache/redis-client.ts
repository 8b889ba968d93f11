import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';

/** A standalone connection or a cluster client; both speak the commands the cache uses. */
export type RedisClient = Redis | Cluster;

export interface RedisClientOptions {
  /** `redis://` or `rediss://` URL of a standalone server (credentials and db included). */
  readonly url?: string | undefined;
  /** Cluster seed nodes (`host:port` or URLs); when non-empty, a cluster client is built and
   * credentials/TLS come from `url` when given, else from the first node written as a URL. */
  readonly clusterNodes?: readonly string[] | undefined;
  /** Longest wait for any command's reply, in ms. */
  readonly commandTimeoutMs: number;
  /** Longest wait for a connection to be established, in ms (default 2000). */
  readonly connectTimeoutMs?: number | undefined;
  /** Upper bound of the reconnection backoff, in ms (default 2000). */
  readonly maxReconnectDelayMs?: number | undefined;
}

/**
 * Builds a client that can never hold a request hostage: no offline queue (a command while
 * disconnected fails at once), every command bounded by `commandTimeoutMs`, no per-request
 * retries or replays after a reconnect, reconnection with capped exponential backoff and jitter
 * forever, and `lazyConnect` so that creating it never blocks or fails start-up (call `connect()`
 * in the background).
 */
export function createRedisClient(options: RedisClientOptions): RedisClient {
  const maxDelay = options.maxReconnectDelayMs ?? 2000;
  const backoff = (attempt: number) =>
    Math.min(maxDelay, 50 * 2 ** Math.min(attempt, 10)) + Math.floor(Math.random() * Math.min(100, maxDelay / 4));
  const safe: RedisOptions = {
    lazyConnect: true,
    enableOfflineQueue: false,
    commandTimeout: options.commandTimeoutMs,
    connectTimeout: options.connectTimeoutMs ?? 2000,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    retryStrategy: backoff,
  };
  const nodes = options.clusterNodes ?? [];
  if (nodes.length === 0) {
    if (!options.url) throw new Error('createRedisClient needs a url or cluster nodes');
    return new Redis(options.url, safe);
  }
  const seeds = nodes.map(toNodeAddress);
  const credentials = toCredentials(options.url ?? nodes.find((node) => node.includes('://')));
  const clusterOptions: ClusterOptions = {
    lazyConnect: true,
    enableOfflineQueue: false,
    clusterRetryStrategy: backoff,
    maxRedirections: 4,
    retryDelayOnFailover: 50,
    retryDelayOnClusterDown: 50,
    slotsRefreshTimeout: options.connectTimeoutMs ?? 2000,
    redisOptions: {
      commandTimeout: options.commandTimeoutMs,
      connectTimeout: options.connectTimeoutMs ?? 2000,
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      ...credentials,
    },
  };
  return new Cluster(seeds, clusterOptions);
}

/**
 * A second connection for pub/sub. Subscribing is never on a request path, so this one may queue
 * its `SUBSCRIBE` until connected and waits for replies without a timeout.
 */
export function createSubscriber(client: RedisClient): RedisClient {
  const relaxed = { enableOfflineQueue: true, commandTimeout: undefined, maxRetriesPerRequest: null } as const;
  if (client instanceof Cluster) {
    return client.duplicate(undefined, {
      enableOfflineQueue: true,
      redisOptions: { ...client.options.redisOptions, ...relaxed },
    });
  }
  return client.duplicate(relaxed);
}

/** The clients that hold keys: the server itself, or every master of a cluster. */
export function toDataNodes(client: RedisClient): Redis[] {
  return client instanceof Cluster ? client.nodes('master') : [client];
}

export function isCluster(client: RedisClient): client is Cluster {
  return client instanceof Cluster;
}

function toNodeAddress(node: string): { host: string; port: number } {
  const url = new URL(node.includes('://') ? node : `redis://${node}`);
  return { host: url.hostname, port: url.port === '' ? 6379 : Number(url.port) };
}

function toCredentials(url: string | undefined): Pick<RedisOptions, 'username' | 'password' | 'tls'> {
  if (!url) return {};
  const parsed = new URL(url);
  return {
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

/** Closes politely when Redis answers within `graceMs`, else drops the connection; either way
 * reconnection stops. */
export async function closeClient(client: RedisClient, graceMs = 200): Promise<void> {
  if (client.status === 'ready') {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      client.quit().catch(() => undefined),
      new Promise((resolve) => {
        timer = setTimeout(resolve, graceMs);
      }),
    ]);
    clearTimeout(timer);
  }
  client.disconnect();
}
