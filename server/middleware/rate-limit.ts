import type { IncomingMessage, ServerResponse } from 'node:http';
import { isBrokenCircuitError } from 'cockatiel';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../../domain/errors.js';
import type { Authenticator } from '../../domain/ports.js';
import { credentialsOf } from '../../infra/api-keys.js';
import { createRedisBreaker, type RedisBreaker } from '../../infra/cache/redis-breaker.js';
import { closeClient, createRedisClient, type RedisClient } from '../../infra/cache/redis-client.js';
import type { RouteTable } from './route-table.js';

/** `heavy`: process and batch; `auth`: `/v1/auth*`; `standard`: other text processing; `global`: the rest. */
export type RateLimitRule = 'heavy' | 'auth' | 'standard' | 'global';

/** Requests per window for each rule (`RATE_LIMIT_*_PER_MINUTE`). */
export interface RateLimitRules {
  readonly globalPerMinute: number;
  readonly heavyPerMinute: number;
  readonly standardPerMinute: number;
  readonly authPerMinute: number;
}

export interface RateLimiterOptions {
  readonly rules: RateLimitRules;
  /**
   * A Redis shared by every instance: limits are then atomic and global. Give a client (it must
   * have `enableOfflineQueue: false`, so a command fails at once while Redis is down, and a
   * `commandTimeout`, so a hung Redis fails it in time) or a URL (a client is made with
   * `createRedisClient` and closed by `close()`). Without either, limits are per process.
   */
  readonly redis?: Redis | undefined;
  readonly redisUrl?: string | undefined;
  /** For the client made from `redisUrl`: the longest wait for Redis before the in-memory
   * insurance limiter answers instead, in ms (the app passes `REDIS_COMMAND_TIMEOUT_MS`; default 250). */
  readonly commandTimeoutMs?: number | undefined;
  /**
   * The process's shared Redis breaker (`deps.redisBreaker`, also used by the cache), so that a
   * request waits for Redis at most once: while it is open or probing, counts go to the in-memory
   * insurance limiter at once. Default: a breaker of the limiter's own.
   */
  readonly breaker?: RedisBreaker | undefined;
  /** Prefix of the Redis keys. Default `ai-text:ratelimit`. */
  readonly keyPrefix?: string;
  /** Window length in seconds. Default 60. */
  readonly windowSeconds?: number;
  /** Redis connection errors and failed calls (the limiter keeps working in memory meanwhile). */
  readonly onRedisError?: (error: Error) => void;
}

export interface RateLimitDecision {
  readonly allowed: boolean;
  readonly limit: number;
  readonly remaining: number;
  /** Milliseconds until the window resets. */
  readonly resetMs: number;
  readonly windowSeconds: number;
}

export interface RateLimiter {
  /** Where counts live: `redis` (with an in-memory insurance limiter while Redis is down or hung) or `memory`. */
  readonly backend: 'redis' | 'memory';
  /** Where counts go right now: `memory` without Redis, and while Redis is disconnected or the
   * Redis breaker is not closed. */
  readonly activeBackend: 'redis' | 'memory';
  /** Counts one request of `identity` against `rule`. */
  consume(rule: RateLimitRule, identity: string): Promise<RateLimitDecision>;
  close(): Promise<void>;
}

const PER_RULE: Readonly<Record<RateLimitRule, keyof RateLimitRules>> = {
  heavy: 'heavyPerMinute',
  auth: 'authPerMinute',
  standard: 'standardPerMinute',
  global: 'globalPerMinute',
};

/** A Redis answer: over the limit is an answer too, not a failure. */
interface Outcome {
  readonly allowed: boolean;
  readonly result: RateLimiterRes;
}

/**
 * Fixed-window counters per rule and caller, from rate-limiter-flexible: `RateLimiterRedis`
 * (one atomic Lua script per request, shared by all instances) with a `RateLimiterMemory`
 * insurance limiter that takes over whenever Redis is disconnected (at once), a Redis call fails
 * (a hung Redis: after the command timeout), or the Redis breaker is open or probing (at once), or
 * memory alone without Redis. A caller over its limit is also blocked in memory until the window
 * ends, so a flood costs Redis nothing.
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const windowSeconds = options.windowSeconds ?? 60;
  const keyPrefix = options.keyPrefix ?? 'ai-text:ratelimit';
  const suppliedTimeoutMs = options.redis?.options.commandTimeout;
  if (options.redis && suppliedTimeoutMs === undefined) {
    throw new Error('createRateLimiter needs a Redis client with a commandTimeout: a hung Redis would stall requests');
  }
  const commandTimeoutMs = suppliedTimeoutMs ?? options.commandTimeoutMs ?? 250;
  let ownClient: RedisClient | undefined;
  if (options.redis === undefined && options.redisUrl !== undefined) {
    ownClient = createRedisClient({ url: options.redisUrl, commandTimeoutMs });
    ownClient.on('error', (error: Error) => options.onRedisError?.(error));
    ownClient.connect().catch(() => {
      // reported through the 'error' event; ioredis keeps reconnecting with backoff
    });
  }
  const client = options.redis ?? ownClient;
  const breaker = client ? (options.breaker ?? createRedisBreaker({ commandTimeoutMs })) : undefined;

  const limiters = {} as Record<RateLimitRule, { memory: RateLimiterMemory; redis: RateLimiterRedis | undefined }>;
  for (const rule of Object.keys(PER_RULE) as RateLimitRule[]) {
    const points = options.rules[PER_RULE[rule]];
    limiters[rule] = {
      memory: new RateLimiterMemory({ keyPrefix: `${keyPrefix}:${rule}`, points, duration: windowSeconds }),
      // No `insuranceLimiter`: a failed call must reach the breaker, which then sends the others
      // to memory without waiting.
      redis: client
        ? new RateLimiterRedis({
            storeClient: client,
            keyPrefix: `${keyPrefix}:${rule}`,
            points,
            duration: windowSeconds,
            rejectIfRedisNotReady: true,
            inMemoryBlockOnConsumed: points + 1,
          })
        : undefined,
    };
  }

  async function consumeIn(rule: RateLimitRule, identity: string): Promise<Outcome> {
    const { memory, redis } = limiters[rule];
    if (redis && breaker && client?.status === 'ready') {
      try {
        return await breaker.execute(() => settle(redis.consume(identity)));
      } catch (error) {
        if (!isBrokenCircuitError(error)) options.onRedisError?.(toError(error));
      }
    }
    return settle(memory.consume(identity));
  }

  return {
    backend: client ? 'redis' : 'memory',
    get activeBackend() {
      return client?.status === 'ready' && breaker?.state === 'closed' ? 'redis' : 'memory';
    },
    async consume(rule, identity) {
      const limit = limiters[rule].memory.points;
      const { allowed, result } = await consumeIn(rule, identity);
      return allowed
        ? { allowed, limit, remaining: result.remainingPoints, resetMs: result.msBeforeNext, windowSeconds }
        : { allowed, limit, remaining: 0, resetMs: result.msBeforeNext, windowSeconds };
    },
    async close() {
      if (ownClient) await closeClient(ownClient);
    },
  };
}

async function settle(consumed: Promise<RateLimiterRes>): Promise<Outcome> {
  try {
    return { allowed: true, result: await consumed };
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return { allowed: false, result: rejection };
    throw rejection;
  }
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

const HEALTH_PATHS = new Set(['/health', '/healthz', '/v1/health', '/livez', '/readyz']);
const SEVERITY: Readonly<Record<RateLimitRule, number>> = { global: 0, standard: 1, auth: 2, heavy: 3 };

/** The rule of a REST path (seed-contract §8). */
export function toRateLimitRule(path: string): RateLimitRule {
  if (path === '/v1/text_processing/process' || path === '/v1/text_processing/batch_process') return 'heavy';
  if (path.startsWith('/v1/auth')) return 'auth';
  if (path.startsWith('/v1/text_processing')) return 'standard';
  return 'global';
}

export interface RateLimitOptions {
  readonly limiter: RateLimiter;
  readonly routes: RouteTable;
  /** Recognises valid keys: a valid key is its own caller; anything else counts by client IP. */
  readonly auth: Authenticator;
  /** Health and probe paths are never limited (`RATE_LIMITING_SKIP_HEALTH`). */
  readonly skipHealth: boolean;
  readonly onLimited?: (rule: RateLimitRule) => void;
  /** The limiter failed (not an over-limit): the request is let through. */
  readonly onError?: (error: unknown) => void;
  /** The client address under the `trust proxy` setting (express's `request.ip`); the socket
   * address by default. */
  readonly clientIp?: (request: IncomingMessage) => string | undefined;
}

/**
 * Applies the rule of the route (the strictest of a tRPC batch's procedures) per caller: the
 * SHA-256 of a valid API key — never the key itself, and never an unverified one, so rotating
 * made-up keys does not buy fresh quota — else the client IP. Adds `X-RateLimit-Limit`,
 * `-Remaining`, `-Reset` (Unix seconds), `-Window` (seconds) and `-Rule`; over the limit, a 429
 * `RATE_LIMIT_EXCEEDED` with `Retry-After`. A failing limiter lets the request through.
 */
export function rateLimit(options: RateLimitOptions) {
  const { limiter, routes, auth } = options;

  const clientIp = options.clientIp ?? ((request: IncomingMessage) => request.socket.remoteAddress);

  function identityOf(request: IncomingMessage): string {
    if (!auth.open) {
      const credentials = credentialsOf(request);
      if (credentials.kind !== 'none') {
        const check = auth.check(credentials);
        if (check.ok) return `key:${check.keyId}`;
      }
    }
    return `ip:${clientIp(request) ?? request.socket.remoteAddress ?? 'unknown'}`;
  }

  return async (request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void) => {
    const { targets } = routes.resolve(request.url ?? '/');
    if (options.skipHealth && targets.length > 0 && targets.every((target) => HEALTH_PATHS.has(target))) {
      next();
      return;
    }
    const rule = targets
      .map(toRateLimitRule)
      .reduce<RateLimitRule>((worst, next) => (SEVERITY[next] > SEVERITY[worst] ? next : worst), 'global');
    let decision: RateLimitDecision;
    try {
      decision = await limiter.consume(rule, identityOf(request));
    } catch (error) {
      options.onError?.(error);
      next();
      return;
    }
    const resetSeconds = Math.max(1, Math.ceil(decision.resetMs / 1000));
    response.setHeader('X-RateLimit-Limit', String(decision.limit));
    response.setHeader('X-RateLimit-Remaining', String(decision.remaining));
    response.setHeader('X-RateLimit-Reset', String(Math.ceil(Date.now() / 1000) + resetSeconds));
    response.setHeader('X-RateLimit-Window', String(decision.windowSeconds));
    response.setHeader('X-RateLimit-Rule', rule);
    if (decision.allowed) {
      next();
      return;
    }
    options.onLimited?.(rule);
    next(
      new AppError(
        'RATE_LIMIT_EXCEEDED',
        `Rate limit exceeded: at most ${decision.limit} requests per ${decision.windowSeconds} seconds`,
        {
          retryAfterSeconds: resetSeconds,
          details: {
            rule,
            limit: decision.limit,
            window_seconds: decision.windowSeconds,
            retry_after_seconds: resetSeconds,
          },
        },
      ),
    );
  };
}
