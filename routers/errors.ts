/**
 * The one place where errors become HTTP: status codes, headers and the `ErrorResponse` body,
 * for REST and tRPC alike.
 */
import { TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { AppError, ValidationError, isAppError, isValidationError, type ErrorCode } from '../domain/errors.js';
import type { ErrorResponse } from '../domain/schemas.js';
import { toValidationError } from '../domain/validation.js';

/** Exhaustive: a new error code without a status fails to compile. */
export const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
  VALIDATION_ERROR: 422,
  AUTHENTICATION_ERROR: 401,
  AUTHORIZATION_ERROR: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  REQUEST_TOO_LARGE: 413,
  PROMPT_INJECTION_DETECTED: 400,
  RATE_LIMIT_EXCEEDED: 429,
  AI_SERVICE_ERROR: 502,
  SERVICE_UNAVAILABLE: 503,
  TIMEOUT: 504,
  INTERNAL_ERROR: 500,
};

/** Exhaustive: the tRPC code (and so `error.data.code` and the JSON-RPC code) of each error code. */
export const TRPC_CODE: Readonly<Record<ErrorCode, TRPCError['code']>> = {
  VALIDATION_ERROR: 'BAD_REQUEST',
  AUTHENTICATION_ERROR: 'UNAUTHORIZED',
  AUTHORIZATION_ERROR: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  METHOD_NOT_ALLOWED: 'METHOD_NOT_SUPPORTED',
  REQUEST_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  PROMPT_INJECTION_DETECTED: 'BAD_REQUEST',
  RATE_LIMIT_EXCEEDED: 'TOO_MANY_REQUESTS',
  AI_SERVICE_ERROR: 'BAD_GATEWAY',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  TIMEOUT: 'GATEWAY_TIMEOUT',
  INTERNAL_ERROR: 'INTERNAL_SERVER_ERROR',
};

const TRPC_CODES: Partial<Record<TRPCError['code'], [ErrorCode, string]>> = {
  BAD_REQUEST: ['VALIDATION_ERROR', 'Invalid request'],
  NOT_FOUND: ['NOT_FOUND', 'Not found'],
  METHOD_NOT_SUPPORTED: ['METHOD_NOT_ALLOWED', 'Method not allowed for this procedure'],
  UNAUTHORIZED: ['AUTHENTICATION_ERROR', 'Authentication failed'],
  FORBIDDEN: ['AUTHORIZATION_ERROR', 'Access denied'],
  PAYLOAD_TOO_LARGE: ['REQUEST_TOO_LARGE', 'Request too large'],
  TOO_MANY_REQUESTS: ['RATE_LIMIT_EXCEEDED', 'Rate limit exceeded'],
  TIMEOUT: ['TIMEOUT', 'Request timed out'],
  UNSUPPORTED_MEDIA_TYPE: ['VALIDATION_ERROR', 'Unsupported content type'],
};

/** The same answer REST gives for a body that is not JSON. */
function malformedJson(cause: unknown): ValidationError {
  return new ValidationError('Malformed JSON in request body', [{ field: '(body)', message: 'Not valid JSON' }], {
    status: 400,
    cause,
  });
}

/** The domain error behind anything a procedure or middleware threw. */
export function toDomainError(error: unknown): AppError {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof TRPCError; depth += 1) {
    if (current.cause === undefined || current.cause === current) break;
    // A ZodError is the caller's mistake only as an input error (BAD_REQUEST); under an output
    // validation failure (INTERNAL_SERVER_ERROR) it is ours.
    if (isAppError(current.cause) || (current.cause instanceof ZodError && current.code === 'BAD_REQUEST')) {
      current = current.cause;
      break;
    }
    if (current.cause instanceof TRPCError) current = current.cause;
    else break;
  }
  if (isAppError(current)) return current;
  if (current instanceof ZodError) return toValidationError(current);
  if (current instanceof TRPCError) {
    // tRPC reads the JSON itself; its parse failure arrives as the raw `JSON.parse` text.
    if (current.code === 'PARSE_ERROR' || (current.code === 'BAD_REQUEST' && current.cause instanceof SyntaxError)) {
      return malformedJson(current);
    }
    const mapped = TRPC_CODES[current.code];
    if (mapped) return new AppError(mapped[0], current.message || mapped[1], { cause: current });
  }
  return new AppError('INTERNAL_ERROR', 'Internal server error', { cause: current });
}

export interface HttpError {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: ErrorResponse;
}

/** Status, headers and body for any error. Internal errors never leak their message. */
export function toHttpError(error: unknown, requestId: string | null, now: Date = new Date()): HttpError {
  const domainError = toDomainError(error);
  const status = isValidationError(domainError)
    ? domainError.status
    : domainError.code === 'VALIDATION_ERROR' && domainError.cause instanceof TRPCError
      ? 400
      : HTTP_STATUS[domainError.code];
  const headers: Record<string, string> = {};
  if (domainError.code === 'AUTHENTICATION_ERROR') headers['WWW-Authenticate'] = 'Bearer';
  if (domainError.retryAfterSeconds !== undefined) headers['Retry-After'] = String(domainError.retryAfterSeconds);
  return {
    status,
    headers,
    body: {
      success: false,
      error: domainError.code === 'INTERNAL_ERROR' ? 'Internal server error' : domainError.message,
      error_code: domainError.code,
      details: domainError.code === 'INTERNAL_ERROR' ? null : domainError.details,
      timestamp: now.toISOString(),
      request_id: requestId,
    },
  };
}
