import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, SAMPLE_TEXT, type TestApp } from './test-app.js';

const KEY = 'hot-path-key-0001';
const ENV = {
  API_KEY: KEY,
  RATE_LIMITING_ENABLED: 'true',
  RATE_LIMIT_HEAVY_PER_MINUTE: '1000',
  RATE_LIMIT_STANDARD_PER_MINUTE: '1000',
  RATE_LIMIT_AUTH_PER_MINUTE: '1000',
  RATE_LIMIT_GLOBAL_PER_MINUTE: '1000',
  MAX_HEADER_COUNT: '12',
};
/** Values that differ from one response to the next whichever path answers (the length with the
 * digits of `processing_time`). */
const VOLATILE_HEADERS = new Set([
  'date',
  'x-response-time',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
  'content-length',
]);

interface Answer {
  readonly status: number;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: unknown;
}

type Send = (agent: ReturnType<typeof request>) => request.Test;

/** Express's own entry (`handle` with a callback, as when mounted): the path the hot path skips. */
function viaExpress(app: TestApp['app']): RequestListener {
  const handle = (app as unknown as { handle: (q: IncomingMessage, s: ServerResponse, next: () => void) => void })
    .handle;
  return (incoming, outgoing) =>
    handle.call(app, incoming, outgoing, () => {
      outgoing.statusCode = 599;
      outgoing.end();
    });
}

function withoutVolatile(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutVolatile);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'timestamp' && key !== 'processing_time')
      .map(([key, inner]) => [key, withoutVolatile(inner)]),
  );
}

async function answer(listener: RequestListener | TestApp['app'], send: Send): Promise<Answer> {
  const response = await send(request(listener));
  const raw = response.headers as Record<string, string>;
  return {
    status: response.status,
    headers: Object.entries(raw).map(([name, value]) => [
      name,
      VOLATILE_HEADERS.has(name) ? '(varies)' : String(value),
    ]),
    body: withoutVolatile(response.body),
  };
}

describe('the hot path', () => {
  let testApp: TestApp;
  let express: RequestListener;

  beforeAll(async () => {
    testApp = await createTestApp(ENV);
    express = viaExpress(testApp.app);
    await request(testApp.app)
      .post('/v1/text_processing/process')
      .set('X-API-Key', KEY)
      .send({ text: SAMPLE_TEXT, operation: 'sentiment' })
      .expect(200);
  });
  afterAll(async () => testApp.deps.close());
  afterEach(() => vi.restoreAllMocks());

  const CASES: readonly (readonly [string, Send])[] = [
    [
      'a REST cache hit',
      (agent) =>
        agent
          .post('/v1/text_processing/process')
          .set('X-API-Key', KEY)
          .set('X-Request-ID', 'same-id-1')
          .send({ text: SAMPLE_TEXT, operation: 'sentiment' }),
    ],
    [
      'a GET with a path parameter',
      (agent) =>
        agent.get('/v1/text_processing/batch_status/none').set('X-API-Key', KEY).set('X-Request-ID', 'same-id-2'),
    ],
    ['a HEAD', (agent) => agent.head('/v1/text_processing/operations').set('X-Request-ID', 'same-id-3')],
    [
      'a missing key',
      (agent) =>
        agent
          .post('/v1/text_processing/process')
          .set('X-Request-ID', 'same-id-4')
          .send({ text: 'x', operation: 'summarize' }),
    ],
    [
      'invalid input',
      (agent) =>
        agent
          .post('/v1/text_processing/process')
          .set('X-API-Key', KEY)
          .set('X-Request-ID', 'same-id-5')
          .send({ text: '', operation: 'nope' }),
    ],
    [
      'malformed JSON',
      (agent) =>
        agent
          .post('/v1/text_processing/process')
          .set('X-API-Key', KEY)
          .set('X-Request-ID', 'same-id-6')
          .set('Content-Type', 'application/json')
          .send('{"text":'),
    ],
    [
      'a method the path does not have',
      (agent) => agent.get('/v1/text_processing/process').set('X-API-Key', KEY).set('X-Request-ID', 'same-id-7'),
    ],
    [
      'too many headers',
      (agent) => {
        let test = agent.get('/v1/health').set('X-Request-ID', 'same-id-8');
        for (let index = 0; index < 12; index += 1) test = test.set(`X-Extra-${index}`, 'x');
        return test;
      },
    ],
    [
      'a tRPC call',
      (agent) =>
        agent
          .post('/trpc/public.process')
          .set('X-API-Key', KEY)
          .set('X-Request-ID', 'same-id-9')
          .send({ text: SAMPLE_TEXT, operation: 'sentiment' }),
    ],
    [
      'a tRPC batch',
      (agent) =>
        agent
          .get('/trpc/public.operations,public.authStatus?batch=1&input=%7B%7D')
          .set('X-API-Key', KEY)
          .set('X-Request-ID', 'same-id-10'),
    ],
    [
      'an unknown tRPC procedure',
      (agent) => agent.post('/trpc/public.nothing').set('X-API-Key', KEY).set('X-Request-ID', 'same-id-11').send({}),
    ],
  ];

  it.each(CASES)('answers %s exactly as the express path does', async (_name, send) => {
    const hot = await answer(testApp.app, send);
    const viaRouter = await answer(express, send);
    expect(hot).toEqual(viaRouter);
    expect(hot.status).not.toBe(599);
  });

  it('skips express for procedure calls and keeps it for everything else', async () => {
    const swaps = vi.spyOn(Object, 'setPrototypeOf');
    await request(testApp.app).get('/v1/health').expect(200);
    await request(testApp.app).post('/trpc/public.health').send({});
    expect(swaps).not.toHaveBeenCalled();
    await request(testApp.app).get('/livez').expect(200);
    expect(swaps).toHaveBeenCalled();
  });

  it('answers a refused rate limit exactly as the express path does', async () => {
    const limited = await createTestApp({ ...ENV, RATE_LIMIT_HEAVY_PER_MINUTE: '1' });
    try {
      const send: Send = (agent) =>
        agent
          .post('/v1/text_processing/process')
          .set('X-API-Key', KEY)
          .set('X-Request-ID', 'same-id-12')
          .send({ text: SAMPLE_TEXT, operation: 'summarize' });
      await answer(limited.app, send);
      const hot = await answer(limited.app, send);
      const viaRouter = await answer(viaExpress(limited.app), send);
      expect(hot.status).toBe(429);
      expect(hot).toEqual(viaRouter);
    } finally {
      await limited.deps.close();
    }
  });
});
