import { afterAll, describe, expect, it, vi } from 'vitest';
import { createTextProcessor } from '../../domain/processor.js';
import { createProviderChain } from '../../infra/ai/provider-chain.js';
import { createCacheKeys } from '../../infra/cache/cache-keys.js';
import { createCacheStack, type CacheStack } from '../../infra/cache/cache-stack.js';
import { FakeTextModel } from '../fakes/fake-text-model.js';
import { SHARED_REDIS_URL, createInspector, keysOf, removeNamespace, testNamespace } from '../fakes/redis-namespace.js';

const namespace = testNamespace('flight');
const inspector = createInspector();
const stacks: CacheStack[] = [];
const TEXT = 'The quarterly report shows revenue grew by twelve percent while costs stayed flat across all regions.';

afterAll(async () => {
  await Promise.all(stacks.map((stack) => stack.close()));
  await removeNamespace(inspector, namespace);
  inspector.disconnect();
});

function createInstance(model: FakeTextModel) {
  const stack = createCacheStack({
    memoryMaxEntries: 1000,
    memoryMaxBytes: 1_000_000,
    now: () => Date.now(),
    redisUrl: SHARED_REDIS_URL,
    namespace,
  });
  stacks.push(stack);
  const processor = createTextProcessor({
    runner: createProviderChain({ providers: [model] }),
    cache: stack.cache,
    keys: createCacheKeys(namespace),
    clock: { now: () => Date.now(), monotonic: () => performance.now() },
    limits: { inputMaxLength: 10_000, maxBatchItems: 10, batchConcurrency: 2, batchResultTtlSeconds: 60 },
  });
  return { stack, processor };
}

async function redisReady(stack: CacheStack) {
  const check = stack.healthChecks.find((candidate) => candidate.name === 'cache:redis')!;
  await vi.waitFor(async () => expect((await check.run(new AbortController().signal)).status).toBe('healthy'), {
    timeout: 5000,
  });
}

describe('identical concurrent requests through the tiered cache', () => {
  it('make exactly one provider call, and the answer is then shared through Redis', async () => {
    const model = new FakeTextModel('openai', {
      otherwise: { answer: 'Revenue grew twelve percent; costs were flat.', afterMs: 150 },
    });
    const { stack, processor } = createInstance(model);
    await redisReady(stack);

    const responses = await Promise.all(
      Array.from({ length: 100 }, () => processor.process({ text: TEXT, operation: 'summarize' })),
    );
    expect(model.calls).toHaveLength(1);
    expect(new Set(responses.map((response) => response.result))).toEqual(
      new Set(['Revenue grew twelve percent; costs were flat.']),
    );
    expect(await keysOf(inspector, namespace)).toHaveLength(1);

    const again = await processor.process({ text: TEXT, operation: 'summarize' });
    expect(again.cache_hit).toBe(true);

    const otherModel = new FakeTextModel('openai', { otherwise: { answer: 'Should not be called.' } });
    const other = createInstance(otherModel);
    await redisReady(other.stack);
    const elsewhere = await other.processor.process({ text: TEXT, operation: 'summarize' });
    expect(elsewhere).toMatchObject({ cache_hit: true, result: 'Revenue grew twelve percent; costs were flat.' });
    expect(otherModel.calls).toHaveLength(0);
    expect(model.calls).toHaveLength(1);
  });
});
