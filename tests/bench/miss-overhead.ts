/**
 * Goal 4 (issue #22): what the service adds to a cache miss. The provider is the fake
 * OpenAI-compatible server with a fixed 200 ms latency; every request carries a distinct text (wrk
 * numbers them), so every request is a miss and a provider call. Added latency = total latency −
 * 200 ms, at 1 and 64 concurrent connections. Two baselines take the same load in the same run:
 * the fake provider called directly (the floor of the set-up: wrk and the provider share core 1),
 * and `sdk-proxy-server.ts` on core 0 — node:http plus the OpenAI SDK on our transport, the least
 * any service calling the real SDK does per miss. Goals: CPU per miss (at 64) ≤ 1.5× the SDK
 * proxy's, p50 at 1 ≤ the proxy's + 1 ms, p50 at 64 ≤ 2× the proxy's; and bytes allocated per miss
 * (`miss-profile.ts`, service and proxy in-process in turn) at most half the 297 KB measured before.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import {
  BENCH_API_KEY,
  ROOT,
  freePort,
  productionEnv,
  startSdkProxy,
  startServiceBehindProvider,
} from './bench-processes.js';
import {
  COUNTER_MARKER,
  runWrk,
  writeDistinctWrkScript,
  writeWrkScript,
  type HttpCall,
  type WrkResult,
} from './load.js';
import { withGoal, type BenchContext, type Metric, type Scenario, type ScenarioResult } from './scenario.js';
import { round } from './stats.js';
import type { MissProfileResult, MissProfileTarget } from './miss-profile.js';
import { distinctArticle, processBody } from './texts.js';

export const PROVIDER_LATENCY_MS = 200;

/** Bytes allocated per miss by the service before issue #22 (`miss-profile.ts`, 2026-12). */
const BYTES_PER_MISS_BEFORE = 297 * 1024;
const KB = 1024;

/** `miss-profile.ts` in a child process (it pins itself to core 0): CPU and bytes per miss in-process. */
async function profileMisses(context: BenchContext, target: MissProfileTarget): Promise<MissProfileResult> {
  const out = join(context.workDir, `miss-profile-${target}.json`);
  await promisify(execFile)(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'tests/bench/miss-profile.ts'),
      `--target=${target}`,
      `--runtime=${context.runtime}`,
      `--seconds=${context.quick ? 3 : 6}`,
      `--out=${out}`,
    ],
    { cwd: ROOT, maxBuffer: 256 * 1024 * 1024 },
  );
  return JSON.parse(readFileSync(out, 'utf8')) as MissProfileResult;
}

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

export function missCall(index: number | string, run: string, operation = 'summarize'): HttpCall {
  return {
    method: 'POST',
    path: '/v1/text_processing/process',
    headers: { 'Content-Type': 'application/json', 'X-API-Key': BENCH_API_KEY },
    body: processBody(distinctArticle(index, run), operation),
  };
}

function directCall(index: number | string, run: string): HttpCall {
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

function added(run: WrkResult, p: 50 | 99): number {
  const value = p === 50 ? run.p50Ms : run.p99Ms;
  return value === undefined ? Number.NaN : round(value - PROVIDER_LATENCY_MS, 2);
}

export const missOverhead: Scenario = {
  id: 'miss-overhead',
  async run(context: BenchContext): Promise<ScenarioResult> {
    const { provider, service, stop } = await startServiceBehindProvider({
      latencyMs: PROVIDER_LATENCY_MS,
      envFor: (port, baseUrl) => providerEnv(port, baseUrl),
      runtime: context.runtime,
      logFile: join(context.workDir, 'miss-overhead.log'),
    });
    const proxy = await startSdkProxy({ port: await freePort(), providerBaseUrl: provider.baseUrl, cpus: '0' }).catch(
      async (error: unknown) => {
        await stop();
        throw error;
      },
    );
    const runId = Date.now().toString(36);
    const levels = context.quick
      ? [
          { concurrency: 1, seconds: 4 },
          { concurrency: 64, seconds: 4 },
        ]
      : [
          { concurrency: 1, seconds: 15 },
          { concurrency: 64, seconds: 15 },
        ];
    /** wrk on core 1 with one connection per caller, numbering each request's text. */
    const load = (origin: string, name: string, call: HttpCall, concurrency: number, seconds: number) =>
      runWrk({
        url: `${origin}${call.path}`,
        script: call.body?.includes(COUNTER_MARKER)
          ? writeDistinctWrkScript(context.workDir, name, call)
          : writeWrkScript(context.workDir, name, call),
        connections: concurrency,
        seconds,
        cpus: '1',
        latency: true,
        // Every answer in the percentiles, however slow (wrk leaves out those over its timeout).
        timeoutSeconds: 60,
      });
    try {
      context.log('warming up the miss path and the SDK proxy (64 connections, 3 s each)');
      await load(service.url, 'miss-warm-up', missCall(COUNTER_MARKER, `${runId}-warm`), 64, 3);
      await load(proxy.url, 'proxy-warm-up', missCall(COUNTER_MARKER, `${runId}-proxy-warm`), 64, 3);
      const metrics: Metric[] = [];
      const raw: Record<string, unknown> = {};
      let failures = 0;
      for (const { concurrency, seconds } of levels) {
        await sleep(PROVIDER_LATENCY_MS * 2);
        await provider.reset();
        context.log(`service: misses at ${concurrency} connections for ${seconds} s`);
        const cpuBefore = service.cpuSeconds();
        const call = missCall(COUNTER_MARKER, `${runId}-${concurrency}`);
        const viaService = await load(service.url, `miss-${concurrency}`, call, concurrency, seconds);
        const cpuMicrosPerMiss = ((service.cpuSeconds() - cpuBefore) * 1e6) / Math.max(1, viaService.requests);
        // Requests cut off at the end of the run may still reach the provider.
        await sleep(PROVIDER_LATENCY_MS * 2);
        const calls = await provider.calls();
        context.log(`direct to the provider: ${concurrency} connections`);
        const direct = await load(provider.url, `direct-${concurrency}`, directCall(0, runId), concurrency, seconds);
        await sleep(PROVIDER_LATENCY_MS * 2);
        context.log(`SDK proxy: ${concurrency} connections`);
        const proxyCpuBefore = proxy.cpuSeconds();
        const proxyCall = missCall(COUNTER_MARKER, `${runId}-proxy-${concurrency}`);
        const viaProxy = await load(proxy.url, `proxy-${concurrency}`, proxyCall, concurrency, seconds);
        const proxyCpuMicrosPerMiss = ((proxy.cpuSeconds() - proxyCpuBefore) * 1e6) / Math.max(1, viaProxy.requests);
        const notMisses = calls < viaService.requests || calls > viaService.requests + concurrency;
        failures +=
          viaService.non2xx +
          viaService.socketErrors +
          direct.non2xx +
          direct.socketErrors +
          viaProxy.non2xx +
          viaProxy.socketErrors +
          (notMisses ? 1 : 0);
        const proxyP50 = added(viaProxy, 50);
        metrics.push(
          concurrency === 1
            ? withGoal(`added p50 at 1`, added(viaService, 50), 'ms', '<=', round(proxyP50 + 1, 2))
            : withGoal(`added p50 at ${concurrency}`, added(viaService, 50), 'ms', '<=', round(2 * proxyP50, 2)),
          { name: `added p99 at ${concurrency}`, value: added(viaService, 99), unit: 'ms' },
          { name: `SDK proxy added p50 at ${concurrency}`, value: proxyP50, unit: 'ms' },
          { name: `SDK proxy added p99 at ${concurrency}`, value: added(viaProxy, 99), unit: 'ms' },
          { name: `floor p50 at ${concurrency} (direct to provider)`, value: added(direct, 50), unit: 'ms' },
          { name: `floor p99 at ${concurrency} (direct to provider)`, value: added(direct, 99), unit: 'ms' },
        );
        if (concurrency === levels[levels.length - 1]?.concurrency) {
          metrics.push(
            { name: 'service CPU per miss', value: round(cpuMicrosPerMiss, 0), unit: 'µs' },
            { name: 'SDK proxy CPU per miss', value: round(proxyCpuMicrosPerMiss, 0), unit: 'µs' },
            withGoal(
              `service / SDK proxy (CPU per miss at ${concurrency})`,
              round(cpuMicrosPerMiss / proxyCpuMicrosPerMiss, 2),
              '×',
              '<=',
              1.5,
            ),
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
          requests: viaService.requests,
          providerCalls: calls,
          throughput: round(viaService.requestsPerSecond, 1),
          service: { p50: added(viaService, 50), p99: added(viaService, 99) },
          direct: { p50: added(direct, 50), p99: added(direct, 99), throughput: round(direct.requestsPerSecond, 1) },
          sdkProxy: {
            cpuMicrosPerMiss: round(proxyCpuMicrosPerMiss, 1),
            p50: added(viaProxy, 50),
            p99: added(viaProxy, 99),
            errors: { non2xx: viaProxy.non2xx, socket: viaProxy.socketErrors },
          },
          errors: { non2xx: viaService.non2xx, socket: viaService.socketErrors },
        };
      }
      await proxy.stop();
      await stop();
      context.log('bytes allocated per miss, in-process (miss-profile.ts): service, then SDK proxy');
      const [inService, inProxy] = [await profileMisses(context, 'service'), await profileMisses(context, 'sdk-proxy')];
      failures += inService.failures + inProxy.failures;
      metrics.push(
        withGoal(
          'service bytes allocated per miss',
          round(inService.bytesPerMiss / KB, 0),
          'KB',
          '<=',
          round(BYTES_PER_MISS_BEFORE / 2 / KB, 0),
        ),
        { name: 'SDK proxy bytes allocated per miss', value: round(inProxy.bytesPerMiss / KB, 0), unit: 'KB' },
        {
          name: 'service / SDK proxy CPU per miss in-process (16 callers)',
          value: round(inService.cpuMicrosPerMiss / inProxy.cpuMicrosPerMiss, 2),
          unit: '×',
        },
      );
      raw.inProcess = { service: inService, sdkProxy: inProxy };
      metrics.push({ name: 'failed requests (or not misses)', value: failures, unit: '' });
      return {
        id: this.id,
        title: '4. Added latency on a miss (provider 200 ms)',
        method:
          'Closed loop from wrk on core 1 with one connection per caller and a numbered text in every request (a miss ' +
          "and one provider call, checked against the provider's count); service on core 0 with AI_PROVIDERS=openai " +
          'against the fake server (200 ms, core 1), AI_MAX_CONCURRENCY=2048. Added = latency − 200 ms. The floor is ' +
          'the same wrk load sent to the fake provider directly; the SDK proxy is node:http plus the OpenAI SDK on our ' +
          'transport (sdk-proxy-server.ts, core 0), the least an SDK-based service does per miss. CPU per miss from ' +
          '/proc at 64 callers. Bytes per miss: miss-profile.ts runs the service, then the SDK proxy, in-process on ' +
          "core 0 (fake provider at 20 ms, 16 wrk callers) under V8's sampling heap profiler, collected objects included.",
        metrics,
        raw,
      };
    } finally {
      await proxy.stop();
      await stop();
    }
  },
};
