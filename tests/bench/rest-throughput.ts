/**
 * Goal 1: cache-hit throughput of `POST /v1/text_processing/process` with the production
 * middleware on, against a bare `node:http` server answering the same bytes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_API_KEY, freePort, productionEnv, startBareServer, startService } from './bench-processes.js';
import { capture } from './capture.js';
import { writeWrkScript, type HttpCall } from './load.js';
import { withGoal, type BenchContext, type Scenario, type ScenarioResult } from './scenario.js';
import { round } from './stats.js';
import { processBody, proseOfLength } from './texts.js';
import { measureThroughput } from './throughput.js';

export const CONNECTIONS = 50;

/** The cache-hit call of the throughput scenarios: a 2 KB JSON body, a ~450 B answer. */
export function cacheHitCall(): HttpCall {
  const body = processBody(proseOfLength(1950));
  return {
    method: 'POST',
    path: '/v1/text_processing/process',
    headers: { 'Content-Type': 'application/json', 'X-API-Key': BENCH_API_KEY },
    body,
  };
}

/** Sends `call` twice and checks that the second answer came from the cache. */
export async function primeCache(origin: string, call: HttpCall): Promise<void> {
  await capture(origin, call);
  const second = await capture(origin, call);
  const parsed = JSON.parse(second.body) as { cache_hit?: boolean };
  if (second.status !== 200 || parsed.cache_hit !== true) {
    throw new Error(`expected a cache hit, got ${second.status}: ${second.body.slice(0, 200)}`);
  }
}

export function accessLogLines(logFile: string): number {
  return readFileSync(logFile, 'utf8')
    .split('\n')
    .filter((line) => line.includes('Request completed')).length;
}

export const restThroughput: Scenario = {
  id: 'rest-throughput',
  async run(context: BenchContext): Promise<ScenarioResult> {
    const logFile = join(context.workDir, 'rest-throughput.log');
    const service = await startService({
      env: productionEnv(await freePort()),
      cpus: '0',
      runtime: context.runtime,
      logFile,
    });
    let bare: Awaited<ReturnType<typeof startBareServer>> | undefined;
    try {
      const call = cacheHitCall();
      await primeCache(service.url, call);
      const captured = await capture(service.url, call);
      const capturedFile = join(context.workDir, 'captured-response.json');
      writeFileSync(capturedFile, JSON.stringify(captured));
      bare = await startBareServer({ port: await freePort(), capturedFile, cpus: '0' });
      const script = writeWrkScript(context.workDir, 'rest-hit', call);
      const [baseline, rest] = await measureThroughput(
        [
          { name: 'bare node:http', url: `${bare.url}${call.path}`, script, process: bare },
          { name: 'REST cache hit', url: `${service.url}${call.path}`, script, process: service },
        ],
        {
          warmupSeconds: context.quick ? 1 : 3,
          seconds: context.quick ? 2 : 5,
          // The bar (17 %) sits within the run-to-run spread of this VM: five pairs steady the medians.
          repetitions: 5,
          connections: CONNECTIONS,
          wrkCpus: '1',
          serverCore: 0,
          log: context.log,
        },
      );
      if (!baseline || !rest) throw new Error('missing throughput results');
      const ratio = (100 * rest.requestsPerSecond) / baseline.requestsPerSecond;
      const cpuRatio =
        rest.cpuMicrosPerRequest && baseline.cpuMicrosPerRequest
          ? (100 * baseline.cpuMicrosPerRequest) / rest.cpuMicrosPerRequest
          : Number.NaN;
      const logged = accessLogLines(logFile);
      return {
        id: this.id,
        title: '1. REST cache hit vs bare node:http',
        method:
          `POST ${call.path}, ${Buffer.byteLength(call.body ?? '')} B JSON body, ${Buffer.byteLength(captured.body)} B answer ` +
          `(${Object.keys(captured.headers).length} headers); wrk -t1 -c${CONNECTIONS} on core 1, server alone on core 0; ` +
          'warm-up, then 5 interleaved 5 s runs, medians. Middleware on: API key, rate limit (not reached), security ' +
          'headers, request id, JSON access log at INFO to a file, metrics.',
        metrics: [
          { name: 'bare node:http', value: baseline.requestsPerSecond, unit: 'req/s' },
          { name: 'service, REST cache hit', value: rest.requestsPerSecond, unit: 'req/s' },
          withGoal('service / bare (req/s)', round(ratio, 1), '%', '>=', 17),
          withGoal('service / bare, floor', round(ratio, 1), '%', '>=', 10),
          { name: 'CPU per request, bare', value: baseline.cpuMicrosPerRequest ?? Number.NaN, unit: 'µs' },
          { name: 'CPU per request, service', value: rest.cpuMicrosPerRequest ?? Number.NaN, unit: 'µs' },
          { name: 'bare / service (CPU per request)', value: round(cpuRatio, 1), unit: '%' },
          {
            name: 'core 0 taken by other processes (service runs)',
            value: rest.interferencePercent ?? Number.NaN,
            unit: '%',
          },
          { name: 'failed requests', value: baseline.failures + rest.failures, unit: '' },
          { name: 'answers slower than 2 s (wrk timeouts)', value: baseline.timeouts + rest.timeouts, unit: '' },
        ],
        notes: [`${logged} access-log lines written while measuring`],
        raw: { baseline, rest, captured: { status: captured.status, headers: captured.headers } },
      };
    } finally {
      await bare?.stop();
      await service.stop();
    }
  },
};
