/**
 * Goal 10: cache-hit throughput with WEB_CONCURRENCY=2 against 1. These machines have two cores,
 * so both services may use cores 0-1 and wrk runs unpinned on the same two cores: the load
 * generator competes with the workers, and the ratio understates what two workers give on a
 * machine with a core to spare.
 */
import { cpus } from 'node:os';
import { join } from 'node:path';
import { freePort, productionEnv, startService } from './bench-processes.js';
import { capture } from './capture.js';
import { writeWrkScript, type HttpCall } from './load.js';
import { cacheHitCall, CONNECTIONS } from './rest-throughput.js';
import type { BenchContext, Scenario, ScenarioResult } from './scenario.js';
import { round } from './stats.js';
import { measureThroughput } from './throughput.js';

/** Until every worker has the answer cached: ten hits in a row. */
async function primeAllWorkers(origin: string, call: HttpCall): Promise<void> {
  let hitsInARow = 0;
  for (let attempt = 0; attempt < 200 && hitsInARow < 10; attempt += 1) {
    const answer = await capture(origin, call);
    hitsInARow = answer.body.includes('"cache_hit":true') ? hitsInARow + 1 : 0;
  }
  if (hitsInARow < 10) throw new Error('the workers did not all answer from cache');
}

export const scaleOut: Scenario = {
  id: 'scale-out',
  async run(context: BenchContext): Promise<ScenarioResult> {
    const cores = cpus().length;
    const server = cores > 2 ? '0-1' : `0-${cores - 1}`;
    const one = await startService({
      env: productionEnv(await freePort(), { WEB_CONCURRENCY: '1' }),
      cpus: server,
      runtime: context.runtime,
      logFile: join(context.workDir, 'scale-out-1.log'),
    });
    const two = await startService({
      env: productionEnv(await freePort(), { WEB_CONCURRENCY: '2' }),
      cpus: server,
      runtime: context.runtime,
      logFile: join(context.workDir, 'scale-out-2.log'),
    });
    try {
      const call = cacheHitCall();
      await primeAllWorkers(one.url, call);
      await primeAllWorkers(two.url, call);
      const script = writeWrkScript(context.workDir, 'scale-out', call);
      const wrkCpus = cores > 2 ? `2-${cores - 1}` : undefined;
      const [single, double] = await measureThroughput(
        [
          { name: 'WEB_CONCURRENCY=1', url: `${one.url}${call.path}`, script },
          { name: 'WEB_CONCURRENCY=2', url: `${two.url}${call.path}`, script },
        ],
        {
          warmupSeconds: context.quick ? 1 : 3,
          seconds: context.quick ? 2 : 5,
          repetitions: 3,
          connections: CONNECTIONS,
          wrkCpus,
          log: context.log,
        },
      );
      if (!single || !double) throw new Error('missing throughput results');
      return {
        id: this.id,
        title: '10. Scale-out (cluster workers)',
        method:
          `The cache hit of scenario 1; both services on cores ${server}, wrk -t1 -c${CONNECTIONS} ` +
          `${wrkCpus ? `on cores ${wrkCpus}` : 'unpinned on the same cores'}; 3 s warm-up, 3 interleaved 5 s runs, medians.`,
        metrics: [
          { name: 'WEB_CONCURRENCY=1', value: single.requestsPerSecond, unit: 'req/s' },
          { name: 'WEB_CONCURRENCY=2', value: double.requestsPerSecond, unit: 'req/s' },
          {
            name: '2 workers / 1 worker',
            value: round(double.requestsPerSecond / single.requestsPerSecond, 2),
            unit: '×',
          },
          { name: 'failed requests', value: single.failures + double.failures, unit: '' },
          { name: 'answers slower than 2 s (wrk timeouts)', value: single.timeouts + double.timeouts, unit: '' },
        ],
        notes:
          cores <= 2
            ? [`only ${cores} cores: the load generator shares them with the workers, so this ratio is a lower bound`]
            : [],
        raw: { single, double },
      };
    } finally {
      await two.stop();
      await one.stop();
    }
  },
};
