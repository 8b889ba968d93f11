import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenTestApp, type ListeningTestApp } from '../../tests/http/listen-test-app.js';
import { SAMPLE_TEXT } from '../../tests/http/test-app.js';
import { runPlainFetchExample } from '../examples/plain-fetch.js';
import { generateRestTypes } from './generate-types.js';
import { expectData, isRestApiError, type RestApiError } from './rest-api-error.js';
import { createRestClient } from './rest-client.js';

const USER_KEY = 'rest-client-user-key';
const OPERATOR_KEY = 'rest-client-operator-key';

async function restErrorOf(promise: Promise<unknown>): Promise<RestApiError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isRestApiError(error)) throw new Error(`expected a RestApiError, got ${String(error)}`);
  return error;
}

describe('createRestClient against the real app over HTTP', () => {
  let server: ListeningTestApp;
  beforeAll(async () => {
    server = await listenTestApp({
      API_KEY: USER_KEY,
      INTERNAL_API_KEYS: OPERATOR_KEY,
      MAX_BATCH_REQUESTS_PER_CALL: '3',
    });
  });
  afterAll(async () => server.close());

  it('processes a text on the typed REST path and returns the typed response', async () => {
    const client = createRestClient({ url: `${server.url}/`, apiKey: USER_KEY });
    const { data, error, response } = await client.POST('/v1/text_processing/process', {
      body: { text: SAMPLE_TEXT, operation: 'questions', options: { num_questions: 2 } },
    });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data?.questions).toHaveLength(2);
    expect(data?.metadata.provider).toBe('local');
  });

  it('reads health without a key and the catalogue with option ranges', async () => {
    const client = createRestClient({ url: server.url });
    const health = await expectData(client.GET('/v1/health'));
    expect(health.components['cache:memory']?.status).toBe('healthy');
    const catalogue = await expectData(client.GET('/v1/text_processing/operations'));
    const summarize = catalogue.operations.find((operation) => operation.id === 'summarize');
    expect(summarize?.option_details[0]).toMatchObject({ name: 'max_length', minimum: 10, maximum: 1000 });
  });

  it('fills path parameters: a batch, then its stored status', async () => {
    const client = createRestClient({ url: server.url, apiKey: USER_KEY });
    const batch = await expectData(
      client.POST('/v1/text_processing/batch_process', {
        body: {
          requests: [
            { text: SAMPLE_TEXT, operation: 'sentiment' },
            { text: 'tiny', operation: 'sentiment' },
          ],
          batch_id: 'rest-client-batch',
        },
      }),
    );
    expect([batch.completed, batch.failed]).toEqual([1, 1]);
    expect(batch.results[1]?.error?.code).toBe('VALIDATION_ERROR');
    const status = await expectData(
      client.GET('/v1/text_processing/batch_status/{batch_id}', {
        params: { path: { batch_id: 'rest-client-batch' } },
      }),
    );
    expect(status).toMatchObject({ status: 'completed', batch_id: 'rest-client-batch', total_requests: 2 });
  });

  it('turns error answers into RestApiError with status, error_code and details', async () => {
    const stranger = createRestClient({ url: server.url, apiKey: 'wrong-key' });
    const unauthenticated = await restErrorOf(
      expectData(stranger.POST('/v1/text_processing/process', { body: { text: SAMPLE_TEXT, operation: 'summarize' } })),
    );
    expect([unauthenticated.status, unauthenticated.code]).toEqual([401, 'AUTHENTICATION_ERROR']);

    const client = createRestClient({ url: server.url, apiKey: USER_KEY });
    const overLimit = await restErrorOf(
      expectData(
        client.POST('/v1/text_processing/batch_process', {
          body: { requests: Array.from({ length: 4 }, () => ({ text: SAMPLE_TEXT, operation: 'sentiment' })) },
        }),
      ),
    );
    expect([overLimit.status, overLimit.code]).toEqual([400, 'VALIDATION_ERROR']);
    expect(overLimit.body?.details).toMatchObject({ limit: 3, received: 4 });
    expect(overLimit.isRetryable).toBe(false);
  });

  it('reaches the internal API with an operator key and is refused with a user key', async () => {
    const operator = createRestClient({ url: server.url, apiKey: OPERATOR_KEY });
    const presets = await expectData(operator.GET('/internal/resilience/config/presets'));
    expect(presets.map((preset) => preset.key)).toEqual(['simple', 'development', 'production']);
    const user = createRestClient({ url: server.url, apiKey: USER_KEY });
    const refused = await restErrorOf(expectData(user.GET('/internal/cache/status')));
    expect([refused.status, refused.code]).toEqual([403, 'AUTHORIZATION_ERROR']);
  });

  it('runs the plain-fetch example', async () => {
    const lines: string[] = [];
    const outcome = await runPlainFetchExample({ url: server.url, apiKey: USER_KEY, log: (line) => lines.push(line) });
    expect(outcome.result.key_points?.length).toBeLessThanOrEqual(3);
    expect(lines[0]).toMatch(/^1\. /);
    expect([outcome.refusedStatus, outcome.refusedCode]).toEqual([401, 'AUTHENTICATION_ERROR']);
  });
});

describe('the committed REST types', () => {
  it('match the types generated from the OpenAPI documents the server builds', async () => {
    const committed = await readFile(new URL('./openapi-types.ts', import.meta.url), 'utf8');
    expect(committed === (await generateRestTypes()), 'run: npx tsx clients/rest/generate-types.ts').toBe(true);
  });
});
