import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeLlmServer, type FakeLlmServer } from '../fakes/fake-llm-server.js';
import { listenTestApp, type ListeningTestApp } from './listen-test-app.js';

const PROVIDER_LATENCY_MS = 3000;

describe('identical concurrent requests over real HTTP', () => {
  let fake: FakeLlmServer;
  let server: ListeningTestApp;

  beforeAll(async () => {
    fake = await startFakeLlmServer({ latencyMs: PROVIDER_LATENCY_MS });
    server = await listenTestApp({
      OPENAI_API_KEY: 'test',
      OPENAI_BASE_URL: `${fake.url}/v1`,
      AI_PROVIDERS: 'openai',
      AI_TIMEOUT_MS: '20000',
    });
  });
  afterAll(async () => {
    await server.close();
    await fake.close();
  });

  const completionCalls = () => fake.calls.filter((call) => call.path === '/v1/chat/completions');

  async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it('answers everyone sharing the provider call when the first caller disconnects', async () => {
    const body = JSON.stringify({
      text: `The harbour authority approved a new ferry timetable on Monday (${Date.now()}). Crossings now run every twenty minutes.`,
      operation: 'summarize',
    });
    const post = (signal?: AbortSignal) =>
      fetch(`${server.url}/v1/text_processing/process`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
        ...(signal ? { signal } : {}),
      });

    const first = new AbortController();
    const leaving = post(first.signal).catch((error: unknown) => error);
    await until(() => completionCalls().length === 1);
    const others = Array.from({ length: 10 }, () => post());
    // Long enough for the ten to join the shared call, far shorter than the provider's latency.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    first.abort();
    expect(await leaving).toBeInstanceOf(Error);

    const responses = await Promise.all(others);
    const bodies = (await Promise.all(responses.map((response) => response.json()))) as { result?: unknown }[];
    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(200));
    for (const answer of bodies) expect(typeof answer.result).toBe('string');
    expect(completionCalls()).toHaveLength(1);
    expect(completionCalls()[0]?.clientAborted).toBe(false);
  });
});
