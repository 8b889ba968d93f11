import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenTestApp, type ListeningTestApp } from '../../tests/http/listen-test-app.js';
import { runPlainFetchExample } from './plain-fetch.js';
import { runTypedClientExample } from './typed-client.js';

const USER_KEY = 'examples-user-key';
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs an example as `npx tsx clients/examples/<name>.ts` does, in a child process. */
function runExample(name: string, env: Record<string, string>) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', `clients/examples/${name}.ts`],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 30_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
      },
    );
  });
}

async function unusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

describe('the examples against a server without API keys (`make run`)', () => {
  let server: ListeningTestApp;
  beforeAll(async () => {
    server = await listenTestApp();
  });
  afterAll(async () => server.close());

  it('plain-fetch says a wrong key is accepted in open mode, and shows the code of invalid input', async () => {
    const lines: string[] = [];
    const outcome = await runPlainFetchExample({ url: server.url, apiKey: 'any-key', log: (line) => lines.push(line) });
    expect(outcome).toMatchObject({ invalidCode: 'VALIDATION_ERROR', refusedStatus: 200, refusedCode: undefined });
    expect(lines.slice(-2)).toEqual([
      expect.stringMatching(/^invalid input: 422 VALIDATION_ERROR: Invalid request data: text: /),
      'with a wrong key: accepted, the server has no API keys configured (open mode)',
    ]);
  });

  it('typed-client says the same, then shows the code of invalid input', async () => {
    const lines: string[] = [];
    const outcome = await runTypedClientExample({ url: server.url, log: (line) => lines.push(line) });
    expect(outcome).toMatchObject({ refusedCode: undefined, errorCode: 'VALIDATION_ERROR' });
    expect(lines.slice(-2)).toEqual([
      'with a wrong key: accepted, the server has no API keys configured (open mode)',
      expect.stringMatching(/^invalid input: 422 VALIDATION_ERROR: /),
    ]);
  });
});

describe('the examples run as scripts against a server with API keys', () => {
  let server: ListeningTestApp;
  beforeAll(async () => {
    server = await listenTestApp({ API_KEY: USER_KEY });
  });
  afterAll(async () => server.close());

  it.each(['plain-fetch', 'typed-client'])(
    '%s ends with one line and exit code 1 when its key is refused',
    async (name) => {
      const result = await runExample(name, { AI_TEXT_URL: server.url, AI_TEXT_API_KEY: 'not-the-key' });
      expect(result).toEqual({
        code: 1,
        stdout: '',
        stderr: `${name}: 401 AUTHENTICATION_ERROR: Invalid API key (set AI_TEXT_API_KEY to a key the server accepts)\n`,
      });
    },
  );

  it.each(['plain-fetch', 'typed-client'])('%s says so in one line when nothing answers', async (name) => {
    const url = await unusedUrl();
    const result = await runExample(name, { AI_TEXT_URL: url });
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: `${name}: cannot reach ${url}: is the server running? (set AI_TEXT_URL)\n`,
    });
  });
});
