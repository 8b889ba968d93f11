/**
 * Streamed answers: the time to the first text byte through the service (`POST /v1/text_processing/process`
 * with `Accept: text/event-stream`, first `delta` event) minus straight from the fake provider
 * (`stream: true` chat completion, first chunk), both at 16 concurrent streams, alternating in
 * rounds so that both sides see the same machine. Every stream is a cache miss (distinct texts).
 * The floor beside it: the SDK-only proxy (`sdk-proxy.ts`, node:http plus the OpenAI SDK's
 * `stream: true`, on the service's core) measured the same way — what any SDK-based service adds.
 */
import { join } from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';
import { BENCH_API_KEY, freePort, startSdkProxy, startServiceBehindProvider } from './bench-processes.js';
import { PROVIDER_LATENCY_MS, providerEnv } from './miss-overhead.js';
import { withGoal, type BenchContext, type Scenario, type ScenarioResult } from './scenario.js';
import { percentile, round } from './stats.js';
import { distinctArticle, processBody } from './texts.js';

const CONCURRENCY = 16;

interface StreamCall {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Milliseconds from sending the request to the first byte of its body; the rest is read to the end. */
async function timeToFirstByte(call: StreamCall, dispatcher: Agent): Promise<number> {
  const started = performance.now();
  const response = await undiciFetch(call.url, { method: 'POST', headers: call.headers, body: call.body, dispatcher });
  if (!response.ok || !response.body) throw new Error(`${call.url} answered ${response.status}`);
  const reader = response.body.getReader();
  const first = await reader.read();
  const elapsed = performance.now() - started;
  if (first.done) throw new Error(`${call.url} sent an empty stream`);
  while (!(await reader.read()).done);
  return elapsed;
}

function serviceCall(origin: string, text: string): StreamCall {
  return {
    url: `${origin}/v1/text_processing/process`,
    headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream', 'X-API-Key': BENCH_API_KEY },
    body: processBody(text, 'summarize'),
  };
}

function proxyCall(origin: string, text: string): StreamCall {
  return {
    url: `${origin}/v1/text_processing/process`,
    headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
    body: processBody(text, 'summarize'),
  };
}

function directCall(baseUrl: string, text: string): StreamCall {
  return {
    url: `${baseUrl}/chat/completions`,
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer fake-provider-key' },
    body: JSON.stringify({
      model: 'gpt-4o-mini',
      max_tokens: 264,
      stream: true,
      stream_options: { include_usage: true },
      messages: [
        { role: 'system', content: 'Write a concise summary of the text in at most 100 words.' },
        { role: 'user', content: text },
      ],
    }),
  };
}

export const streamTtfb: Scenario = {
  id: 'stream-ttfb',
  async run(context: BenchContext): Promise<ScenarioResult> {
    const { provider, service, stop } = await startServiceBehindProvider({
      latencyMs: PROVIDER_LATENCY_MS,
      envFor: (port, baseUrl) => providerEnv(port, baseUrl),
      runtime: context.runtime,
      logFile: join(context.workDir, 'stream-ttfb.log'),
    });
    const proxy = await startSdkProxy({ port: await freePort(), providerBaseUrl: provider.baseUrl, cpus: '0' }).catch(
      async (error: unknown) => {
        await stop();
        throw error;
      },
    );
    const dispatcher = new Agent({ connections: CONCURRENCY, keepAliveTimeout: 30_000 });
    const runId = `ttfb-${Date.now().toString(36)}`;
    const rounds = context.quick ? 8 : 40;
    const samples = {
      1: { viaService: [] as number[], viaProxy: [] as number[], direct: [] as number[] },
      [CONCURRENCY]: { viaService: [] as number[], viaProxy: [] as number[], direct: [] as number[] },
    };
    try {
      let index = 0;
      const wave = (width: number, call: (text: string) => StreamCall) =>
        Promise.all(
          Array.from({ length: width }, () => timeToFirstByte(call(distinctArticle(index++, runId)), dispatcher)),
        );
      // Warm-up: connections, JIT, the SDK's first calls.
      await wave(CONCURRENCY, (text) => serviceCall(service.url, text));
      await wave(CONCURRENCY, (text) => proxyCall(proxy.url, text));
      await wave(CONCURRENCY, (text) => directCall(provider.baseUrl, text));
      for (const width of [1, CONCURRENCY] as const) {
        const target = samples[width];
        for (let round = 0; round < (width === 1 ? rounds * 2 : rounds); round += 1) {
          target.viaService.push(...(await wave(width, (text) => serviceCall(service.url, text))));
          target.viaProxy.push(...(await wave(width, (text) => proxyCall(proxy.url, text))));
          target.direct.push(...(await wave(width, (text) => directCall(provider.baseUrl, text))));
        }
      }
    } finally {
      await dispatcher.close();
      await proxy.stop();
      await stop();
    }
    const { viaService, viaProxy, direct } = samples[CONCURRENCY];
    const p50Service = percentile(viaService, 50);
    const p50Direct = percentile(direct, 50);
    const added = round(p50Service - p50Direct, 2);
    const addedByProxy = round(percentile(viaProxy, 50) - p50Direct, 2);
    const addedAtOne = round(percentile(samples[1].viaService, 50) - percentile(samples[1].direct, 50), 2);
    const addedByProxyAtOne = round(percentile(samples[1].viaProxy, 50) - percentile(samples[1].direct, 50), 2);
    return {
      id: this.id,
      title: 'Streaming time to first byte',
      method:
        `${rounds} rounds of ${CONCURRENCY} concurrent streams (and ${rounds * 2} single ones) (distinct texts, so every one is a miss) through the service ` +
        `(Accept: text/event-stream, first delta event) alternating with ${CONCURRENCY} straight to the fake provider ` +
        `(stream: true, first chunk) and ${CONCURRENCY} through the SDK-only proxy (sdk-proxy.ts: node:http + the OpenAI SDK streaming, ` +
        `on the service's core); the provider answers after ${PROVIDER_LATENCY_MS} ms. Added = p50 through the service (or proxy) minus p50 direct, same run.`,
      metrics: [
        withGoal('added p50 at 16 streams', added, 'ms', '<=', 1),
        { name: 'added p50 at 16 streams by the SDK-only proxy (floor)', value: addedByProxy, unit: 'ms' },
        { name: 'p50 through the service', value: round(p50Service, 1), unit: 'ms' },
        { name: 'p50 straight from the provider', value: round(p50Direct, 1), unit: 'ms' },
        {
          name: 'added p95 at 16 streams',
          value: round(percentile(viaService, 95) - percentile(direct, 95), 2),
          unit: 'ms',
        },
        { name: 'added p50 at 1 stream', value: addedAtOne, unit: 'ms' },
        { name: 'added p50 at 1 stream by the SDK-only proxy', value: addedByProxyAtOne, unit: 'ms' },
      ],
      raw: samples,
    };
  },
};
