import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer, type HttpServerOptions } from '../../server/http-server.js';

const LIMITS: HttpServerOptions = {
  maxHeaderBytes: 4096,
  maxHeaderCount: 50,
  headersTimeoutMs: 300,
  requestTimeoutMs: 600,
  keepAliveTimeoutMs: 200,
};

let server: Server | undefined;

async function start(options: HttpServerOptions = LIMITS): Promise<number> {
  server = createHttpServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.setHeader('Content-Type', 'application/json');
      response.end('{"ok":true}');
    });
  }, options);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Writes `chunks` (waiting `pauseMs` between them) and collects everything until the server closes. */
function exchange(port: number, chunks: readonly string[], pauseMs = 0): Promise<{ raw: string; elapsedMs: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let raw = '';
    socket.setEncoding('utf8');
    socket.on('data', (data: string) => (raw += data));
    socket.on('error', reject);
    socket.on('close', () => resolve({ raw, elapsedMs: Date.now() - started }));
    socket.on('connect', () => {
      void (async () => {
        for (const chunk of chunks) {
          if (socket.destroyed) return;
          socket.write(chunk);
          if (pauseMs > 0) await new Promise((wait) => setTimeout(wait, pauseMs));
        }
      })();
    });
  });
}

function parse(raw: string) {
  const [head = '', body = ''] = raw.split('\r\n\r\n');
  return { status: Number(head.split(' ')[1]), head, body: JSON.parse(body) as Record<string, unknown> };
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

describe('HTTP server limits', () => {
  it('answers oversized headers with 431 in the error shape', async () => {
    const port = await start();
    const { raw } = await exchange(port, [`GET /livez HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(8000)}\r\n\r\n`]);
    const response = parse(raw);
    expect(response.status).toBe(431);
    expect(response.head).toContain('Content-Type: application/json');
    expect(response.body).toMatchObject({
      success: false,
      error_code: 'REQUEST_TOO_LARGE',
      error: 'Request header fields too large',
    });
    expect(typeof response.body.request_id).toBe('string');
  });

  it('answers a client that is too slow to send its headers with 408 in the error shape', async () => {
    const port = await start();
    const { raw, elapsedMs } = await exchange(
      port,
      ['GET /livez HTTP/1.1\r\n', 'Host: x\r\n', 'X-Slow: 1\r\n', 'X-Slower: 2\r\n'],
      250,
    );
    const response = parse(raw);
    expect(response.status).toBe(408);
    expect(response.body).toMatchObject({ success: false, error_code: 'TIMEOUT' });
    expect(elapsedMs).toBeLessThan(2000);
  });

  it('answers a client that is too slow to send its body with 408', async () => {
    const port = await start();
    const head = 'POST /v1/x HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n';
    const { raw } = await exchange(port, [head, '{"a":', '1', '2', '3'], 250);
    expect(parse(raw).status).toBe(408);
  });

  it('answers a malformed request with 400 in the error shape', async () => {
    const port = await start();
    const response = parse((await exchange(port, ['NOT A REQUEST\r\n\r\n'])).raw);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ success: false, error_code: 'VALIDATION_ERROR' });
  });

  it('closes idle keep-alive connections after the keep-alive timeout', async () => {
    const port = await start();
    const { raw, elapsedMs } = await exchange(port, ['GET /livez HTTP/1.1\r\nHost: x\r\n\r\n']);
    expect(raw).toContain('{"ok":true}');
    expect(raw).toContain('Keep-Alive: timeout=');
    expect(elapsedMs).toBeGreaterThanOrEqual(150);
    expect(elapsedMs).toBeLessThan(3000);
  });

  it('keeps one header more than the limit so the app can tell an excess apart', async () => {
    await start();
    expect(server?.maxHeadersCount).toBe(LIMITS.maxHeaderCount + 1);
  });
});
