import type { Logger } from './logger.js';

export interface AuditRecord {
  readonly action: string;
  readonly requestId: string;
  readonly keyPrefix: string;
  readonly outcome: 'success' | 'failure';
  readonly details?: Record<string, unknown>;
}

/** Audit events (auth failures, injection blocks, config changes, invalidations) as log lines
 * tagged `audit: true`, so a log pipeline can route them apart. Callers pass key prefixes only. */
export function createAuditLog(logger: Logger) {
  return {
    record(event: AuditRecord): void {
      logger.info(`audit: ${event.action} ${event.outcome}`, { audit: true, ...event });
    },
  };
}
