import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../fakes/free-port.js';
import { sendRaw, toRequestBytes } from './raw-request.js';

/** The real server (`node --import tsx server/main.ts`) as a child process, its output captured. */
export interface SpawnedServer {
  readonly port: number;
  readonly child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Whether the process is still running. */
  alive(): boolean;
  /** Resolves with the exit code (or the signal name) once the process ended. */
  readonly exited: Promise<number | string | null>;
  /** SIGKILL, then waits for the exit. */
  stop(): Promise<void>;
}

export interface SpawnServerOptions {
  /** Variables on top of a minimal environment (PATH, loopback host, free port, JSON logs). */
  readonly env: Record<string, string>;
  /**
   * The checkout to run (default `SCORECARD_SERVER_DIR`, else the working directory): point it at
   * another tree, e.g. `git archive HEAD`, to run the same suite against an older version.
   */
  readonly cwd?: string;
  /** Time to wait for `/livez` to answer. Default 120 s (tsx compiles every file at start-up; slow on a busy machine). */
  readonly readyTimeoutMs?: number;
}

async function answersLivez(port: number): Promise<boolean> {
  const outcome = await sendRaw({
    port,
    chunks: [toRequestBytes({ method: 'GET', target: '/livez', headers: [['Host', 'localhost']] })],
    deadlineMs: 2000,
  });
  return outcome.kind === 'response' && outcome.response.status === 200;
}

/**
 * Starts the server in a fresh process, so a crash or a hang is observable from the outside.
 * The environment is built from scratch: no `.env`, no inherited API keys or providers.
 */
export async function spawnServer(options: SpawnServerOptions): Promise<SpawnedServer> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: options.cwd ?? process.env.SCORECARD_SERVER_DIR ?? process.cwd(),
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'INFO',
      AI_PROVIDERS: 'local',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: string[] = [];
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => chunks.push(chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => chunks.push(chunk));
  const exited = new Promise<number | string | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  );
  const output = () => chunks.join('');
  const alive = () => child.exitCode === null && child.signalCode === null;

  const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
  // Readiness from the outside (the "listening" log line is hidden at LOG_LEVEL=WARNING).
  while (!(await answersLivez(port))) {
    if (!alive()) throw new Error(`The server exited before listening:\n${output()}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The server did not start in time:\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return {
    port,
    child,
    output,
    alive,
    exited,
    async stop() {
      if (alive()) child.kill('SIGKILL');
      await exited;
    },
  };
}
