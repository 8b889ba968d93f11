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
import { median, percentile, round } from './stats.js';

const RATE = 1000;

function openLoop(target: RunningProcess, call: HttpCall, durationMs: number): Promise<LatencyRun> {
  return runOpenLoop({ origin: target.url, ratePerSecond: RATE, durationMs, connections: 32, callFor: () => call });
}

/** The median over repetitions of each repetition's `p`-th percentile, and the worst of them. */
function acrossRuns(runs: readonly LatencyRun[], p: number): { median: number; worst: number } {
  const values = runs.map((run) => percentile(run.latenciesMs, p));
  return { median: round(median(values), 2), worst: round(Math.max(...values), 2) };
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
      const durationMs = context.quick ? 5000 : 8000;
      const repetitions = context.quick ? 1 : 3;
      const targets = [
        { name: 'access log to /dev/null', process: quiet, runs: [] as LatencyRun[] },
        { name: 'access log to a file', process: logging, runs: [] as LatencyRun[] },
        { name: 'bare node:http (the floor)', process: bare, runs: [] as LatencyRun[] },
      ];
      for (const target of targets) await openLoop(target.process, call, 2000);
      // Interleaved (A B C, A B C, ...) so that a noisy moment of the machine hurts all alike.
      for (let index = 1; index <= repetitions; index += 1) {
        for (const target of targets) {
          const run = await openLoop(target.process, call, durationMs);
          target.runs.push(run);
          context.log(
            `  open loop #${index}, ${target.name}: p50 ${percentile(run.latenciesMs, 50).toFixed(2)} ms, ` +
              `p99 ${percentile(run.latenciesMs, 99).toFixed(2)} ms`,
          );
        }
      }
      const [open, openToFile, openBare] = targets.map((target) => target.runs);
      if (!open || !openToFile || !openBare) throw new Error('missing open-loop runs');
      const p99 = acrossRuns(open, 99);
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
      const achieved = median(open.map((run) => (1000 * run.latenciesMs.length) / run.elapsedMs));
      return {
        id: this.id,
        title: '3. Cache-hit latency',
        method:
          `Open loop: an undici client on core 1 sends ${RATE} req/s on a 1 ms timer for ${durationMs / 1000} s, ` +
          `${repetitions} interleaved repetitions per target after a 2 s warm-up, medians over the repetitions (and ` +
          'the worst); each latency counted from when the request was due. Unloaded: wrk -c1 --latency for ' +
          '5 s. Server on core 0, access log at INFO to /dev/null (and, for comparison, to a file); the floor is a bare ' +
          'node:http server sending the captured answer under the same open loop.',
        metrics: [
          { name: 'achieved rate', value: round(achieved, 0), unit: 'req/s' },
          { name: 'p50 at 1,000 req/s', value: acrossRuns(open, 50).median, unit: 'ms' },
          withGoal('p99 at 1,000 req/s', p99.median, 'ms', '<', 5),
          { name: 'p99 at 1,000 req/s, worst repetition', value: p99.worst, unit: 'ms' },
          { name: 'max at 1,000 req/s', value: acrossRuns(open, 100).worst, unit: 'ms' },
          {
            name: 'p99 at 1,000 req/s, bare node:http (the floor)',
            value: acrossRuns(openBare, 99).median,
            unit: 'ms',
          },
          { name: 'p99 at 1,000 req/s, log to a file', value: acrossRuns(openToFile, 99).median, unit: 'ms' },
          withGoal('p50 unloaded (1 connection)', round(unloaded.p50Ms ?? Number.NaN, 3), 'ms', '<', 0.5),
          { name: 'p99 unloaded (1 connection)', value: round(unloaded.p99Ms ?? Number.NaN, 3), unit: 'ms' },
          {
            name: 'failed requests',
            value: [...open, ...openToFile, ...openBare].reduce((sum, run) => sum + failures(run), 0) + unloaded.non2xx,
            unit: '',
          },
        ],
        raw: {
          p99PerRepetition: Object.fromEntries(
            targets.map((target) => [target.name, target.runs.map((run) => round(percentile(run.latenciesMs, 99), 2))]),
          ),
          unloaded,
        },
      };
    } finally {
      await bare?.stop();
      await logging.stop();
      await quiet.stop();
    }
  },
};
