import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, SAMPLE_TEXT, type TestApp } from './test-app.js';

const KEY = 'test-key-123456789';

describe('public REST API (with API keys configured)', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp({ API_KEY: KEY, ADDITIONAL_API_KEYS: 'second-key' });
  });
  afterAll(async () => testApp.deps.close());

  it('answers health without a key, 200 with the reference fields and components', async () => {
    const response = await request(testApp.app).get('/v1/health').expect(200);
    expect(response.body).toMatchObject({
      status: 'healthy',
      version: '1.0.0',
      ai_model_available: true,
      cache_healthy: true,
    });
    expect(response.body.timestamp).toContain('T');
    expect(response.body.components['ai:local']).toMatchObject({ status: 'healthy' });
  });

  it('answers the reference text-processing health without a key', async () => {
    const response = await request(testApp.app).get('/v1/text_processing/health').expect(200);
    expect(response.body).toMatchObject({ overall_healthy: true, service_type: 'domain' });
    expect(response.body.infrastructure.resilience.details.open_circuit_breakers).toEqual([]);
  });

  it('redirects /health to /v1/health with 301', async () => {
    const response = await request(testApp.app).get('/health').expect(301);
    expect(response.headers.location).toBe('/v1/health');
  });

  it('reports auth status for Bearer and X-API-Key, Bearer winning', async () => {
    const bearer = await request(testApp.app).get('/v1/auth/status').set('Authorization', `Bearer ${KEY}`).expect(200);
    expect(bearer.body).toEqual({
      authenticated: true,
      api_key_prefix: 'test-key...',
      message: 'Authentication successful',
    });
    await request(testApp.app).get('/v1/auth/status').set('X-API-Key', 'second-key').expect(200);
    await request(testApp.app)
      .get('/v1/auth/status')
      .set('Authorization', `Bearer ${KEY}`)
      .set('X-API-Key', 'wrong')
      .expect(200);
  });

  it('rejects a missing key with 401, the error shape and WWW-Authenticate', async () => {
    const response = await request(testApp.app).get('/v1/auth/status').expect(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(response.body).toMatchObject({ success: false, error_code: 'AUTHENTICATION_ERROR' });
    expect(response.body.error).toContain('API key required');
    expect(typeof response.body.request_id).toBe('string');
  });

  it('rejects a wrong key on process and never echoes the key', async () => {
    const response = await request(testApp.app)
      .post('/v1/text_processing/process')
      .set('Authorization', 'Bearer nope-secret-value')
      .send({ text: SAMPLE_TEXT, operation: 'summarize' })
      .expect(401);
    expect(response.body.error).toBe('Invalid API key');
    expect(JSON.stringify(response.body)).not.toContain('nope-secret-value');
  });

  it('lists the operation catalogue with option details, key optional but validated', async () => {
    const response = await request(testApp.app).get('/v1/text_processing/operations').expect(200);
    const summarize = response.body.operations.find((operation: { id: string }) => operation.id === 'summarize');
    expect(summarize).toMatchObject({ name: 'Summarize', options: ['max_length'] });
    expect(summarize.option_details[0]).toMatchObject({ name: 'max_length', minimum: 10, maximum: 1000, default: 100 });
    expect(response.body.operations.find((operation: { id: string }) => operation.id === 'qa').requires_question).toBe(
      true,
    );
    await request(testApp.app).get('/v1/text_processing/operations').set('X-API-Key', 'bad').expect(401);
  });

  it('processes each operation through the local provider', async () => {
    const cases = [
      { operation: 'summarize', field: 'result' },
      { operation: 'sentiment', field: 'sentiment' },
      { operation: 'key_points', field: 'key_points' },
      { operation: 'questions', field: 'questions' },
      { operation: 'qa', field: 'result', question: 'Who is the mayor?' },
    ];
    for (const { operation, field, question } of cases) {
      const response = await request(testApp.app)
        .post('/v1/text_processing/process')
        .set('X-API-Key', KEY)
        .send({ text: SAMPLE_TEXT, operation, ...(question ? { question } : {}) })
        .expect(200);
      expect(response.body).toMatchObject({ operation, success: true, cache_hit: false });
      expect(response.body[field]).toBeTruthy();
      expect(response.body.metadata).toMatchObject({ provider: 'local', degraded: false, attempts: 1 });
    }
  });

  it('returns a cache hit for the same request and honours Cache-Control: no-cache', async () => {
    const body = { text: `${SAMPLE_TEXT} Cached.`, operation: 'key_points', options: { max_points: 2 } };
    const first = await request(testApp.app).post('/v1/text_processing/process').set('X-API-Key', KEY).send(body);
    const second = await request(testApp.app).post('/v1/text_processing/process').set('X-API-Key', KEY).send(body);
    expect([first.body.cache_hit, second.body.cache_hit]).toEqual([false, true]);
    expect(second.body.key_points).toEqual(first.body.key_points);
    expect(second.body.key_points.length).toBeLessThanOrEqual(2);
    const fresh = await request(testApp.app)
      .post('/v1/text_processing/process')
      .set('X-API-Key', KEY)
      .set('Cache-Control', 'no-cache')
      .send(body);
    expect(fresh.body.cache_hit).toBe(false);
  });

  it('validates input with 422, naming each field', async () => {
    const response = await request(testApp.app)
      .post('/v1/text_processing/process')
      .set('X-API-Key', KEY)
      .send({ text: 'short', operation: 'translate', options: { max_length: 5, colour: 'red' } })
      .expect(422);
    expect(response.body.error_code).toBe('VALIDATION_ERROR');
    const fields = response.body.details.fields.map((issue: { field: string }) => issue.field);
    expect(fields).toEqual(expect.arrayContaining(['text', 'operation', 'options.max_length', 'options']));
  });

  it('requires a non-empty question for qa, with 422 whether omitted or empty', async () => {
    for (const question of [undefined, '', '   ']) {
      const response = await request(testApp.app)
        .post('/v1/text_processing/process')
        .set('X-API-Key', KEY)
        .send({ text: SAMPLE_TEXT, operation: 'qa', ...(question === undefined ? {} : { question }) })
        .expect(422);
      expect(response.body.details.fields[0].field).toBe('question');
    }
  });

  it('rejects whitespace-only and over-long text', async () => {
    await request(testApp.app)
      .post('/v1/text_processing/process')
      .set('X-API-Key', KEY)
      .send({ text: ' '.repeat(50), operation: 'summarize' })
      .expect(422);
    const response = await request(testApp.app)
      .post('/v1/text_processing/process')
      .set('X-API-Key', KEY)
      .send({ text: 'word '.repeat(2500), operation: 'summarize' })
      .expect(422);
    expect(response.body.details.fields[0]).toMatchObject({ field: 'text' });
  });

  it('answers malformed JSON with 400 and a wrong content type with 400, both in the error shape', async () => {
    const malformed = await request(testApp.app)
      .post('/v1/text_processing/process')
      .set('X-API-Key', KEY)
      .set('Content-Type', 'application/json')
      .send('{"text": "abc"')
      .expect(400);
    expect(malformed.body).toMatchObject({
      success: false,
      error_code: 'VALIDATION_ERROR',
      error: 'Malformed JSON in request body',
    });
    const plain = await request(testApp.app)
      .post('/v1/text_processing/process')
      .set('X-API-Key', KEY)
      .set('Content-Type', 'text/plain')
      .send('hello')
      .expect(400);
    expect(plain.body.error).toContain('application/json');
  });

  it('answers malformed JSON over tRPC exactly as over REST, not with the JSON.parse text', async () => {
    const trpc = await request(testApp.app)
      .post('/trpc/public.process')
      .set('X-API-Key', KEY)
      .set('Content-Type', 'application/json')
      .send('{"text": bad')
      .expect(400);
    expect(trpc.body.error.message).toBe('Malformed JSON in request body');
    expect(trpc.body.error.data).toMatchObject({
      error: 'Malformed JSON in request body',
      error_code: 'VALIDATION_ERROR',
      details: { fields: [{ field: '(body)', message: 'Not valid JSON' }] },
    });
    expect(JSON.stringify(trpc.body)).not.toMatch(/Unexpected token|is not valid JSON/);
  });

  it("words zod's type errors for this API: `max_length must be a number`", async () => {
    for (const max_length of ['abc', null]) {
      const response = await request(testApp.app)
        .post('/v1/text_processing/process')
        .set('X-API-Key', KEY)
        .send({ text: SAMPLE_TEXT, operation: 'summarize', options: { max_length } })
        .expect(422);
      expect(response.body.error).toBe('Invalid request data: options.max_length: max_length must be a number');
      expect(response.body.details.fields).toEqual([
        { field: 'options.max_length', message: 'max_length must be a number' },
      ]);
    }
    const operation = await request(testApp.app)
      .post('/v1/text_processing/process')
      .set('X-API-Key', KEY)
      .send({ text: SAMPLE_TEXT, operation: 'translate' })
      .expect(422);
    expect(operation.body.details.fields[0].message).toBe(
      'operation must be one of summarize, sentiment, key_points, questions, qa',
    );
    expect(JSON.stringify(operation.body)).not.toMatch(/Invalid input|Invalid option|expected/);
  });

  it('refuses too-large bodies with 413 before reading them', async () => {
    const response = await request(testApp.app)
      .post('/v1/text_processing/process')
      .set('X-API-Key', KEY)
      .send({ text: 'x'.repeat(3 * 1024 * 1024), operation: 'summarize' })
      .expect(413);
    expect(response.body.error_code).toBe('REQUEST_TOO_LARGE');
  });

  it('answers unknown routes with 404 in the error shape, with security headers', async () => {
    const response = await request(testApp.app).get('/v1/nope').expect(404);
    expect(response.body).toMatchObject({ success: false, error_code: 'NOT_FOUND' });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['strict-transport-security']).toContain('max-age=31536000');
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('processes a batch concurrently, in input order, each item alone', async () => {
    const response = await request(testApp.app)
      .post('/v1/text_processing/batch_process')
      .set('X-API-Key', KEY)
      .send({
        batch_id: 'batch-test-1',
        requests: [
          { text: SAMPLE_TEXT, operation: 'summarize' },
          { text: SAMPLE_TEXT, operation: 'qa' },
          { text: SAMPLE_TEXT, operation: 'sentiment' },
        ],
      })
      .expect(200);
    expect(response.body).toMatchObject({ batch_id: 'batch-test-1', total_requests: 3, completed: 2, failed: 1 });
    expect(response.body.results.map((item: { status: string }) => item.status)).toEqual([
      'completed',
      'failed',
      'completed',
    ]);
    expect(response.body.results[1].error.code).toBe('VALIDATION_ERROR');

    const status = await request(testApp.app)
      .get('/v1/text_processing/batch_status/batch-test-1')
      .set('X-API-Key', KEY)
      .expect(200);
    expect(status.body).toMatchObject({ batch_id: 'batch-test-1', status: 'completed', completed: 2 });
    const missing = await request(testApp.app)
      .get('/v1/text_processing/batch_status/unknown')
      .set('X-API-Key', KEY)
      .expect(404);
    expect(missing.body.error_code).toBe('NOT_FOUND');
  });

  it('fails the whole batch only for a malformed envelope', async () => {
    const tooMany = await request(testApp.app)
      .post('/v1/text_processing/batch_process')
      .set('X-API-Key', KEY)
      .send({ requests: Array.from({ length: 51 }, () => ({ text: SAMPLE_TEXT, operation: 'summarize' })) })
      .expect(400);
    expect(tooMany.body.error).toContain('limit of 50');
    await request(testApp.app)
      .post('/v1/text_processing/batch_process')
      .set('X-API-Key', KEY)
      .send({ requests: [] })
      .expect(422);
    await request(testApp.app)
      .post('/v1/text_processing/batch_process')
      .set('X-API-Key', KEY)
      .send({ requests: [{ text: 42, operation: 'summarize' }] })
      .expect(422);
  });

  it('echoes a well-formed X-Request-ID and adds X-Response-Time', async () => {
    const response = await request(testApp.app).get('/v1/health').set('X-Request-ID', 'trace-abc-123').expect(200);
    expect(response.headers['x-request-id']).toBe('trace-abc-123');
    expect(response.headers['x-response-time']).toMatch(/^\d+\.\d{2}ms$/);
  });

  it('allows the reference frontend origin through CORS, on errors too', async () => {
    const response = await request(testApp.app)
      .get('/v1/auth/status')
      .set('Origin', 'http://localhost:8501')
      .expect(401);
    expect(response.headers['access-control-allow-origin']).toBe('http://localhost:8501');
  });

  it('serves service info at /', async () => {
    const response = await request(testApp.app).get('/').expect(200);
    expect(response.body).toMatchObject({
      message: 'AI Text Processing API',
      version: '1.0.0',
      docs: '/docs',
      api_version: 'v1',
    });
  });
});

describe('public REST API in open development mode (no keys configured)', () => {
  it('lets callers in as `development`', async () => {
    const { app } = await createTestApp();
    await request(app)
      .post('/v1/text_processing/process')
      .send({ text: SAMPLE_TEXT, operation: 'sentiment' })
      .expect(200);
  });

  it('says open mode on /v1/auth/status and never echoes a key it did not check', async () => {
    const { app, deps } = await createTestApp();
    for (const headers of [{}, { 'X-API-Key': 'some-unchecked-secret' }, { Authorization: 'Bearer another-secret' }]) {
      const response = await request(app).get('/v1/auth/status').set(headers).expect(200);
      expect(response.body).toEqual({
        authenticated: false,
        api_key_prefix: null,
        message: expect.stringContaining('Open mode: no API keys are configured'),
      });
      expect(JSON.stringify(response.body)).not.toMatch(/developm\.\.\.|some-unc|another-/);
    }
    const trpc = await request(app).get('/trpc/public.authStatus').expect(200);
    expect(trpc.body.result.data).toMatchObject({ authenticated: false, api_key_prefix: null });
    await deps.close();
  });

  it('answers the catalogue with or without a key', async () => {
    const { app, deps } = await createTestApp();
    await request(app).get('/v1/text_processing/operations').expect(200);
    await request(app).get('/v1/text_processing/operations').set('X-API-Key', 'anything').expect(200);
    await deps.close();
  });
});
