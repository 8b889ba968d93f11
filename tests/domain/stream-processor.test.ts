import { describe, expect, it } from 'vitest';
import { isAppError } from '../../domain/errors.js';
import type { Cache, CacheKeys, TextModel } from '../../domain/ports.js';
import { createStreamProcessor, type StreamedEvent } from '../../domain/stream-processor.js';
import { isStreamInterruptedError } from '../../domain/stream-interrupted-error.js';
import type { TextStreamEvent } from '../../domain/stream-schemas.js';
import type { TextProcessingRequest, TextProcessingResponse } from '../../domain/schemas.js';
import { createProviderChain } from '../../infra/ai/provider-chain.js';
import { createPolicyRegistry } from '../../infra/resilience/policy-registry.js';
import { createResilienceConfig } from '../../infra/resilience/resilience-config.js';
import { createFakeStreamModel } from '../fakes/fake-stream-model.js';

function mapCache(): Cache & { store: Map<string, unknown> } {
  const store = new Map<string, unknown>();
  return {
    store,
    get: async (key) => store.get(key),
    set: async (key, value) => void store.set(key, structuredClone(value)),
    delete: async (key) => void store.delete(key),
  };
}

const keys: CacheKeys = {
  forRequest: (input) => `${input.operation}|${input.text}|${JSON.stringify(input.options)}|${input.question ?? ''}`,
  forBatch: (id, owner) => `batch|${owner}|${id}`,
};

const REQUEST: TextProcessingRequest = {
  text: 'The quarterly report shows revenue grew by twelve percent while costs stayed flat.',
  operation: 'summarize',
};
const PIECES = ['Revenue grew ', 'twelve percent ', 'with flat costs.'];

function setup(models: TextModel[], options: { retries?: boolean; maxConcurrency?: number; maxQueue?: number } = {}) {
  const cache = mapCache();
  const streamed: StreamedEvent[] = [];
  const policies = options.retries
    ? createPolicyRegistry({
        config: createResilienceConfig({ preset: 'development', customConfig: null }),
        maxConcurrency: options.maxConcurrency ?? 4,
        maxQueue: options.maxQueue ?? 4,
        attemptTimeoutMs: 10_000,
        random: () => 0,
      })
    : undefined;
  const streams = createStreamProcessor({
    runner: createProviderChain({ providers: models, policies }),
    cache,
    keys,
    clock: { now: () => Date.UTC(2026, 0, 1), monotonic: () => performance.now() },
    limits: { inputMaxLength: 10_000, maxBatchItems: 3, batchConcurrency: 2, batchResultTtlSeconds: 60 },
    processor: { scan: () => ({ injection: false, score: 0, categories: [], action: 'allow' }) },
    onStreamed: (event) => streamed.push(event),
  });
  return { streams, cache, streamed };
}

interface Outcome {
  readonly deltas: string[];
  readonly response: TextProcessingResponse | undefined;
  readonly error: unknown;
}

async function drain(events: AsyncIterable<TextStreamEvent>, onDelta?: (text: string) => void): Promise<Outcome> {
  const deltas: string[] = [];
  let response: TextProcessingResponse | undefined;
  try {
    for await (const event of events) {
      if (event.type === 'delta') {
        deltas.push(event.text);
        onDelta?.(event.text);
      } else response = event.response;
    }
  } catch (error) {
    return { deltas, response, error };
  }
  return { deltas, response, error: undefined };
}

describe('createStreamProcessor.processStream', () => {
  it('streams the pieces as the provider writes them, then the complete validated response', async () => {
    const model = createFakeStreamModel('openai', [{ pieces: PIECES }]);
    const { streams, streamed } = setup([model]);
    const outcome = await drain(streams.processStream(REQUEST));
    expect(outcome.error).toBeUndefined();
    expect(outcome.deltas).toEqual(PIECES);
    expect(outcome.response).toMatchObject({
      operation: 'summarize',
      success: true,
      result: PIECES.join(''),
      cache_hit: false,
      metadata: { provider: 'openai', model: 'openai-model', attempts: 1, fallback_used: false, degraded: false },
    });
    expect(streamed).toEqual([
      expect.objectContaining({
        provider: 'openai',
        outcome: 'completed',
        cacheHit: false,
        firstByteMs: expect.any(Number),
      }),
    ]);
  });

  it('stores a completed stream and replays it in pieces from the cache', async () => {
    const model = createFakeStreamModel('openai', [{ pieces: PIECES }]);
    const { streams } = setup([model]);
    await drain(streams.processStream(REQUEST));
    const replay = await drain(streams.processStream(REQUEST));
    expect(model.calls).toHaveLength(1);
    expect(replay.deltas.length).toBeGreaterThan(1);
    expect(replay.deltas.join('')).toBe(PIECES.join(''));
    expect(replay.response).toMatchObject({ cache_hit: true, result: PIECES.join('') });
  });

  it('falls back to the next provider when the first fails before its first piece', async () => {
    const first = createFakeStreamModel('openai', [{ pieces: [], failWith: 'server' }]);
    const second = createFakeStreamModel('gemini', [{ pieces: PIECES }]);
    const { streams } = setup([first, second]);
    const outcome = await drain(streams.processStream(REQUEST));
    expect(outcome.deltas).toEqual(PIECES);
    expect(outcome.response?.metadata).toMatchObject({ provider: 'gemini', fallback_used: true });
  });

  it('ends with an interrupted-stream error, tries no other provider and caches nothing when a stream breaks after its first piece', async () => {
    const first = createFakeStreamModel('openai', [{ pieces: ['Revenue grew '], failWith: 'network' }]);
    const second = createFakeStreamModel('gemini', [{ pieces: PIECES }]);
    const { streams, cache, streamed } = setup([first, second]);
    const outcome = await drain(streams.processStream(REQUEST));
    expect(outcome.deltas).toEqual(['Revenue grew ']);
    expect(outcome.response).toBeUndefined();
    expect(isStreamInterruptedError(outcome.error)).toBe(true);
    expect(isAppError(outcome.error) && outcome.error.code).toBe('AI_SERVICE_ERROR');
    expect(second.calls).toHaveLength(0);
    expect(cache.store.size).toBe(0);
    expect(streamed).toEqual([expect.objectContaining({ provider: 'openai', outcome: 'failed' })]);
  });

  it('retries a provider that failed before its first piece, never one that failed after it', async () => {
    const flaky = createFakeStreamModel('openai', [{ pieces: [], failWith: 'server' }, { pieces: PIECES }]);
    const retried = await drain(setup([flaky], { retries: true }).streams.processStream(REQUEST));
    expect(flaky.calls).toHaveLength(2);
    expect(retried.response?.metadata.attempts).toBe(2);

    const broken = createFakeStreamModel('openai', [{ pieces: ['Revenue '], failWith: 'server' }, { pieces: PIECES }]);
    const cut = await drain(setup([broken], { retries: true }).streams.processStream(REQUEST));
    expect(broken.calls).toHaveLength(1);
    expect(isStreamInterruptedError(cut.error)).toBe(true);
  });

  it('holds its bulkhead slot until the stream ends, not only until its first piece', async () => {
    const model = createFakeStreamModel('openai', [{ pieces: ['Revenue grew '], hang: true }, { pieces: PIECES }]);
    const { streams } = setup([model], { retries: true, maxConcurrency: 1, maxQueue: 0 });
    const first = new AbortController();
    let second: Promise<Outcome> | undefined;
    // While the first stream is open (it has sent a piece and hangs), a second one asks for the slot.
    await drain(streams.processStream(REQUEST, { signal: first.signal }), () => {
      second ??= drain(streams.processStream({ ...REQUEST, text: `${REQUEST.text} Another.` })).finally(() =>
        first.abort(),
      );
    });
    const refused = await second;
    expect(isAppError(refused?.error) && refused.error.code).toBe('SERVICE_UNAVAILABLE');
    expect(refused?.deltas).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    const after = await drain(streams.processStream({ ...REQUEST, text: `${REQUEST.text} Later.` }));
    expect(after.response?.result).toBe(PIECES.join(''));
  });

  it('shares one provider stream among identical concurrent requests, a late joiner receiving the earlier pieces', async () => {
    const model = createFakeStreamModel('openai', [{ pieces: PIECES, delayMs: 30 }]);
    const { streams } = setup([model]);
    let late: Promise<Outcome> | undefined;
    const early = await drain(streams.processStream(REQUEST), () => {
      late ??= drain(streams.processStream(REQUEST));
    });
    const joined = await late;
    expect(model.calls).toHaveLength(1);
    expect(early.deltas).toEqual(PIECES);
    expect(joined?.deltas).toEqual(PIECES);
    expect(joined?.response?.result).toBe(PIECES.join(''));
  });

  it('aborts the shared provider call only once every caller has gone', async () => {
    const model = createFakeStreamModel('openai', [{ pieces: ['Revenue grew '], hang: true }]);
    const { streams, cache } = setup([model]);
    const one = new AbortController();
    const two = new AbortController();
    const first = drain(streams.processStream(REQUEST, { signal: one.signal }), () => {
      void drain(streams.processStream(REQUEST, { signal: two.signal }), () => {
        one.abort();
      }).then(() => undefined);
    });
    const left = await first;
    expect(left.deltas).toEqual(['Revenue grew ']);
    expect(model.calls[0]?.aborted).toBe(false);
    two.abort();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(model.calls).toHaveLength(1);
    expect(model.calls[0]?.aborted).toBe(true);
    expect(cache.store.size).toBe(0);
  });

  it('refuses a text over the limit or a blocked injection before any event, without a provider call', async () => {
    const model = createFakeStreamModel('openai', [{ pieces: PIECES }]);
    const tooLong = await drain(setup([model]).streams.processStream({ ...REQUEST, text: 'x'.repeat(10_001) }));
    expect(isAppError(tooLong.error) && tooLong.error.code).toBe('VALIDATION_ERROR');
    const blocking = createStreamProcessor({
      runner: createProviderChain({ providers: [model] }),
      cache: mapCache(),
      keys,
      clock: { now: () => 0, monotonic: () => 0 },
      limits: { inputMaxLength: 10_000, maxBatchItems: 3, batchConcurrency: 2, batchResultTtlSeconds: 60 },
      processor: { scan: () => ({ injection: true, score: 1, categories: ['override'], action: 'block' }) },
    });
    const refused = await drain(blocking.processStream(REQUEST));
    expect(isAppError(refused.error) && refused.error.code).toBe('PROMPT_INJECTION_DETECTED');
    expect(refused.deltas).toEqual([]);
    expect(model.calls).toHaveLength(0);
  });
});
