/**
 * Load generators: wrk (a separate process, pinned to its own core) for throughput, unloaded
 * latency and closed-loop misses (a distinct body per request), and undici clients in the runner
 * for single-flight bursts and open-loop rates.
 */
import { execFile, execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Pool } from 'undici';

const run = promisify(execFile);

/** Installs wrk from the Debian packages when it is missing (as root), or says how to. */
export function ensureWrk(): void {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return;
  } catch (error) {
    // wrk --version exits 1 after printing its version: only a missing binary is a problem.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return;
  }
  if (process.getuid?.() !== 0) throw new Error('wrk is not installed: run `sudo apt-get install -y wrk`');
  process.stdout.write('Installing wrk (apt-get install -y wrk)...\n');
  try {
    execFileSync('apt-get', ['install', '-y', 'wrk'], { stdio: 'ignore' });
  } catch {
    execFileSync('apt-get', ['update'], { stdio: 'ignore' });
    execFileSync('apt-get', ['install', '-y', 'wrk'], { stdio: 'ignore' });
  }
}

export interface HttpCall {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** Writes the wrk Lua script that sends `call` (the body is read from a file next to it; the
 * path goes in wrk's URL). */
export function writeWrkScript(directory: string, name: string, call: HttpCall): string {
  const bodyFile = join(directory, `${name}.body`);
  writeFileSync(bodyFile, call.body ?? '');
  const lines = [
    `local f = io.open(${JSON.stringify(bodyFile)}, "rb"); local body = f:read("*a"); f:close()`,
    `wrk.method = ${JSON.stringify(call.method)}`,
    ...(call.body === undefined ? [] : ['wrk.body = body']),
    ...Object.entries(call.headers).map(
      ([header, value]) => `wrk.headers[${JSON.stringify(header)}] = ${JSON.stringify(value)}`,
    ),
  ];
  const script = join(directory, `${name}.lua`);
  writeFileSync(script, `${lines.join('\n')}\n`);
  return script;
}

/** The marker in a call's body that `writeDistinctWrkScript` replaces by a request counter. */
export const COUNTER_MARKER = '@@COUNTER@@';

/**
 * Writes a wrk Lua script that sends `call` with `COUNTER_MARKER` in its body replaced by 1, 2, 3…
 * (one wrk thread, so every request of a run is distinct: a cache miss).
 */
export function writeDistinctWrkScript(directory: string, name: string, call: HttpCall): string {
  const [prefix = '', suffix = ''] = (call.body ?? '').split(COUNTER_MARKER);
  const prefixFile = join(directory, `${name}.prefix`);
  const suffixFile = join(directory, `${name}.suffix`);
  writeFileSync(prefixFile, prefix);
  writeFileSync(suffixFile, suffix);
  const read = (file: string, variable: string) =>
    `local f = io.open(${JSON.stringify(file)}, "rb"); local ${variable} = f:read("*a"); f:close()`;
  const lines = [
    read(prefixFile, 'prefix'),
    read(suffixFile, 'suffix'),
    'local counter = 0',
    `wrk.method = ${JSON.stringify(call.method)}`,
    ...Object.entries(call.headers).map(
      ([header, value]) => `wrk.headers[${JSON.stringify(header)}] = ${JSON.stringify(value)}`,
    ),
    'request = function()',
    '  counter = counter + 1',
    '  return wrk.format(nil, nil, nil, prefix .. counter .. suffix)',
    'end',
  ];
  const script = join(directory, `${name}.lua`);
  writeFileSync(script, `${lines.join('\n')}\n`);
  return script;
}

export interface WrkResult {
  readonly requestsPerSecond: number;
  readonly requests: number;
  readonly non2xx: number;
  /** Connect, read and write errors. */
  readonly socketErrors: number;
  /**
   * What wrk 4.1 prints as `timeout`: answers that completed but took longer than its 2 s timeout
   * (it neither drops nor retries them, and leaves them out of its latency figures) — slow
   * answers, not errors.
   */
  readonly timeouts: number;
  /** Latency percentiles in ms (with `latency: true`). */
  readonly p50Ms?: number;
  readonly p99Ms?: number;
}

function toMs(value: string, unit: string): number {
  const number = Number(value);
  return unit === 'us' ? number / 1000 : unit === 's' ? number * 1000 : unit === 'm' ? number * 60_000 : number;
}

export async function runWrk(options: {
  readonly url: string;
  readonly script: string;
  readonly connections: number;
  readonly seconds: number;
  /** `taskset -c` list for wrk; unpinned when undefined. */
  readonly cpus: string | undefined;
  readonly threads?: number;
  readonly latency?: boolean;
  /** wrk's `--timeout`: slower answers count as `timeouts` and are left out of the latency figures. Default 2. */
  readonly timeoutSeconds?: number;
}): Promise<WrkResult> {
  const wrkArgs = [
    `-t${options.threads ?? 1}`,
    `-c${options.connections}`,
    `-d${options.seconds}s`,
    '-s',
    options.script,
    ...(options.latency ? ['--latency'] : []),
    ...(options.timeoutSeconds === undefined ? [] : ['--timeout', `${options.timeoutSeconds}s`]),
    options.url,
  ];
  // Unpinned means every core: the runner itself is pinned, and children inherit its affinity.
  const cpus = options.cpus ?? `0-${availableParallelism() - 1}`;
  const { stdout } = await run('taskset', ['-c', cpus, 'wrk', ...wrkArgs]);
  const number = (pattern: RegExp) => Number(pattern.exec(stdout)?.[1] ?? 0);
  const quantile = (label: string) => {
    const match = new RegExp(`^\\s+${label}%\\s+([\\d.]+)(us|ms|s|m)`, 'm').exec(stdout);
    return match ? toMs(match[1] ?? '0', match[2] ?? 'ms') : undefined;
  };
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
  return {
    requestsPerSecond: number(/Requests\/sec:\s+([\d.]+)/),
    requests: number(/(\d+) requests in/),
    non2xx: number(/Non-2xx or 3xx responses: (\d+)/),
    socketErrors: socketErrors ? socketErrors.slice(1, 4).reduce((sum, value) => sum + Number(value), 0) : 0,
    timeouts: Number(socketErrors?.[4] ?? 0),
    ...(options.latency ? { p50Ms: quantile('50'), p99Ms: quantile('99') } : {}),
  };
}

export interface LatencyRun {
  /** Milliseconds per request: from when it was due (open loop) or sent (closed loop) to the end of the answer. */
  readonly latenciesMs: number[];
  readonly errors: number;
  readonly statuses: Readonly<Record<string, number>>;
  readonly elapsedMs: number;
}

async function send(pool: Pool, call: HttpCall): Promise<number> {
  const response = await pool.request({
    method: call.method,
    path: call.path,
    headers: call.headers,
    ...(call.body === undefined ? {} : { body: call.body }),
  });
  await response.body.arrayBuffer();
  return response.statusCode;
}

/**
 * `concurrency` callers, each sending its next request when the previous one is answered, until
 * `total` requests (numbered from 0 by `callFor`) have been answered.
 */
export async function runClosedLoop(options: {
  readonly origin: string;
  readonly concurrency: number;
  readonly total: number;
  readonly callFor: (index: number) => HttpCall;
}): Promise<LatencyRun> {
  const pool = new Pool(options.origin, { connections: options.concurrency, pipelining: 1 });
  const latenciesMs: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let next = 0;
  const started = performance.now();
  async function caller(): Promise<void> {
    while (next < options.total) {
      const call = options.callFor(next);
      next += 1;
      const sent = performance.now();
      try {
        const status = await send(pool, call);
        latenciesMs.push(performance.now() - sent);
        statuses[status] = (statuses[status] ?? 0) + 1;
      } catch {
        errors += 1;
      }
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, caller));
  const elapsedMs = performance.now() - started;
  await pool.close();
  return { latenciesMs, errors, statuses, elapsedMs };
}

/**
 * Open loop: requests are due at a fixed rate whatever the answers do, and each latency counts
 * from when its request was due, so a stall shows up in every request it delays (no coordinated
 * omission). A 1 ms timer sends whatever has come due.
 */
export async function runOpenLoop(options: {
  readonly origin: string;
  readonly ratePerSecond: number;
  readonly durationMs: number;
  readonly connections: number;
  readonly callFor: (index: number) => HttpCall;
}): Promise<LatencyRun> {
  const pool = new Pool(options.origin, { connections: options.connections, pipelining: 1 });
  const latenciesMs: number[] = [];
  const statuses: Record<string, number> = {};
  const total = Math.round((options.ratePerSecond * options.durationMs) / 1000);
  const intervalMs = 1000 / options.ratePerSecond;
  const pending: Promise<void>[] = [];
  let errors = 0;
  let issued = 0;
  const started = performance.now();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const now = performance.now();
      while (issued < total && started + issued * intervalMs <= now) {
        const due = started + issued * intervalMs;
        const call = options.callFor(issued);
        issued += 1;
        pending.push(
          send(pool, call).then(
            (status) => {
              latenciesMs.push(performance.now() - due);
              statuses[status] = (statuses[status] ?? 0) + 1;
            },
            () => {
              errors += 1;
            },
          ),
        );
      }
      if (issued >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 1);
  });
  await Promise.all(pending);
  const elapsedMs = performance.now() - started;
  await pool.close();
  return { latenciesMs, errors, statuses, elapsedMs };
}
