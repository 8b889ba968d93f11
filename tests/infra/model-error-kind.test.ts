import { describe, expect, it } from 'vitest';
import {
  isNetworkError,
  isTimeoutError,
  parseDurationMs,
  parseRetryAfterMs,
  toModelErrorKind,
} from '../../infra/ai/model-error-kind.js';

describe('toModelErrorKind', () => {
  it.each([
    [429, 'rate_limit'],
    [500, 'server'],
    [599, 'server'],
    [408, 'timeout'],
    [401, 'auth'],
    [403, 'auth'],
    [404, 'not_found'],
    [400, 'bad_request'],
    [422, 'bad_request'],
    [413, 'bad_request'],
  ] as const)('maps %i to %s', (status, kind) => {
    expect(toModelErrorKind(status)).toBe(kind);
  });
});

describe('parseRetryAfterMs', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');

  it('reads seconds, fractions and milliseconds', () => {
    expect(parseRetryAfterMs(new Headers({ 'retry-after': '3' }), now)).toBe(3_000);
    expect(parseRetryAfterMs(new Headers({ 'retry-after': '1.5' }), now)).toBe(1_500);
    expect(parseRetryAfterMs(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }), now)).toBe(250);
  });

  it('reads an HTTP date relative to now, never negative', () => {
    expect(parseRetryAfterMs(new Headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:10 GMT' }), now)).toBe(10_000);
    expect(parseRetryAfterMs(new Headers({ 'retry-after': 'Tue, 31 Dec 2024 23:59:00 GMT' }), now)).toBe(0);
  });

  it('ignores absent and unreadable values', () => {
    expect(parseRetryAfterMs(undefined, now)).toBeUndefined();
    expect(parseRetryAfterMs(new Headers(), now)).toBeUndefined();
    expect(parseRetryAfterMs(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
  });
});

describe('parseDurationMs', () => {
  it('reads protobuf durations', () => {
    expect(parseDurationMs('2s')).toBe(2_000);
    expect(parseDurationMs('0.25s')).toBe(250);
    expect(parseDurationMs('2m')).toBeUndefined();
    expect(parseDurationMs(2)).toBeUndefined();
  });
});

describe('transport error classification', () => {
  const withCode = (code: string) => Object.assign(new Error(code), { code });

  it('finds network failures along the cause chain', () => {
    expect(isNetworkError(new TypeError('fetch failed'))).toBe(true);
    expect(isNetworkError(new Error('outer', { cause: withCode('ECONNRESET') }))).toBe(true);
    expect(isNetworkError(new Error('outer', { cause: new Error('mid', { cause: withCode('UND_ERR_SOCKET') }) }))).toBe(
      true,
    );
    expect(isNetworkError(new Error('plain'))).toBe(false);
  });

  it('finds aborts and transport timeouts along the cause chain', () => {
    expect(isTimeoutError(new DOMException('aborted', 'AbortError'))).toBe(true);
    expect(isTimeoutError(new TypeError('fetch failed', { cause: withCode('UND_ERR_HEADERS_TIMEOUT') }))).toBe(true);
    expect(isTimeoutError(new TypeError('fetch failed', { cause: withCode('ECONNREFUSED') }))).toBe(false);
  });
});
