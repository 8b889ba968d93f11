import type { ModelErrorKind } from '../../domain/errors.js';

/** Reads one response header; `Headers` satisfies it. */
export interface HeaderReader {
  get(name: string): string | null;
}

/** The kind of failure an HTTP error status from a provider means. */
export function toModelErrorKind(status: number): ModelErrorKind {
  if (status === 408) return 'timeout';
  if (status === 429) return 'rate_limit';
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'not_found';
  if (status >= 500) return 'server';
  return 'bad_request';
}

/**
 * Milliseconds to wait before retrying, from `retry-after-ms` (milliseconds) or `Retry-After`
 * (seconds or an HTTP date, relative to `now`). Undefined when absent or unreadable.
 */
export function parseRetryAfterMs(headers: HeaderReader | undefined, now: number = Date.now()): number | undefined {
  const milliseconds = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return Math.round(milliseconds);
  const value = headers?.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number.parseFloat(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Milliseconds from a protobuf duration such as Google's `RetryInfo.retryDelay` ("2s", "0.5s"). */
export function parseDurationMs(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d+(?:\.\d+)?)s$/.exec(value.trim());
  return match?.[1] === undefined ? undefined : Math.round(Number.parseFloat(match[1]) * 1000);
}

const TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

function* causeChain(error: unknown): Generator<unknown> {
  let current = error;
  for (let depth = 0; depth < 6 && current !== undefined && current !== null; depth += 1) {
    yield current;
    current = (current as { cause?: unknown }).cause;
  }
}

function codeOf(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** The fetch was aborted, or a transport timer expired, anywhere along the cause chain. */
export function isTimeoutError(error: unknown): boolean {
  for (const link of causeChain(error)) {
    if (link instanceof Error && (link.name === 'AbortError' || link.name === 'TimeoutError')) return true;
    if (TIMEOUT_CODES.has(codeOf(link) ?? '')) return true;
  }
  return false;
}

/** The connection failed (reset, refused, closed early, name resolution), or fetch gave up on it. */
export function isNetworkError(error: unknown): boolean {
  for (const link of causeChain(error)) {
    if (NETWORK_CODES.has(codeOf(link) ?? '')) return true;
    if (link instanceof TypeError && link.message === 'fetch failed') return true;
  }
  return false;
}
