import { AppError, toAppError } from './errors.js';

/**
 * A streamed answer failed after its first piece reached the caller: the caller learns why (the
 * code of the underlying failure) and that the text it received is incomplete. Not a
 * `ModelError`, so that it is neither retried nor passed to another provider: the caller has
 * already seen this provider's text.
 */
export class StreamInterruptedError extends AppError {
  constructor(cause: unknown) {
    const underlying = toAppError(cause);
    super(underlying.code, `The answer stream was interrupted: ${underlying.message}`, {
      cause,
      details: { ...underlying.details, stream_interrupted: true },
      ...(underlying.retryAfterSeconds !== undefined && { retryAfterSeconds: underlying.retryAfterSeconds }),
    });
    this.name = 'StreamInterruptedError';
  }
}

export function isStreamInterruptedError(error: unknown): error is StreamInterruptedError {
  return error instanceof StreamInterruptedError;
}
