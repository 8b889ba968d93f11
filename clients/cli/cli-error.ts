/** The CLI's one error type: a one-line message and the exit code it ends the process with. */
import { isRestApiError } from '../rest/rest-api-error.js';

/** Exit codes, documented in `ai-text --help`. */
export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  auth: 3,
  connection: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class CliError extends Error {
  override readonly name = 'CliError';
  readonly exitCode: ExitCode;

  constructor(message: string, exitCode: ExitCode, options?: { cause?: unknown }) {
    super(message, options);
    this.exitCode = exitCode;
  }
}

export function isCliError(error: unknown): error is CliError {
  return error instanceof CliError;
}

/** The first `code` along an error's `cause` chain (`ECONNREFUSED`, `ENOTFOUND`, ...). */
function systemCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    if (typeof current !== 'object') return undefined;
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
    if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_SOCKET') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** `text: Text must be at least 10 characters; question: Required` from a validation error's details. */
function fieldMessages(details: unknown): string | undefined {
  const fields = (details as { fields?: unknown } | null | undefined)?.fields;
  if (!Array.isArray(fields)) return undefined;
  const messages = fields
    .filter((field): field is { field: string; message: string } => typeof field?.field === 'string')
    .map((field) => `${field.field}: ${field.message}`);
  return messages.length > 0 ? messages.join('; ') : undefined;
}

/** Ends a message with a full stop unless it already ends a sentence (server messages often do). */
function sentence(message: string): string {
  const trimmed = message.trimEnd();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** Turns whatever a command threw into a `CliError` that names the fix. */
export function toCliError(error: unknown, url: string): CliError {
  if (isCliError(error)) return error;
  if (isRestApiError(error)) {
    if (error.status === 401) {
      return new CliError(
        `authentication failed (401 ${error.code}): ${sentence(error.message)} Pass --api-key or set AI_TEXT_API_KEY.`,
        EXIT.auth,
        { cause: error },
      );
    }
    if (error.status === 403) {
      return new CliError(`not allowed (403 ${error.code}): ${error.message}`, EXIT.auth, { cause: error });
    }
    const retry = error.retryAfterSeconds === undefined ? '' : ` Retry after ${error.retryAfterSeconds} s.`;
    const fields = fieldMessages(error.body?.details);
    const detail = fields && !error.message.includes(fields) ? ` (${fields})` : '';
    return new CliError(
      `request failed (${error.status} ${error.code}): ${sentence(error.message + detail)}${retry}`,
      EXIT.failed,
      {
        cause: error,
      },
    );
  }
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return new CliError(`no answer from ${url} in time. Raise --timeout or check the server.`, EXIT.connection, {
      cause: error,
    });
  }
  const code = systemCode(error);
  if (code || (error instanceof TypeError && error.message === 'fetch failed')) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
    const detail = code ?? cause;
    return new CliError(
      `cannot connect to ${url}${detail ? ` (${detail})` : ''}. Is the server running? Pass --url or set AI_TEXT_URL.`,
      EXIT.connection,
      { cause: error },
    );
  }
  return new CliError(error instanceof Error ? error.message : String(error), EXIT.failed, { cause: error });
}
