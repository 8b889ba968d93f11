/**
 * Cache misses measured from inside the server: the service (config, deps and app built as
 * `server/main.ts` builds them, production settings) or the SDK-only proxy (`sdk-proxy.ts`) runs
 * in this process on core 0, the fake provider in a child and wrk on core 1, every request a
 * distinct text. Phases, after a warm-up: CPU per miss (`process.cpuUsage`, no profiler
 * attached), bytes allocated per miss (V8's sampling heap profiler, counting objects the GC has
 * already collected), and optionally a `.cpuprofile` summarised by stage (`profile-summary.ts`).
 *
 * Run: `node --import tsx tests/bench/miss-profile.ts [--target=service|sdk-proxy] [--runtime=compiled|tsx] [--seconds=8]
 * [--connections=16] [--latency=20] [--env=NAME=value]... [--request=rest-hit|trpc-hit] [--cpu-prof=<file>]
 * [--heap-prof=<file>] [--out=<file.json>]`. `--request=rest-hit|trpc-hit` profiles
 * scenario 1's cache hit over REST or /trpc instead.
 * The service's log lines go to stdout; redirect it. The figures go to stderr and `--out`.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import { Session } from 'node:inspector/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import type * as ApiKeysModule from '../../infra/api-keys.js';
import type * as LoggerModule from '../../infra/logger.js';
import type * as RoutersModule from '../../routers/index.js';
import type * as AppModule from '../../server/app.js';
import type * as ConfigModule from '../../server/config.js';
import type * as DepsModule from '../../server/deps.js';
import type * as HttpServerModule from '../../server/http-server.js';
import { freePort, pinProcess, ROOT, startFakeProvider, type Runtime } from './bench-processes.js';
import { capture } from './capture.js';
import { COUNTER_MARKER, runWrk, writeDistinctWrkScript, writeWrkScript, type HttpCall } from './load.js';
import { missCall, providerEnv } from './miss-overhead.js';
import { formatSummary, summariseCpuProfile } from './profile-summary.js';
import { cacheHitCall } from './rest-throughput.js';
import { createSdkProxy } from './sdk-proxy.js';

/** `bare-trpc`: the service's router and context on tRPC's standalone adapter alone (`bare-trpc-server.ts`). */
export type MissProfileTarget = 'service' | 'sdk-proxy' | 'bare-trpc';

/** What one run reports (`--out`). */
export interface MissProfileResult {
  readonly target: MissProfileTarget;
  readonly connections: number;
  readonly cpuMicrosPerMiss: number;
  readonly bytesPerMiss: number;
  readonly misses: { readonly cpu: number; readonly heap: number };
  readonly failures: number;
}

function option(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((argument) => argument.startsWith(prefix))?.slice(prefix.length);
}

interface Target {
  readonly url: string;
  close(): Promise<void>;
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
}

type Modules = [
  typeof LoggerModule & typeof ApiKeysModule,
  typeof AppModule,
  typeof ConfigModule,
  typeof DepsModule,
  typeof HttpServerModule,
];

/** The service's modules as `make bench` runs them (`dist/`, after `make build`) or from source. */
function loadModules(runtime: Runtime): Promise<Modules> {
  const load = (path: string) =>
    import(runtime === 'compiled' ? pathToFileURL(join(ROOT, 'dist', `${path}.js`)).href : `../../${path}.js`);
  return Promise.all([
    Promise.all([load('infra/logger'), load('infra/api-keys')]).then(([logger, keys]) => ({ ...logger, ...keys })),
    load('server/app'),
    load('server/config'),
    load('server/deps'),
    load('server/http-server'),
  ]) as Promise<Modules>;
}

/** `--env=NAME=value` options (repeatable): extra service environment, e.g. `INJECTION_POLICY=off` for an ablation. */
function extraEnv(): Record<string, string> {
  const pairs = process.argv
    .filter((argument) => argument.startsWith('--env='))
    .map((argument) => argument.slice('--env='.length).split(/=(.*)/s, 2) as [string, string?]);
  return Object.fromEntries(pairs.map(([name, value]) => [name, value ?? '']));
}

async function loadRouter(runtime: Runtime): Promise<typeof RoutersModule> {
  return (await import(
    runtime === 'compiled' ? pathToFileURL(join(ROOT, 'dist/routers/index.js')).href : '../../routers/index.js'
  )) as typeof RoutersModule;
}

async function startTarget(target: MissProfileTarget, providerBaseUrl: string, runtime: Runtime): Promise<Target> {
  const port = await freePort();
  if (target === 'sdk-proxy') {
    const proxy = createSdkProxy(providerBaseUrl);
    const server = createServer(proxy.listener);
    server.keepAliveTimeout = 5000;
    await listen(server, port);
    return {
      url: `http://127.0.0.1:${port}`,
      close: async () => {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
        await proxy.close();
      },
    };
  }
  const [{ createLogger, readCredentials }, { createApp }, { loadConfig }, { createDeps }, { createHttpServer }] =
    await loadModules(runtime);
  const config = loadConfig(providerEnv(port, providerBaseUrl, extraEnv()));
  const logger = createLogger({ level: config.log.level, format: config.log.format });
  const deps = await createDeps(config, logger);
  const app: RequestListener =
    target === 'bare-trpc'
      ? createHTTPHandler({
          router: (await loadRouter(runtime)).appRouter,
          basePath: '/trpc/',
          createContext: ({ req, info }) => ({
            services: deps.services,
            credentials: readCredentials(req.headers.authorization, req.headers['x-api-key']),
            requestId: randomUUID(),
            signal: info.signal,
            bypassCache: /\bno-cache\b/i.test(req.headers['cache-control'] ?? ''),
          }),
        })
      : createApp({ config, services: deps.services, lifecycle: deps.lifecycle, logger });
  const server = createHttpServer(app, {
    maxHeaderBytes: config.server.maxHeaderBytes,
    maxHeaderCount: config.server.maxHeaderCount,
    headersTimeoutMs: config.server.headersTimeoutMs,
    requestTimeoutMs: config.server.requestTimeoutMs,
    keepAliveTimeoutMs: config.server.keepAliveTimeoutMs,
  });
  await listen(server, port);
  deps.lifecycle.ready = true;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await deps.close();
    },
  };
}

/** Sum of the estimated bytes of every sample of a sampling heap profile. */
interface HeapNode {
  readonly selfSize: number;
  readonly children: readonly HeapNode[];
}

function totalBytes(node: HeapNode): number {
  return node.children.reduce((sum, child) => sum + totalBytes(child), node.selfSize);
}

async function main(): Promise<void> {
  const named = option('target');
  const target: MissProfileTarget = named === 'sdk-proxy' || named === 'bare-trpc' ? named : 'service';
  const runtime: Runtime = option('runtime') === 'tsx' ? 'tsx' : 'compiled';
  const seconds = Number(option('seconds') ?? 8);
  const connections = Number(option('connections') ?? 16);
  const latencyMs = Number(option('latency') ?? 20);
  const cpuProfileFile = option('cpu-prof');
  const heapProfileFile = option('heap-prof');
  const out = option('out');
  const report = (message: string) => process.stderr.write(`[miss-profile ${target}] ${message}\n`);

  pinProcess(process.pid, '0');
  const workDir = mkdtempSync(join(tmpdir(), 'miss-profile-'));
  const provider = await startFakeProvider({ latencyMs, cpus: '1' });
  const server = await startTarget(target, provider.baseUrl, runtime);
  const runId = `${target}-${Date.now().toString(36)}`;
  let failures = 0;
  // `--request=rest-hit` / `trpc-hit`: scenario 1's cache hit, over REST or /trpc, instead of misses.
  const request = option('request');
  const hit: HttpCall | undefined =
    request === 'trpc-hit'
      ? { ...cacheHitCall(), path: '/trpc/public.process' }
      : request === 'rest-hit'
        ? cacheHitCall()
        : undefined;
  if (hit) await capture(server.url, hit);
  const what = hit ? 'call' : 'miss';
  const load = async (phase: string, phaseSeconds: number) => {
    const call = hit ?? missCall(COUNTER_MARKER, `${runId}-${phase}`);
    const result = await runWrk({
      url: `${server.url}${call.path}`,
      script: hit ? writeWrkScript(workDir, phase, hit) : writeDistinctWrkScript(workDir, phase, call),
      connections,
      seconds: phaseSeconds,
      cpus: '1',
    });
    failures += result.non2xx + result.socketErrors;
    return result;
  };
  const session = new Session();
  session.connect();
  try {
    report(`warming up (${connections} connections, provider ${latencyMs} ms)`);
    await load('warm-up', 4);

    const cpuBefore = process.cpuUsage();
    const cpuRun = await load('cpu', seconds);
    const cpu = process.cpuUsage(cpuBefore);
    const cpuMicrosPerMiss = (cpu.user + cpu.system) / Math.max(1, cpuRun.requests);
    report(`CPU per ${what}: ${cpuMicrosPerMiss.toFixed(0)} µs (${cpuRun.requests} requests)`);

    // Objects already collected count too: what is allocated, not what survives.
    const sampling = {
      samplingInterval: 1024,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    };
    await session.post('HeapProfiler.enable');
    await session.post('HeapProfiler.startSampling', sampling);
    const heapRun = await load('heap', seconds);
    const { profile: heapProfile } = await session.post('HeapProfiler.stopSampling');
    await session.post('HeapProfiler.disable');
    const bytesPerMiss = totalBytes(heapProfile.head) / Math.max(1, heapRun.requests);
    report(`allocated per ${what}: ${(bytesPerMiss / 1024).toFixed(0)} KB (${heapRun.requests} requests)`);
    if (heapProfileFile) writeFileSync(heapProfileFile, JSON.stringify(heapProfile));

    if (cpuProfileFile) {
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 250 });
      await session.post('Profiler.start');
      const profiled = await load('cpu-profile', seconds);
      const { profile } = await session.post('Profiler.stop');
      await session.post('Profiler.disable');
      writeFileSync(cpuProfileFile, JSON.stringify(profile));
      report(`CPU profile of ${profiled.requests} misses written to ${cpuProfileFile}`);
      process.stderr.write(`${formatSummary(summariseCpuProfile(profile), profiled.requests)}\n`);
    }
    const result: MissProfileResult = {
      target,
      connections,
      cpuMicrosPerMiss: Math.round(cpuMicrosPerMiss),
      bytesPerMiss: Math.round(bytesPerMiss),
      misses: { cpu: cpuRun.requests, heap: heapRun.requests },
      failures,
    };
    if (out) writeFileSync(out, `${JSON.stringify(result)}\n`);
    if (failures > 0) report(`${failures} failed requests`);
  } finally {
    session.disconnect();
    await server.close();
    await provider.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
