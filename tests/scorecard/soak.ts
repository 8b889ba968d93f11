/**
 * R7 soak (issue #16), manual: `make soak` (SOAK_SECONDS, default 600). The real server with
 * production middleware (API keys, Redis-backed rate limits and cache) takes a steady mixed load —
 * memory-tier hits, Redis hits, `no-cache` calls to the provider with a few faults so error paths
 * run too — while its resident memory, heap and active handles are sampled from `/internal/metrics`
 * (prom-client's default metrics; the process's `/proc` entry when absent).
 *
 * The texts cycle through a bounded set, so every bounded cache (memory tier, scan memo) is full
 * within the warm-up third. After it, the two halves of the run are compared: the RSS high-water
 * mark, the heap floor (the lowest heap-used sample, i.e. after a major GC — heap used itself is a
 * sawtooth) and the most active handles must not grow. Least-squares slopes are reported beside.
 * Writes `scorecard-results/reliability-r7-soak.json`; exits 1 when a figure misses its target.
 *
 * Knobs: SOAK_SECONDS (60–86400), SOAK_CONCURRENCY (default 8), SOAK_SAMPLE_SECONDS (default 10).
 */
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { startFakeLlmServer } from '../fakes/fake-llm-server.js';
import { createRedisProcess } from '../fakes/redis-process.js';
import { installFaultPlan } from './reliability-fault-plan.js';
import { createLoadAgent, runLoad, summarize, type CallResult, type RequestSpec } from './reliability-load.js';
import { checked, recordScenario, reported, type Figure } from './reliability-record.js';
import { startServiceProcess, stopAllServiceProcesses } from '../fakes/service-process.js';
import { getJson } from './get-json.js';

function numberFromEnv(name: string, fallback: number, min: number, max: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, value));
}

const SECONDS = numberFromEnv('SOAK_SECONDS', 600, 60, 86_400);
const CONCURRENCY = numberFromEnv('SOAK_CONCURRENCY', 8, 1, 256);
const SAMPLE_SECONDS = numberFromEnv('SOAK_SAMPLE_SECONDS', 10, 1, 600);
/**
 * Growth allowed from the first to the second half after the warm-up. RSS follows the heap's
 * sawtooth (its peaks depend on when the major GC runs and on the request rate), so its high-water
 * mark gets a relative allowance; the heap floor, the live heap after a major GC, a fixed one.
 */
const RSS_GROWTH_LIMIT_PERCENT = 10;
const HEAP_FLOOR_GROWTH_LIMIT_MB = 8;
const HANDLES_GROWTH_LIMIT = 4;
/** Distinct texts the cold share cycles through: enough to churn the memory tier (1,000 entries). */
const COLD_TEXTS = 3000;

interface Sample {
  readonly atSeconds: number;
  readonly rssMb: number;
  readonly heapUsedMb: number | null;
  readonly activeHandles: number | null;
  readonly requestsSoFar: number;
}

/** The value of an unlabelled sample in Prometheus text, e.g. `process_resident_memory_bytes 1.2e8`. */
export function readGauge(text: string, name: string): number | null {
  const match = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.eE+-]+)`, 'm').exec(text);
  return match?.[1] === undefined ? null : Number(match[1]);
}

/** Least-squares slope of `y` over `x`; 0 for fewer than two points. */
export function slope(points: readonly (readonly [number, number])[]): number {
  if (points.length < 2) return 0;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / points.length;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / points.length;
  let numerator = 0;
  let denominator = 0;
  for (const [x, y] of points) {
    numerator += (x - meanX) * (y - meanY);
    denominator += (x - meanX) ** 2;
  }
  return denominator === 0 ? 0 : numerator / denominator;
}

function rssFromProc(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] === undefined ? null : Number(match[1]) * 1024;
  } catch {
    return null;
  }
}

const MB = 1024 * 1024;
const round = (value: number, digits = 2) => Number(value.toFixed(digits));

async function main(): Promise<number> {
  const userKey = `soak-user-${randomUUID()}`;
  const operatorKey = `soak-operator-${randomUUID()}`;
  const fake = await startFakeLlmServer({ latencyMs: 20 });
  const redis = await createRedisProcess();
  await redis.start();
  const cleanup = async () => {
    await stopAllServiceProcesses();
    await Promise.all([fake.close(), redis.stop()]);
  };
  process.once('SIGINT', () => {
    void cleanup().finally(() => process.exit(130));
  });

  try {
    const server = await startServiceProcess({
      keepLogLines: 500,
      env: {
        ENVIRONMENT: 'production',
        LOG_LEVEL: 'INFO',
        API_KEY: userKey,
        INTERNAL_API_KEYS: operatorKey,
        REDIS_URL: redis.url,
        RATE_LIMITING_ENABLED: 'true',
        RATE_LIMIT_GLOBAL_PER_MINUTE: '1000000',
        RATE_LIMIT_HEAVY_PER_MINUTE: '1000000',
        RATE_LIMIT_STANDARD_PER_MINUTE: '1000000',
        AI_PROVIDERS: 'openai,local',
        AI_TIMEOUT_MS: '1000',
        OPENAI_API_KEY: 'sk-fake-soak',
        OPENAI_BASE_URL: `${fake.url}/v1`,
        // A small memory tier fills during the warm-up, so later growth is not the cache filling.
        CACHE_MEMORY_MAX_ENTRIES: '1000',
        RESILIENCE_CUSTOM_CONFIG: JSON.stringify({
          retry_attempts: 2,
          circuit_breaker_threshold: 20,
          exponential_multiplier: 0.1,
          exponential_min: 0.5,
          exponential_max: 5,
          jitter_enabled: false,
          max_delay_seconds: 5,
        }),
      },
    });
    // A few faults of every kind keep the error paths (timers, aborted sockets) in the soak.
    installFaultPlan(fake, {
      mix: { retry_after: 0.01, http_500: 0.01, http_503: 0.01, hang: 0.005, malformed: 0.005, reset: 0.005 },
      seed: 7,
      retryAfterSeconds: 1,
      longRetryAfterSeconds: 7,
    });
    const asUser = { Authorization: `Bearer ${userKey}` };
    const operations = ['summarize', 'sentiment', 'key_points'];
    // A third each: memory-tier hits, cold texts (memory misses, mostly Redis hits), and calls that
    // bypass the cache to reach the provider.
    const next = (index: number): RequestSpec => {
      const share = index % 3;
      const key = share === 0 ? `soak-hot-${index % 50}` : `soak-${Math.floor(index / 3) % COLD_TEXTS}`;
      return {
        path: '/v1/text_processing/process',
        body: {
          text: `[case ${key}] The library extended its opening hours for the exam season. Students praised the change.`,
          operation: operations[index % operations.length],
        },
        headers: share === 2 ? { ...asUser, 'Cache-Control': 'no-cache' } : asUser,
      };
    };

    const samples: Sample[] = [];
    const startedAt = performance.now();
    let requests = 0;
    const results: CallResult[] = [];
    const agent = createLoadAgent(CONCURRENCY);
    const load = runLoad({
      port: server.port,
      concurrency: CONCURRENCY,
      durationMs: SECONDS * 1000,
      deadlineMs: 30_000,
      agent,
      next,
      onResult: (result) => {
        requests += 1;
        // Keep failures and a thin sample of the rest: a long soak must not grow the tester.
        if (result.outcome !== 'answered' || result.status >= 500 || requests % 100 === 0) results.push(result);
      },
      shouldStop: () => !server.alive(),
    });
    process.stdout.write(`Soak: ${SECONDS} s, ${CONCURRENCY} clients, a sample every ${SAMPLE_SECONDS} s\n`);
    if (SECONDS < 300) {
      // A major GC comes every minute or two under this load: a shorter soak compares sawtooth phases.
      process.stdout.write('Under 300 s the growth figures are not meaningful (a smoke run of the script).\n');
    }
    process.stdout.write('| t (s) | RSS (MB) | heap used (MB) | active handles | requests |\n|---|---|---|---|---|\n');
    const sampling = (async () => {
      while (performance.now() - startedAt < SECONDS * 1000 && server.alive()) {
        const metrics = await getJson(server.port, '/internal/metrics', { Authorization: `Bearer ${operatorKey}` });
        const text = metrics?.text ?? '';
        const rssBytes = readGauge(text, 'process_resident_memory_bytes') ?? rssFromProc(server.pid) ?? 0;
        const heapBytes = readGauge(text, 'nodejs_heap_size_used_bytes');
        const sample: Sample = {
          atSeconds: round((performance.now() - startedAt) / 1000, 1),
          rssMb: round(rssBytes / MB),
          heapUsedMb: heapBytes === null ? null : round(heapBytes / MB),
          activeHandles: readGauge(text, 'nodejs_active_handles_total'),
          requestsSoFar: requests,
        };
        samples.push(sample);
        process.stdout.write(
          `| ${sample.atSeconds} | ${sample.rssMb} | ${sample.heapUsedMb ?? '—'} | ${sample.activeHandles ?? '—'} | ${sample.requestsSoFar} |\n`,
        );
        await new Promise((resolve) => setTimeout(resolve, SAMPLE_SECONDS * 1000));
      }
    })();
    await Promise.all([load, sampling]);
    agent.destroy();

    const measured = samples.slice(Math.floor(samples.length / 3));
    const middle = Math.floor(measured.length / 2);
    const halves = [measured.slice(0, middle), measured.slice(middle)] as const;
    const values = (part: readonly Sample[], pick: (sample: Sample) => number | null) =>
      part.map(pick).filter((value): value is number => value !== null);
    /** Second half minus first half of an envelope (`max` or `min`); null without data. */
    const growth = (pick: (sample: Sample) => number | null, envelope: (...numbers: number[]) => number) => {
      const [first, second] = halves.map((part) => values(part, pick));
      if (!first?.length || !second?.length) return null;
      return round(envelope(...second) - envelope(...first));
    };
    const perMinute = (pick: (sample: Sample) => number | null) => {
      const points = measured.flatMap((sample) => {
        const value = pick(sample);
        return value === null ? [] : [[sample.atSeconds / 60, value] as const];
      });
      return points.length < 3 ? null : round(slope(points), 3);
    };
    const rssGrowth = growth((sample) => sample.rssMb, Math.max);
    const firstRssPeak = Math.max(...halves[0].map((sample) => sample.rssMb), 1);
    const rssGrowthPercent = rssGrowth === null ? null : round((100 * rssGrowth) / firstRssPeak, 1);
    const heapFloorGrowth = growth((sample) => sample.heapUsedMb, Math.min);
    const handlesGrowth = growth((sample) => sample.activeHandles, Math.max);
    const failures = results.filter((result) => result.outcome !== 'answered' || result.status >= 500);
    const summary = summarize(results);
    const figures: Figure[] = [
      reported('duration', SECONDS, 's'),
      reported('requests', requests),
      reported('throughput', round(requests / SECONDS, 1), 'req/s'),
      checked('server alive at the end', server.alive(), 'yes', server.alive()),
      checked('lost, hung or 5xx requests', failures.length, '0', failures.length === 0),
      reported('samples (first third is warm-up)', samples.length),
      reported('RSS first / last sample', `${samples[0]?.rssMb ?? '—'} / ${samples.at(-1)?.rssMb ?? '—'}`, 'MB'),
      checked(
        'RSS high-water growth, 2nd vs 1st half after warm-up',
        rssGrowth === null ? null : `${rssGrowth} MB (${rssGrowthPercent} %)`,
        `≤ ${RSS_GROWTH_LIMIT_PERCENT} %`,
        rssGrowthPercent !== null && rssGrowthPercent <= RSS_GROWTH_LIMIT_PERCENT,
      ),
      reported(
        'RSS slope after warm-up',
        perMinute((sample) => sample.rssMb),
        'MB/min',
      ),
      checked(
        'heap floor (post-GC) growth, 2nd vs 1st half',
        heapFloorGrowth,
        `≤ ${HEAP_FLOOR_GROWTH_LIMIT_MB} MB`,
        heapFloorGrowth !== null && heapFloorGrowth <= HEAP_FLOOR_GROWTH_LIMIT_MB,
        'MB',
      ),
      reported(
        'active handles first / last sample',
        `${samples[0]?.activeHandles ?? '—'} / ${samples.at(-1)?.activeHandles ?? '—'}`,
      ),
      checked(
        'most active handles, 2nd vs 1st half',
        handlesGrowth,
        `≤ +${HANDLES_GROWTH_LIMIT}`,
        handlesGrowth !== null && handlesGrowth <= HANDLES_GROWTH_LIMIT,
      ),
      reported(
        'active-handles slope after warm-up',
        perMinute((sample) => sample.activeHandles),
        '/min',
      ),
      reported('sampled latency p50 / p99', `${summary.p50Ms} / ${summary.p99Ms}`, 'ms'),
    ];
    const path = recordScenario('reliability-r7-soak', {
      scenario: `R7 soak (${SECONDS} s, ${CONCURRENCY} clients)`,
      duration_ms: performance.now() - startedAt,
      figures,
      details: { samples, failures: failures.slice(0, 20) },
    });
    process.stdout.write('\n');
    for (const figure of figures) {
      const verdict = figure.pass === undefined ? '' : figure.pass ? '  ok' : '  MISSED';
      process.stdout.write(
        `${figure.name}: ${String(figure.value)}${figure.unit ? ` ${figure.unit}` : ''}${figure.target ? ` (target ${figure.target})` : ''}${verdict}\n`,
      );
    }
    process.stdout.write(`\nWrote ${path}\n`);
    return figures.some((figure) => figure.pass === false) ? 1 : 0;
  } finally {
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`Soak failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
