import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, SAMPLE_TEXT, type TestApp } from './test-app.js';

const KEY = 'test-key-123456789';
const ALLOWED = 'https://app.example.com';
const PROCESS = '/v1/text_processing/process';

describe('CORS with a list of allowed origins', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp({ API_KEY: KEY, CORS_ORIGINS: ALLOWED });
  });
  afterAll(async () => testApp.deps.close());

  const process = () =>
    request(testApp.app).post(PROCESS).set('X-API-Key', KEY).send({ text: SAMPLE_TEXT, operation: 'sentiment' });

  it('lets an allowed origin read the answer and the exposed headers, with credentials', async () => {
    const response = await process().set('Origin', ALLOWED).expect(200);
    expect(response.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(response.headers['access-control-allow-credentials']).toBe('true');
    expect(response.headers['access-control-expose-headers']).toContain('X-Request-ID');
    expect(response.headers.vary).toContain('Origin');
  });

  it('gives another origin no Access-Control-Allow-Origin', async () => {
    const response = await process().set('Origin', 'https://evil.example.net').expect(200);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    expect(response.headers.vary).toContain('Origin');
  });

  it('answers a request without Origin with Vary: Origin and no Access-Control headers', async () => {
    const response = await process().expect(200);
    expect(response.headers.vary).toContain('Origin');
    const corsHeaders = Object.keys(response.headers).filter((name) => name.startsWith('access-control-'));
    expect(corsHeaders).toEqual([]);
  });

  it('keeps Origin in Vary next to the Vary of tRPC answers, errors included', async () => {
    const ok = await request(testApp.app)
      .post('/trpc/public.process')
      .set('X-API-Key', KEY)
      .set('Origin', ALLOWED)
      .send({ text: SAMPLE_TEXT, operation: 'sentiment' })
      .expect(200);
    expect(ok.headers.vary).toMatch(/trpc-accept.*Origin/);
    expect(ok.headers['access-control-allow-origin']).toBe(ALLOWED);
    const refused = await request(testApp.app).post('/trpc/public.process').send({ text: SAMPLE_TEXT }).expect(401);
    expect(refused.headers.vary).toContain('Origin');
  });

  it('answers a preflight from an allowed origin with the methods, headers and max age', async () => {
    const response = await request(testApp.app)
      .options(PROCESS)
      .set('Origin', ALLOWED)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'content-type,x-api-key')
      .expect(204);
    expect(response.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(response.headers['access-control-allow-methods']).toContain('POST');
    expect(response.headers['access-control-allow-headers']).toBe('content-type,x-api-key');
    expect(response.headers['access-control-max-age']).toBe('600');
  });
});

describe('CORS open to every origin (`*`)', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp({ API_KEY: KEY, CORS_ORIGINS: '*' });
  });
  afterAll(async () => testApp.deps.close());

  it('reflects any origin without allowing credentials', async () => {
    const response = await request(testApp.app)
      .get('/v1/health')
      .set('Origin', 'https://anywhere.example.org')
      .expect(200);
    expect(response.headers['access-control-allow-origin']).toBe('https://anywhere.example.org');
    expect(response.headers['access-control-allow-credentials']).toBeUndefined();
  });
});
