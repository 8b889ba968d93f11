import { ErrorResponseSchema } from '../../domain/schemas.js';
import type { RawResponse } from './raw-request.js';

/** tRPC's standard status for each of its error codes (`@trpc/server` JSONRPC2_TO_HTTP_CODE). */
export const TRPC_STATUS: Readonly<Record<string, number>> = {
  PARSE_ERROR: 400,
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  PAYMENT_REQUIRED: 402,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_SUPPORTED: 405,
  TIMEOUT: 408,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE_CONTENT: 422,
  PRECONDITION_REQUIRED: 428,
  TOO_MANY_REQUESTS: 429,
  CLIENT_CLOSED_REQUEST: 499,
  INTERNAL_SERVER_ERROR: 500,
  NOT_IMPLEMENTED: 501,
  BAD_GATEWAY: 502,
  SERVICE_UNAVAILABLE: 503,
  GATEWAY_TIMEOUT: 504,
};

/** Statuses whose tRPC code is unambiguous: a client switches on `data.code`, so it must match. */
const EXACT_TRPC_CODE: Readonly<Record<number, string>> = {
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_SUPPORTED',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'TOO_MANY_REQUESTS',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
  504: 'GATEWAY_TIMEOUT',
};

const PROJECT_ROOT = process.cwd();

/** Signs of internals in an answer: stack frames, source locations, file-system paths. */
const LEAKS: readonly (readonly [string, RegExp])[] = [
  ['stack frame', /\n\s*at [^\n]*[(\s](?:file:|node:|\/)[^\n]*:\d+:\d+/],
  ['stack frame', /\bat (?:async )?[\w$.<>[\] ]+ \([^)]*:\d+:\d+\)/],
  ['source location', /[\w-]+\.(?:ts|js|mjs|cjs):\d+:\d+/],
  ['file URL', /file:\/\/\//],
  ['node_modules path', /node_modules[\\/]/],
  ['project path', new RegExp(PROJECT_ROOT.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))],
  ['(<anonymous>) frame', /\(<anonymous>\)/],
];

/** Third-party static assets (docs bundles) are not answers of ours. */
function isStaticAsset(response: RawResponse): boolean {
  return /javascript|text\/css|font\/|image\//i.test(response.headers['content-type'] ?? '');
}

/** Why the answer discloses internals, or `undefined`. */
export function leakProblem(response: RawResponse): string | undefined {
  const texts = isStaticAsset(response) ? [response.head] : [response.head, response.text];
  for (const text of texts) {
    for (const [name, pattern] of LEAKS) {
      const match = pattern.exec(text);
      if (match) return `${name} in the answer: ${JSON.stringify(match[0].slice(0, 120))}`;
    }
  }
  return undefined;
}

function errorBodyProblem(value: unknown): string | undefined {
  const parsed = ErrorResponseSchema.safeParse(value);
  if (!parsed.success) return `not an ErrorResponse: ${parsed.error.issues[0]?.message ?? ''}`;
  if (parsed.data.error_code.trim() === '') return 'empty error_code';
  return undefined;
}

function trpcErrorProblem(value: unknown, status: number | undefined): string | undefined {
  if (typeof value !== 'object' || value === null || !('error' in value)) return 'no `error` member';
  const error = value.error;
  if (typeof error !== 'object' || error === null) return '`error` is not an object';
  const { message, data } = error as { message?: unknown; data?: unknown };
  if (typeof message !== 'string') return '`error.message` is not a string';
  if (typeof data !== 'object' || data === null) return '`error.data` is missing';
  const { code, httpStatus, ...rest } = data as { code?: unknown; httpStatus?: unknown };
  const shape = errorBodyProblem(Object.fromEntries(Object.entries(rest).filter(([key]) => key !== 'path')));
  if (shape) return `error.data ${shape}`;
  if (typeof code !== 'string' || TRPC_STATUS[code] === undefined) return `unknown tRPC code ${String(code)}`;
  if (typeof httpStatus !== 'number') return '`error.data.httpStatus` is missing';
  if (status !== undefined && httpStatus !== status) return `error.data.httpStatus ${httpStatus} ≠ HTTP ${status}`;
  const standard = TRPC_STATUS[code] ?? 0;
  if (Math.floor(standard / 100) !== Math.floor(httpStatus / 100)) {
    return `tRPC code ${code} (a ${standard}) on a ${httpStatus} answer`;
  }
  const exact = EXACT_TRPC_CODE[httpStatus];
  if (exact !== undefined && code !== exact) return `tRPC code ${code} on a ${httpStatus} answer (expected ${exact})`;
  return undefined;
}

export interface ShapeOptions {
  /** The request was a HEAD: there is no body to check. */
  readonly head?: boolean;
  /** The request went to `/trpc/...`: tRPC's envelope (`error.data` = ErrorResponse) is the shape there. */
  readonly trpc?: boolean;
}

/** Why a 4xx/5xx answer is not in the error shape, or `undefined`. */
export function errorShapeProblem(response: RawResponse, options: ShapeOptions = {}): string | undefined {
  if (!/^application\/json\b/i.test(response.headers['content-type'] ?? '')) {
    return `Content-Type ${JSON.stringify(response.headers['content-type'] ?? null)} is not JSON`;
  }
  if (options.head) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(response.text) as unknown;
  } catch {
    return `body is not JSON: ${JSON.stringify(response.text.slice(0, 80))}`;
  }
  if (!options.trpc) return errorBodyProblem(body);
  // Middleware in front of tRPC (limits, rate limiting) answers in the plain shape.
  if (errorBodyProblem(body) === undefined) return undefined;
  if (Array.isArray(body)) {
    for (const [index, item] of body.entries()) {
      if (typeof item === 'object' && item !== null && 'result' in item) continue;
      const problem = trpcErrorProblem(item, undefined);
      if (problem) return `batch item ${index}: ${problem}`;
    }
    return undefined;
  }
  return trpcErrorProblem(body, response.status);
}

/** Each tRPC error inside a 2xx batch answer (`207`) must be well-formed too. */
export function batchItemsProblem(response: RawResponse): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(response.text) as unknown;
  } catch {
    return undefined;
  }
  if (!Array.isArray(body)) return undefined;
  for (const [index, item] of body.entries()) {
    if (typeof item === 'object' && item !== null && 'error' in item) {
      const problem = trpcErrorProblem(item, undefined);
      if (problem) return `batch item ${index}: ${problem}`;
    }
  }
  return undefined;
}
