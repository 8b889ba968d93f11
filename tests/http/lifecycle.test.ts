import { get, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeLlmServer, type FakeLlmServer } from '../fakes/fake-llm-server.js';
import { isListening, startServiceProcess, stopAllServiceProcesses } from '../fakes/service-process.js';
import { SAMPLE_TEXT } from './test-app.js';

let fake: FakeLlmServer | undefined;

afterEach(async () => {
  await stopAllServiceProcesses();
  await fake?.close();
  fake = undefined;
});

/** The real server as a child process, logging at INFO; resolves once its `listeners` processes listen. */
function startServer(env: Record<string, string>, listeners = Number(env.WEB_CONCURRENCY ?? 1)) {
  return startServiceProcess({ env: { LOG_LEVEL: 'INFO', ...env }, listeners });
}

/** One request on a fresh connection (no keep-alive pool), so refusals are observable. */
function call(
  port: number,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: string; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const outgoing = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: payload ? 'POST' : 'GET',
        agent: false,
        headers: payload ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {},
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text, headers: response.headers }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('graceful shutdown', () => {
  it('on SIGTERM turns not-ready, refuses new connections, completes the in-flight request and exits 0', async () => {
    fake = await startFakeLlmServer({ latencyMs: 2500 });
    const server = await startServer({
      AI_PROVIDERS: 'openai',
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: `${fake.url}/v1`,
      SHUTDOWN_DELAY_MS: '600',
      SHUTDOWN_TIMEOUT_MS: '10000',
    });
    expect((await call(server.port, '/readyz')).status).toBe(200);

    const slow = call(server.port, '/v1/text_processing/process', { text: SAMPLE_TEXT, operation: 'summarize' });
    while (fake.calls.length === 0) await sleep(25);
    server.child.kill('SIGTERM');
    await sleep(150);

    const readiness = await call(server.port, '/readyz');
    expect(readiness.status).toBe(503);
    expect(JSON.parse(readiness.body)).toEqual({ status: 'not_ready' });
    expect((await call(server.port, '/livez')).status).toBe(200);

    await sleep(800);
    await expect(call(server.port, '/livez')).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    const answered = await slow;
    expect(answered.status).toBe(200);
    expect(JSON.parse(answered.body)).toMatchObject({ success: true, metadata: { provider: 'openai' } });
    expect(await server.exited).toBe(0);
    expect(server.logs.some((line) => line.message === 'Shutdown complete')).toBe(true);
  }, 60_000);

  it('answers the requests still running at the drain deadline 503 in the error shape, then exits 0', async () => {
    fake = await startFakeLlmServer({ latencyMs: 30_000 });
    const server = await startServer({
      AI_PROVIDERS: 'openai',
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: `${fake.url}/v1`,
      AI_TIMEOUT_MS: '60000',
      SHUTDOWN_TIMEOUT_MS: '1000',
    });

    const rest = call(server.port, '/v1/text_processing/process', { text: SAMPLE_TEXT, operation: 'summarize' });
    const trpc = call(server.port, '/trpc/public.process', { text: SAMPLE_TEXT, operation: 'summarize' });
    while (fake.calls.length === 0) await sleep(25);
    const signalled = Date.now();
    server.child.kill('SIGTERM');

    for (const answered of await Promise.all([rest, trpc])) {
      expect(answered.status).toBe(503);
      expect(answered.headers.connection).toBe('close');
      expect(answered.headers['content-type']).toMatch(/^application\/json/);
      expect(JSON.parse(answered.body)).toMatchObject({
        success: false,
        error_code: 'SERVICE_UNAVAILABLE',
        request_id: expect.any(String),
      });
    }
    expect(Date.now() - signalled).toBeLessThan(20_000);
    expect(await server.exited).toBe(0);
    expect(server.logs).toContainEqual(
      expect.objectContaining({ message: expect.stringContaining('Shutdown timeout reached'), answered: 2 }),
    );
  }, 60_000);
});

describe('production mode', () => {
  it('refuses to start without API keys, naming API_KEY, with exit code 78', async () => {
    const server = await startServer({ ENVIRONMENT: 'production' }, 0); // no listener to wait for
    expect(await server.exited).toBe(78);
    expect(server.stderr()).toContain('API_KEY: production requires at least one API key');
  }, 30_000);
});

describe('multi-core', () => {
  it('runs WEB_CONCURRENCY workers, aggregates their metrics, replaces a killed worker and stops on SIGTERM', async () => {
    const server = await startServer({ WEB_CONCURRENCY: '2', SHUTDOWN_TIMEOUT_MS: '3000' });
    const pids = server.logs.filter(isListening).map((line) => Number(line.pid));
    expect(new Set(pids).size).toBe(2);
    expect(pids).not.toContain(server.child.pid);

    for (let index = 0; index < 10; index += 1) expect((await call(server.port, '/livez')).status).toBe(200);
    const metrics = await call(server.port, '/internal/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.body).toContain(
      'ai_text_http_request_duration_seconds_count{method="GET",route="/livez",status_code="200"} 10',
    );

    // The JSON view is per worker: round-robin sends these two scrapes to different workers, each
    // of which saw only part of the traffic that the aggregated Prometheus view adds up.
    const views = [
      await call(server.port, '/internal/monitoring/metrics'),
      await call(server.port, '/internal/monitoring/metrics'),
    ];
    const perWorker = views.map(
      (view) => (JSON.parse(view.body) as { http: { requests_total: number } }).http.requests_total,
    );
    expect(Math.min(...perWorker)).toBeLessThan(11);

    process.kill(pids[0] ?? 0, 'SIGKILL');
    await server.waitForLog((line) => String(line.message).includes('died; replacing it'));
    for (let index = 0; index < 5; index += 1) expect((await call(server.port, '/livez')).status).toBe(200);

    await server.waitForLog(isListening, 3, 45_000);
    const newPid = Number(server.logs.filter(isListening)[2]?.pid);
    expect(pids).not.toContain(newPid);
    await new Promise<void>((resolve, reject) =>
      get({ host: '127.0.0.1', port: server.port, path: '/readyz', agent: false }, (response) => {
        expect(response.statusCode).toBe(200);
        response.resume().on('end', resolve);
      }).on('error', reject),
    );

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.logs.some((line) => line.message === 'All workers stopped')).toBe(true);
  }, 120_000);

  it('lets a worker answer its in-flight request at the deadline and close down before the primary kills it', async () => {
    fake = await startFakeLlmServer({ latencyMs: 30_000 });
    const server = await startServer({
      WEB_CONCURRENCY: '2',
      AI_PROVIDERS: 'openai',
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: `${fake.url}/v1`,
      AI_TIMEOUT_MS: '60000',
      SHUTDOWN_TIMEOUT_MS: '1000',
    });

    const slow = call(server.port, '/v1/text_processing/process', { text: SAMPLE_TEXT, operation: 'summarize' });
    while (fake.calls.length === 0) await sleep(25);
    server.child.kill('SIGTERM');

    const answered = await slow;
    expect(answered.status).toBe(503);
    expect(JSON.parse(answered.body)).toMatchObject({ error_code: 'SERVICE_UNAVAILABLE' });
    expect(await server.exited).toBe(0);
    expect(server.logs.filter((line) => String(line.message).includes('did not stop in time'))).toEqual([]);
    expect(server.logs.filter((line) => line.message === 'Shutdown complete')).toHaveLength(2);
  }, 120_000);
});
