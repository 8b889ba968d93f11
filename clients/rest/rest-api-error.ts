/** The error a REST call ends in when the server answers with a non-2xx status. */
import type { components } from './openapi-types.js';

type ErrorResponse = components['schemas']['ErrorResponse'];

export class RestApiError extends Error {
  override readonly name = 'RestApiError';
  /** HTTP status of the answer. */
  readonly status: number;
  /** The server's stable `error_code` (`HTTP_<status>` when the body was not an `ErrorResponse`). */
  readonly code: string;
  /** The `ErrorResponse` body, when the server sent one. */
  readonly body: ErrorResponse | undefined;
  /** Seconds to wait from `Retry-After`, when sent. */
  readonly retryAfterSeconds: number | undefined;

  constructor(status: number, body: unknown, retryAfter: string | null) {
    const errorBody = isErrorResponse(body) ? body : undefined;
    super(errorBody?.error ?? (typeof body === 'string' && body ? body.slice(0, 200) : `HTTP ${status}`));
    this.status = status;
    this.code = errorBody?.error_code ?? `HTTP_${status}`;
    this.body = errorBody;
    const seconds = retryAfter === null ? Number.NaN : Number(retryAfter);
    this.retryAfterSeconds = Number.isFinite(seconds) ? seconds : undefined;
  }

  get isRetryable(): boolean {
    return this.status === 429 || this.status === 502 || this.status === 503 || this.status === 504;
  }
}

export function isRestApiError(error: unknown): error is RestApiError {
  return error instanceof RestApiError;
}

function isErrorResponse(body: unknown): body is ErrorResponse {
  return typeof body === 'object' && body !== null && 'error_code' in body && 'error' in body;
}

/**
 * The data of an openapi-fetch result, or a `RestApiError` for an error answer:
 * `const health = await expectData(client.GET('/v1/health'))`.
 */
export async function expectData<Data>(
  call: Promise<{ data?: Data; error?: unknown; response: Response }>,
): Promise<Data> {
  const result = await call;
  if (result.response.ok) return result.data as Data;
  throw new RestApiError(result.response.status, result.error, result.response.headers.get('retry-after'));
}
