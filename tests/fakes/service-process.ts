import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from './free-port.js';

/** The real server as a child process (`node --import tsx server/main.ts`), its JSON log parsed. */
export interface ServiceProcess {
  readonly child: ChildProcess;
  readonly port: number;
  readonly pid: number;
  /** The most recent log lines (at most `keepLogLines`), oldest first. */
  readonly logs: readonly Record<string, unknown>[];
  /** Everything written to stderr (bounded to the last 64 KiB). */
  stderr(): string;
  /** Resolves with the first `count` matching log lines (already seen or yet to come). */
  waitForLog(match: (line: Record<string, unknown>) => boolean, count?: number, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code, or the signal name, once the process has ended. */
  readonly exited: Promise<number | string | null>;
  alive(): boolean;
  /** SIGKILL if still running, then waits for the exit. */
  stop(): Promise<void>;
}

export interface ServiceProcessOptions {
  /** Variables on top of a minimal environment (PATH, loopback host, a free port, JSON logs). */
  readonly env: Record<string, string>;
  /** Wait for the "listening" line this many times (one per worker in cluster mode). Default 1. */
  readonly listeners?: number;
  /** Default 60 s: tsx compiles the server on start, slowly on a busy two-core machine. */
  readonly startTimeoutMs?: number;
  /** Log lines kept in memory; a soak logs for minutes. Default 5000. */
  readonly keepLogLines?: number;
}

const STDERR_LIMIT = 64 * 1024;
const running = new Set<ChildProcess>();

/** A "listening" log line of the server (one per process, primary excluded). */
export const isListening = (line: Record<string, unknown>): boolean =>
  String(line.message).startsWith('AI text service listening');

/** Starts the server and resolves once it logged that it listens (`listeners` times). */
export async function startServiceProcess(options: ServiceProcessOptions): Promise<ServiceProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: process.cwd(),
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), LOG_FORMAT: 'json', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const keep = options.keepLogLines ?? 5000;
  const logs: Record<string, unknown>[] = [];
  const waiters = new Set<() => void>();
  let buffered = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      if (line.trim() === '') continue;
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        logs.push({ message: line });
      }
    }
    if (logs.length > keep) logs.splice(0, logs.length - keep);
    for (const waiter of waiters) waiter();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_LIMIT);
  });
  const exited = new Promise<number | string | null>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve(code ?? signal);
      for (const waiter of waiters) waiter();
    }),
  );
  const alive = () => child.exitCode === null && child.signalCode === null;

  const waitForLog: ServiceProcess['waitForLog'] = (match, count = 1, timeoutMs = 30_000) =>
    new Promise((resolve, reject) => {
      const check = () => {
        if (logs.filter(match).length >= count) {
          finish();
          resolve();
        } else if (!alive()) {
          finish();
          reject(
            new Error(`The server exited (${child.exitCode ?? child.signalCode}); stderr: ${stderr.slice(-2000)}`),
          );
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`Timed out waiting for a log line; stderr: ${stderr.slice(-2000)}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });

  const service: ServiceProcess = {
    child,
    port,
    pid: child.pid ?? 0,
    logs,
    stderr: () => stderr,
    waitForLog,
    exited,
    alive,
    async stop() {
      if (alive()) child.kill('SIGKILL');
      await exited;
    },
  };
  try {
    await waitForLog(isListening, options.listeners ?? 1, options.startTimeoutMs ?? 60_000);
  } catch (error) {
    await service.stop();
    throw error;
  }
  return service;
}

/** SIGKILLs every server this module started that still runs (for `afterAll`). */
export async function stopAllServiceProcesses(): Promise<void> {
  const exits = [...running].map(
    (child) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  );
  await Promise.all(exits);
}
