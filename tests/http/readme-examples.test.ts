import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenTestApp, type ListeningTestApp } from './listen-test-app.js';

const run = promisify(execFile);

/** Every `curl` command of the README's bash blocks, joined across continuation lines. */
function readmeCurlCommands(): string[] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const blocks = [...readme.matchAll(/```bash\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
  const commands: string[] = [];
  for (const block of blocks) {
    let current = '';
    let continued = false;
    for (const rawLine of block.split('\n')) {
      const line = rawLine.replace(/\\$/, '');
      if (current === '' && !line.trimStart().startsWith('curl ')) continue;
      // A trailing backslash continues the shell line; an open quote continues the string.
      current += current === '' ? line : (continued ? ' ' : '\n') + line;
      continued = rawLine.endsWith('\\');
      const quotes = (current.match(/'/g) ?? []).length;
      if (quotes % 2 === 0 && !rawLine.endsWith('\\')) {
        commands.push(current);
        current = '';
      }
    }
  }
  return commands;
}

describe('the README curl examples, run verbatim against the zero-config app', () => {
  let server: ListeningTestApp;
  beforeAll(async () => {
    server = await listenTestApp();
  });
  afterAll(async () => server.close());

  const commands = readmeCurlCommands();

  it('finds the examples', () => {
    expect(commands.length).toBeGreaterThan(35);
  });

  it.each(commands.map((command) => [command.split('\n')[0], command]))('%s', async (_title, command) => {
    const expected404 = /# 404/.test(command);
    const withoutComment = command.replace(/\s+#[^'\n]*$/, '');
    const target = withoutComment.replaceAll('localhost:8000', server.url.replace('http://', ''));
    const { stdout } = await run('bash', ['-c', `${target} -o /dev/null -w '%{http_code}'`], { timeout: 15_000 });
    const status = Number(stdout.trim());
    if (expected404) expect(status).toBe(404);
    else expect(status, withoutComment).toBeGreaterThanOrEqual(200);
    if (!expected404) expect(status, withoutComment).toBeLessThan(300);
  });

  it('shows the sample response the sentiment call really returns', async () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('The response to the sentiment call above'));
    const sample = JSON.parse(/```json\n([\s\S]*?)```/.exec(section)?.[1] ?? 'null') as Record<string, unknown>;
    const call = commands.find((command) => command.includes('"operation": "sentiment"}'));
    const body = /-d '([\s\S]*)'/.exec(call ?? '')?.[1];
    expect(body).toBeDefined();
    const response = await fetch(`${server.url}/v1/text_processing/process`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache' },
      body,
    });
    const actual = (await response.json()) as Record<string, unknown>;
    const varying = { processing_time: expect.any(Number), timestamp: expect.any(String) };
    expect(actual).toEqual({ ...sample, ...varying });
    expect(sample.processing_time).toBe(Math.round(Number(sample.processing_time) * 1000) / 1000);
  });
});
