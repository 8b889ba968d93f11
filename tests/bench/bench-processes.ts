/**
 * The processes a bench scenario runs against: the service (compiled, or through tsx), the bare
 * `node:http` baseline and the fake provider, each pinned to its own cores, with the CPU time and
 * memory they use read from `/proc`.
 */
import { execFileSync, fork, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../fakes/free-port.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
const CLOCK_TICKS_PER_SECOND = 100;

/** The key every scenario calls the service with. */
export const BENCH_API_KEY = 'bench-key-0123456789abcdef';

/** How the service runs: `node dist/server/main.js` (after `tsc -p tsconfig.build.json`) or `node --import tsx server/main.ts`. */
export type Runtime = 'compiled' | 'tsx';

export interface RunningProcess {
  readonly pid: number;
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** CPU seconds (user + system) the process has used so far. */
  cpuSeconds(): number;
  /** Resident memory in bytes, summed over the process and its children (cluster workers). */
  rssBytes(): number;
  stop(): Promise<void>;
}

export { freePort };

/** Pins a running process and all its threads to `cpus` (`taskset -a -pc`). */
export function pinProcess(pid: number, cpus: string): void {
  execFileSync('taskset', ['-a', '-pc', cpus, String(pid)], { stdio: 'ignore' });
}

function readProc(pid: number, file: string): string {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return '';
  }
}

function cpuSecondsOf(pid: number): number {
  const stat = readProc(pid, 'stat');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the command: state is field 3, utime 14 and stime 15 (1-based in proc(5)).
  return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / CLOCK_TICKS_PER_SECOND;
}

function childrenOf(pid: number): number[] {
  return readProc(pid, `task/${pid}/children`).split(' ').filter(Boolean).map(Number);
}

function rssOf(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readProc(pid, 'status'));
  const own = match ? Number(match[1]) * 1024 : 0;
  return own + childrenOf(pid).reduce((sum, child) => sum + rssOf(child), 0);
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} did not become ready within ${timeoutMs} ms`);
}

function stopChild(child: ChildProcess, timeoutMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function toRunning(child: ChildProcess, url: string): RunningProcess {
  const pid = child.pid ?? 0;
  return {
    pid,
    url,
    cpuSeconds: () => cpuSecondsOf(pid),
    rssBytes: () => rssOf(pid),
    stop: () => stopChild(child),
  };
}

/**
 * The service as production runs it: `NODE_ENV=production` (JSON logs at INFO, one access line
 * per request), an API key, rate limiting on with limits no benchmark reaches, security headers,
 * request ids and metrics — plus `env`. It runs in an empty working directory (no `.env`), with
 * its output appended to `logFile`.
 */
export function productionEnv(port: number, env: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    API_KEY: BENCH_API_KEY,
    AI_PROVIDERS: 'local',
    RATE_LIMIT_GLOBAL_PER_MINUTE: '1000000',
    RATE_LIMIT_HEAVY_PER_MINUTE: '1000000',
    RATE_LIMIT_STANDARD_PER_MINUTE: '1000000',
    RATE_LIMIT_AUTH_PER_MINUTE: '1000000',
    SHUTDOWN_TIMEOUT_MS: '2000',
    // V8 flags for the service under test, e.g. BENCH_NODE_OPTIONS=--max-semi-space-size=16.
    ...(process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {}),
    ...env,
  };
}

export interface ServiceOptions {
  readonly env: Record<string, string>;
  /** `taskset -c` list, e.g. `0` or `0-1`. */
  readonly cpus: string;
  readonly runtime: Runtime;
  readonly logFile: string;
}

export async function startService(options: ServiceOptions): Promise<RunningProcess> {
  const entry =
    options.runtime === 'compiled'
      ? [join(ROOT, 'dist/server/main.js')]
      : ['--import', import.meta.resolve('tsx'), join(ROOT, 'server/main.ts')];
  const cwd = mkdtempSync(join(tmpdir(), 'bench-service-'));
  const log = openSync(options.logFile, 'a');
  const child = spawn('taskset', ['-c', options.cpus, process.execPath, ...entry], {
    cwd,
    env: options.env,
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const url = `http://127.0.0.1:${options.env.PORT ?? '8000'}`;
  const service = toRunning(child, url);
  const running: RunningProcess = {
    ...service,
    stop: async () => {
      await service.stop();
      rmSync(cwd, { recursive: true, force: true });
    },
  };
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null)
          throw new Error(`the service exited with ${child.exitCode}; see ${options.logFile}`);
        const response = await fetch(`${url}/readyz`).catch(() => undefined);
        return response?.status === 200;
      },
      60_000,
      'the service',
    );
  } catch (error) {
    await running.stop();
    throw error;
  }
  return running;
}

/** A baseline server script of this folder (it prints a line once it listens), pinned to `cpus`. */
async function startBaselineServer(options: {
  script: string;
  port: number;
  args: readonly string[];
  cpus: string;
}): Promise<RunningProcess> {
  const child = spawn(
    'taskset',
    [
      '-c',
      options.cpus,
      process.execPath,
      '--import',
      'tsx',
      join(BENCH_DIR, options.script),
      String(options.port),
      ...options.args,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${options.script} exited with ${String(code)}`)));
    child.stdout?.once('data', () => resolve());
  });
  return toRunning(child, `http://127.0.0.1:${options.port}`);
}

/** The bare baseline (`bare-server.ts`) answering with the captured response. */
export function startBareServer(options: {
  port: number;
  capturedFile: string;
  cpus: string;
}): Promise<RunningProcess> {
  return startBaselineServer({
    script: 'bare-server.ts',
    port: options.port,
    args: [options.capturedFile],
    cpus: options.cpus,
  });
}

/** The miss baseline (`sdk-proxy-server.ts`): node:http plus the OpenAI SDK calling `providerBaseUrl`. */
export function startSdkProxy(options: {
  port: number;
  providerBaseUrl: string;
  cpus: string;
}): Promise<RunningProcess> {
  return startBaselineServer({
    script: 'sdk-proxy-server.ts',
    port: options.port,
    args: [options.providerBaseUrl],
    cpus: options.cpus,
  });
}

/**
 * The tRPC baseline (`bare-trpc-server.ts`): the service's router and context on tRPC's standalone
 * adapter alone, its services built from `env` (as `productionEnv` gives it).
 */
export function startBareTrpcServer(options: {
  port: number;
  env: Record<string, string>;
  cpus: string;
}): Promise<RunningProcess> {
  return startBaselineServer({
    script: 'bare-trpc-server.ts',
    port: options.port,
    args: [JSON.stringify(options.env)],
    cpus: options.cpus,
  });
}

/** The fake OpenAI-compatible provider in its own process, with its call count over IPC. */
export interface FakeProvider extends RunningProcess {
  /** `OPENAI_BASE_URL` for the service. */
  readonly baseUrl: string;
  /** Provider calls received since start or the last `reset`. */
  calls(): Promise<number>;
  reset(): Promise<void>;
}

interface ProviderMessage {
  readonly type: 'ready' | 'calls' | 'reset';
  readonly url?: string;
  readonly count?: number;
}

export async function startFakeProvider(options: { latencyMs: number; cpus: string }): Promise<FakeProvider> {
  const child = fork(join(BENCH_DIR, 'fake-provider.ts'), [String(options.latencyMs)], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const reply = (type: ProviderMessage['type']) =>
    new Promise<ProviderMessage>((resolve) => {
      const onMessage = (message: ProviderMessage) => {
        if (message.type !== type) return;
        child.off('message', onMessage);
        resolve(message);
      };
      child.on('message', onMessage);
    });
  const ready = await reply('ready');
  pinProcess(child.pid ?? 0, options.cpus);
  const url = ready.url ?? '';
  return {
    ...toRunning(child, url),
    baseUrl: `${url}/v1`,
    async calls() {
      const answer = reply('calls');
      child.send({ type: 'calls' });
      return (await answer).count ?? 0;
    },
    async reset() {
      const answer = reply('reset');
      child.send({ type: 'reset' });
      await answer;
    },
  };
}

/** The service (core 0) calling the fake provider (core 1). */
export interface ProviderSetup {
  readonly provider: FakeProvider;
  readonly service: RunningProcess;
  /** Stops the service, then the provider. */
  readonly stop: () => Promise<void>;
}

/**
 * Starts the fake provider with a fixed latency, then the service on a free port with the
 * environment `envFor` builds for that port and the provider's base URL; when the service does
 * not start, the provider is stopped.
 */
export async function startServiceBehindProvider(options: {
  readonly latencyMs: number;
  readonly envFor: (port: number, providerBaseUrl: string) => Record<string, string>;
  readonly runtime: Runtime;
  readonly logFile: string;
}): Promise<ProviderSetup> {
  const provider = await startFakeProvider({ latencyMs: options.latencyMs, cpus: '1' });
  try {
    const service = await startService({
      env: options.envFor(await freePort(), provider.baseUrl),
      cpus: '0',
      runtime: options.runtime,
      logFile: options.logFile,
    });
    return {
      provider,
      service,
      stop: async () => {
        await service.stop();
        await provider.stop();
      },
    };
  } catch (error) {
    await provider.stop();
    throw error;
  }
}
