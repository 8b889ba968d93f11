import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenTestApp, type ListeningTestApp } from '../../tests/http/listen-test-app.js';
import { SAMPLE_TEXT } from '../../tests/http/test-app.js';

const BIN = fileURLToPath(new URL('./ai-text.js', import.meta.url));
const USER_KEY = 'cli-user-key';
const OPERATOR_KEY = 'cli-operator-key';

interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the `ai-text` bin as a child process (asynchronously: the server lives in this process). */
function runCli(args: readonly string[], options: { env?: Record<string, string>; stdin?: string } = {}) {
  return new Promise<RunResult>((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { env: { PATH: process.env.PATH ?? '', ...options.env }, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(options.stdin ?? '');
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const readLines = async (path: string) =>
  (await readFile(path, 'utf8'))
    .split('\n')
    .filter(Boolean)
    .filter((line) => line.endsWith('}'))
    .map((line) => JSON.parse(line) as { index: number; id?: string; status: string; error?: { code: string } });

describe('the ai-text CLI against the real app', () => {
  let server: ListeningTestApp;
  let directory: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    server = await listenTestApp({
      API_KEY: USER_KEY,
      INTERNAL_API_KEYS: OPERATOR_KEY,
      MAX_BATCH_REQUESTS_PER_CALL: '3',
    });
    directory = await mkdtemp(join(tmpdir(), 'ai-text-cli-'));
    env = { AI_TEXT_URL: server.url, AI_TEXT_API_KEY: USER_KEY };
  });
  afterAll(async () => {
    await server.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('processes text from stdin and prints the sentiment for people', async () => {
    const result = await runCli(['process', '--op', 'sentiment'], {
      env,
      stdin: 'I love this product, it works really great and the support team was wonderful.',
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^positive \(confidence \d+%\)\n/);
    expect(result.stderr).toMatch(/^sentiment by local\/.+ in \d+\.\d{3} s\n$/);
  });

  it('processes a file and prints the full JSON response with --json', async () => {
    const file = join(directory, 'article.txt');
    await writeFile(file, SAMPLE_TEXT);
    const result = await runCli(['process', '--op', 'key_points', '--file', file, '--max-points', '2', '--json'], {
      env,
    });
    expect(result.code).toBe(0);
    const response = JSON.parse(result.stdout);
    expect(response).toMatchObject({ operation: 'key_points', success: true });
    expect(response.key_points.length).toBeLessThanOrEqual(2);
  });

  it('processes a batch in chunks within the server limit, and a re-run resumes where the output stops', async () => {
    const input = join(directory, 'items.jsonl');
    const output = join(directory, 'items.out.jsonl');
    const items = [
      { id: 'a', text: 'I love this product, it works really great every single day.' },
      { id: 'b', text: 'This was the worst purchase I ever made; it broke after one day.' },
      { id: 'c', text: 'tiny' },
      { id: 'd', text: 'The library opens on Monday with a large new reading room.', operation: 'summarize' },
      { id: 'e', text: 'The weather today is cloudy with some rain in the afternoon.' },
    ];
    await writeFile(input, items.map((item) => JSON.stringify(item)).join('\n'));

    const first = await runCli(['batch', input, '--op', 'sentiment', '--output', output, '--chunk-size', '5'], { env });
    expect(first.code).toBe(1);
    expect(first.stdout).toContain('Processed 5 of 5 items');
    expect(first.stdout).toContain('4 completed, 1 failed');
    expect(first.stdout).toContain('limited to 3 items by the server');
    const written = await readLines(output);
    expect(written.map((line) => line.index).sort()).toEqual([0, 1, 2, 3, 4]);
    expect(written.find((line) => line.id === 'c')).toMatchObject({
      status: 'failed',
      error: { code: 'VALIDATION_ERROR' },
    });

    const again = await runCli(['batch', input, '--op', 'sentiment', '--output', output], { env });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Processed 0 of 5 items');
    expect(again.stdout).toContain('5 skipped (already in the output, 1 of them failed)');
    expect(await readLines(output)).toHaveLength(5);

    // An interrupted run: only the first two results reached the file, the last one cut short.
    const kept = (await readFile(output, 'utf8')).split('\n').slice(0, 2);
    await writeFile(output, `${kept.join('\n')}\n{"index":2,"fingerp`);
    const resumed = await runCli(['batch', input, '--op', 'sentiment', '--output', output], { env });
    expect(resumed.stdout).toContain('Processed 3 of 5 items');
    const indices = (await readLines(output)).map((line) => line.index);
    expect(indices.sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('--retry-failed leaves one line per item: a failure again replaces its line, and so does a success', async () => {
    const input = join(directory, 'retry.jsonl');
    const output = join(directory, 'retry.out.jsonl');
    const items = [
      { id: 'good', text: 'I love this product, it works really great every single day.' },
      { id: 'short', text: 'tiny' },
      { id: 'flaky', text: 'The weather today is cloudy with some rain in the afternoon.' },
    ];
    await writeFile(input, items.map((item) => JSON.stringify(item)).join('\n'));
    const first = await runCli(['batch', input, '--op', 'sentiment', '--output', output], { env });
    expect(first.stdout).toContain('2 completed, 1 failed');
    // As if `flaky` had failed for a passing reason (a 503, say) in that run.
    const lines = (await readFile(output, 'utf8')).split('\n').filter(Boolean);
    const flaky = lines.findIndex((line) => line.includes('"id":"flaky"'));
    const { response: _response, ...record } = JSON.parse(lines[flaky]!) as Record<string, unknown>;
    lines[flaky] = JSON.stringify({
      ...record,
      status: 'failed',
      error: { code: 'SERVICE_UNAVAILABLE', message: 'busy' },
    });
    await writeFile(output, `${lines.join('\n')}\n`);

    const retried = await runCli(['batch', input, '--op', 'sentiment', '--output', output, '--retry-failed'], { env });
    expect(retried.code).toBe(1);
    expect(retried.stdout).toContain('Processed 2 of 3 items');
    expect(retried.stdout).toContain('1 completed, 1 failed, 1 skipped (already in the output)');
    const written = await readLines(output);
    expect(written.map((line) => line.id).sort()).toEqual(['flaky', 'good', 'short']);
    expect(written.find((line) => line.id === 'flaky')?.status).toBe('completed');
    expect(written.find((line) => line.id === 'short')).toMatchObject({
      status: 'failed',
      error: { code: 'VALIDATION_ERROR' },
    });

    const again = await runCli(['batch', input, '--op', 'sentiment', '--output', output, '--retry-failed'], { env });
    expect(again.stdout).toContain('Processed 1 of 3 items');
    expect(await readLines(output)).toHaveLength(3);
  });

  it('refuses to resume into an output written for another input', async () => {
    const input = join(directory, 'other.txt');
    const output = join(directory, 'other.out.jsonl');
    await writeFile(input, 'A first plain-text item about solar panels.\n');
    await writeFile(output, `${JSON.stringify({ index: 0, fingerprint: 'feedfacefeedface', status: 'completed' })}\n`);
    const result = await runCli(['batch', input, '--op', 'summarize', '-o', output], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^ai-text: .*holds results of a different input.*\n$/);
  });

  it('exits 3 with a one-line message when the API key is refused', async () => {
    const result = await runCli(['process', '--op', 'summarize', '--text', SAMPLE_TEXT], {
      env: { ...env, AI_TEXT_API_KEY: 'not-a-key' },
    });
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'ai-text: authentication failed (401 AUTHENTICATION_ERROR): Invalid API key. Pass --api-key or set AI_TEXT_API_KEY.\n',
    );
  });

  it('ends the server message and the hint as two sentences when no key is given', async () => {
    const result = await runCli(['process', '--op', 'summarize', '--text', SAMPLE_TEXT], {
      env: { AI_TEXT_URL: server.url },
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(
      /^ai-text: authentication failed \(401 AUTHENTICATION_ERROR\): API key required\. .+ header\. Pass --api-key or set AI_TEXT_API_KEY\.\n$/,
    );
    expect(result.stderr).not.toContain('..');
  });

  it('exits 4 with a one-line message when nothing listens at the URL', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const result = await runCli(['health', '--url', url]);
    expect(result.code).toBe(4);
    expect(result.stderr).toBe(
      `ai-text: cannot connect to ${url} (ECONNREFUSED). Is the server running? Pass --url or set AI_TEXT_URL.\n`,
    );
  });

  it('shows health, and lists the resilience presets for an operator key only', async () => {
    const health = await runCli(['health'], { env });
    expect(health.code).toBe(0);
    expect(health.stdout).toMatch(/^healthy \(version 1\.0\.0\)/);
    const presets = await runCli(['presets', '--api-key', OPERATOR_KEY], { env });
    expect(presets.code).toBe(0);
    expect(presets.stdout).toMatch(/^\*\s+simple\s+3\s+5 failures/m);
    expect(presets.stdout).toContain('production');
    const refused = await runCli(['presets'], { env });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('not allowed (403 AUTHORIZATION_ERROR)');
  });

  it("runs the README's commands on the inputs shipped in clients/examples/inputs", async () => {
    const readme = await readFile(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
    const cliSection = readme.slice(
      readme.indexOf('### Command line: `ai-text`'),
      readme.indexOf('### Web playground'),
    );
    const shipped = [...new Set(cliSection.match(/clients\/examples\/inputs\/[\w.-]+/g))];
    expect(shipped.sort()).toEqual(['clients/examples/inputs/article.txt', 'clients/examples/inputs/reviews.jsonl']);
    const inputs = fileURLToPath(new URL('../examples/inputs/', import.meta.url));

    const answer = await runCli(
      ['process', '--op', 'qa', '--file', join(inputs, 'article.txt'), '--question', 'When does construction begin?'],
      { env },
    );
    expect(answer.code).toBe(0);
    expect(answer.stdout).toContain('March');
    const output = join(directory, 'sentiments.jsonl');
    const batch = await runCli(['batch', join(inputs, 'reviews.jsonl'), '--op', 'sentiment', '--output', output], {
      env,
    });
    expect(batch.code).toBe(0);
    expect(batch.stdout).toContain('5 completed, 0 failed');
  });

  it('exits 2 on a usage error, naming the problem', async () => {
    const result = await runCli(['process', '--op', 'translate', '--text', SAMPLE_TEXT], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'ai-text: unknown operation "translate" (operations: summarize, sentiment, key_points, questions, qa)\n',
    );
  });
});
