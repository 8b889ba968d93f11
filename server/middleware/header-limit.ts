import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '../../domain/errors.js';
import { toHttpError } from '../../routers/errors.js';
import { sendErrorResponse } from './errors.js';
import { requestIdOf } from './request-context.js';

/**
 * Refuses requests with more than `maxCount` headers with 431 in the error shape. Node itself
 * only drops headers past `server.maxHeadersCount`, silently; `createHttpServer` keeps one more
 * than the limit so that an excess is visible here.
 */
export function headerLimit(options: { readonly maxCount: number }) {
  return (request: IncomingMessage, response: ServerResponse, next: () => void) => {
    const count = request.rawHeaders.length / 2;
    if (count <= options.maxCount) {
      next();
      return;
    }
    const http = toHttpError(
      new AppError('REQUEST_TOO_LARGE', `Too many request headers: at most ${options.maxCount} are accepted`, {
        details: { max_headers: options.maxCount },
      }),
      requestIdOf(response),
    );
    sendErrorResponse(request, response, { ...http, status: 431 }, { Connection: 'close' });
  };
}
