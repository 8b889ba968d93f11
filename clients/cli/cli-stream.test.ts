import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeLlmServer, type FakeLlmServer } from '../../tests/fakes/fake-llm-server.js';
import { listenTestApp, type ListeningTestApp } from '../../tests/http/listen-test-app.js';
import { SAMPLE_TEXT } from '../../tests/http/test-app.js';
import { EXIT } from './cli-error.js';
import { runCli } from './run-cli.js';

const KEY = 'cli-stream-key';
const ANSWER = 'The council approved a budget that funds transport and parks while cutting administrative costs.';

/** A stdout or stderr that records each write, with a note taken at the time of the write. */
function recorder(note: () => boolean) {
  const writes: { text: string; note: boolean }[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      writes.push({ text: String(chunk), note: note() });
      callback();
    },
  });
  return { stream, writes, text: () => writes.map((write) => write.text).join('') };
}

describe('ai-text process --stream against the real app and the fake provider', () => {
  let fake: FakeLlmServer;
  let server: ListeningTestApp;
  let serial = 0;

  beforeAll(async () => {
    fake = await startFakeLlmServer();
    server = await listenTestApp({
      API_KEY: KEY,
      OPENAI_API_KEY: 'sk-fake',
      OPENAI_BASE_URL: `${fake.url}/v1`,
      AI_PROVIDERS: 'openai,local',
    });
  });
  afterEach(() => fake.reset());
  afterAll(async () => {
    await server.close();
    await fake.close();
  });

  async function run(extra: readonly string[] = []) {
    serial += 1;
    const upstreamOpen = () => fake.calls[0]?.closedAt === undefined;
    const stdout = recorder(upstreamOpen);
    const stderr = recorder(upstreamOpen);
    const code = await runCli({
      argv: ['process', '--op', 'summarize', '--stream', '--text', `${SAMPLE_TEXT} Run ${serial}.`, ...extra],
      env: { AI_TEXT_URL: server.url, AI_TEXT_API_KEY: KEY },
      stdin: (async function* () {})(),
      stdout: stdout.stream,
      stderr: stderr.stream,
    });
    return { code, stdout, stderr };
  }

  it('prints the answer as it arrives, then the metadata line', async () => {
    fake.script({ reply: { kind: 'stream', text: ANSWER, pieces: 4, chunkDelayMs: 150 } });
    const { code, stdout, stderr } = await run();
    expect(code).toBe(EXIT.ok);
    expect(stdout.text()).toBe(`${ANSWER}\n`);
    expect(stdout.writes.length).toBeGreaterThanOrEqual(3);
    // The first piece was on the terminal while the provider was still writing the rest.
    expect(stdout.writes[0]?.note).toBe(true);
    expect(stderr.text()).toMatch(/^summarize by openai\//);
  });

  it('prints each event as a JSON line with --json', async () => {
    fake.script({ reply: { kind: 'stream', text: ANSWER, pieces: 3 } });
    const { code, stdout } = await run(['--json']);
    expect(code).toBe(EXIT.ok);
    const lines = stdout
      .text()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { event: string });
    expect(lines.at(-1)?.event).toBe('result');
    expect(lines.slice(0, -1).every((line) => line.event === 'delta')).toBe(true);
  });

  it('fails with the error code when the stream breaks, after the text it printed', async () => {
    fake.script({
      reply: { kind: 'stream', text: ANSWER, pieces: 4, chunkDelayMs: 30, fault: { type: 'reset', afterChunks: 2 } },
    });
    const { code, stdout, stderr } = await run();
    expect(code).toBe(EXIT.failed);
    expect(stdout.text().length).toBeGreaterThan(0);
    expect(stderr.text()).toMatch(/502 AI_SERVICE_ERROR/);
  });
});
