import type { Redis } from 'ioredis';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CACHE_NAMESPACE } from '../../infra/cache/cache-keys.js';
import { createRedisProcess, type RedisProcess } from '../fakes/redis-process.js';
import { createInspector, keysOf } from '../fakes/redis-namespace.js';
import { createTestApp, SAMPLE_TEXT, type TestApp } from './test-app.js';

const ALICE = 'alice-key-0123456789';
const BOBBY = 'bobby-key-9876543210';

const batch = (batchId: string, texts: readonly string[]) => ({
  batch_id: batchId,
  requests: texts.map((text) => ({ text, operation: 'summarize' })),
});

interface Backend {
  readonly name: string;
  /** Extra environment for the app; undefined before `setUp`. */
  setUp(): Promise<Record<string, string>>;
  tearDown(): Promise<void>;
  /** Keys really stored in Redis (empty without Redis). */
  storedKeys(): Promise<string[]>;
}

function memoryBackend(): Backend {
  return {
    name: 'memory cache',
    setUp: async () => ({}),
    tearDown: async () => undefined,
    storedKeys: async () => [],
  };
}

/** A private Redis: `pattern=*` wipes the whole default namespace, which no other test may share. */
function redisBackend(): Backend {
  let redis: RedisProcess | undefined;
  let inspector: Redis | undefined;
  return {
    name: 'Redis',
    async setUp() {
      redis = await createRedisProcess();
      await redis.start();
      inspector = createInspector(redis.url);
      return { REDIS_URL: redis.url };
    },
    async tearDown() {
      inspector?.disconnect();
      await redis?.stop();
    },
    storedKeys: async () => (inspector ? keysOf(inspector, CACHE_NAMESPACE) : []),
  };
}

describe.each([memoryBackend(), redisBackend()])('batch outcomes with the $name', (backend) => {
  let testApp: TestApp;

  beforeAll(async () => {
    const extra = await backend.setUp();
    testApp = await createTestApp({ API_KEY: ALICE, ADDITIONAL_API_KEYS: BOBBY, ...extra });
    if (extra.REDIS_URL) {
      await vi.waitFor(
        async () => expect((await testApp.deps.services.health.components())['cache:redis']?.status).toBe('healthy'),
        { timeout: 5000, interval: 50 },
      );
    }
  });

  afterAll(async () => {
    await testApp?.deps.close();
    await backend.tearDown();
  });

  const send = (key: string, body: object) =>
    request(testApp.app).post('/v1/text_processing/batch_process').set('X-API-Key', key).send(body);
  const status = (key: string, batchId: string) =>
    request(testApp.app).get(`/v1/text_processing/batch_status/${batchId}`).set('X-API-Key', key);
  const invalidate = (query: string) =>
    request(testApp.app).post(`/internal/cache/invalidate${query}`).set('X-API-Key', ALICE);
  const process = () =>
    request(testApp.app)
      .post('/v1/text_processing/process')
      .set('X-API-Key', ALICE)
      .send({ text: `${SAMPLE_TEXT} Invalidation.`, operation: 'sentiment' })
      .expect(200);

  it("answers another key's batch_status with the same 404 as an unknown id", async () => {
    const created = await send(ALICE, batch('owned-1', [SAMPLE_TEXT])).expect(200);
    const own = await status(ALICE, 'owned-1').expect(200);
    expect(own.body).toMatchObject({ ...created.body, status: 'completed' });

    const foreign = await status(BOBBY, 'owned-1').expect(404);
    const unknown = await status(BOBBY, 'never-made').expect(404);
    const strip = (body: Record<string, unknown>) => ({ ...body, timestamp: null, request_id: null });
    expect(strip(foreign.body)).toEqual({
      ...strip(unknown.body),
      error: "Batch 'owned-1' is unknown or has expired",
      details: { batch_id: 'owned-1' },
    });
    expect(foreign.body.error_code).toBe('NOT_FOUND');
  });

  it('refuses a batch_id its key reuses while the outcome is stored, and keeps the outcome', async () => {
    const created = await send(ALICE, batch('reused-1', [SAMPLE_TEXT])).expect(200);
    const reused = await send(ALICE, batch('reused-1', ['too short'])).expect(422);
    expect(reused.body).toMatchObject({ success: false, error_code: 'VALIDATION_ERROR' });
    expect(reused.body.details.fields.map((issue: { field: string }) => issue.field)).toEqual(['batch_id']);

    const kept = await status(ALICE, 'reused-1').expect(200);
    expect(kept.body).toMatchObject({ ...created.body, completed: 1, failed: 0 });
  });

  it("gives another key its own batch under the same id, leaving the first key's outcome alone", async () => {
    const alices = await send(ALICE, batch('shared-1', [SAMPLE_TEXT])).expect(200);
    const bobbys = await send(BOBBY, batch('shared-1', ['too short', SAMPLE_TEXT])).expect(200);
    expect(bobbys.body).toMatchObject({ batch_id: 'shared-1', total_requests: 2, completed: 1, failed: 1 });

    expect((await status(ALICE, 'shared-1').expect(200)).body).toMatchObject({
      ...alices.body,
      total_requests: 1,
    });
    expect((await status(BOBBY, 'shared-1').expect(200)).body).toMatchObject({ ...bobbys.body, total_requests: 2 });
  });

  it('never writes an API key into a key name', async () => {
    const keys = await backend.storedKeys();
    expect(keys.length === 0 || keys.some((key) => key.includes(':batch:'))).toBe(true);
    for (const key of keys) {
      expect(key).not.toContain(ALICE);
      expect(key).not.toContain(BOBBY);
    }
  });

  it('refuses an invalidation without a pattern (422 naming `pattern`) and removes nothing', async () => {
    await process();
    for (const query of ['', '?pattern=']) {
      const refused = await invalidate(query).expect(422);
      expect(refused.body).toMatchObject({ success: false, error_code: 'VALIDATION_ERROR' });
      expect(refused.body.details.fields.map((issue: { field: string }) => issue.field)).toEqual(['pattern']);
    }
    expect((await process()).body.cache_hit).toBe(true);
  });

  it('removes every cache entry for pattern=* but keeps stored batch outcomes', async () => {
    await send(ALICE, batch('survives-1', [SAMPLE_TEXT])).expect(200);
    await process();

    const wiped = await invalidate('?pattern=*').expect(200);
    expect(wiped.body).toMatchObject({ message: 'Cache invalidated for pattern: *', pattern: '*' });
    expect(wiped.body.keys_removed).toBeGreaterThanOrEqual(2);

    expect((await process()).body.cache_hit).toBe(false);
    expect((await status(ALICE, 'survives-1').expect(200)).body).toMatchObject({ batch_id: 'survives-1' });
    expect((await status(ALICE, 'shared-1').expect(200)).body).toMatchObject({ total_requests: 1 });
    const stored = await backend.storedKeys();
    if (stored.length > 0)
      expect(stored.every((key) => key.includes(':batch:') || key.includes(':sentiment:'))).toBe(true);
  });
});

describe('batch outcomes without configured keys', () => {
  it('belong to one fixed anonymous owner', async () => {
    const { app } = await createTestApp();
    await request(app)
      .post('/v1/text_processing/batch_process')
      .send(batch('open-1', [SAMPLE_TEXT]))
      .expect(200);
    const read = await request(app).get('/v1/text_processing/batch_status/open-1').expect(200);
    expect(read.body).toMatchObject({ batch_id: 'open-1', status: 'completed' });
    const reused = await request(app)
      .post('/v1/text_processing/batch_process')
      .send(batch('open-1', [SAMPLE_TEXT]))
      .expect(422);
    expect(reused.body.details.fields[0].field).toBe('batch_id');
  });
});
