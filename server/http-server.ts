/**
 * The node HTTP server around the app, with the limits that protect it from slow or abusive
 * clients: header size and count, time to send the headers and the whole request, and idle
 * keep-alive connections. Errors node raises before the app sees a request are answered in the
 * one error shape too.
 */
import { randomUUID } from 'node:crypto';
import {
  createServer,
  STATUS_CODES,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { Duplex } from 'node:stream';
import { AppError, type ErrorCode } from '../domain/errors.js';
import { toHttpError } from '../routers/errors.js';

export interface HttpServerOptions {
  /** Most bytes of request line plus headers; more → 431. */
  readonly maxHeaderBytes: number;
  /**
   * Most headers; the server keeps one more so the app's `headerLimit` middleware can tell "too
   * many" (431) from "exactly the limit".
   */
  readonly maxHeaderCount: number;
  /** Time to receive the complete headers; slower → 408. */
  readonly headersTimeoutMs: number;
  /** Time to receive the complete request (headers and body); slower → 408. */
  readonly requestTimeoutMs: number;
  /** Idle time before a keep-alive connection is closed. */
  readonly keepAliveTimeoutMs: number;
}

const CLIENT_ERRORS: Readonly<Record<string, readonly [number, ErrorCode, string]>> = {
  HPE_HEADER_OVERFLOW: [431, 'REQUEST_TOO_LARGE', 'Request header fields too large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'TIMEOUT', 'Request timeout: the request was not received in time'],
};

/** Bytes of a refused request still read (and dropped) after the answer, so it is not reset. */
const DRAIN_LIMIT_BYTES = 4 * 1024 * 1024;
/** Longest wait for the client to finish sending after a refusal. */
const DRAIN_TIMEOUT_MS = 5000;

const answeredSockets = new WeakSet<Duplex>();

/** A raw HTTP/1.1 error response in the error shape, closing the connection. */
export function toRawErrorResponse(status: number, code: ErrorCode, message: string, now: Date = new Date()): string {
  const body = JSON.stringify(toHttpError(new AppError(code, message), randomUUID(), now).body);
  return [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'X-Content-Type-Options: nosniff',
    'Cache-Control: no-store',
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/** The raw HTTP/1.1 response for an error node raised while parsing a request. */
export function toClientErrorResponse(code: string | undefined, now: Date = new Date()): string {
  const [status, errorCode, message] = CLIENT_ERRORS[code ?? ''] ?? [400, 'VALIDATION_ERROR', 'Malformed HTTP request'];
  return toRawErrorResponse(status, errorCode, message, now);
}

/**
 * Writes `response` and closes the connection without a reset: what the client is still sending
 * is read and dropped (up to a bound and a time limit), since closing a socket with unread data
 * makes the kernel reset it, and the client then often never reads the answer.
 */
export function answerAndClose(socket: Duplex, response: string): void {
  answeredSockets.add(socket);
  let dropped = 0;
  const stop = setTimeout(() => socket.destroy(), DRAIN_TIMEOUT_MS);
  stop.unref();
  socket.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > DRAIN_LIMIT_BYTES) socket.destroy();
  });
  socket.once('close', () => clearTimeout(stop));
  socket.on('error', () => socket.destroy());
  socket.end(response);
  socket.resume();
}

/**
 * Answers node's `clientError`s (oversized headers, timeouts, malformed requests) with the error
 * shape instead of node's empty body — unless part of a response was already written, where a
 * second one would corrupt the stream.
 */
export function handleClientError(error: Error & { code?: string }, socket: Duplex): void {
  // Node's parser stays attached after an error and reports each later chunk of the same
  // request again: the connection is already being answered and drained.
  if (answeredSockets.has(socket)) return;
  const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  answerAndClose(socket, toClientErrorResponse(error.code));
}

/** An `Expect` other than `100-continue` (node would answer a bare 417). */
function refuseExpectation(request: IncomingMessage, response: ServerResponse): void {
  const body = JSON.stringify(
    toHttpError(
      new AppError('VALIDATION_ERROR', `Unsupported Expect header: only 100-continue is understood`, {
        details: { expect: String(request.headers.expect ?? '') },
      }),
      randomUUID(),
    ).body,
  );
  response.writeHead(417, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    Connection: 'close',
  });
  response.end(body);
}

export function createHttpServer(app: RequestListener, options: HttpServerOptions): Server {
  const server = createServer(
    {
      maxHeaderSize: options.maxHeaderBytes,
      headersTimeout: options.headersTimeoutMs,
      requestTimeout: options.requestTimeoutMs,
      keepAliveTimeout: options.keepAliveTimeoutMs,
      // Node would answer a missing Host with a bare 400; the app answers it in the error shape.
      requireHostHeader: false,
      // Node checks the two timeouts above on this interval (30 s by default, which would let
      // a slow client hold a connection far longer than configured).
      connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(options.headersTimeoutMs / 4))),
    },
    app,
  );
  server.maxHeadersCount = options.maxHeaderCount + 1;
  server.on('clientError', handleClientError);
  server.on('checkExpectation', refuseExpectation);
  // CONNECT (a proxy tunnel) is not served: answered, not dropped.
  server.on('connect', (_request: IncomingMessage, socket: Duplex) =>
    answerAndClose(socket, toRawErrorResponse(405, 'METHOD_NOT_ALLOWED', 'CONNECT is not served here')),
  );
  return server;
}
