/**
 * Goal 3: cache-hit latency at a realistic rate (open loop, 1,000 requests per second) and
 * unloaded (one connection, one request at a time). The access log goes to /dev/null for the
 * goal, and to a file for comparison: on these VMs a log file adds disk write-back stalls.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, productionEnv, startBareServer, startService, type RunningProcess } from './bench-processes.js';
import { capture } from './capture.js';
import { runOpenLoop, runWrk, writeWrkScript, type HttpCall, type LatencyRun } from './load.js';
import { cacheHitCall, primeCache } from './rest-throughput.js';
import { withGoal, type BenchContext, type Scenario, type ScenarioResult } from './scenario.js';
import { percentile, round } from './stats.js';

const RATE = 1000;

async function openLoop(service: RunningProcess, call: HttpCall, durationMs: number): Promise<LatencyRun> {
  await runOpenLoop({
    origin: service.url,
    ratePerSecond: RATE,
    durationMs: 2000,
    connections: 32,
    callFor: () => call,
  });
  return runOpenLoop({ origin: service.url, ratePerSecond: RATE, durationMs, connections: 32, callFor: () => call });
}

function failures(run: LatencyRun): number {
  return (
    run.errors + Object.entries(run.statuses).reduce((sum, [status, count]) => sum + (status === '200' ? 0 : count), 0)
  );
}

export const hitLatency: Scenario = {
  id: 'hit-latency',
  async run(context: BenchContext): Promise<ScenarioResult> {
    const start = async (logFile: string) =>
      startService({ env: productionEnv(await freePort()), cpus: '0', runtime: context.runtime, logFile });
    const quiet = await start('/dev/null');
    const logging = await start(join(context.workDir, 'hit-latency.log'));
    let bare: RunningProcess | undefined;
    try {
      const call = cacheHitCall();
      const script = writeWrkScript(context.workDir, 'hit-latency', call);
      for (const service of [quiet, logging]) {
        await primeCache(service.url, call);
        await runWrk({
          url: `${service.url}${call.path}`,
          script,
          connections: 8,
          seconds: context.quick ? 1 : 3,
          cpus: '1',
        });
      }
      // The floor: a bare node:http server sending the same answer, under the same open loop.
      const capturedFile = join(context.workDir, 'hit-latency-response.json');
      writeFileSync(capturedFile, JSON.stringify(await capture(quiet.url, call)));
      bare = await startBareServer({ port: await freePort(), capturedFile, cpus: '0' });
      const durationMs = context.quick ? 5000 : 20_000;
      context.log(`open loop: ${RATE} req/s for ${durationMs / 1000} s (access log to /dev/null)`);
      const open = await openLoop(quiet, call, durationMs);
      context.log(`open loop: ${RATE} req/s for ${durationMs / 1000} s (access log to a file)`);
      const openToFile = await openLoop(logging, call, durationMs);
      context.log(`open loop: ${RATE} req/s for ${durationMs / 1000} s against bare node:http (the floor)`);
      const openBare = await openLoop(bare, call, durationMs);
      context.log('unloaded: one connection, 5 s');
      const unloaded = await runWrk({
        url: `${quiet.url}${call.path}`,
        script,
        connections: 1,
        seconds: context.quick ? 2 : 5,
        cpus: '1',
        latency: true,
        timeoutSeconds: 60,
      });
      const achieved = (1000 * open.latenciesMs.length) / open.elapsedMs;
      return {
        id: this.id,
        title: '3. Cache-hit latency',
        method:
          `Open loop: an undici client on core 1 sends ${RATE} req/s on a 1 ms timer for ${durationMs / 1000} s ` +
          '(after a warm-up), each latency counted from when the request was due. Unloaded: wrk -c1 --latency for ' +
          '5 s. Server on core 0, access log at INFO to /dev/null (and, for comparison, to a file); the floor is a bare ' +
          'node:http server sending the captured answer under the same open loop.',
        metrics: [
          { name: 'achieved rate', value: round(achieved, 0), unit: 'req/s' },
          { name: 'p50 at 1,000 req/s', value: round(percentile(open.latenciesMs, 50), 2), unit: 'ms' },
          withGoal('p99 at 1,000 req/s', round(percentile(open.latenciesMs, 99), 2), 'ms', '<', 5),
          { name: 'max at 1,000 req/s', value: round(percentile(open.latenciesMs, 100), 2), unit: 'ms' },
          {
            name: 'p99 at 1,000 req/s, bare node:http (the floor)',
            value: round(percentile(openBare.latenciesMs, 99), 2),
            unit: 'ms',
          },
          {
            name: 'p99 at 1,000 req/s, log to a file',
            value: round(percentile(openToFile.latenciesMs, 99), 2),
            unit: 'ms',
          },
          withGoal('p50 unloaded (1 connection)', round(unloaded.p50Ms ?? Number.NaN, 3), 'ms', '<', 0.5),
          { name: 'p99 unloaded (1 connection)', value: round(unloaded.p99Ms ?? Number.NaN, 3), unit: 'ms' },
          {
            name: 'failed requests',
            value: failures(open) + failures(openToFile) + failures(openBare) + unloaded.non2xx,
            unit: '',
          },
        ],
        raw: { statuses: open.statuses, unloaded },
      };
    } finally {
      await bare?.stop();
      await logging.stop();
      await quiet.stop();
    }
  },
};
