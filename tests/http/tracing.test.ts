import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTracing } from '../../server/tracing.js';
import { createTestApp } from './test-app.js';

interface Export {
  readonly path: string;
  readonly contentType: string;
  readonly body: string;
}

describe('OpenTelemetry tracing (OTEL_EXPORTER_OTLP_ENDPOINT)', () => {
  const exports: Export[] = [];
  let collector: Server;
  let endpoint: string;

  beforeAll(async () => {
    collector = createServer((incoming, response) => {
      let body = '';
      incoming.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      incoming.on('end', () => {
        exports.push({ path: incoming.url ?? '', contentType: incoming.headers['content-type'] ?? '', body });
        response.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
  });
  afterAll(async () => new Promise((resolve) => collector.close(resolve)));

  it('exports one server span per request, named by route template, continuing the caller trace', async () => {
    const stop = await startTracing({ endpoint, serviceName: 'ai-text-test', version: '9.9.9' });
    const { app, deps } = await createTestApp({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint });
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    await request(app)
      .get('/v1/text_processing/batch_status/some-batch')
      .set('traceparent', `00-${traceId}-00f067aa0ba902b7-01`)
      .expect(404);
    await stop();
    await deps.close();

    const traces = exports.filter((entry) => entry.path === '/v1/traces');
    expect(traces.length).toBeGreaterThan(0);
    const body = traces.map((entry) => entry.body).join('\n');
    expect(body).toContain('GET /v1/text_processing/batch_status/{batch_id}');
    expect(body).toContain(traceId);
    expect(body).toContain('ai-text-test');
    expect(body).toContain('"parentSpanId":"00f067aa0ba902b7"');
    expect(body).toContain('"key":"http.response.status_code","value":{"intValue":404}');
  });
});
