import { createHash } from 'node:crypto';
import type { ErrorCode } from '../../domain/errors.js';
import type { Credentials } from '../../domain/ports.js';
import { keyPrefix } from '../../infra/api-keys.js';
import type { AuditLog } from '../../routers/context.js';
import { toDomainError } from '../../routers/errors.js';

/** What the error path knows about the failed call. */
export interface FailedCall {
  readonly requestId: string;
  readonly credentials: Credentials;
  /** Procedure path (`public.process`) or HTTP path. */
  readonly path: string | undefined;
}

const AUDITED: Partial<Record<ErrorCode, string>> = {
  AUTHENTICATION_ERROR: 'auth.failed',
  AUTHORIZATION_ERROR: 'auth.forbidden',
  PROMPT_INJECTION_DETECTED: 'security.injection_blocked',
};

/**
 * The one place where refused calls reach the audit log: authentication failures, operator-only
 * paths refused to user keys, and blocked prompt injections, each with its request id. A presented
 * key appears only as its 8-character prefix when it is valid, or as a short SHA-256 fingerprint
 * when it is not (a wrong key is often a real key with a typo); texts never appear.
 */
export function createErrorAudit(audit: AuditLog) {
  return (error: unknown, call: FailedCall): void => {
    const domainError = toDomainError(error);
    const action = AUDITED[domainError.code];
    if (action === undefined) return;
    const presented = call.credentials.kind === 'none' ? undefined : call.credentials.key;
    const details: Record<string, unknown> = { path: call.path ?? null, credentials: call.credentials.kind };
    if (presented !== undefined && domainError.code === 'AUTHENTICATION_ERROR') {
      details.key_fingerprint = createHash('sha256').update(presented).digest('hex').slice(0, 12);
    }
    if (domainError.code === 'PROMPT_INJECTION_DETECTED' && domainError.details) {
      details.score = domainError.details.score;
      details.categories = domainError.details.categories;
    }
    audit.record({
      action,
      requestId: call.requestId,
      keyPrefix:
        presented === undefined
          ? 'anonymous'
          : domainError.code === 'AUTHENTICATION_ERROR'
            ? 'invalid'
            : keyPrefix(presented),
      outcome: 'failure',
      details,
    });
  };
}
