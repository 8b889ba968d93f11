/**
 * Goal 9: memory. (a) Resident memory of the service with 1,000 requests in flight against a
 * slow provider. (b) The memory cache staying within CACHE_MEMORY_MAX_BYTES under a stream of
 * distinct requests (every one a miss that is then stored).
 */
import { join } from 'node:path';
import { BENCH_API_KEY, startServiceBehindProvider } from './bench-processes.js';
import { runClosedLoop } from './load.js';
import { missCall, providerEnv } from './miss-overhead.js';
import { withGoal, type BenchContext, type Scenario, type ScenarioResult } from './scenario.js';
import { round } from './stats.js';

const IN_FLIGHT = 1000;
const SLOW_PROVIDER_MS = 3000;
const L1_MAX_BYTES = 1024 * 1024;
const MB = 1024 * 1024;

interface MemoryTier {
  readonly entries: number;
  readonly memory_bytes: number;
  readonly max_memory_bytes: number;
  readonly evictions: number;
}

export const memory: Scenario = {
  id: 'memory',
  async run(context: BenchContext): Promise<ScenarioResult> {
    const runId = `memory-${Date.now().toString(36)}`;
    let idleRss = 0;
    let peakRss = 0;
    let answered = 0;
    {
      const { service, stop } = await startServiceBehindProvider({
        latencyMs: SLOW_PROVIDER_MS,
        envFor: (port, baseUrl) => providerEnv(port, baseUrl),
        runtime: context.runtime,
        logFile: join(context.workDir, 'memory-in-flight.log'),
      });
      try {
        await runClosedLoop({
          origin: service.url,
          concurrency: 50,
          total: 50,
          callFor: (index) => missCall(-1 - index, runId),
        });
        idleRss = service.rssBytes();
        context.log(`${IN_FLIGHT} requests in flight against a ${SLOW_PROVIDER_MS} ms provider`);
        const sampler = setInterval(() => {
          peakRss = Math.max(peakRss, service.rssBytes());
        }, 50);
        const result = await runClosedLoop({
          origin: service.url,
          concurrency: IN_FLIGHT,
          total: IN_FLIGHT,
          callFor: (index) => missCall(index, runId),
        });
        clearInterval(sampler);
        answered = result.statuses['200'] ?? 0;
      } finally {
        await stop();
      }
    }

    let tier: MemoryTier | undefined;
    const stream = context.quick ? 1000 : 4000;
    {
      const { service, stop } = await startServiceBehindProvider({
        latencyMs: 0,
        envFor: (port, baseUrl) => providerEnv(port, baseUrl, { CACHE_MEMORY_MAX_BYTES: String(L1_MAX_BYTES) }),
        runtime: context.runtime,
        logFile: join(context.workDir, 'memory-l1.log'),
      });
      try {
        context.log(`${stream} distinct requests into a ${L1_MAX_BYTES / MB} MiB memory cache`);
        await runClosedLoop({
          origin: service.url,
          concurrency: 32,
          total: stream,
          callFor: (index) => missCall(index, `${runId}-l1`),
        });
        const response = await fetch(`${service.url}/internal/cache/status`, {
          headers: { 'X-API-Key': BENCH_API_KEY },
        });
        const status = (await response.json()) as { tiers?: { memory?: MemoryTier } };
        tier = status.tiers?.memory;
      } finally {
        await stop();
      }
    }

    return {
      id: this.id,
      title: '9. Memory',
      method:
        `(a) ${IN_FLIGHT} concurrent distinct requests (one connection each) against the fake provider at ${SLOW_PROVIDER_MS} ms, ` +
        'AI_MAX_CONCURRENCY=2048; RSS of the service sampled every 50 ms. (b) ' +
        `${stream} distinct requests at concurrency 32 with CACHE_MEMORY_MAX_BYTES=${L1_MAX_BYTES}; the memory tier read from GET /internal/cache/status.`,
      metrics: [
        { name: 'RSS idle (after 50 requests)', value: round(idleRss / MB, 1), unit: 'MB' },
        withGoal(`RSS peak, ${IN_FLIGHT} in flight`, round(peakRss / MB, 1), 'MB', '<', 300),
        { name: 'in-flight requests answered 200', value: answered, unit: `of ${IN_FLIGHT}` },
        withGoal(
          'memory cache bytes / bound',
          round((100 * (tier?.memory_bytes ?? Number.NaN)) / L1_MAX_BYTES, 1),
          '%',
          '<=',
          100,
        ),
        { name: 'memory cache entries kept', value: tier?.entries ?? Number.NaN, unit: `of ${stream}` },
        { name: 'memory cache evictions', value: tier?.evictions ?? Number.NaN, unit: '' },
      ],
      raw: { idleRss, peakRss, tier },
    };
  },
};
