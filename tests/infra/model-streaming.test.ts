import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ModelError, ModelOutputError } from '../../domain/errors.js';
import type { ModelStreamPart, TextModel, TextResponse } from '../../domain/ports.js';
import { createGeminiModel } from '../../infra/ai/gemini-model.js';
import { createHttpFetch, type HttpFetch } from '../../infra/ai/http-fetch.js';
import { createOpenAiModel } from '../../infra/ai/openai-model.js';
import { withStreamTimeouts } from '../../infra/ai/stream-timeouts.js';
import { startFakeLlmServer, type FakeLlmServer, type RecordedCall } from '../fakes/fake-llm-server.js';
import { createModelRequest } from '../fakes/model-request.js';

const ANSWER = 'The library opened downtown on Monday and visitors liked its bright reading rooms very much.';

interface Collected {
  readonly deltas: string[];
  readonly done: TextResponse | undefined;
  readonly error: unknown;
}

async function collect(parts: AsyncIterable<ModelStreamPart<TextResponse>>, onDelta?: () => void): Promise<Collected> {
  const deltas: string[] = [];
  let done: TextResponse | undefined;
  try {
    for await (const part of parts) {
      if (part.type === 'delta') {
        // An empty delta is a provider chunk without text: nothing to show.
        if (part.text === '') continue;
        deltas.push(part.text);
        onDelta?.();
      } else done = part.response;
    }
  } catch (error) {
    return { deltas, done, error };
  }
  return { deltas, done, error: undefined };
}

function streamOf(model: TextModel<TextResponse>, signal?: AbortSignal): AsyncIterable<ModelStreamPart<TextResponse>> {
  if (!model.stream) throw new Error(`${model.provider} does not stream`);
  return model.stream(createModelRequest('summarize'), signal);
}

const PROVIDERS = [
  {
    name: 'openai',
    create: (server: FakeLlmServer, fetch: HttpFetch, timeoutMs = 5_000) =>
      createOpenAiModel({ apiKey: 'sk-test', baseURL: `${server.url}/v1`, model: 'gpt-fake', timeoutMs, fetch }),
  },
  {
    name: 'gemini',
    create: (server: FakeLlmServer, fetch: HttpFetch, timeoutMs = 5_000) =>
      createGeminiModel({ apiKey: 'g-test', baseUrl: server.url, model: 'gemini-fake', timeoutMs, fetch }),
  },
];

describe.each(PROVIDERS)('$name streaming through its SDK against the fake provider', ({ create }) => {
  let server: FakeLlmServer;
  let fetch: HttpFetch;
  let model: TextModel<TextResponse>;

  beforeAll(async () => {
    server = await startFakeLlmServer();
    fetch = createHttpFetch();
    model = create(server, fetch);
  });
  afterEach(() => server.reset());
  afterAll(async () => {
    await fetch.close();
    await server.close();
  });

  function onlyCall(): RecordedCall {
    expect(server.calls).toHaveLength(1);
    return server.calls[0] as RecordedCall;
  }

  it('yields text pieces while the provider is still writing, then the whole answer with usage', async () => {
    server.script({ reply: { kind: 'stream', text: ANSWER, pieces: 4, chunkDelayMs: 150 } });
    const openWhenFirstPieceArrived: boolean[] = [];
    const result = await collect(streamOf(model), () => {
      if (openWhenFirstPieceArrived.length === 0)
        openWhenFirstPieceArrived.push(server.calls[0]?.closedAt === undefined);
    });
    expect(result.error).toBeUndefined();
    expect(openWhenFirstPieceArrived).toEqual([true]);
    expect(result.deltas.length).toBeGreaterThanOrEqual(3);
    expect(result.deltas.join('')).toBe(ANSWER);
    expect(result.done?.text).toBe(ANSWER);
    expect(result.done?.usage?.output_tokens).toBeGreaterThan(0);
    expect(onlyCall().stream).toBe(true);
  });

  it.each([
    ['reset', 'network'],
    ['early_stop', 'network'],
    ['malformed', 'server'],
  ] as const)('fails with a ModelError after the first pieces when the stream breaks (%s)', async (type, kind) => {
    // Paced, so that the pieces before the fault are read before a reset discards what is in flight.
    server.script({
      reply: { kind: 'stream', text: ANSWER, pieces: 4, chunkDelayMs: 50, fault: { type, afterChunks: 2 } },
    });
    const result = await collect(streamOf(model));
    expect(result.deltas.length).toBeGreaterThanOrEqual(1);
    expect(result.done).toBeUndefined();
    expect(result.error).toBeInstanceOf(ModelError);
    expect((result.error as ModelError).kind).toBe(kind);
  });

  it('rejects an answer cut at the token limit as unusable output', async () => {
    server.script({ reply: { kind: 'truncated', text: ANSWER } });
    const result = await collect(streamOf(model));
    expect(result.error).toBeInstanceOf(ModelOutputError);
  });

  it('closes the upstream connection within 100 ms of the caller aborting mid-stream', async () => {
    server.script({ reply: { kind: 'stream', text: ANSWER, pieces: 4, fault: { type: 'stall', afterChunks: 1 } } });
    const controller = new AbortController();
    let abortedAt = 0;
    const result = await collect(streamOf(model, controller.signal), () => {
      abortedAt = Date.now();
      controller.abort();
    });
    expect(result.deltas).toHaveLength(1);
    const call = onlyCall();
    await call.closed;
    expect(call.clientAborted).toBe(true);
    expect((call.closedAt ?? Infinity) - abortedAt).toBeLessThanOrEqual(100);
  });

  it('times out a stream that stalls between chunks and closes the upstream connection', async () => {
    server.script({ reply: { kind: 'stream', text: ANSWER, pieces: 4, fault: { type: 'stall', afterChunks: 1 } } });
    const timed = withStreamTimeouts(model, { firstByteMs: 5_000, idleMs: 200 });
    const result = await collect(streamOf(timed));
    expect(result.deltas).toHaveLength(1);
    expect(result.error).toBeInstanceOf(ModelError);
    expect((result.error as ModelError).kind).toBe('timeout');
    expect((result.error as ModelError).message).toMatch(/sent nothing for 200 ms/);
    const call = onlyCall();
    await call.closed;
    expect(call.clientAborted).toBe(true);
  });

  it('lets a stream run past the idle timeout in total as long as chunks, text or not, keep coming within it', async () => {
    // Four text chunks, then the finish (and usage) chunks: each 150 ms apart, 450 ms or more after the last text.
    server.script({ reply: { kind: 'stream', text: ANSWER, pieces: 4, chunkDelayMs: 150 } });
    const timed = withStreamTimeouts(model, { firstByteMs: 5_000, idleMs: 400 });
    const result = await collect(streamOf(timed));
    expect(result.error).toBeUndefined();
    expect(result.done?.text).toBe(ANSWER);
  });

  it('is not cut by the per-call HTTP timeout while the answer keeps flowing', async () => {
    server.script({ reply: { kind: 'stream', text: ANSWER, pieces: 4, chunkDelayMs: 150 } });
    const result = await collect(streamOf(create(server, fetch, 300)));
    expect(result.error).toBeUndefined();
    expect(result.done?.text).toBe(ANSWER);
  });

  it('times out a provider that sends no first byte', async () => {
    server.script({ reply: { kind: 'hang' } });
    const timed = withStreamTimeouts(model, { firstByteMs: 200, idleMs: 5_000 });
    const result = await collect(streamOf(timed));
    expect(result.deltas).toEqual([]);
    expect((result.error as ModelError).kind).toBe('timeout');
    expect((result.error as ModelError).message).toMatch(/no text within 200 ms/);
    await onlyCall().closed;
  });
});
