import { describe, expect, it } from 'vitest';
import { createTextProcessor } from '../../domain/processor.js';
import type { Cache, CacheKeys } from '../../domain/ports.js';
import { createSingleFlight } from '../../domain/single-flight.js';
import { createProviderChain } from '../../infra/ai/provider-chain.js';
import { FakeTextModel } from '../fakes/fake-text-model.js';

/** Work that settles when the test says so and records the signal it ran under. */
function controllableWork() {
  const signals: AbortSignal[] = [];
  let finish: (value: string) => void = () => undefined;
  const work = (signal: AbortSignal) => {
    signals.push(signal);
    return new Promise<string>((resolve, reject) => {
      finish = resolve;
      signal.addEventListener('abort', () => reject(new Error('shared work cancelled')), { once: true });
    });
  };
  return { work, signals, finish: (value: string) => finish(value) };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('createSingleFlight', () => {
  it('runs the work once for concurrent callers of a key, under a signal of its own', async () => {
    const flight = createSingleFlight<string>();
    const { work, signals, finish } = controllableWork();
    const first = new AbortController();
    const outcomes = [flight.run('k', work, first.signal), flight.run('k', work), flight.run('k', work)];
    expect(flight.size).toBe(1);
    finish('shared');
    expect(await Promise.all(outcomes)).toEqual(['shared', 'shared', 'shared']);
    expect(signals).toHaveLength(1);
    expect(signals[0]).not.toBe(first.signal);
    expect(flight.size).toBe(0);
  });

  it("rejects only the caller whose signal aborted; the others get the shared work's outcome", async () => {
    const flight = createSingleFlight<string>();
    const { work, signals, finish } = controllableWork();
    const first = new AbortController();
    const leaving = flight.run('k', work, first.signal);
    const staying = Array.from({ length: 3 }, () => flight.run('k', work, new AbortController().signal));
    first.abort(new Error('client went away'));
    await expect(leaving).rejects.toThrow('client went away');
    expect(signals[0]?.aborted).toBe(false);
    finish('shared');
    expect(await Promise.all(staying)).toEqual(['shared', 'shared', 'shared']);
  });

  it('cancels the shared work once every waiter has gone, and starts afresh for the next caller', async () => {
    const flight = createSingleFlight<string>();
    const { work, signals, finish } = controllableWork();
    const waiters = [new AbortController(), new AbortController()];
    const outcomes = waiters.map((waiter) =>
      flight.run('k', work, waiter.signal).catch((error: Error) => error.message),
    );
    waiters[0]?.abort(new Error('first gone'));
    await flush();
    expect(signals[0]?.aborted).toBe(false);
    waiters[1]?.abort(new Error('second gone'));
    expect(await Promise.all(outcomes)).toEqual(['first gone', 'second gone']);
    expect(signals[0]?.aborted).toBe(true);
    expect(flight.size).toBe(0);

    const next = flight.run('k', work);
    expect(signals).toHaveLength(2);
    finish('fresh');
    expect(await next).toBe('fresh');
  });

  it('never cancels work a caller without a signal waits for', async () => {
    const flight = createSingleFlight<string>();
    const { work, signals, finish } = controllableWork();
    const leaving = new AbortController();
    const outcomes = [flight.run('k', work, leaving.signal).catch(() => 'left'), flight.run('k', work)];
    leaving.abort();
    await flush();
    expect(signals[0]?.aborted).toBe(false);
    finish('kept');
    expect(await Promise.all(outcomes)).toEqual(['left', 'kept']);
  });

  it('rejects a caller whose signal is already aborted without starting or joining work', async () => {
    const flight = createSingleFlight<string>();
    const { work, signals } = controllableWork();
    await expect(flight.run('k', work, AbortSignal.abort(new Error('too late')))).rejects.toThrow('too late');
    expect(signals).toHaveLength(0);
    expect(flight.size).toBe(0);
  });

  it('shares a failure with every waiter and forgets the key', async () => {
    const flight = createSingleFlight<string>();
    const failing = () => Promise.reject(new Error('provider down'));
    const outcomes = [flight.run('k', failing, new AbortController().signal), flight.run('k', failing)];
    for (const outcome of outcomes) await expect(outcome).rejects.toThrow('provider down');
    expect(flight.size).toBe(0);
  });
});

describe('createTextProcessor.process with identical concurrent requests', () => {
  const TEXT = 'The quarterly report shows revenue grew by twelve percent while costs stayed flat.';
  const keys: CacheKeys = {
    forRequest: (input) => `${input.operation}|${input.text}`,
    forBatch: (id, owner) => `batch|${owner}|${id}`,
  };

  function setup(model: FakeTextModel) {
    const store = new Map<string, unknown>();
    const cache: Cache = {
      get: async (key) => store.get(key),
      set: async (key, value) => void store.set(key, value),
      delete: async (key) => void store.delete(key),
    };
    return createTextProcessor({
      runner: createProviderChain({ providers: [model] }),
      cache,
      keys,
      clock: { now: () => Date.UTC(2026, 0, 1), monotonic: () => performance.now() },
      limits: { inputMaxLength: 10_000, maxBatchItems: 3, batchConcurrency: 2, batchResultTtlSeconds: 60 },
    });
  }

  it('answers the others when the first caller disconnects, with one model call', async () => {
    const model = new FakeTextModel('openai', { otherwise: { answer: 'Revenue grew twelve percent.', afterMs: 200 } });
    const processor = setup(model);
    const first = new AbortController();
    const leaving = processor.process({ text: TEXT, operation: 'summarize' }, { signal: first.signal });
    const others = Array.from({ length: 10 }, () =>
      processor.process({ text: TEXT, operation: 'summarize' }, { signal: new AbortController().signal }),
    );
    while (model.calls.length === 0) await flush();
    await flush();
    first.abort(new DOMException('The client disconnected', 'AbortError'));
    await expect(leaving).rejects.toThrow('The client disconnected');
    const responses = await Promise.all(others);
    expect(responses.map((response) => response.result)).toEqual(Array(10).fill('Revenue grew twelve percent.'));
    expect(model.calls).toHaveLength(1);
    expect(model.calls[0]?.signal?.aborted).toBe(false);
  });

  it('cancels the model call when every caller has disconnected', async () => {
    const model = new FakeTextModel('openai', { otherwise: { hang: true } });
    const processor = setup(model);
    const callers = [new AbortController(), new AbortController()];
    const outcomes = callers.map((caller) =>
      processor.process({ text: TEXT, operation: 'summarize' }, { signal: caller.signal }).catch(() => 'gone'),
    );
    while (model.calls.length === 0) await flush();
    for (const caller of callers) caller.abort();
    expect(await Promise.all(outcomes)).toEqual(['gone', 'gone']);
    await flush();
    expect(model.calls).toHaveLength(1);
    expect(model.calls[0]?.signal?.aborted).toBe(true);
  });
});
