/** Turns a failed call into what the page shows: a title, the server's message, field problems. */
import { isTRPCClientError } from '@trpc/client';
import type { AppRouter } from '../../routers/index.js';
import { isRestApiError } from '../rest/rest-api-error.js';

export interface DisplayError {
  readonly title: string;
  readonly message: string;
  readonly fields: readonly string[];
  /** The server's `error_code`, when it answered. */
  readonly code?: string;
  readonly status?: number;
}

const TITLES: Record<string, string> = {
  AUTHENTICATION_ERROR: 'API key needed',
  AUTHORIZATION_ERROR: 'Not allowed with this key',
  VALIDATION_ERROR: 'Please check the input',
  PROMPT_INJECTION_DETECTED: 'Text refused',
  RATE_LIMIT_EXCEEDED: 'Too many requests',
  REQUEST_TOO_LARGE: 'Text too large',
  TIMEOUT: 'The AI provider took too long',
  SERVICE_UNAVAILABLE: 'Service busy',
  AI_SERVICE_ERROR: 'The AI provider failed',
};

function fieldProblems(details: unknown): string[] {
  const fields = (details as { fields?: unknown } | null | undefined)?.fields;
  if (!Array.isArray(fields)) return [];
  return fields
    .filter((field): field is { field: string; message: string } => typeof field?.message === 'string')
    .map((field) => (field.field ? `${field.field}: ${field.message}` : field.message));
}

function isErrorResponse(body: unknown): body is { error: string; error_code: string } {
  return typeof body === 'object' && body !== null && typeof (body as { error_code?: unknown }).error_code === 'string';
}

/** A 401 or 403: the key sent (or its absence) was not accepted. */
export function isKeyRefusal(error: DisplayError): boolean {
  return error.status === 401 || error.status === 403 || error.code === 'AUTHENTICATION_ERROR';
}

const UNREACHABLE = { title: 'Service unreachable', message: 'The service did not answer. Is it running?', fields: [] };

export function describeError(error: unknown): DisplayError {
  if (isRestApiError(error)) {
    return {
      title: TITLES[error.code] ?? 'Request failed',
      message: error.message,
      fields: fieldProblems(error.body?.details),
      code: error.code,
      status: error.status,
    };
  }
  // fetch itself failed (REST calls): no answer at all.
  if (error instanceof TypeError && /fetch|network/i.test(error.message)) return UNREACHABLE;
  if (isTRPCClientError<AppRouter>(error)) {
    const data = error.data;
    if (data?.error_code) {
      return {
        title: TITLES[data.error_code] ?? 'Request failed',
        message: data.error,
        fields: fieldProblems(data.details),
        code: data.error_code,
        status: data.httpStatus,
      };
    }
    // Refused before tRPC (e.g. the internal API is disabled): a plain `ErrorResponse` body.
    const body = (error.meta as { responseJSON?: unknown } | undefined)?.responseJSON;
    if (isErrorResponse(body)) {
      return {
        title: TITLES[body.error_code] ?? 'Request failed',
        message: body.error,
        fields: [],
        code: body.error_code,
      };
    }
    // No tRPC answer at all: the network failed, or something other than the API answered.
    const unreachable = error.message === 'Failed to fetch' || /NetworkError|fetch/i.test(error.message);
    return unreachable ? UNREACHABLE : { title: 'Request failed', message: error.message, fields: [] };
  }
  return { title: 'Something went wrong', message: error instanceof Error ? error.message : String(error), fields: [] };
}
