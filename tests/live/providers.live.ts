/**
 * The reference's manual tests, ported: the real app (`createTestApp`, built as `server/main.ts`
 * builds it) against the real provider APIs, one provider at a time, no offline fallback. Runs
 * with `make test-live`; a provider's cases run when its key is set and are skipped, naming the
 * variable, when it is not. Nothing here is mocked: these cases spend a few cents of tokens.
 *
 *   OPENAI_API_KEY  (OPENAI_BASE_URL for Ollama/vLLM, OPENAI_MODEL)  GEMINI_API_KEY  (GEMINI_BASE_URL, AI_MODEL)
 *   LIVE_OPENAI_KEYLESS=1  the OpenAI-compatible server checks no key (Ollama): skip the invalid-key case
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSse, type SseMessage } from '../../clients/sse-parser.js';
import { listenTestApp } from '../http/listen-test-app.js';
import { createTestApp, SAMPLE_TEXT, type TestApp } from '../http/test-app.js';

interface LiveProvider {
  readonly name: 'openai' | 'gemini';
  readonly keyVariable: 'OPENAI_API_KEY' | 'GEMINI_API_KEY';
  /** Variables handed to the app when set: the key first, then base URL and model. */
  readonly variables: readonly string[];
}

const PROVIDERS: readonly LiveProvider[] = [
  { name: 'openai', keyVariable: 'OPENAI_API_KEY', variables: ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'OPENAI_MODEL'] },
  { name: 'gemini', keyVariable: 'GEMINI_API_KEY', variables: ['GEMINI_API_KEY', 'GEMINI_BASE_URL', 'AI_MODEL'] },
];

const INVALID_KEY = 'invalid-key-for-live-tests';

/** One request per operation, and what its answer must contain. */
const OPERATION_CASES = [
  {
    body: { text: SAMPLE_TEXT, operation: 'summarize', options: { max_length: 60 } },
    check: (body: Record<string, unknown>) => expect(body['result']).toEqual(expect.stringMatching(/\w{3}/)),
  },
  {
    body: { text: SAMPLE_TEXT, operation: 'sentiment' },
    check: (body: Record<string, unknown>) =>
      expect(body['sentiment']).toMatchObject({
        sentiment: expect.stringMatching(/^(positive|negative|neutral)$/),
        confidence: expect.any(Number),
      }),
  },
  {
    body: { text: SAMPLE_TEXT, operation: 'key_points', options: { max_points: 3 } },
    check: (body: Record<string, unknown>) => expect((body['key_points'] as string[]).length).toBeGreaterThan(0),
  },
  {
    body: { text: SAMPLE_TEXT, operation: 'questions', options: { num_questions: 3 } },
    check: (body: Record<string, unknown>) => expect((body['questions'] as string[]).length).toBeGreaterThan(0),
  },
  {
    body: { text: SAMPLE_TEXT, operation: 'qa', question: 'Who is the mayor?' },
    check: (body: Record<string, unknown>) => expect(body['result']).toEqual(expect.stringMatching(/\w{3}/)),
  },
] as const;

function providerEnv(provider: LiveProvider, overrides: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = { AI_PROVIDERS: provider.name, AI_LOCAL_FALLBACK: 'false' };
  for (const name of provider.variables) {
    const value = process.env[name]?.trim();
    if (value) env[name] = value;
  }
  return { ...env, ...overrides };
}

const process_ = (app: TestApp, body: object) => request(app.app).post('/v1/text_processing/process').send(body);

for (const provider of PROVIDERS)
  describe(`live ${provider.name}`, () => {
    const key = process.env[provider.keyVariable]?.trim();
    const missing = key ? undefined : provider.keyVariable;
    /** The case's name, with the variable to set when it is skipped. */
    const name = (text: string, skipBecause?: string) => (skipBecause ? `${text} (skipped: set ${skipBecause})` : text);
    const apps: TestApp[] = [];
    const start = async (overrides: Record<string, string> = {}) => {
      const app = await createTestApp(providerEnv(provider, overrides));
      apps.push(app);
      return app;
    };
    let app: TestApp;

    beforeAll(async () => {
      if (!missing) app = await start();
    });
    afterAll(async () => {
      await Promise.all(apps.map((started) => started.deps.close()));
    });

    for (const { body, check } of OPERATION_CASES) {
      it.skipIf(missing)(name(`${body.operation}: answers from ${provider.name}`, missing), async () => {
        const response = await process_(app, body);
        expect(response.status, JSON.stringify(response.body)).toBe(200);
        expect(response.body).toMatchObject({ operation: body.operation, success: true, cache_hit: false });
        expect(response.body.metadata).toMatchObject({
          provider: provider.name,
          degraded: false,
          fallback_used: false,
        });
        check(response.body);
      });
    }

    it.skipIf(missing)(name(`batch: every operation in one call, from ${provider.name}`, missing), async () => {
      const requests = OPERATION_CASES.map(({ body }) => ({ ...body, text: `${body.text} (batch)` }));
      const response = await request(app.app).post('/v1/text_processing/batch_process').send({ requests });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body).toMatchObject({ total_requests: 5, completed: 5, failed: 0 });
      for (const item of response.body.results) expect(item.response.metadata.provider).toBe(provider.name);
    });

    it.skipIf(missing)(name(`streamed answer: deltas, then the result, from ${provider.name}`, missing), async () => {
      const listening = await listenTestApp(providerEnv(provider));
      try {
        const response = await fetch(`${listening.url}/v1/text_processing/process`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
          body: JSON.stringify({ ...OPERATION_CASES[0].body, text: `${SAMPLE_TEXT} (streamed)` }),
        });
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
        const messages: SseMessage[] = [];
        if (!response.body) throw new Error('no body');
        for await (const message of readSse(response.body)) messages.push(message);
        const deltas = messages.filter((message) => message.event === 'delta');
        const last = messages.at(-1);
        expect(deltas.length, JSON.stringify(messages)).toBeGreaterThan(0);
        expect(last?.event, JSON.stringify(messages)).toBe('result');
        const result = JSON.parse(last?.data ?? '{}') as Record<string, unknown>;
        expect(result).toMatchObject({ success: true, operation: 'summarize', metadata: { provider: provider.name } });
        const streamedText = deltas.map((delta) => (JSON.parse(delta.data) as { text: string }).text).join('');
        expect(streamedText).toMatch(/\w{3}/);
      } finally {
        await listening.close();
      }
    });

    const keyless =
      provider.name === 'openai' && process.env['LIVE_OPENAI_KEYLESS'] ? 'LIVE_OPENAI_KEYLESS is set' : '';
    it.skipIf(missing ?? keyless)(
      name('invalid key: 502 AI_SERVICE_ERROR with reason auth, no retry', missing) +
        (keyless && !missing ? ` (skipped: ${keyless})` : ''),
      async () => {
        const invalid = await start({ [provider.keyVariable]: INVALID_KEY });
        const response = await process_(invalid, OPERATION_CASES[0].body);
        expect(response.status, JSON.stringify(response.body)).toBe(502);
        expect(response.body).toMatchObject({
          success: false,
          error_code: 'AI_SERVICE_ERROR',
          details: { provider: provider.name, reason: 'auth' },
        });
        const metrics = await request(invalid.app).get('/internal/resilience/metrics').expect(200);
        // A rejected key is permanent: one call, never retried.
        expect(metrics.body.operations.summarize_text).toMatchObject({ total_calls: 1, retry_attempts: 0 });
      },
    );

    it.skipIf(missing)(
      name('timeout: AI_TIMEOUT_MS=100 cancels the call and answers 504 TIMEOUT', missing),
      async () => {
        const slow = await start({ AI_TIMEOUT_MS: '100', RESILIENCE_CUSTOM_CONFIG: '{"retry_attempts": 1}' });
        const started = performance.now();
        const response = await process_(slow, OPERATION_CASES[0].body);
        expect(response.status, JSON.stringify(response.body)).toBe(504);
        expect(response.body).toMatchObject({ success: false, error_code: 'TIMEOUT' });
        expect(performance.now() - started).toBeLessThan(5000);
      },
    );
  });
