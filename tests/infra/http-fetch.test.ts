import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpFetch, type HttpFetch } from '../../infra/ai/http-fetch.js';

interface Seen {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let server: Server;
let base: string;
let httpFetch: HttpFetch;
const seen: Seen[] = [];
const sockets = new Set<Socket>();

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      seen.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString(),
      });
      if (request.url === '/gzip') {
        response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        response.end(gzipSync(JSON.stringify({ zipped: true })));
      } else if (request.url === '/empty') {
        response.writeHead(204, { 'x-thing': 'a' });
        response.end();
      } else if (request.url === '/cookies') {
        response.setHeader('set-cookie', ['a=1', 'b=2']);
        response.end('ok');
      } else if (request.url === '/sse') {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write('data: one\n\n');
        setTimeout(() => response.end('data: two\n\n'), 20);
      } else if (request.url !== '/hang') {
        response.writeHead(201, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ echoed: Buffer.concat(chunks).toString() }));
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  httpFetch = createHttpFetch({ connections: 4 });
});

afterAll(async () => {
  await httpFetch.close();
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
});

describe('createHttpFetch', () => {
  it('sends method, headers and body and returns a fetch Response', async () => {
    const response = await httpFetch(`${base}/echo`, {
      method: 'post',
      headers: { 'content-type': 'application/json', 'x-custom': 'yes', connection: 'close' },
      body: '{"a":1}',
    });

    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(201);
    expect(response.statusText).toBe('Created');
    expect(response.ok).toBe(true);
    expect(await response.json()).toEqual({ echoed: '{"a":1}' });
    expect(seen.at(-1)).toMatchObject({
      method: 'POST',
      url: '/echo',
      headers: { 'x-custom': 'yes', 'content-type': 'application/json' },
    });
  });

  it('accepts a Request and serialises URLSearchParams bodies', async () => {
    const response = await httpFetch(new Request(`${base}/form`, { method: 'PUT', headers: { 'x-from': 'request' } }), {
      body: new URLSearchParams({ q: 'a b' }),
    });

    expect(response.status).toBe(201);
    expect(seen.at(-1)).toMatchObject({ method: 'PUT', body: 'q=a+b', headers: { 'x-from': 'request' } });
    expect(seen.at(-1)?.headers['content-type']).toMatch(/application\/x-www-form-urlencoded/);
  });

  it('sends a Headers init as given and leaves that Headers object untouched', async () => {
    const headers = new Headers({ 'x-sdk': 'openai' });
    await httpFetch(`${base}/form`, { method: 'POST', headers, body: new URLSearchParams({ q: 'x' }) });

    expect(seen.at(-1)?.headers['x-sdk']).toBe('openai');
    expect(seen.at(-1)?.headers['content-type']).toMatch(/application\/x-www-form-urlencoded/);
    expect(headers.has('content-type')).toBe(false);
    expect(headers.get('x-sdk')).toBe('openai');
  });

  it('decodes gzip bodies', async () => {
    const response = await httpFetch(`${base}/gzip`);

    expect(await response.json()).toEqual({ zipped: true });
    expect(response.headers.get('content-encoding')).toBeNull();
  });

  it('answers null-body statuses with an empty body', async () => {
    const response = await httpFetch(`${base}/empty`);

    expect(response.status).toBe(204);
    expect(response.headers.get('x-thing')).toBe('a');
    expect(await response.text()).toBe('');
  });

  it('keeps repeated response headers', async () => {
    const response = await httpFetch(`${base}/cookies`);
    expect(response.headers.get('set-cookie')).toBe('a=1, b=2');
  });

  it('streams event streams', async () => {
    const response = await httpFetch(`${base}/sse`);
    expect(await response.text()).toBe('data: one\n\ndata: two\n\n');
  });

  it('rejects with the abort reason when the signal aborts', async () => {
    const controller = new AbortController();
    const pending = httpFetch(`${base}/hang`, { signal: controller.signal });
    setTimeout(() => controller.abort(), 30);

    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await expect(httpFetch(`${base}/echo`, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('rejects a refused connection as fetch does', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const standalone = createHttpFetch();
    try {
      const error = await standalone(`http://127.0.0.1:${port}/`).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toBe('fetch failed');
      expect((error as { cause?: { code?: string } }).cause?.code).toBe('ECONNREFUSED');
    } finally {
      await standalone.close();
    }
  });

  it('reuses kept-alive connections', async () => {
    const before = seen.length;
    await Promise.all([httpFetch(`${base}/a`), httpFetch(`${base}/b`)]);
    const socketsBefore = sockets.size;
    for (let call = 0; call < 5; call += 1) await (await httpFetch(`${base}/c`)).text();

    expect(seen.length - before).toBe(7);
    expect(sockets.size).toBe(socketsBefore);
  });
});
