import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import responseTime from 'response-time';
import type { Logger } from '../../infra/logger.js';

const VALID_REQUEST_ID = /^[\w.:-]{1,128}$/;
const REQUEST_ID = Symbol('requestId');

type WithRequestId = ServerResponse & { [REQUEST_ID]?: string };

/** The request id of a response (set by `requestContext`). */
export function requestIdOf(response: ServerResponse): string {
  return (response as WithRequestId)[REQUEST_ID] ?? 'unknown';
}

export interface RequestContextOptions {
  readonly logger: Logger;
  /** Write one access line per request. */
  readonly accessLog: boolean;
}

/**
 * Per request: a request id (the caller's `X-Request-ID` when well-formed, else a UUID) echoed in
 * the response, `X-Response-Time` in milliseconds, and one access-log line. The line has method,
 * path without query string, status, size and duration — never credentials.
 */
export function requestContext(options: RequestContextOptions) {
  const { logger } = options;
  // expressjs's response-time: sets the header just before the headers are written.
  const timeResponse = responseTime({ digits: 2, header: 'X-Response-Time', suffix: true });
  return (request: IncomingMessage, response: ServerResponse, next: () => void) => {
    const started = process.hrtime.bigint();
    timeResponse(request, response, () => undefined);
    const url = request.url ?? '/';
    const incoming = request.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && VALID_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    (response as WithRequestId)[REQUEST_ID] = requestId;
    response.setHeader('X-Request-ID', requestId);

    if (options.accessLog) {
      response.once('finish', () => {
        const status = response.statusCode;
        const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
        if (!logger.isEnabled(level)) return;
        const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
        const queryStart = url.indexOf('?');
        const path = queryStart === -1 ? url : url.slice(0, queryStart);
        const size = response.getHeader('content-length') ?? 0;
        logger[level](
          `Request completed: ${request.method ?? 'GET'} ${path} ${status} ${String(size)} ${durationMs.toFixed(1)}ms [req_id: ${requestId}]`,
          { requestId, method: request.method, path, status, durationMs: Math.round(durationMs * 100) / 100 },
        );
      });
    }
    next();
  };
}
