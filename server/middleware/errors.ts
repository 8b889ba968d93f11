import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../../domain/errors.js';
import type { Logger } from '../../infra/logger.js';
import { toHttpError } from '../../routers/errors.js';
import { requestIdOf } from './request-context.js';

/** Unknown paths get the one error shape too. */
export function notFound() {
  return (request: Request, _response: Response, next: NextFunction) => {
    next(new AppError('NOT_FOUND', `No route for ${request.method} ${request.path}`));
  };
}

/** The last express handler: any error becomes `ErrorResponse`; 5xx are logged with their cause. */
export function errorHandler(logger: Logger) {
  return (error: unknown, request: Request, response: Response, next: NextFunction) => {
    if (response.headersSent) {
      next(error);
      return;
    }
    const http = toHttpError(fromExpress(error), requestIdOf(response));
    if (http.status >= 500) {
      logger.error('Request failed', { requestId: http.body.request_id, path: request.path, error: String(error) });
    }
    response.status(http.status).set(http.headers).json(http.body);
  };
}

/** body-parser style errors (static files, express internals) carry `status`/`type`. */
function fromExpress(error: unknown): unknown {
  if (typeof error !== 'object' || error === null || !('status' in error)) return error;
  const status = Number((error).status);
  if (status === 404) return new AppError('NOT_FOUND', 'Not found');
  if (status === 413) return new AppError('REQUEST_TOO_LARGE', 'Request too large');
  if (status >= 400 && status < 500) return new AppError('VALIDATION_ERROR', 'Invalid request', { cause: error });
  return error;
}
