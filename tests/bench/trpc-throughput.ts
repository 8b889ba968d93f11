/**
 * Goal 2: the same cache hit over tRPC (`/trpc/public.process`, one call per request, and a batch
 * of five calls per request as `httpBatchLink` sends them) against the REST path, same run.
 */
import { join } from 'node:path';
import { freePort, productionEnv, startService } from './bench-processes.js';
import { capture } from './capture.js';
import { writeWrkScript, type HttpCall } from './load.js';
import { cacheHitCall, CONNECTIONS, primeCache } from './rest-throughput.js';
import type { BenchContext, Scenario, ScenarioResult } from './scenario.js';
import { median, round } from './stats.js';
import { measureThroughput } from './throughput.js';

const BATCH_SIZE = 5;

export const trpcThroughput: Scenario = {
  id: 'trpc-throughput',
  async run(context: BenchContext): Promise<ScenarioResult> {
    const service = await startService({
      env: productionEnv(await freePort()),
      cpus: '0',
      runtime: context.runtime,
      logFile: join(context.workDir, 'trpc-throughput.log'),
    });
    try {
      const rest = cacheHitCall();
      await primeCache(service.url, rest);
      const single: HttpCall = { ...rest, path: '/trpc/public.process' };
      const names = Array.from({ length: BATCH_SIZE }, () => 'public.process').join(',');
      const input = JSON.parse(rest.body ?? '{}') as unknown;
      const batched: HttpCall = {
        ...rest,
        path: `/trpc/${names}?batch=1`,
        body: JSON.stringify(
          Object.fromEntries(Array.from({ length: BATCH_SIZE }, (_, index) => [String(index), input])),
        ),
      };
      for (const call of [single, batched]) {
        const answer = await capture(service.url, call);
        if (answer.status !== 200 || !answer.body.includes('"cache_hit":true')) {
          throw new Error(`tRPC call failed (${answer.status}): ${answer.body.slice(0, 200)}`);
        }
      }
      const results = await measureThroughput(
        [
          {
            name: 'REST',
            url: `${service.url}${rest.path}`,
            script: writeWrkScript(context.workDir, 'rest', rest),
            process: service,
          },
          {
            name: 'tRPC',
            url: `${service.url}${single.path}`,
            script: writeWrkScript(context.workDir, 'trpc', single),
            process: service,
          },
          {
            name: `tRPC batch of ${BATCH_SIZE}`,
            url: `${service.url}${batched.path}`,
            script: writeWrkScript(context.workDir, 'trpc-batch', batched),
            process: service,
            callsPerRequest: BATCH_SIZE,
          },
        ],
        {
          // tRPC's paths need about 3 s of JIT warm-up.
          warmupSeconds: context.quick ? 1 : 3,
          seconds: context.quick ? 2 : 5,
          repetitions: 3,
          connections: CONNECTIONS,
          wrkCpus: '1',
          serverCore: 0,
          log: context.log,
        },
      );
      const [restResult, trpcResult, batchResult] = results;
      if (!restResult || !trpcResult || !batchResult) throw new Error('missing throughput results');
      const percent = (value: number) => round((100 * value) / restResult.callsPerSecond, 1);
      return {
        id: this.id,
        title: '2. tRPC cache hit vs REST',
        method:
          `The cache hit of scenario 1 as POST /trpc/public.process and as one POST of a ${BATCH_SIZE}-call batch ` +
          `(?batch=1); wrk -t1 -c${CONNECTIONS} on core 1, server on core 0, 3 s warm-up each, 3 interleaved 5 s runs, medians.`,
        metrics: [
          { name: 'REST', value: restResult.callsPerSecond, unit: 'calls/s' },
          { name: 'tRPC, unbatched', value: trpcResult.callsPerSecond, unit: 'calls/s' },
          { name: `tRPC, batch of ${BATCH_SIZE}`, value: batchResult.callsPerSecond, unit: 'calls/s' },
          { name: 'tRPC unbatched / REST', value: percent(trpcResult.callsPerSecond), unit: '%' },
          { name: `tRPC batch / REST (calls)`, value: percent(batchResult.callsPerSecond), unit: '%' },
          { name: 'CPU per call, REST', value: restResult.cpuMicrosPerRequest ?? Number.NaN, unit: 'µs' },
          { name: 'CPU per call, tRPC', value: trpcResult.cpuMicrosPerRequest ?? Number.NaN, unit: 'µs' },
          {
            name: 'CPU per call, tRPC batch',
            value: round((batchResult.cpuMicrosPerRequest ?? Number.NaN) / BATCH_SIZE, 1),
            unit: 'µs',
          },
          {
            name: 'core 0 taken by other processes',
            value: median(results.flatMap((result) => result.repetitions.map((run) => run.interferencePercent ?? 0))),
            unit: '%',
          },
          {
            name: 'failed requests',
            value: restResult.failures + trpcResult.failures + batchResult.failures,
            unit: '',
          },
          {
            name: 'answers slower than 2 s (wrk timeouts)',
            value: restResult.timeouts + trpcResult.timeouts + batchResult.timeouts,
            unit: '',
          },
        ],
        raw: results,
      };
    } finally {
      await service.stop();
    }
  },
};
