import { isTRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRouter } from '../routers/index.js';
import { listenTestApp, type ListeningTestApp } from '../tests/http/listen-test-app.js';
import { SAMPLE_TEXT } from '../tests/http/test-app.js';
import { createApiClient } from './api-client.js';
import { runTypedClientExample } from './examples/typed-client.js';

const USER_KEY = 'typed-client-user-key';
const OPERATOR_KEY = 'typed-client-operator-key';

/** A fetch that records each HTTP request the client makes. */
function countingFetch() {
  const urls: string[] = [];
  const counted: typeof fetch = (input, init) => {
    urls.push(input instanceof Request ? input.url : String(input));
    return fetch(input, init);
  };
  return { fetch: counted, urls };
}

async function rejectionOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isTRPCClientError<AppRouter>(error)) throw new Error(`expected a TRPCClientError, got ${String(error)}`);
  return error;
}

describe('createApiClient against the real app over HTTP', () => {
  let server: ListeningTestApp;
  beforeAll(async () => {
    server = await listenTestApp({ API_KEY: USER_KEY, INTERNAL_API_KEYS: OPERATOR_KEY });
  });
  afterAll(async () => server.close());

  it('sends calls made in the same tick as one batched HTTP request, with typed results', async () => {
    const recorder = countingFetch();
    const client = createApiClient({ url: server.url, apiKey: USER_KEY, fetch: recorder.fetch });
    const [health, catalogue, keyPoints, answer] = await Promise.all([
      client.public.health.query(),
      client.public.operations.query(),
      client.public.process.mutate({ text: SAMPLE_TEXT, operation: 'key_points', options: { max_points: 2 } }),
      client.public.process.mutate({ text: SAMPLE_TEXT, operation: 'qa', question: 'Who is the mayor?' }),
    ]);
    expect(health.status).toBe('healthy');
    expect(catalogue.operations.map((operation) => operation.id)).toContain('qa');
    expect(keyPoints.key_points?.length).toBeGreaterThan(0);
    expect(keyPoints.key_points!.length).toBeLessThanOrEqual(2);
    expect(answer.result).toContain('Elena Ruiz');
    // Queries and mutations go as two batches (GET and POST), not four requests.
    expect(recorder.urls).toHaveLength(2);
    expect(recorder.urls.every((url) => url.includes('batch=1'))).toBe(true);
  });

  it('gives each call of a batch its own outcome, the failure carrying error.data.error_code', async () => {
    const client = createApiClient({ url: server.url, apiKey: USER_KEY });
    const [good, error] = await Promise.all([
      client.public.process.mutate({ text: SAMPLE_TEXT, operation: 'sentiment' }),
      rejectionOf(client.public.process.mutate({ text: 'Too short', operation: 'summarize' })),
    ]);
    expect(good.sentiment?.sentiment).toMatch(/positive|negative|neutral/);
    expect(error.data?.error_code).toBe('VALIDATION_ERROR');
    expect(error.data?.httpStatus).toBe(422);
    expect(error.data?.details).toMatchObject({ fields: [expect.objectContaining({ field: 'text' })] });
  });

  it('rejects a wrong key with AUTHENTICATION_ERROR and a user key on the internal API with AUTHORIZATION_ERROR', async () => {
    const stranger = createApiClient({ url: server.url, apiKey: 'not-a-key', batch: false });
    const unauthenticated = await rejectionOf(
      stranger.public.process.mutate({ text: SAMPLE_TEXT, operation: 'summarize' }),
    );
    expect(unauthenticated.data?.error_code).toBe('AUTHENTICATION_ERROR');
    expect(unauthenticated.data?.httpStatus).toBe(401);

    const user = createApiClient({ url: server.url, apiKey: USER_KEY });
    const forbidden = await rejectionOf(user.internal.cacheStatus.query());
    expect(forbidden.data?.error_code).toBe('AUTHORIZATION_ERROR');
    const operator = createApiClient({ url: server.url, apiKey: OPERATOR_KEY });
    await expect(operator.internal.cacheStatus.query()).resolves.toMatchObject({
      tiers: { memory: { status: 'active' } },
    });
  });

  it('runs the typed-client example: one batched request, then the codes of a wrong key and of invalid input', async () => {
    const recorder = countingFetch();
    const lines: string[] = [];
    const outcome = await runTypedClientExample({
      url: server.url,
      apiKey: USER_KEY,
      fetch: recorder.fetch,
      log: (line) => lines.push(line),
    });
    expect(outcome.summary.result?.split(/\s+/).length).toBeLessThanOrEqual(20);
    expect(outcome.sentiment.sentiment?.sentiment).toMatch(/positive|negative|neutral/);
    expect(outcome.refusedCode).toBe('AUTHENTICATION_ERROR');
    expect(outcome.errorCode).toBe('VALIDATION_ERROR');
    expect(lines[0]).toBe('service healthy, version 1.0.0');
    expect(lines.slice(-2)).toEqual([
      'with a wrong key: 401 AUTHENTICATION_ERROR',
      expect.stringMatching(/^invalid input: 422 VALIDATION_ERROR: /),
    ]);
    expect(outcome.streamed).toBeTruthy();
    // Health + catalogue (GET batch), two mutations (POST batch), the streamed answer (its own GET
    // event stream), then the two failing calls.
    expect(recorder.urls).toHaveLength(5);
  });
});
