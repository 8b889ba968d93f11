/**
 * Goal 4: what the service adds to a cache miss. The provider is the fake OpenAI-compatible
 * server with a fixed 200 ms latency; every request carries a distinct text, so every request
 * is a miss and a provider call. Added latency = total latency − 200 ms, at 1, 64 and 256
 * concurrent callers. The same callers calling the fake provider directly give the floor of the
 * set-up (client and provider share core 1).
 */
import { join } from 'node:path';
import { BENCH_API_KEY, freePort, productionEnv, startFakeProvider, startService } from './bench-processes.js';
import { runClosedLoop, type HttpCall, type LatencyRun } from './load.js';
import { withGoal, type BenchContext, type Metric, type Scenario, type ScenarioResult } from './scenario.js';
import { percentile, round } from './stats.js';
import { distinctArticle, processBody } from './texts.js';

export const PROVIDER_LATENCY_MS = 200;

/** The service on core 0 calling the fake provider (which runs on core 1). */
export function providerEnv(port: number, baseUrl: string, env: Record<string, string> = {}): Record<string, string> {
  return productionEnv(port, {
    AI_PROVIDERS: 'openai',
    OPENAI_API_KEY: 'fake-provider-key',
    OPENAI_BASE_URL: baseUrl,
    AI_MAX_CONCURRENCY: '2048',
    AI_MAX_QUEUE: '2048',
    ...env,
  });
}

export function missCall(index: number, run: string, operation = 'summarize'): HttpCall {
  return {
    method: 'POST',
    path: '/v1/text_processing/process',
    headers: { 'Content-Type': 'application/json', 'X-API-Key': BENCH_API_KEY },
    body: processBody(distinctArticle(index, run), operation),
  };
}

function directCall(index: number, run: string): HttpCall {
  return {
    method: 'POST',
    path: '/v1/chat/completions',
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer fake-provider-key' },
    body: JSON.stringify({
      model: 'gpt-4o-mini',
      max_tokens: 400,
      messages: [
        { role: 'system', content: 'Summarize the text between the markers in at most 100 words.' },
        { role: 'user', content: distinctArticle(index, run) },
      ],
    }),
  };
}

function added(run: LatencyRun, p: number): number {
  return round(percentile(run.latenciesMs, p) - PROVIDER_LATENCY_MS, 2);
}

export const missOverhead: Scenario = {
  id: 'miss-overhead',
  async run(context: BenchContext): Promise<ScenarioResult> {
    const provider = await startFakeProvider({ latencyMs: PROVIDER_LATENCY_MS, cpus: '1' });
    const service = await startService({
      env: providerEnv(await freePort(), provider.baseUrl),
      cpus: '0',
      runtime: context.runtime,
      logFile: join(context.workDir, 'miss-overhead.log'),
    });
    const runId = Date.now().toString(36);
    let next = 0;
    const levels = context.quick
      ? [
          { concurrency: 1, total: 15 },
          { concurrency: 64, total: 640 },
          { concurrency: 256, total: 1024 },
        ]
      : [
          { concurrency: 1, total: 100 },
          { concurrency: 64, total: 3200 },
          { concurrency: 256, total: 8192 },
        ];
    try {
      context.log('warming up the miss path (256 requests at 64)');
      await runClosedLoop({
        origin: service.url,
        concurrency: 64,
        total: 256,
        callFor: () => missCall((next += 1), runId),
      });
      const metrics: Metric[] = [];
      const raw: Record<string, unknown> = {};
      let failures = 0;
      for (const { concurrency, total } of levels) {
        await provider.reset();
        context.log(`service: ${total} misses at concurrency ${concurrency}`);
        const cpuBefore = service.cpuSeconds();
        const viaService = await runClosedLoop({
          origin: service.url,
          concurrency,
          total,
          callFor: () => missCall((next += 1), runId),
        });
        const cpuMicrosPerMiss = ((service.cpuSeconds() - cpuBefore) * 1e6) / total;
        const calls = await provider.calls();
        context.log(`direct to the provider: concurrency ${concurrency}`);
        const direct = await runClosedLoop({
          origin: provider.url,
          concurrency,
          total: Math.max(concurrency * 4, Math.round(total / 4)),
          callFor: () => directCall((next += 1), runId),
        });
        failures +=
          viaService.errors +
          direct.errors +
          (viaService.statuses['200'] === total ? 0 : total - (viaService.statuses['200'] ?? 0));
        const goals = concurrency === 256;
        metrics.push(
          goals
            ? withGoal(`added p50 at ${concurrency}`, added(viaService, 50), 'ms', '<', 1)
            : { name: `added p50 at ${concurrency}`, value: added(viaService, 50), unit: 'ms' },
          goals
            ? withGoal(`added p99 at ${concurrency}`, added(viaService, 99), 'ms', '<', 5)
            : { name: `added p99 at ${concurrency}`, value: added(viaService, 99), unit: 'ms' },
          { name: `floor p50 at ${concurrency} (direct to provider)`, value: added(direct, 50), unit: 'ms' },
          { name: `floor p99 at ${concurrency} (direct to provider)`, value: added(direct, 99), unit: 'ms' },
        );
        if (concurrency === levels[levels.length - 1]?.concurrency) {
          metrics.push(
            { name: 'service CPU per miss', value: round(cpuMicrosPerMiss, 0), unit: 'µs' },
            { name: 'misses per second one core can serve', value: round(1e6 / cpuMicrosPerMiss, 0), unit: '/s' },
            {
              name: `misses per second needed at ${concurrency} × 200 ms`,
              value: concurrency * (1000 / PROVIDER_LATENCY_MS),
              unit: '/s',
            },
          );
        }
        raw[`concurrency ${concurrency}`] = {
          cpuMicrosPerMiss: round(cpuMicrosPerMiss, 1),
          requests: total,
          providerCalls: calls,
          throughput: round((1000 * total) / viaService.elapsedMs, 1),
          service: {
            p50: added(viaService, 50),
            p90: added(viaService, 90),
            p99: added(viaService, 99),
            max: added(viaService, 100),
          },
          direct: { p50: added(direct, 50), p99: added(direct, 99) },
          statuses: viaService.statuses,
        };
        if (calls < total) failures += total - calls;
      }
      metrics.push({ name: 'failed requests (or not misses)', value: failures, unit: '' });
      return {
        id: this.id,
        title: '4. Added latency on a miss (provider 200 ms)',
        method:
          'Closed loop from an undici pool on core 1 with one connection per caller; every text distinct (a miss and ' +
          "one provider call, verified by the provider's count); service on core 0 with AI_PROVIDERS=openai against " +
          'the fake server (200 ms, core 1), AI_MAX_CONCURRENCY=2048. Added = latency − 200 ms. The floor is the same ' +
          'callers calling the fake provider directly.',
        metrics,
        raw,
      };
    } finally {
      await service.stop();
      await provider.stop();
    }
  },
};
