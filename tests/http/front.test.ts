import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeLlmServer, type FakeLlmServer } from '../fakes/fake-llm-server.js';
import { createTestApp, SAMPLE_TEXT, type TestApp } from './test-app.js';

const USER_KEY = 'front-user-key-0001';
const OPERATOR_KEY = 'front-operator-key-0001';
const ENV = { API_KEY: USER_KEY, INTERNAL_API_KEYS: OPERATOR_KEY };

function expectErrorShape(body: unknown, code: string): void {
  expect(body).toMatchObject({ success: false, error_code: code });
  const { error, request_id: requestId } = body as { error: unknown; request_id: unknown };
  expect(typeof error).toBe('string');
  expect(typeof requestId).toBe('string');
}

describe('the request front', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp(ENV);
  });
  afterAll(async () => testApp.deps.close());

  it('answers a path parameter that is not valid percent-encoded UTF-8 with 400, and keeps serving', async () => {
    for (const path of [
      '/v1/text_processing/batch_status/%ff',
      '/v1/text_processing/batch_status/%E0%A4%A',
      '/v1/text_processing/batch_status/%ED%A0%80',
    ]) {
      const response = await request(testApp.app).get(path).set('X-API-Key', USER_KEY);
      expect(response.status).toBe(400);
      expectErrorShape(response.body, 'VALIDATION_ERROR');
    }
    const internal = await request(testApp.app)
      .get('/internal/resilience/config/presets/%ff')
      .set('X-API-Key', OPERATOR_KEY);
    expect(internal.status).toBe(400);
    await request(testApp.app).get('/livez').expect(200);
  });

  it('decodes a valid percent-encoded path parameter once', async () => {
    const response = await request(testApp.app)
      .get('/v1/text_processing/batch_status/batch%20%E2%82%AC')
      .set('X-API-Key', USER_KEY);
    expect(response.status).toBe(404);
    expect(response.body.details).toMatchObject({ batch_id: 'batch €' });
  });

  it('answers another method on a procedure path with 405 and Allow', async () => {
    const response = await request(testApp.app).get('/v1/text_processing/process').set('X-API-Key', USER_KEY);
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('POST');
    expectErrorShape(response.body, 'METHOD_NOT_ALLOWED');
    const del = await request(testApp.app).delete('/v1/health');
    expect(del.status).toBe(405);
    expect(del.headers.allow).toBe('GET, HEAD');
  });

  it('serves HEAD on a GET procedure without a body', async () => {
    const response = await request(testApp.app).head('/v1/health');
    expect(response.status).toBe(200);
    expect(response.text).toBeUndefined();
  });

  it('refuses a JSON body that is not valid UTF-8 with 400 instead of replacing the bytes', async () => {
    const body = Buffer.concat([
      Buffer.from('{"text": "A text long enough to process '),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from('", "operation": "summarize"}'),
    ]);
    // Sent as raw bytes: a Buffer given to supertest with a JSON content type would be serialised.
    const response = await request(testApp.app)
      .post('/v1/text_processing/process')
      .set('X-API-Key', USER_KEY)
      .set('Content-Type', 'application/json')
      .serialize((raw: unknown) => raw as string)
      .send(body as unknown as string);
    expect(response.status).toBe(400);
    expectErrorShape(response.body, 'VALIDATION_ERROR');
    expect(response.body.error).toMatch(/UTF-8/);
  });

  it('refuses a tRPC body that is not valid UTF-8 with 400 too', async () => {
    const body = Buffer.concat([
      Buffer.from('{"text": "A text long enough to process '),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('", "operation": "summarize"}'),
    ]);
    const response = await request(testApp.app)
      .post('/trpc/public.process')
      .set('X-API-Key', USER_KEY)
      .set('Content-Type', 'application/json')
      .serialize((raw: unknown) => raw as string)
      .send(body as unknown as string);
    expect(response.status).toBe(400);
    expect(response.body.error.data).toMatchObject({ error_code: 'VALIDATION_ERROR' });
  });

  it('keeps a __proto__ field an ordinary (ignored) field', async () => {
    const response = await request(testApp.app)
      .post('/v1/text_processing/process')
      .set('X-API-Key', USER_KEY)
      .set('Content-Type', 'application/json')
      .send(`{"__proto__": {"operation": "qa"}, "text": ${JSON.stringify(SAMPLE_TEXT)}, "operation": "sentiment"}`);
    expect(response.status).toBe(200);
    expect(response.body.operation).toBe('sentiment');
    expect(({} as Record<string, unknown>).operation).toBeUndefined();
  });
});

describe('oversized bodies over a real socket', () => {
  let testApp: TestApp;
  let server: Server;
  let port: number;

  beforeAll(async () => {
    testApp = await createTestApp(ENV);
    server = createServer(testApp.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await testApp.deps.close();
  });

  /** Sends `bytes` of body in 64 KiB writes and resolves with the status the client read, or the error. */
  function sendLarge(
    path: string,
    bytes: number,
    chunked: boolean,
  ): Promise<{ status?: number; body?: string; error?: string }> {
    return new Promise((resolve) => {
      const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-API-Key': USER_KEY };
      if (!chunked) headers['Content-Length'] = String(bytes);
      const outgoing = httpRequest({ host: '127.0.0.1', port, method: 'POST', path, headers }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode, body }));
      });
      outgoing.on('error', (error) => resolve({ error: error.message }));
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      let sent = 0;
      const pump = () => {
        while (sent < bytes) {
          sent += chunk.length;
          if (!outgoing.write(chunk)) {
            outgoing.once('drain', pump);
            return;
          }
        }
        outgoing.end();
      };
      pump();
    });
  }

  it('delivers the 413 to a client that sends 5 MB, declared or chunked, every time', async () => {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      for (const [path, chunked] of [
        ['/v1/text_processing/process', false],
        ['/v1/text_processing/process', true],
        ['/trpc/public.process', false],
        ['/trpc/public.process', true],
      ] as const) {
        const result = await sendLarge(path, 5 * 1024 * 1024, chunked);
        expect(result.error).toBeUndefined();
        expect(result.status).toBe(413);
        expect(result.body).toContain('"error_code":"REQUEST_TOO_LARGE"');
      }
    }
  });
});

describe('tRPC errors carry the code of their domain error', () => {
  let testApp: TestApp;
  let fake: FakeLlmServer;

  beforeAll(async () => {
    fake = await startFakeLlmServer();
    fake.script({ reply: { kind: 'error', status: 400, message: 'bad request' }, times: Infinity });
    testApp = await createTestApp({
      ...ENV,
      OPENAI_API_KEY: 'test',
      OPENAI_BASE_URL: `${fake.url}/v1`,
      AI_PROVIDERS: 'openai',
      AI_LOCAL_FALLBACK: 'false',
    });
  });
  afterAll(async () => {
    await testApp.deps.close();
    await fake.close();
  });

  const trpcError = (body: unknown) => (body as { error: { code: number; data: Record<string, unknown> } }).error;

  it('401 is UNAUTHORIZED', async () => {
    const response = await request(testApp.app)
      .post('/trpc/public.process')
      .send({ text: SAMPLE_TEXT, operation: 'summarize' });
    expect(response.status).toBe(401);
    expect(trpcError(response.body).data).toMatchObject({ code: 'UNAUTHORIZED', error_code: 'AUTHENTICATION_ERROR' });
    expect(trpcError(response.body).code).toBe(-32001);
  });

  it('404 is NOT_FOUND', async () => {
    const input = encodeURIComponent(JSON.stringify({ batch_id: 'no-such-batch' }));
    const response = await request(testApp.app)
      .get(`/trpc/public.batchStatus?input=${input}`)
      .set('X-API-Key', USER_KEY);
    expect(response.status).toBe(404);
    expect(trpcError(response.body).data).toMatchObject({ code: 'NOT_FOUND', error_code: 'NOT_FOUND' });
  });

  it('a provider failure is BAD_GATEWAY', async () => {
    const response = await request(testApp.app)
      .post('/trpc/public.process')
      .set('X-API-Key', USER_KEY)
      .send({ text: SAMPLE_TEXT, operation: 'summarize' });
    expect(response.status).toBe(502);
    expect(trpcError(response.body).data).toMatchObject({ code: 'BAD_GATEWAY', error_code: 'AI_SERVICE_ERROR' });
  });

  it('a GET on a mutation is 405', async () => {
    const response = await request(testApp.app).get('/trpc/public.process').set('X-API-Key', USER_KEY);
    expect(response.status).toBe(405);
    expect(trpcError(response.body).data).toMatchObject({ error_code: 'METHOD_NOT_ALLOWED' });
  });
});
