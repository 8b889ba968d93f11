import { isBrokenCircuitError } from 'cockatiel';
import type { Redis } from 'ioredis';
import { toSafeListener, operationOfKey, type CacheEventListener } from './cache-events.js';
import type { Codec } from './codec.js';
import { createRedisBreaker, type BreakerState, type RedisBreaker } from './redis-breaker.js';
import { isCluster, toDataNodes, type RedisClient } from './redis-client.js';

export interface RedisCacheOptions {
  readonly client: RedisClient;
  readonly codec: Codec;
  /** Key prefix this service owns (`ai_cache:v1`); status counts only keys under it. */
  readonly namespace: string;
  /** The client's command timeout, in ms; a slightly longer deadline guards every call. */
  readonly commandTimeoutMs: number;
  /** The process's shared Redis breaker (`createRedisBreaker`, built in `server/deps.ts`); when
   * absent, the tier builds its own from the two options below. */
  readonly breaker?: RedisBreaker | undefined;
  /** Consecutive failures that open the tier's own breaker (default 5); a timeout opens it at once. */
  readonly breakerThreshold?: number | undefined;
  /** How long Redis is skipped once the tier's own breaker opens, in ms (default 5000). */
  readonly breakerCooldownMs?: number | undefined;
  readonly onEvent?: CacheEventListener | undefined;
}

/** A value read from Redis with its remaining lifetime (`undefined` = no expiry). */
export interface RedisEntry {
  readonly value: unknown;
  readonly ttlMs: number | undefined;
}

export type { BreakerState } from './redis-breaker.js';

/** Lookups that Redis answered are hits or misses; failed or skipped ones count as neither. */
export interface RedisTierStats {
  readonly hits: number;
  readonly misses: number;
  readonly writes: number;
  /** Commands that failed or timed out. */
  readonly errors: number;
  /** Calls not sent because Redis was disconnected, or the breaker was open or probing. */
  readonly skipped: number;
  /** Entries that did not decode and were deleted. */
  readonly corrupt: number;
}

/** What an operator sees of the Redis tier. Key counts cover this service's namespace only. */
export interface RedisInspection {
  readonly mode: 'standalone' | 'cluster';
  /** ioredis connection state (`ready`, `connecting`, `reconnecting`, `end`...). */
  readonly connection: string;
  readonly breaker: BreakerState;
  readonly reachable: boolean;
  readonly keys?: number;
  readonly keysByOperation?: Record<string, number>;
  /** False when counting stopped early on a very large keyspace. */
  readonly keysComplete?: boolean;
  readonly memoryUsedBytes?: number;
  readonly memoryUsed?: string;
  readonly error?: string;
}

/**
 * The shared tier. Request-path calls (`get`, `set`, `delete`, `publish`, `ping`) never throw and
 * never wait longer than the command timeout: they are skipped while Redis is disconnected, and a
 * breaker (usually the one the rate limiter shares) opened by a timeout (e.g. a frozen server) or
 * consecutive errors skips them for a cool-down, after which one call probes Redis again while the
 * others keep skipping. Operator calls (`deleteMatching`, `inspect`) go to Redis directly and
 * report failures.
 */
export interface RedisCache {
  get(key: string): Promise<RedisEntry | undefined>;
  set(key: string, value: unknown, ttlMs: number): Promise<boolean>;
  delete(key: string): Promise<boolean>;
  publish(channel: string, message: string): Promise<boolean>;
  /** True when a PING answered. */
  ping(): Promise<boolean>;
  /** SCAN (`match` glob) + UNLINK of the keys `predicate` accepts, on every data node; returns the
   * number removed. Throws when Redis is unreachable. Never uses KEYS. */
  deleteMatching(match: string, predicate: (key: string) => boolean): Promise<number>;
  inspect(): Promise<RedisInspection>;
  stats(): RedisTierStats;
  readonly connection: string;
  readonly breakerState: BreakerState;
}

const SCAN_COUNT = 500;
const STATUS_SCAN_ROUNDS = 200;

type Attempt<T> = { readonly ok: true; readonly value: T } | { readonly ok: false };
const FAILED = { ok: false } as const;

export function createRedisCache(options: RedisCacheOptions): RedisCache {
  const { client, codec, namespace } = options;
  const emit = toSafeListener(options.onEvent);
  const breaker =
    options.breaker ??
    createRedisBreaker({
      commandTimeoutMs: options.commandTimeoutMs,
      threshold: options.breakerThreshold,
      halfOpenAfterMs: options.breakerCooldownMs,
    });
  breaker.onStateChange((state) => emit({ type: 'breaker', state }));
  client.on('ready', () => emit({ type: 'connection', state: 'ready' }));
  client.on('reconnecting', () => emit({ type: 'connection', state: 'reconnecting' }));
  client.on('end', () => emit({ type: 'connection', state: 'closed' }));
  client.on('error', (error: Error) => emit({ type: 'connection', state: 'error', error }));

  const counts = { hits: 0, misses: 0, writes: 0, errors: 0, skipped: 0, corrupt: 0 };

  async function attempt<T>(command: string, work: () => Promise<T>): Promise<Attempt<T>> {
    if (client.status !== 'ready') {
      counts.skipped += 1;
      return FAILED;
    }
    try {
      return { ok: true, value: await breaker.execute(work) };
    } catch (error) {
      if (isBrokenCircuitError(error)) {
        counts.skipped += 1;
        return FAILED;
      }
      counts.errors += 1;
      emit({ type: 'redis-error', command, error: toError(error) });
      return FAILED;
    }
  }

  async function get(key: string): Promise<RedisEntry | undefined> {
    const read = await attempt('get', async () => {
      const replies = await client.pipeline().getBuffer(key).pttl(key).exec();
      const [data, ttl] = (replies ?? []).map(([error, reply]) => {
        if (error) throw error;
        return reply;
      });
      return {
        data: Buffer.isBuffer(data) ? data : undefined,
        ttlMs: typeof ttl === 'number' && ttl > 0 ? ttl : undefined,
      };
    });
    if (!read.ok) return undefined;
    const operation = operationOfKey(key, namespace);
    if (read.value.data === undefined) {
      counts.misses += 1;
      emit({ type: 'miss', tier: 'redis', operation });
      return undefined;
    }
    try {
      const value = codec.decode(read.value.data, key);
      counts.hits += 1;
      emit({ type: 'hit', tier: 'redis', operation });
      return { value, ttlMs: read.value.ttlMs };
    } catch (error) {
      counts.misses += 1;
      counts.corrupt += 1;
      emit({ type: 'miss', tier: 'redis', operation });
      emit({ type: 'corrupt-entry', key, reason: toError(error).message });
      await attempt('unlink', () => client.unlink(key));
      return undefined;
    }
  }

  async function set(key: string, value: unknown, ttlMs: number): Promise<boolean> {
    let data: Buffer;
    try {
      data = codec.encode(value, key);
    } catch (error) {
      emit({ type: 'redis-error', command: 'encode', error: toError(error) });
      return false;
    }
    const written = await attempt('set', () => client.set(key, data, 'PX', Math.max(1, Math.round(ttlMs))));
    if (written.ok) {
      counts.writes += 1;
      emit({ type: 'write', tier: 'redis', operation: operationOfKey(key, namespace) });
    }
    return written.ok;
  }

  async function deleteMatching(match: string, predicate: (key: string) => boolean): Promise<number> {
    if (client.status !== 'ready') throw new Error(`Redis is not connected (${client.status})`);
    let removed = 0;
    for (const node of toDataNodes(client)) {
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', match, 'COUNT', SCAN_COUNT);
        cursor = next;
        const doomed = keys.filter(predicate);
        if (doomed.length > 0) removed += await unlinkAll(node, doomed, isCluster(client));
      } while (cursor !== '0');
    }
    return removed;
  }

  async function inspect(): Promise<RedisInspection> {
    const base = {
      mode: isCluster(client) ? ('cluster' as const) : ('standalone' as const),
      connection: client.status,
      breaker: breaker.state,
    };
    if (client.status !== 'ready') return { ...base, reachable: false };
    try {
      const keysByOperation: Record<string, number> = {};
      let keys = 0;
      let keysComplete = true;
      let memoryUsedBytes = 0;
      for (const node of toDataNodes(client)) {
        let cursor = '0';
        let rounds = 0;
        do {
          const [next, found] = await node.scan(cursor, 'MATCH', `${namespace}:*`, 'COUNT', SCAN_COUNT);
          cursor = next;
          rounds += 1;
          keys += found.length;
          for (const key of found) {
            const operation = operationOfKey(key, namespace);
            keysByOperation[operation] = (keysByOperation[operation] ?? 0) + 1;
          }
        } while (cursor !== '0' && rounds < STATUS_SCAN_ROUNDS);
        if (cursor !== '0') keysComplete = false;
        memoryUsedBytes += Number(/^used_memory:(\d+)/m.exec(await node.info('memory'))?.[1] ?? 0);
      }
      return {
        ...base,
        reachable: true,
        keys,
        keysByOperation,
        keysComplete,
        memoryUsedBytes,
        memoryUsed: toHumanBytes(memoryUsedBytes),
      };
    } catch (error) {
      return { ...base, reachable: false, error: toError(error).message };
    }
  }

  return {
    get,
    set,
    delete: async (key) => (await attempt('unlink', () => client.unlink(key))).ok,
    publish: async (channel, message) => (await attempt('publish', () => client.publish(channel, message))).ok,
    ping: async () => (await attempt('ping', () => client.ping())).ok,
    deleteMatching,
    inspect,
    stats: () => ({ ...counts }),
    get connection() {
      return client.status;
    },
    get breakerState() {
      return breaker.state;
    },
  };
}

async function unlinkAll(node: Redis, keys: readonly string[], perKey: boolean): Promise<number> {
  if (!perKey) return node.unlink(...keys);
  // Cluster nodes reject multi-key commands across hash slots: one UNLINK per key, pipelined.
  const pipeline = node.pipeline();
  for (const key of keys) pipeline.unlink(key);
  const replies = (await pipeline.exec()) ?? [];
  return replies.reduce((sum, [error, reply]) => {
    if (error) throw error;
    return sum + Number(reply);
  }, 0);
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function toHumanBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes}B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)}K`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(2)}M`;
  return `${(bytes / 1024 ** 3).toFixed(2)}G`;
}
