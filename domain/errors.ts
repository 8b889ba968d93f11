/**
 * The service's typed errors. Every failure a caller can see is one of these, identified by a
 * stable `code`; `routers/errors.ts` maps each code to an HTTP status in exactly one place.
 */

export const ERROR_CODES = [
  'VALIDATION_ERROR',
  'AUTHENTICATION_ERROR',
  'AUTHORIZATION_ERROR',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'REQUEST_TOO_LARGE',
  'PROMPT_INJECTION_DETECTED',
  'RATE_LIMIT_EXCEEDED',
  'AI_SERVICE_ERROR',
  'SERVICE_UNAVAILABLE',
  'TIMEOUT',
  'INTERNAL_ERROR',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** One invalid field: where it is (dotted path) and what is wrong with it. */
export interface FieldIssue {
  field: string;
  message: string;
}

export interface AppErrorOptions {
  cause?: unknown;
  /** Structured, caller-safe details (field issues, limits). Never internals. */
  details?: Record<string, unknown> | null;
  /** Seconds after which a retry may succeed; becomes `Retry-After`. */
  retryAfterSeconds?: number;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | null;
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details ?? null;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

export interface ValidationErrorOptions extends AppErrorOptions {
  /** 422 (default) for invalid field values; 400 for a malformed request (bad JSON, batch over its limit). */
  status?: 400 | 422;
}

export class ValidationError extends AppError {
  readonly issues: readonly FieldIssue[];
  readonly status: 400 | 422;
  constructor(message: string, issues: readonly FieldIssue[] = [], options: ValidationErrorOptions = {}) {
    super('VALIDATION_ERROR', message, {
      ...options,
      details: { ...options.details, fields: issues },
    });
    this.name = 'ValidationError';
    this.issues = issues;
    this.status = options.status ?? 422;
  }
}

export function isValidationError(error: unknown): error is ValidationError {
  return error instanceof ValidationError;
}

export class PromptInjectionError extends AppError {
  constructor(message: string, details: Record<string, unknown>) {
    super('PROMPT_INJECTION_DETECTED', message, { details });
    this.name = 'PromptInjectionError';
  }
}

export function isPromptInjectionError(error: unknown): error is PromptInjectionError {
  return error instanceof PromptInjectionError;
}

export type ModelErrorKind =
  | 'rate_limit'
  | 'server'
  | 'network'
  | 'timeout'
  | 'auth'
  | 'bad_request'
  | 'not_found'
  | 'safety'
  | 'invalid_output'
  | 'unavailable';

export interface ModelErrorOptions {
  provider: string;
  kind: ModelErrorKind;
  status?: number;
  retryAfterMs?: number;
  cause?: unknown;
}

const RETRYABLE_KINDS: ReadonlySet<ModelErrorKind> = new Set([
  'rate_limit',
  'server',
  'network',
  'timeout',
  'unavailable',
]);

/**
 * A failure of one model provider. `isRetryable` is decided here, once, from the kind of
 * failure: transient ones (rate limits, 5xx, network, timeouts) may be retried and count against
 * circuit breakers; permanent ones (bad key, 4xx, safety blocks) are neither.
 */
export class ModelError extends Error {
  readonly provider: string;
  readonly kind: ModelErrorKind;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly isRetryable: boolean;

  constructor(message: string, options: ModelErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ModelError';
    this.provider = options.provider;
    this.kind = options.kind;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.isRetryable = RETRYABLE_KINDS.has(options.kind);
  }
}

export function isModelError(error: unknown): error is ModelError {
  return error instanceof ModelError;
}

/** The model answered, but its output failed parsing or validation. */
export class ModelOutputError extends ModelError {
  constructor(message: string, provider: string, cause?: unknown) {
    super(message, { provider, kind: 'invalid_output', cause });
    this.name = 'ModelOutputError';
  }
}

export function isModelOutputError(error: unknown): error is ModelOutputError {
  return error instanceof ModelOutputError;
}

/** Maps a model failure that escaped every fallback to the caller-facing error. */
export function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  if (isModelError(error)) {
    if (error.kind === 'timeout') {
      return new AppError('TIMEOUT', 'The AI provider did not answer in time', { cause: error });
    }
    if (error.kind === 'unavailable' || error.kind === 'rate_limit') {
      return new AppError('SERVICE_UNAVAILABLE', 'AI service temporarily unavailable', {
        cause: error,
        retryAfterSeconds: Math.max(1, Math.ceil((error.retryAfterMs ?? 30_000) / 1000)),
      });
    }
    return new AppError('AI_SERVICE_ERROR', 'AI service error', {
      cause: error,
      details: { provider: error.provider, reason: error.kind },
    });
  }
  return new AppError('INTERNAL_ERROR', 'Internal server error', { cause: error });
}
