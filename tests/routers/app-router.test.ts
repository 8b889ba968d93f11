import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../infra/logger.js';
import type { RequestContext } from '../../routers/context.js';
import { appRouter } from '../../routers/index.js';
import { createCallerFactory } from '../../routers/trpc.js';
import { loadConfig } from '../../server/config.js';
import { createDeps, type AppDeps } from '../../server/deps.js';

const createCaller = createCallerFactory(appRouter);
const TEXT = 'Solar panels convert sunlight into electricity. Prices have fallen sharply over the last decade.';

describe('appRouter through createCaller', () => {
  let deps: AppDeps;
  const contextWith = (credentials: RequestContext['credentials']): RequestContext => ({
    services: deps.services,
    credentials,
    requestId: 'test-request',
    bypassCache: false,
  });

  beforeAll(async () => {
    const config = loadConfig({ API_KEY: 'user-key', INTERNAL_API_KEYS: 'operator-key' });
    deps = await createDeps(config, createLogger({ level: 'error', format: 'json', silent: true }));
  });

  it('processes text for a user key', async () => {
    const caller = createCaller(contextWith({ kind: 'bearer', key: 'user-key' }));
    const response = await caller.public.process({ text: TEXT, operation: 'summarize', options: { max_length: 20 } });
    expect(response.result?.split(/\s+/).length).toBeLessThanOrEqual(20);
  });

  it('refuses an anonymous caller with AUTHENTICATION_ERROR', async () => {
    const caller = createCaller(contextWith({ kind: 'none' }));
    const error = await caller.public
      .process({ text: TEXT, operation: 'summarize' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).cause).toMatchObject({ code: 'AUTHENTICATION_ERROR' });
  });

  it('keeps the internal API for operator keys: a user key gets AUTHORIZATION_ERROR', async () => {
    const user = createCaller(contextWith({ kind: 'bearer', key: 'user-key' }));
    const error = await user.internal.cacheStatus().catch((caught: unknown) => caught);
    expect((error as TRPCError).cause).toMatchObject({ code: 'AUTHORIZATION_ERROR' });
    const operator = createCaller(contextWith({ kind: 'x-api-key', key: 'operator-key' }));
    const status = await operator.internal.cacheStatus();
    expect(status.tiers).toHaveProperty('memory');
  });

  it('invalidates cached answers by operation and reports the count', async () => {
    const user = createCaller(contextWith({ kind: 'bearer', key: 'user-key' }));
    await user.public.process({ text: TEXT, operation: 'sentiment' });
    await user.public.process({ text: TEXT, operation: 'key_points' });
    const operator = createCaller(contextWith({ kind: 'bearer', key: 'operator-key' }));
    const result = await operator.internal.cacheInvalidate({ operation: 'sentiment' });
    expect(result).toMatchObject({ keys_removed: 1, operation: 'sentiment' });
    const again = await user.public.process({ text: TEXT, operation: 'key_points' });
    expect(again.cache_hit).toBe(true);
    const stats = await operator.internal.cacheInvalidationStats();
    expect(stats).toMatchObject({ total_invalidations: 1, total_keys_invalidated: 1 });
  });
});
