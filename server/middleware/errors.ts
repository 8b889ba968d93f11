import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError, isAppError } from '../../domain/errors.js';
import type { Logger } from '../../infra/logger.js';
import { toHttpError, type HttpError } from '../../routers/errors.js';
import { discardBody, hasUnreadBody } from './json-body.js';
import { requestIdOf } from './request-context.js';
import { toPathname } from './route-table.js';

/** Unknown paths get the one error shape too. */
export function notFound() {
  return (request: IncomingMessage, _response: ServerResponse, next: (error?: unknown) => void) => {
    next(new AppError('NOT_FOUND', `No route for ${request.method ?? 'GET'} ${toPathname(request.url ?? '/')}`));
  };
}

/**
 * Writes an `ErrorResponse` the way express's `response.status().set(headers).json(body)` does —
 * the same headers, in the same order, with `Content-Length` and no body for `HEAD` — so errors
 * look alike whether express or the hot path answered.
 */
export function sendErrorResponse(
  request: IncomingMessage,
  response: ServerResponse,
  http: HttpError,
  extraHeaders: Readonly<Record<string, string>> = {},
): void {
  response.statusCode = http.status;
  for (const [name, value] of Object.entries(http.headers)) response.setHeader(name, value);
  for (const [name, value] of Object.entries(extraHeaders)) response.setHeader(name, value);
  if (!response.hasHeader('Content-Type')) response.setHeader('Content-Type', 'application/json; charset=utf-8');
  const body = JSON.stringify(http.body);
  response.setHeader('Content-Length', String(Buffer.byteLength(body)));
  const send = () => {
    if (request.method === 'HEAD') response.end();
    else response.end(body);
  };
  // An answer sent while the client is still uploading is often lost to a connection reset.
  if (hasUnreadBody(request)) {
    void discardBody(request, Number(request.headers['content-length'] ?? 0)).then(send);
  } else {
    send();
  }
}

/**
 * The last handler: any error becomes `ErrorResponse`; 5xx are logged with their cause. After the
 * headers went out nothing can be answered, so the connection is closed.
 */
export function createErrorResponder(logger: Logger) {
  return (error: unknown, request: IncomingMessage, response: ServerResponse): void => {
    if (response.headersSent) {
      request.socket.destroy();
      return;
    }
    const http = toHttpError(fromExpress(error), requestIdOf(response));
    if (http.status >= 500) {
      logger.error('Request failed', {
        requestId: http.body.request_id,
        path: toPathname(request.url ?? '/'),
        error: String(error),
      });
    }
    sendErrorResponse(request, response, http);
  };
}

/** The express error handler around `createErrorResponder`. */
export function errorHandler(logger: Logger) {
  const respond = createErrorResponder(logger);
  return (error: unknown, request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void) => {
    if (response.headersSent) {
      next(error);
      return;
    }
    respond(error, request, response);
  };
}

/** body-parser style errors (static files, express internals) carry `status`/`type`. */
function fromExpress(error: unknown): unknown {
  if (isAppError(error) || typeof error !== 'object' || error === null || !('status' in error)) return error;
  const status = Number(error.status);
  if (status === 404) return new AppError('NOT_FOUND', 'Not found');
  if (status === 413) return new AppError('REQUEST_TOO_LARGE', 'Request too large');
  if (status >= 400 && status < 500) return new AppError('VALIDATION_ERROR', 'Invalid request', { cause: error });
  return error;
}
