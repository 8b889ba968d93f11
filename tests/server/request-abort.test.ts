import { createServer, request as httpRequest, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { RequestAbort } from '../../routers/context.js';
import { lazyRequestAbort } from '../../server/request-abort.js';

/** A server whose handler gets each response and its lazy abort, and answers when told to. */
async function startServer(onRequest: (response: ServerResponse, abort: RequestAbort) => void) {
  const server = createServer((_request, response) => onRequest(response, lazyRequestAbort(response)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/** Sends a request and destroys it after `abortAfterMs` (or reads the answer when undefined). */
function call(server: Server, abortAfterMs?: number): Promise<string> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve) => {
    const outgoing = httpRequest({ host: '127.0.0.1', port, path: '/' }, (answer) => {
      let body = '';
      answer.on('data', (chunk: Buffer) => (body += chunk.toString()));
      answer.on('end', () => resolve(body));
    });
    outgoing.on('error', () => resolve('aborted'));
    outgoing.end();
    if (abortAfterMs !== undefined) setTimeout(() => outgoing.destroy(), abortAfterMs);
  });
}

const until = (check: () => boolean) =>
  new Promise<void>((resolve) => {
    const poll = () => (check() ? resolve() : setTimeout(poll, 5));
    poll();
  });

describe('a request abort made on first read', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('adds no close listener to a response that never reads its signal', async () => {
    let listeners = -1;
    server = await startServer((response) => {
      listeners = response.listenerCount('close');
      response.end('ok');
    });
    const before = await call(server);
    expect(before).toBe('ok');
    // Compare with a handler that reads the signal: it adds one listener.
    let withSignal = -1;
    server.removeAllListeners('request');
    server.on('request', (_request, response: ServerResponse) => {
      const abort = lazyRequestAbort(response);
      expect(abort.signal?.aborted).toBe(false);
      withSignal = response.listenerCount('close');
      response.end('ok');
    });
    await call(server);
    expect(withSignal).toBe(listeners + 1);
  });

  it('aborts the signal when the client goes away before the answer', async () => {
    let signal: AbortSignal | undefined;
    server = await startServer((_response, abort) => {
      signal = abort.signal;
    });
    await call(server, 50);
    await until(() => signal?.aborted === true);
    expect((signal?.reason as DOMException).name).toBe('AbortError');
  });

  it('is already aborted when first read after the client has gone', async () => {
    let held: { response: ServerResponse; abort: RequestAbort } | undefined;
    server = await startServer((response, abort) => {
      held = { response, abort };
    });
    await call(server, 50);
    await until(() => held?.response.destroyed === true);
    expect(held?.abort.signal?.aborted).toBe(true);
  });

  it('stays unaborted once the answer is complete', async () => {
    let held: { response: ServerResponse; abort: RequestAbort } | undefined;
    server = await startServer((response, abort) => {
      held = { response, abort };
      response.end('done');
    });
    expect(await call(server)).toBe('done');
    await until(() => held?.response.writableFinished === true);
    expect(held?.abort.signal?.aborted).toBe(false);
  });
});
