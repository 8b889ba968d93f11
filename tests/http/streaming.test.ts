import { isTRPCClientError } from '@trpc/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ErrorResponseSchema, TextProcessingResponseSchema } from '../../domain/schemas.js';
import { createApiClient } from '../../clients/api-client.js';
import { readSse, type SseMessage } from '../../clients/sse-parser.js';
import { streamProcess } from '../../clients/stream-process.js';
import type { TextStreamEvent } from '../../domain/stream-schemas.js';
import { startFakeLlmServer, type FakeLlmServer, type RecordedCall } from '../fakes/fake-llm-server.js';
import { listenTestApp, type ListeningTestApp } from './listen-test-app.js';
import { SAMPLE_TEXT } from './test-app.js';

const KEY = 'streaming-test-key';
const ANSWER = 'The council approved a budget that funds transport and parks while cutting administrative costs.';

describe('streamed answers over REST (Server-Sent Events) and tRPC, against the fake provider', () => {
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
      RESILIENCE_PRESET: 'development',
      STREAM_FIRST_BYTE_TIMEOUT_MS: '1000',
      STREAM_IDLE_TIMEOUT_MS: '600',
    });
  });
  afterEach(() => fake.reset());
  afterAll(async () => {
    await server.close();
    await fake.close();
  });

  /** A text no other test uses, so that no cached answer or shared stream interferes. */
  function freshText(): string {
    serial += 1;
    return `${SAMPLE_TEXT} Case ${serial}.`;
  }

  function post(body: unknown, init: { accept?: string; signal?: AbortSignal; key?: string } = {}) {
    return fetch(`${server.url}/v1/text_processing/process`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${init.key ?? KEY}`,
        ...(init.accept ? { accept: init.accept } : {}),
      },
      body: JSON.stringify(body),
      ...(init.signal ? { signal: init.signal } : {}),
    });
  }

  async function events(response: Response, onEvent?: (message: SseMessage) => void): Promise<SseMessage[]> {
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const messages: SseMessage[] = [];
    if (!response.body) throw new Error('no body');
    for await (const message of readSse(response.body)) {
      messages.push(message);
      onEvent?.(message);
    }
    return messages;
  }

  function onlyCall(): RecordedCall {
    expect(fake.calls).toHaveLength(1);
    return fake.calls[0] as RecordedCall;
  }

  it('sends delta events before the provider has finished, then one result event with the complete response', async () => {
    fake.script({ reply: { kind: 'stream', text: ANSWER, pieces: 4, chunkDelayMs: 150 } });
    const upstreamOpenAtFirstDelta: boolean[] = [];
    const messages = await events(
      await post({ text: freshText(), operation: 'summarize' }, { accept: 'text/event-stream' }),
      (message) => {
        if (message.event === 'delta' && upstreamOpenAtFirstDelta.length === 0)
          upstreamOpenAtFirstDelta.push(fake.calls[0]?.closedAt === undefined);
      },
    );
    expect(upstreamOpenAtFirstDelta).toEqual([true]);
    const names = messages.map((message) => message.event);
    expect(names.at(-1)).toBe('result');
    expect(names.slice(0, -1).every((name) => name === 'delta')).toBe(true);
    const text = messages
      .filter((message) => message.event === 'delta')
      .map((message) => (JSON.parse(message.data) as { text: string }).text)
      .join('');
    expect(text).toBe(ANSWER);
    const response = TextProcessingResponseSchema.parse(JSON.parse(messages.at(-1)?.data ?? ''));
    expect(response).toMatchObject({ result: ANSWER, cache_hit: false, metadata: { provider: 'openai' } });
    expect(response.metadata.usage?.output_tokens).toBeGreaterThan(0);
    expect(onlyCall().stream).toBe(true);
  });

  it.each(['reset', 'malformed', 'early_stop'] as const)(
    'ends a stream that breaks mid-way (%s) with an error event in the error shape, and caches nothing',
    async (type) => {
      const text = freshText();
      fake.script({
        reply: { kind: 'stream', text: ANSWER, pieces: 4, chunkDelayMs: 30, fault: { type, afterChunks: 2 } },
      });
      const messages = await events(await post({ text, operation: 'summarize' }, { accept: 'text/event-stream' }));
      expect(messages.filter((message) => message.event === 'delta').length).toBeGreaterThanOrEqual(1);
      expect(messages.some((message) => message.event === 'result')).toBe(false);
      const last = messages.at(-1);
      expect(last?.event).toBe('error');
      const error = ErrorResponseSchema.parse(JSON.parse(last?.data ?? ''));
      expect(error.error_code).toBe('AI_SERVICE_ERROR');
      expect(error.details).toMatchObject({ stream_interrupted: true });
      // No retry and no fallback to `local` once text reached the client.
      expect(fake.calls).toHaveLength(1);

      const again = (await (await post({ text, operation: 'summarize' })).json()) as { cache_hit: boolean };
      expect(again.cache_hit).toBe(false);
      expect(fake.calls).toHaveLength(2);
    },
  );

  it('ends a stream that stalls between chunks with a TIMEOUT error event once the idle timeout passes', async () => {
    fake.script({ reply: { kind: 'stream', text: ANSWER, pieces: 4, fault: { type: 'stall', afterChunks: 1 } } });
    const messages = await events(
      await post({ text: freshText(), operation: 'summarize' }, { accept: 'text/event-stream' }),
    );
    expect(messages.map((message) => message.event)).toEqual(['delta', 'error']);
    expect(ErrorResponseSchema.parse(JSON.parse(messages[1]?.data ?? '')).error_code).toBe('TIMEOUT');
    const call = onlyCall();
    await call.closed;
    expect(call.clientAborted).toBe(true);
  });

  it('falls back to the offline provider when the provider sends no first byte in time', async () => {
    fake.script({ reply: { kind: 'hang' }, times: 10 });
    const messages = await events(
      await post({ text: freshText(), operation: 'summarize' }, { accept: 'text/event-stream' }),
    );
    expect(messages.at(-1)?.event).toBe('result');
    const response = TextProcessingResponseSchema.parse(JSON.parse(messages.at(-1)?.data ?? ''));
    expect(response.metadata).toMatchObject({ provider: 'local', degraded: true, fallback_used: true });
    expect(messages.filter((message) => message.event === 'delta').length).toBeGreaterThan(0);
    await Promise.all(fake.calls.map((call) => call.closed));
    expect(fake.calls.every((call) => call.clientAborted)).toBe(true);
  });

  it('replays a cached answer as a stream', async () => {
    const text = freshText();
    const plain = TextProcessingResponseSchema.parse(await (await post({ text, operation: 'summarize' })).json());
    const messages = await events(await post({ text, operation: 'summarize' }, { accept: 'text/event-stream' }));
    const deltas = messages.filter((message) => message.event === 'delta');
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.map((message) => (JSON.parse(message.data) as { text: string }).text).join('')).toBe(plain.result);
    const replayed = TextProcessingResponseSchema.parse(JSON.parse(messages.at(-1)?.data ?? ''));
    expect(replayed).toMatchObject({ cache_hit: true, result: plain.result, metadata: plain.metadata });
    expect(fake.calls).toHaveLength(1);
  });

  it('closes the upstream provider connection within 100 ms of the client going away', async () => {
    fake.script({ reply: { kind: 'stream', text: ANSWER, pieces: 4, fault: { type: 'stall', afterChunks: 1 } } });
    const controller = new AbortController();
    let abortedAt = 0;
    const response = await post(
      { text: freshText(), operation: 'summarize' },
      {
        accept: 'text/event-stream',
        signal: controller.signal,
      },
    );
    await events(response, (message) => {
      if (message.event !== 'delta' || abortedAt) return;
      abortedAt = Date.now();
      controller.abort();
    }).catch(() => undefined);
    expect(abortedAt).toBeGreaterThan(0);
    const call = onlyCall();
    await call.closed;
    expect(call.clientAborted).toBe(true);
    expect((call.closedAt ?? Infinity) - abortedAt).toBeLessThanOrEqual(100);
  });

  it('answers what fails before the stream starts as an ordinary JSON error with its status', async () => {
    const unauthorised = await post(
      { text: freshText(), operation: 'summarize' },
      { accept: 'text/event-stream', key: 'wrong' },
    );
    expect(unauthorised.status).toBe(401);
    expect(ErrorResponseSchema.parse(await unauthorised.json()).error_code).toBe('AUTHENTICATION_ERROR');
    const invalid = await post({ text: 'short', operation: 'summarize' }, { accept: 'text/event-stream' });
    expect(invalid.status).toBe(422);
    expect(ErrorResponseSchema.parse(await invalid.json()).error_code).toBe('VALIDATION_ERROR');
    expect(fake.calls).toHaveLength(0);
  });

  it('streams through the typed tRPC client, and reports a mid-stream failure once without asking again', async () => {
    const client = createApiClient({ url: server.url, apiKey: KEY });
    fake.script({ reply: { kind: 'stream', text: ANSWER, pieces: 3 } });
    const received: TextStreamEvent[] = [];
    for await (const event of streamProcess(client, { text: freshText(), operation: 'summarize' }))
      received.push(event);
    expect(received.at(-1)).toMatchObject({ type: 'result', response: { result: ANSWER } });
    expect(received.filter((event) => event.type === 'delta').length).toBeGreaterThanOrEqual(2);

    fake.reset();
    fake.script({
      reply: { kind: 'stream', text: ANSWER, pieces: 4, chunkDelayMs: 30, fault: { type: 'reset', afterChunks: 2 } },
    });
    const deltas: string[] = [];
    const failure = await (async () => {
      for await (const event of streamProcess(client, { text: freshText(), operation: 'summarize' })) {
        if (event.type === 'delta') deltas.push(event.text);
      }
    })().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(deltas.length).toBeGreaterThanOrEqual(1);
    if (!isTRPCClientError(failure)) throw new Error(`expected a TRPCClientError, got ${String(failure)}`);
    expect((failure.data as { error_code?: string } | undefined)?.error_code).toBe('AI_SERVICE_ERROR');
    expect(fake.calls).toHaveLength(1);
  });

  it('documents the event stream in the OpenAPI document', async () => {
    const document = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      paths: Record<
        string,
        { post?: { description?: string; responses: Record<string, { content: Record<string, unknown> }> } }
      >;
    };
    const operation = document.paths['/v1/text_processing/process']?.post;
    expect(operation?.responses['200']?.content['text/event-stream']).toBeDefined();
    expect(operation?.description).toMatch(/Accept: text\/event-stream/);
  });

  it('reports time to first byte and stream duration per provider and operation', async () => {
    fake.script({ reply: { kind: 'stream', text: ANSWER } });
    await events(await post({ text: freshText(), operation: 'summarize' }, { accept: 'text/event-stream' }));
    const metrics = await (
      await fetch(`${server.url}/internal/metrics`, { headers: { authorization: `Bearer ${KEY}` } })
    ).text();
    expect(metrics).toMatch(
      /ai_text_stream_time_to_first_byte_seconds_count\{[^}]*operation="summarize"[^}]*provider="openai"[^}]*\} [1-9]/,
    );
    expect(metrics).toMatch(
      /ai_text_stream_duration_seconds_count\{[^}]*provider="openai"[^}]*outcome="completed"[^}]*\} [1-9]/,
    );
  });
});
