/**
 * Issue #16 scorecard, reliability: the real server process with production middleware on (API
 * keys, Redis-backed rate limits, Redis cache) against the fake LLM provider and private Redis
 * servers, under load. By default a fast subset (part of `make test`); with `SCORECARD=1` the
 * issue's full figures (`make scorecard`). Every scenario writes `scorecard-results/<scenario>.json`
 * before it asserts, so the table shows failures too.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeLlmServer, type FakeLlmServer } from '../fakes/fake-llm-server.js';
import { createRedisProcess, type RedisProcess } from '../fakes/redis-process.js';
import { ISSUE_FAULT_MIX, installFaultPlan } from './reliability-fault-plan.js';
import {
  callService,
  createLoadAgent,
  isJsonErrorWith,
  percentile,
  pollUntil,
  runLoad,
  sleep,
  summarize,
  startControlProbe,
  worstOverlapping,
  type CallResult,
  type LoadSummary,
  type RequestSpec,
} from './reliability-load.js';
import { SCORECARD, checked, recordScenario, reported, type Figure } from './reliability-record.js';
import {
  isListening,
  startServiceProcess,
  stopAllServiceProcesses,
  type ServiceProcess,
} from '../fakes/service-process.js';
import { getJson } from './get-json.js';

const SCALE = SCORECARD
  ? {
      r1Requests: 1000,
      r1Concurrency: 32,
      redisLoadConcurrency: 8,
      outageMs: 10_000,
      phaseMs: 4000,
      failFastSamples: 200,
      shutdownConcurrency: 16,
      slowRequests: 4,
    }
  : {
      r1Requests: 150,
      r1Concurrency: 16,
      redisLoadConcurrency: 4,
      // longer than three Redis timeouts in a row, so that serial waits show in full
      outageMs: 3500,
      phaseMs: 1000,
      failFastSamples: 40,
      shutdownConcurrency: 8,
      slowRequests: 2,
    };
/** In the fast subset, scenarios on different servers without tight latency bounds overlap. */
const overlapping = SCORECARD ? it : it.concurrent;

const USER_KEY = `reliability-user-${randomUUID()}`;
const OPERATOR_KEY = `reliability-operator-${randomUUID()}`;
const AS_USER = { Authorization: `Bearer ${USER_KEY}` };
const AS_OPERATOR = { Authorization: `Bearer ${OPERATOR_KEY}` };
/**
 * `REDIS_COMMAND_TIMEOUT_MS`: the default 250 ms for the scorecard; in the fast subset, run next to
 * the whole suite on two busy cores, 1 s, so that a wait for Redis stands out of scheduling noise
 * (the issue's bound is relative to the timeout either way).
 */
const REDIS_TIMEOUT_MS = SCORECARD ? 250 : 1000;
const AI_TIMEOUT_MS = 1000;
const RECOVERY_TIMEOUT_S = 10;
/** Retries 0.5 s apart (the smallest backoff the custom config allows), no jitter, capped at 5 s. */
const FAST_RETRIES = {
  exponential_multiplier: 0.1,
  exponential_min: 0.5,
  exponential_max: 5,
  jitter_enabled: false,
  max_delay_seconds: 5,
};
const RETRY_AFTER_S = 1;
/** Beyond the 5 s backoff cap (`exponential_max`). */
const LONG_RETRY_AFTER_S = 7;

function caseText(key: string): string {
  return (
    `[case ${key}] The city council approved a new budget for road repairs on Tuesday. ` +
    'Residents welcomed the decision, although some worried about noise during the summer works.'
  );
}

function processRequest(key: string, operation = 'summarize', tag?: string): RequestSpec {
  return {
    path: '/v1/text_processing/process',
    body: { text: caseText(key), operation },
    headers: AS_USER,
    ...(tag === undefined ? {} : { tag }),
  };
}

interface Stack {
  readonly fake: FakeLlmServer;
  readonly redis: RedisProcess;
  readonly server: ServiceProcess;
}

interface StackOptions {
  readonly providers: string;
  readonly localFallback: boolean;
  readonly resilience: Record<string, unknown>;
  /** Start the private Redis before the server (R5 starts the server without it). */
  readonly redisRunning: boolean;
  readonly fakeLatencyMs?: number;
  readonly env?: Record<string, string>;
  readonly listeners?: number;
}

const cleanups: (() => Promise<void>)[] = [];

/** A fake provider, a private Redis and the server in production mode wired to both. */
async function startStack(options: StackOptions): Promise<Stack> {
  const fake = await startFakeLlmServer({ latencyMs: options.fakeLatencyMs ?? 0 });
  const redis = await createRedisProcess();
  cleanups.push(
    () => fake.close(),
    () => redis.stop(),
  );
  if (options.redisRunning) await redis.start();
  const server = await startServiceProcess({
    listeners: options.listeners ?? 1,
    env: {
      ENVIRONMENT: 'production',
      LOG_LEVEL: 'INFO',
      API_KEY: USER_KEY,
      INTERNAL_API_KEYS: OPERATOR_KEY,
      REDIS_URL: redis.url,
      REDIS_COMMAND_TIMEOUT_MS: String(REDIS_TIMEOUT_MS),
      RATE_LIMITING_ENABLED: 'true',
      RATE_LIMIT_GLOBAL_PER_MINUTE: '1000000',
      RATE_LIMIT_HEAVY_PER_MINUTE: '1000000',
      RATE_LIMIT_STANDARD_PER_MINUTE: '1000000',
      RATE_LIMIT_AUTH_PER_MINUTE: '1000000',
      AI_PROVIDERS: options.providers,
      AI_LOCAL_FALLBACK: String(options.localFallback),
      AI_TIMEOUT_MS: String(AI_TIMEOUT_MS),
      OPENAI_API_KEY: 'sk-fake-reliability',
      OPENAI_BASE_URL: `${fake.url}/v1`,
      RESILIENCE_CUSTOM_CONFIG: JSON.stringify(options.resilience),
      ...options.env,
    },
  });
  return { fake, redis, server };
}

interface Health {
  status: string;
  components: Record<string, { status: string; message: string }>;
}

async function readHealth(port: number): Promise<Health | undefined> {
  const answer = await getJson(port, '/v1/health', {}, 3000);
  return answer?.status === 200 ? (answer.body as Health) : undefined;
}

async function breakerState(port: number, provider: string): Promise<string | undefined> {
  const answer = await getJson(port, '/internal/providers', AS_OPERATOR, 3000);
  const providers = (answer?.body as { providers?: { name: string; breaker_state: string }[] } | undefined)?.providers;
  return providers?.find((entry) => entry.name === provider)?.breaker_state;
}

/** Names of the figures that miss their target. */
const failing = (figures: readonly Figure[]) =>
  figures.filter((figure) => figure.pass === false).map((figure) => figure.name);
const ms = (value: number) => Math.round(value);

// Servers A (R1), C (R5, R3, R4, R2) and D (R6) start together: tsx start-up dominates the run.
let stackA: Stack;
let stackC: Stack;
let stackD: Stack;

beforeAll(async () => {
  [stackA, stackC, stackD] = await Promise.all([
    startStack({
      providers: 'openai,local',
      localFallback: true,
      redisRunning: true,
      // A high threshold keeps the breaker shut at a 39 % fault rate, so every fault is exercised.
      resilience: {
        retry_attempts: 3,
        circuit_breaker_threshold: 20,
        recovery_timeout: RECOVERY_TIMEOUT_S,
        ...FAST_RETRIES,
      },
    }),
    startStack({
      providers: 'openai',
      localFallback: false,
      redisRunning: false,
      resilience: {
        retry_attempts: 2,
        circuit_breaker_threshold: 3,
        recovery_timeout: RECOVERY_TIMEOUT_S,
        ...FAST_RETRIES,
      },
    }),
    startStack({
      providers: 'openai,local',
      localFallback: true,
      redisRunning: true,
      fakeLatencyMs: 300,
      resilience: {
        retry_attempts: 2,
        circuit_breaker_threshold: 20,
        recovery_timeout: RECOVERY_TIMEOUT_S,
        ...FAST_RETRIES,
      },
      env: { AI_TIMEOUT_MS: '10000', SHUTDOWN_DELAY_MS: '500', SHUTDOWN_TIMEOUT_MS: '1500' },
    }),
  ]);
}, 120_000);

afterAll(async () => {
  await stopAllServiceProcesses();
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
}, 30_000);

/** A few unmeasured requests: the first calls of a fresh process pay for JIT and lazy loading. */
async function warmUp(port: number, prefix: string, count = 8): Promise<void> {
  await runLoad({
    port,
    concurrency: 2,
    total: count,
    deadlineMs: 20_000,
    next: (index) => processRequest(`${prefix}-warm-${index}`),
  });
}

/** Requests to a cache-friendly mix: half repeat ten texts (cache hits), half are new (misses). */
function redisMix(prefix: string) {
  return (index: number): RequestSpec =>
    index % 2 === 0 ? processRequest(`${prefix}-hot-${index % 20}`) : processRequest(`${prefix}-${index}`);
}

interface OutageRun {
  /** `Date.now()` when Redis was killed or frozen. */
  readonly faultAt: number;
  readonly baseline: CallResult[];
  readonly rest: CallResult[];
  readonly outageMs: number;
  readonly backInHealthMs: number | undefined;
  /** `GET /livez` back to back during the whole run (see `redisWaitFigures`). */
  readonly control: CallResult[];
}

/** `GET /livez` touches no Redis (and skips the rate limiter): a yardstick for server-wide stalls. */
const startLivezProbe = (port: number) =>
  startControlProbe(port, { path: '/livez' }, { deadlineMs: 30_000, agent: createLoadAgent(1) });

/**
 * The issue's "no request waits past the Redis timeout + 100 ms", measured so that two busy cores
 * do not fake a failure: a request's wait attributable to Redis is its latency minus its normal
 * latency (the median of the same load with Redis up) minus the slowest `/livez` in flight
 * meanwhile (a GC pause or a starved CPU holds both up; a Redis wait holds up only the request).
 * On a quiet machine both deductions are a few ms.
 */
function redisWaitFigures(
  normal: LoadSummary,
  observed: readonly CallResult[],
  control: readonly CallResult[],
  since: number,
): { figures: Figure[]; slowest: unknown[] } {
  const limit = REDIS_TIMEOUT_MS + 100;
  const waits = observed.map((result) => ({
    result,
    stall: worstOverlapping(control, result),
    wait: result.latencyMs - normal.p50Ms - worstOverlapping(control, result),
  }));
  const longest = waits.reduce((worst, entry) => Math.max(worst, entry.wait), 0);
  const over = waits.filter((entry) => entry.wait > limit).length;
  const controlMax = control.reduce((worst, probe) => Math.max(worst, probe.latencyMs), 0);
  const figures = [
    reported('slowest /livez meanwhile (stall yardstick)', ms(controlMax), 'ms'),
    checked(
      'longest wait attributable to Redis (latency − normal p50 − concurrent /livez stall)',
      ms(longest),
      `≤ Redis timeout ${REDIS_TIMEOUT_MS} + 100 ms`,
      longest <= limit,
      'ms',
    ),
    reported('requests waiting longer than that', over),
  ];
  const slowest = [...waits]
    .sort((a, b) => b.wait - a.wait)
    .slice(0, 8)
    .map((entry) => ({
      latencyMs: ms(entry.result.latencyMs),
      livezStallMs: ms(entry.stall),
      startedAtMs: entry.result.startedAt - since,
    }));
  return { figures, slowest };
}

/**
 * Load on server C's Redis mix: a baseline phase, then `fault()` for `SCALE.outageMs`, then
 * `restore()` and another phase, while the load keeps going. Results are split at the fault.
 */
async function underRedisOutage(
  prefix: string,
  fault: () => Promise<void> | void,
  restore: () => Promise<void> | void,
): Promise<OutageRun> {
  const agent = createLoadAgent(SCALE.redisLoadConcurrency);
  const probe = startLivezProbe(stackC.server.port);
  let faultAt = Infinity;
  const phases = (async () => {
    await sleep(SCALE.phaseMs);
    faultAt = Date.now();
    await fault();
    await sleep(SCALE.outageMs);
    await restore();
    const back = await pollUntil(
      async () => (await readHealth(stackC.server.port))?.components['cache:redis']?.status === 'healthy',
      20_000,
      100,
    );
    await sleep(SCALE.phaseMs);
    return back;
  })();
  let done = false;
  const load = runLoad({
    port: stackC.server.port,
    concurrency: SCALE.redisLoadConcurrency,
    durationMs: SCALE.phaseMs * 2 + SCALE.outageMs + 25_000,
    deadlineMs: SCALE.outageMs + 10_000,
    agent,
    next: redisMix(prefix),
    shouldStop: () => done,
  });
  let backInHealthMs: number | undefined;
  try {
    backInHealthMs = await phases;
  } finally {
    done = true;
  }
  const results = await load;
  const control = await probe.stop();
  agent.destroy();
  return {
    control,
    faultAt,
    baseline: results.filter((result) => result.startedAt + result.latencyMs < faultAt),
    rest: results.filter((result) => result.startedAt + result.latencyMs >= faultAt),
    outageMs: SCALE.outageMs,
    backInHealthMs,
  };
}

function outageFigures(run: OutageRun): { figures: Figure[]; details: unknown } {
  const baseline = summarize(run.baseline);
  const during = summarize(run.rest);
  const waits = redisWaitFigures(baseline, run.rest, run.control, run.faultAt);
  const fiveHundreds = run.rest.filter((result) => result.status >= 500).length;
  const figures = [
    reported('requests', run.baseline.length + run.rest.length),
    reported('baseline p50 / p99 (Redis up)', `${baseline.p50Ms} / ${baseline.p99Ms}`, 'ms'),
    reported(
      'p50 / p99 / max during and after the outage',
      `${during.p50Ms} / ${during.p99Ms} / ${during.maxMs}`,
      'ms',
    ),
    checked('5xx answers', fiveHundreds, '0', fiveHundreds === 0),
    checked('lost or hung requests', during.lost + during.hung, '0', during.lost + during.hung === 0),
    ...waits.figures,
    reported('non-2xx answers', during.requests - during.succeeded),
    reported(
      'Redis back in /v1/health after restore',
      run.backInHealthMs === undefined ? null : ms(run.backInHealthMs),
      'ms',
    ),
  ];
  return { figures, details: { baseline, during, slowestRelativeToFault: waits.slowest } };
}

describe('reliability (issue #16)', () => {
  it('R5: starts without Redis, serves from memory meanwhile and uses Redis once it appears', async () => {
    const started = performance.now();
    const { server, redis } = stackC;
    await warmUp(server.port, 'R5');
    const agent = createLoadAgent(4);
    const probe = startLivezProbe(server.port);
    const withoutSince = Date.now();
    const without = await runLoad({
      port: server.port,
      concurrency: 4,
      durationMs: SCALE.phaseMs,
      deadlineMs: 10_000,
      agent,
      next: redisMix('R5-absent'),
    });
    const control = await probe.stop();
    const healthWithout = await readHealth(server.port);
    await redis.start();
    const appearedAt = performance.now();
    const inHealthMs = await pollUntil(
      async () => (await readHealth(server.port))?.components['cache:redis']?.status === 'healthy',
      15_000,
    );
    const withRedis = await runLoad({
      port: server.port,
      concurrency: 4,
      durationMs: SCALE.phaseMs,
      deadlineMs: 10_000,
      agent,
      next: (index) => processRequest(`R5-present-${index}`),
    });
    agent.destroy();
    const inspector = new Redis(redis.url, { maxRetriesPerRequest: 0, lazyConnect: true });
    inspector.on('error', () => undefined);
    await inspector.connect();
    const cacheKeys = (await inspector.keys('ai_cache:*')).length;
    inspector.disconnect();

    const before = summarize(without);
    const after = summarize(withRedis);
    const waits = redisWaitFigures(after, without, control, withoutSince);
    const figures = [
      checked('server listening with Redis absent', true, 'yes', true),
      reported('requests without Redis', before.requests),
      checked(
        'non-2xx answers without Redis',
        before.requests - before.succeeded,
        '0',
        before.requests === before.succeeded,
      ),
      reported('latency p50 / p99 / max without Redis', `${before.p50Ms} / ${before.p99Ms} / ${before.maxMs}`, 'ms'),
      reported('latency p50 once Redis is up (the normal latency)', after.p50Ms, 'ms'),
      ...waits.figures,
      checked(
        '/v1/health cache:redis without Redis',
        healthWithout?.components['cache:redis']?.status ?? null,
        'not healthy',
        healthWithout !== undefined && healthWithout.components['cache:redis']?.status !== 'healthy',
      ),
      checked(
        'Redis in /v1/health after it appeared',
        inHealthMs === undefined ? null : ms(inHealthMs),
        '≤ 10000 ms',
        inHealthMs !== undefined && inHealthMs <= 10_000,
        'ms',
      ),
      checked('non-2xx answers with Redis', after.requests - after.succeeded, '0', after.requests === after.succeeded),
      checked('cache entries written to Redis', cacheKeys, '> 0', cacheKeys > 0),
    ];
    recordScenario('reliability-r5-redis-absent', {
      scenario: 'R5 Redis absent at start',
      duration_ms: performance.now() - started,
      figures,
      details: { before, after, appearedAfterMs: ms(appearedAt - started), slowestWithoutRedis: waits.slowest },
    });
    expect(failing(figures)).toEqual([]);
  }, 120_000);

  it('R3: Redis killed under load: no 5xx, no request waits past the Redis timeout + 100 ms', async () => {
    const started = performance.now();
    const { redis } = stackC;
    const run = await underRedisOutage(
      'R3',
      () => redis.kill(),
      () => redis.start(),
    );
    const { figures, details } = outageFigures(run);
    recordScenario('reliability-r3-redis-killed', {
      scenario: 'R3 Redis killed under load',
      duration_ms: performance.now() - started,
      figures: [reported('outage', run.outageMs, 'ms'), ...figures],
      details,
    });
    expect(failing(figures)).toEqual([]);
  }, 180_000);

  it('R4: Redis frozen under load: no 5xx, no request waits past the Redis timeout + 100 ms', async () => {
    const started = performance.now();
    const { redis } = stackC;
    // Thaws even if the test dies mid-way, so a stalled server cannot outlive the freeze.
    const safety = setTimeout(() => redis.thaw(), SCALE.phaseMs + SCALE.outageMs + 15_000);
    let run: OutageRun;
    try {
      run = await underRedisOutage(
        'R4',
        () => redis.freeze(),
        () => redis.thaw(),
      );
    } finally {
      clearTimeout(safety);
      redis.thaw();
    }
    const { figures, details } = outageFigures(run);
    recordScenario('reliability-r4-redis-frozen', {
      scenario: 'R4 Redis frozen (SIGSTOP) under load',
      duration_ms: performance.now() - started,
      figures: [reported('freeze', run.outageMs, 'ms'), ...figures],
      details,
    });
    expect(failing(figures)).toEqual([]);
  }, 180_000);

  overlapping(
    'R1: 1,000 requests at ~39 % provider faults: nothing lost or hung, ≥ 99 % success, failures JSON 502/503/504',
    async ({ expect }) => {
      const started = performance.now();
      const { fake, server } = stackA;
      await warmUp(server.port, 'R1');
      const plan = installFaultPlan(fake, {
        mix: ISSUE_FAULT_MIX,
        seed: 16,
        retryAfterSeconds: RETRY_AFTER_S,
        longRetryAfterSeconds: LONG_RETRY_AFTER_S,
      });
      // 3 attempts of ≤ 1 s, the longest Retry-After honoured, and slack for a busy machine.
      const deadlineMs = 3 * AI_TIMEOUT_MS + LONG_RETRY_AFTER_S * 1000 + 5000;
      const agent = createLoadAgent(SCALE.r1Concurrency);
      const results = await runLoad({
        port: server.port,
        concurrency: SCALE.r1Concurrency,
        total: SCALE.r1Requests,
        deadlineMs,
        agent,
        next: (index) => processRequest(`R1-${index}`, 'summarize', `R1-${index}`),
      });
      agent.destroy();
      const summary = summarize(results);
      const failures = results.filter((result) => result.outcome !== 'answered' || result.status >= 300);
      const badFailures = failures.filter((result) => !isJsonErrorWith(result, [502, 503, 504]));
      const degraded = results.filter(
        (result) => (result.body as { metadata?: { degraded?: boolean } } | undefined)?.metadata?.degraded === true,
      ).length;
      const counts = plan.counts();
      const faults = plan.calls.length - counts.answer;
      const audit = plan.auditRetryAfter();
      const successRate = (100 * summary.succeeded) / Math.max(1, summary.requests);
      const figures = [
        reported('requests', summary.requests),
        reported('provider calls', plan.calls.length),
        reported(
          'provider faults injected',
          `${faults} (${((100 * faults) / Math.max(1, plan.calls.length)).toFixed(1)} %)`,
        ),
        checked('success rate', Number(successRate.toFixed(2)), '≥ 99 %', successRate >= 99, '%'),
        reported('answered by the local fallback (degraded)', degraded),
        checked('lost requests', summary.lost, '0', summary.lost === 0),
        checked(`hung past the ${deadlineMs} ms deadline`, summary.hung, '0', summary.hung === 0),
        checked('failures that are not JSON 502/503/504', badFailures.length, '0', badFailures.length === 0),
        reported(
          'failures by status',
          JSON.stringify(Object.fromEntries(Object.entries(summary.byStatus).filter(([status]) => status !== '200'))),
        ),
        checked(
          'retries sooner than the Retry-After they were told',
          audit.early.length,
          '0',
          audit.early.length === 0,
        ),
        reported('retries after a 429 with Retry-After', audit.retriedAfterHint),
        reported(
          `429s with Retry-After ${LONG_RETRY_AFTER_S} s (beyond the 5 s cap) / retried`,
          `${audit.longHints} / ${audit.longHintsRetried}`,
        ),
        reported('latency p50', summary.p50Ms, 'ms'),
        reported('latency p99', summary.p99Ms, 'ms'),
        reported('latency max', summary.maxMs, 'ms'),
      ];
      recordScenario('reliability-r1-faults', {
        scenario: 'R1 provider faults (~39 %), AI_PROVIDERS=openai,local',
        duration_ms: performance.now() - started,
        figures,
        details: {
          seed: 16,
          byStatus: summary.byStatus,
          slowest: [...results]
            .sort((a, b) => b.latencyMs - a.latencyMs)
            .slice(0, 5)
            .map((result) => {
              const key = result.tag;
              return {
                latencyMs: ms(result.latencyMs),
                provider: (result.body as { metadata?: { provider?: string } } | undefined)?.metadata?.provider,
                providerCalls: plan.calls
                  .filter((call) => call.key === key)
                  .map((call) => `${call.fault}@+${call.time - result.startedAt}ms`),
              };
            }),
          faults: counts,
          earlyRetries: audit.early.slice(0, 20),
          failures: failures.slice(0, 10).map((result) => ({
            status: result.status,
            retryAfter: result.headers['retry-after'],
            body: result.body,
          })),
          badFailures: badFailures.slice(0, 10).map((result) => ({
            outcome: result.outcome,
            status: result.status,
            error: result.error,
            body: result.body,
          })),
        },
      });
      expect(failing(figures)).toEqual([]);
    },
    240_000,
  );

  overlapping(
    'R2: provider down then back: fails fast once the breaker opens, recovers within its timeout, health shows both',
    async ({ expect }) => {
      const started = performance.now();
      const { fake, server } = stackC;
      let down = true;
      const isR2 = (body: unknown) => JSON.stringify(body ?? '').includes('[case R2-');
      fake.script({ match: (request) => down && isR2(request.body), reply: { kind: 'hang' }, times: Infinity });
      const downAt = Date.now();

      let openAt: number | undefined;
      let failFastAfterOpen = 0;
      const watch = (async () => {
        for (let probe = 0; probe < 300 && openAt === undefined; probe += 1) {
          if ((await breakerState(server.port, 'openai')) === 'open') openAt = Date.now();
          else await sleep(50);
        }
      })();
      const results = await runLoad({
        port: server.port,
        concurrency: 4,
        durationMs: 20_000,
        deadlineMs: 15_000,
        next: (index) => processRequest(`R2-down-${index}`, 'sentiment'),
        onResult: (result) => {
          if (openAt !== undefined && result.startedAt >= openAt) failFastAfterOpen += 1;
        },
        shouldStop: () => failFastAfterOpen >= SCALE.failFastSamples,
      });
      await watch;
      const healthOpen = await readHealth(server.port);
      const openState = await breakerState(server.port, 'openai');
      const openEnd = Date.now();
      const callsWhileOpen =
        openAt === undefined
          ? null
          : fake.calls.filter((call) => isR2(call.body) && call.time > openAt! + 50 && call.time <= openEnd).length;
      const attemptsBeforeOpen =
        openAt === undefined ? null : fake.calls.filter((call) => isR2(call.body) && call.time <= openAt!).length;

      down = false;
      const backAt = Date.now();
      let recoveredAt: number | undefined;
      for (let probe = 0; probe < 200 && recoveredAt === undefined; probe += 1) {
        if (Date.now() - backAt > (RECOVERY_TIMEOUT_S + 10) * 1000) break;
        const answer = await callService(server.port, processRequest(`R2-back-${probe}`, 'sentiment'), {
          deadlineMs: 10_000,
        });
        if (answer.status === 200) recoveredAt = Date.now();
        else await sleep(200);
      }
      const healthyAfterMs = await pollUntil(async () => (await readHealth(server.port))?.status === 'healthy', 10_000);
      const healthAfter = await readHealth(server.port);

      const fast = results.filter((result) => openAt !== undefined && result.startedAt >= openAt);
      const fastLatencies = fast.map((result) => result.latencyMs);
      const fastMax = fastLatencies.length === 0 ? null : Math.max(...fastLatencies);
      const fastJson503 = fast.filter(
        (result) => isJsonErrorWith(result, [503]) && result.headers['retry-after'] !== undefined,
      ).length;
      const recoveryMs = recoveredAt === undefined ? null : recoveredAt - backAt;
      const sinceOpenMs = recoveredAt === undefined || openAt === undefined ? null : recoveredAt - openAt;
      const figures = [
        checked(
          'breaker open after the provider went down',
          openAt === undefined ? null : openAt - downAt,
          'opens',
          openAt !== undefined,
          'ms',
        ),
        reported('provider attempts before it opened', attemptsBeforeOpen),
        reported('requests while open', fast.length),
        reported('fail-fast latency p50', ms(percentile(fastLatencies, 50)), 'ms'),
        checked(
          'fail-fast latency max',
          fastMax === null ? null : ms(fastMax),
          `< ${AI_TIMEOUT_MS} ms (no wait for an attempt)`,
          fastMax !== null && fastMax < AI_TIMEOUT_MS,
          'ms',
        ),
        checked(
          'fail-fast answers that are JSON 503 with Retry-After',
          `${fastJson503} / ${fast.length}`,
          'all',
          fast.length > 0 && fastJson503 === fast.length,
        ),
        checked('provider calls while open', callsWhileOpen, '0', callsWhileOpen === 0),
        reported('/internal/providers breaker_state while open', openState ?? null),
        checked(
          '/v1/health while the breaker is open',
          healthOpen ? `${healthOpen.status} (ai:openai ${healthOpen.components['ai:openai']?.status ?? '?'})` : null,
          'degraded, ai:openai not healthy',
          healthOpen?.status === 'degraded' && healthOpen.components['ai:openai']?.status !== 'healthy',
        ),
        checked(
          'recovery after the provider came back',
          recoveryMs,
          `≤ recovery timeout ${RECOVERY_TIMEOUT_S} s + 1 s`,
          recoveryMs !== null && recoveryMs <= RECOVERY_TIMEOUT_S * 1000 + 1000,
          'ms',
        ),
        checked(
          'first success after the breaker opened',
          sinceOpenMs,
          `≤ ${RECOVERY_TIMEOUT_S} s + 1.5 s`,
          sinceOpenMs !== null && sinceOpenMs <= RECOVERY_TIMEOUT_S * 1000 + 1500,
          'ms',
        ),
        checked(
          '/v1/health after recovery',
          healthAfter?.status ?? null,
          'healthy (within 10 s)',
          healthyAfterMs !== undefined && healthAfter?.status === 'healthy',
        ),
      ];
      recordScenario('reliability-r2-breaker', {
        scenario: 'R2 provider down then back (AI_PROVIDERS=openai, no local fallback)',
        duration_ms: performance.now() - started,
        figures,
        details: { byStatus: summarize(results).byStatus, healthOpen, healthAfter },
      });
      expect(failing(figures)).toEqual([]);
    },
    120_000,
  );

  overlapping(
    'R6: SIGTERM under load: every in-flight request is answered (503 JSON past the drain deadline), exit 0',
    async ({ expect }) => {
      const started = performance.now();
      const { fake, server } = stackD;
      await warmUp(server.port, 'R6', 4);
      const delayMs = 500;
      const drainMs = 1500;
      fake.script({
        match: (request) => JSON.stringify(request.body ?? '').includes('[case R6-slow-'),
        reply: { kind: 'answer' },
        latencyMs: 6000,
        times: Infinity,
      });
      let stopSending = false;
      let signalledAt = Infinity;
      const load = runLoad({
        port: server.port,
        concurrency: SCALE.shutdownConcurrency,
        durationMs: 30_000,
        deadlineMs: 15_000,
        next: (index) => processRequest(`R6-${index}`),
        shouldStop: () => stopSending,
      });
      await sleep(1500);
      const slow = Promise.all(
        Array.from({ length: SCALE.slowRequests }, (_, index) =>
          callService(server.port, processRequest(`R6-slow-${index}`, 'summarize', 'slow'), { deadlineMs: 15_000 }),
        ),
      );
      await sleep(500);
      signalledAt = Date.now();
      server.child.kill('SIGTERM');
      // A load balancer stops routing once /readyz fails; here, half-way through the delay.
      await sleep(delayMs / 2);
      stopSending = true;
      const [results, slowResults] = await Promise.all([load, slow]);
      const exitCode = await Promise.race([server.exited, sleep(20_000).then(() => 'still running')]);
      const exitedAfterMs = Date.now() - signalledAt;

      const all = [...results, ...slowResults];
      const inFlight = all.filter(
        (result) => result.startedAt < signalledAt && result.startedAt + result.latencyMs > signalledAt,
      );
      const lost = all.filter((result) => result.outcome !== 'answered');
      const slowAs503 = slowResults.filter((result) => isJsonErrorWith(result, [503])).length;
      const normal = results.filter((result) => result.status === 200).length;
      const figures = [
        reported('requests', all.length),
        reported('in flight at SIGTERM', inFlight.length),
        checked('requests lost (no answer)', lost.length, '0', lost.length === 0),
        reported('answered 200', normal),
        checked(
          'requests still running at the drain deadline answered JSON 503',
          `${slowAs503} / ${slowResults.length}`,
          'all',
          slowAs503 === slowResults.length,
        ),
        checked(
          'exit code (within 20 s of SIGTERM)',
          typeof exitCode === 'number' ? exitCode : String(exitCode),
          '0',
          exitCode === 0,
        ),
        reported('SIGTERM to exit', exitedAfterMs, 'ms'),
      ];
      recordScenario('reliability-r6-sigterm', {
        scenario: `R6 SIGTERM under load (SHUTDOWN_DELAY_MS=${delayMs}, SHUTDOWN_TIMEOUT_MS=${drainMs})`,
        duration_ms: performance.now() - started,
        figures,
        details: {
          summary: summarize(all),
          lost: lost
            .slice(0, 10)
            .map((result) => ({ tag: result.tag, error: result.error, latencyMs: ms(result.latencyMs) })),
        },
      });
      expect(failing(figures)).toEqual([]);
    },
    120_000,
  );

  it.runIf(SCORECARD)(
    'R6: a SIGKILLed cluster worker is replaced; only requests in flight on it fail',
    async () => {
      const started = performance.now();
      const cluster = await startStack({
        providers: 'openai,local',
        localFallback: true,
        redisRunning: true,
        fakeLatencyMs: 200,
        listeners: 2,
        resilience: {
          retry_attempts: 2,
          circuit_breaker_threshold: 20,
          recovery_timeout: RECOVERY_TIMEOUT_S,
          ...FAST_RETRIES,
        },
        env: { WEB_CONCURRENCY: '2', SHUTDOWN_TIMEOUT_MS: '3000' },
      });
      const { server } = cluster;
      await warmUp(server.port, 'R6c');
      const pids = server.logs.filter(isListening).map((line) => Number(line.pid));
      let stop = false;
      let killedAt = Infinity;
      const load = runLoad({
        port: server.port,
        concurrency: 8,
        durationMs: 60_000,
        deadlineMs: 15_000,
        next: (index) => processRequest(`R6c-${index}`),
        shouldStop: () => stop,
      });
      await sleep(3000);
      killedAt = Date.now();
      process.kill(pids[0] ?? 0, 'SIGKILL');
      let replacedMs: number | undefined;
      try {
        await server.waitForLog(isListening, 3, 45_000);
        replacedMs = Date.now() - killedAt;
      } catch {
        replacedMs = undefined;
      }
      await sleep(3000);
      stop = true;
      const results = await load;
      server.child.kill('SIGTERM');
      const exitCode = await Promise.race([server.exited, sleep(20_000).then(() => 'still running')]);

      const failed = results.filter((result) => result.outcome !== 'answered' || result.status >= 500);
      const inFlightAtKill = results.filter(
        (result) => result.startedAt < killedAt && result.startedAt + result.latencyMs >= killedAt,
      ).length;
      const failedLater = failed.filter((result) => result.startedAt > killedAt + 100).length;
      const figures = [
        reported('requests', results.length),
        reported('in flight at the kill (both workers)', inFlightAtKill),
        reported('failed requests', failed.length),
        checked('failed requests started after the kill', failedLater, '0', failedLater === 0),
        checked(
          'worker replaced (listening again)',
          replacedMs === undefined ? null : replacedMs,
          'yes, within 45 s',
          replacedMs !== undefined,
          'ms',
        ),
        checked(
          'exit code after SIGTERM',
          typeof exitCode === 'number' ? exitCode : String(exitCode),
          '0',
          exitCode === 0,
        ),
      ];
      recordScenario('reliability-r6-cluster-kill', {
        scenario: 'R6 cluster worker SIGKILLed under load (WEB_CONCURRENCY=2)',
        duration_ms: performance.now() - started,
        figures,
        details: {
          byStatus: summarize(results).byStatus,
          failed: failed.slice(0, 10).map((result) => ({ error: result.error, status: result.status })),
        },
      });
      expect(failing(figures)).toEqual([]);
    },
    180_000,
  );
});
