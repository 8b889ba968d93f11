/**
 * Goal 6: a batch of 50 items at BATCH_AI_CONCURRENCY_LIMIT=5 with the provider at 200 ms takes
 * about 10 rounds × 200 ms.
 */
import { join } from 'node:path';
import { BENCH_API_KEY, startServiceBehindProvider } from './bench-processes.js';
import { runClosedLoop } from './load.js';
import { PROVIDER_LATENCY_MS, providerEnv } from './miss-overhead.js';
import { withGoal, type BenchContext, type Scenario, type ScenarioResult } from './scenario.js';
import { median, round } from './stats.js';
import { distinctArticle } from './texts.js';

const ITEMS = 50;
const CONCURRENCY = 5;
const IDEAL_MS = (ITEMS / CONCURRENCY) * PROVIDER_LATENCY_MS;

export const batch: Scenario = {
  id: 'batch',
  async run(context: BenchContext): Promise<ScenarioResult> {
    const { provider, service, stop } = await startServiceBehindProvider({
      latencyMs: PROVIDER_LATENCY_MS,
      envFor: (port, baseUrl) => providerEnv(port, baseUrl, { BATCH_AI_CONCURRENCY_LIMIT: String(CONCURRENCY) }),
      runtime: context.runtime,
      logFile: join(context.workDir, 'batch.log'),
    });
    try {
      const wallMs: number[] = [];
      let completed = 0;
      let providerCalls = 0;
      for (let repetition = 0; repetition < 3; repetition += 1) {
        const runId = `batch-${Date.now().toString(36)}-${repetition}`;
        await provider.reset();
        const body = JSON.stringify({
          requests: Array.from({ length: ITEMS }, (_, index) => ({
            text: distinctArticle(index, runId),
            operation: 'summarize',
          })),
        });
        const result = await runClosedLoop({
          origin: service.url,
          concurrency: 1,
          total: 1,
          callFor: () => ({
            method: 'POST',
            path: '/v1/text_processing/batch_process',
            headers: { 'Content-Type': 'application/json', 'X-API-Key': BENCH_API_KEY },
            body,
          }),
        });
        wallMs.push(result.latenciesMs[0] ?? Number.NaN);
        completed += result.statuses['200'] ?? 0;
        providerCalls += await provider.calls();
        context.log(`  batch #${repetition + 1}: ${(result.latenciesMs[0] ?? Number.NaN).toFixed(0)} ms`);
      }
      const wall = median(wallMs);
      return {
        id: this.id,
        title: '6. Batch of 50 at concurrency 5',
        method: `POST /v1/text_processing/batch_process with ${ITEMS} distinct texts, BATCH_AI_CONCURRENCY_LIMIT=${CONCURRENCY}, provider 200 ms; median of 3; ideal ${ITEMS / CONCURRENCY} × 200 ms.`,
        metrics: [
          { name: 'wall time', value: round(wall, 0), unit: 'ms' },
          withGoal('over the ideal 2,000 ms', round((100 * (wall - IDEAL_MS)) / IDEAL_MS, 1), '%', '<=', 15),
          { name: 'provider calls per batch', value: round(providerCalls / 3, 1), unit: '' },
          { name: 'batches answered 200', value: completed, unit: 'of 3' },
        ],
        raw: { wallMs },
      };
    } finally {
      await stop();
    }
  },
};
