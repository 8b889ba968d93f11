import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { freePort } from './free-port.js';

/** A private `redis-server` a test can kill, freeze and bring back (no persistence). */
export interface RedisProcess {
  readonly port: number;
  readonly url: string;
  /** Starts the server (again) on the same port and waits until it answers PING. */
  start(): Promise<void>;
  /** SIGKILL: connections drop at once. */
  kill(): Promise<void>;
  /** SIGSTOP: connections stay open but nothing answers. */
  freeze(): void;
  /** SIGCONT after `freeze`. */
  thaw(): void;
  /** Kills the server if it runs; call in `afterAll`. */
  stop(): Promise<void>;
}

export { freePort };

/** Creates (does not start) a private Redis on a free port, or on `port`; `args` are extra
 * `redis-server` arguments (cluster mode, a working directory). */
export async function createRedisProcess(port?: number, args: readonly string[] = []): Promise<RedisProcess> {
  const chosen = port ?? (await freePort());
  let child: ChildProcess | undefined;

  async function start(): Promise<void> {
    if (child) return;
    const spawned = spawn(
      'redis-server',
      [
        '--port',
        String(chosen),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--loglevel',
        'warning',
        ...args,
      ],
      { stdio: 'ignore' },
    );
    child = spawned;
    // never leave a server behind if the test process dies without its afterAll
    const reap = () => spawned.kill('SIGKILL');
    process.once('exit', reap);
    spawned.once('exit', () => {
      process.off('exit', reap);
      if (child === spawned) child = undefined;
    });
    const deadline = Date.now() + 5000;
    while (!(await answersPing(chosen))) {
      if (Date.now() > deadline) throw new Error(`redis-server did not start on port ${chosen}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async function kill(): Promise<void> {
    const running = child;
    if (!running) return;
    child = undefined;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGCONT');
    running.kill('SIGKILL');
    await exited;
  }

  return {
    port: chosen,
    url: `redis://127.0.0.1:${chosen}`,
    start,
    kill,
    freeze: () => void child?.kill('SIGSTOP'),
    thaw: () => void child?.kill('SIGCONT'),
    stop: kill,
  };
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(200, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}
