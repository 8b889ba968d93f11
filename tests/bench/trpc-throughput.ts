/**
 * Goal 2: the same cache hit over tRPC (`/trpc/public.process`, one call per request, and a batch
 * of five calls per request as `httpBatchLink` sends them) against the REST path, and against a
 * bare tRPC server (`bare-trpc-server.ts`: the same router and context on tRPC's standalone adapter
 * alone) in the same run. Goal (issue #22): ours serves ≥ 90 % of the bare server's calls.
 */
import { join } from 'node:path';
import { freePort, productionEnv, startBareTrpcServer, startService, type RunningProcess } from './bench-processes.js';
import { capture } from './capture.js';
import { writeWrkScript, type HttpCall } from './load.js';
import { cacheHitCall, CONNECTIONS, primeCache } from './rest-throughput.js';
import { withGoal, type BenchContext, type Scenario, type ScenarioResult } from './scenario.js';
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
    let bare: RunningProcess | undefined;
    try {
      const barePort = await freePort();
      bare = await startBareTrpcServer({ port: barePort, env: productionEnv(barePort), cpus: '0' });
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
      // The bare server has a cache of its own: its first call is a miss.
      await capture(bare.url, single);
      for (const [origin, call] of [
        [service.url, single],
        [service.url, batched],
        [bare.url, single],
        [bare.url, batched],
      ] as const) {
        const answer = await capture(origin, call);
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
          {
            name: 'bare tRPC',
            url: `${bare.url}${single.path}`,
            script: writeWrkScript(context.workDir, 'trpc', single),
            process: bare,
          },
          {
            name: `bare tRPC batch of ${BATCH_SIZE}`,
            url: `${bare.url}${batched.path}`,
            script: writeWrkScript(context.workDir, 'trpc-batch', batched),
            process: bare,
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
      const [restResult, trpcResult, batchResult, bareResult, bareBatchResult] = results;
      if (!restResult || !trpcResult || !batchResult || !bareResult || !bareBatchResult) {
        throw new Error('missing throughput results');
      }
      const ofBare = (value: number, baseline: number) => round((100 * value) / baseline, 1);
      const percent = (value: number) => round((100 * value) / restResult.callsPerSecond, 1);
      return {
        id: this.id,
        title: '2. tRPC cache hit vs REST and vs bare tRPC',
        method:
          `The cache hit of scenario 1 as POST /trpc/public.process and as one POST of a ${BATCH_SIZE}-call batch ` +
          "(?batch=1), on the service and on bare-trpc-server.ts (the same router and context on tRPC's standalone " +
          `adapter alone, core 0 too); wrk -t1 -c${CONNECTIONS} on core 1, 3 s warm-up each, 3 interleaved 5 s runs, medians.`,
        metrics: [
          { name: 'REST', value: restResult.callsPerSecond, unit: 'calls/s' },
          { name: 'tRPC, unbatched', value: trpcResult.callsPerSecond, unit: 'calls/s' },
          { name: `tRPC, batch of ${BATCH_SIZE}`, value: batchResult.callsPerSecond, unit: 'calls/s' },
          { name: 'bare tRPC, unbatched', value: bareResult.callsPerSecond, unit: 'calls/s' },
          { name: `bare tRPC, batch of ${BATCH_SIZE}`, value: bareBatchResult.callsPerSecond, unit: 'calls/s' },
          withGoal(
            'tRPC unbatched / bare tRPC',
            ofBare(trpcResult.callsPerSecond, bareResult.callsPerSecond),
            '%',
            '>=',
            90,
          ),
          {
            name: `tRPC batch / bare tRPC batch (calls)`,
            value: ofBare(batchResult.callsPerSecond, bareBatchResult.callsPerSecond),
            unit: '%',
          },
          { name: 'tRPC unbatched / REST', value: percent(trpcResult.callsPerSecond), unit: '%' },
          { name: `tRPC batch / REST (calls)`, value: percent(batchResult.callsPerSecond), unit: '%' },
          { name: 'CPU per call, REST', value: restResult.cpuMicrosPerRequest ?? Number.NaN, unit: 'µs' },
          { name: 'CPU per call, tRPC', value: trpcResult.cpuMicrosPerRequest ?? Number.NaN, unit: 'µs' },
          {
            name: 'CPU per call, tRPC batch',
            value: round((batchResult.cpuMicrosPerRequest ?? Number.NaN) / BATCH_SIZE, 1),
            unit: 'µs',
          },
          { name: 'CPU per call, bare tRPC', value: bareResult.cpuMicrosPerRequest ?? Number.NaN, unit: 'µs' },
          {
            name: 'CPU per call, bare tRPC batch',
            value: round((bareBatchResult.cpuMicrosPerRequest ?? Number.NaN) / BATCH_SIZE, 1),
            unit: 'µs',
          },
          {
            name: 'core 0 taken by other processes',
            value: median(results.flatMap((result) => result.repetitions.map((run) => run.interferencePercent ?? 0))),
            unit: '%',
          },
          {
            name: 'failed requests',
            value: results.reduce((sum, result) => sum + result.failures, 0),
            unit: '',
          },
          {
            name: 'answers slower than 2 s (wrk timeouts)',
            value: results.reduce((sum, result) => sum + result.timeouts, 0),
            unit: '',
          },
        ],
        raw: results,
      };
    } finally {
      await bare?.stop();
      await service.stop();
    }
  },
};
