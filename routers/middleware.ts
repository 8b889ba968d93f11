/**
 * Base procedures: what every procedure of a kind guarantees (authentication, operator rights,
 * audit) lives here, once.
 */
import { AppError } from '../domain/errors.js';
import { baseProcedure, middleware } from './trpc.js';

const API_KEY_REQUIRED =
  "API key required. Please provide a valid API key via 'Authorization: Bearer <key>' or 'X-API-Key: <key>' header.";

function keyPrefix(key: string): string {
  return key.length <= 8 ? key : `${key.slice(0, 8)}...`;
}

/** Validates a presented key; without one the caller stays anonymous (`apiKey: null`). */
const optionalAuth = middleware(({ ctx, next }) => {
  if (ctx.credentials.kind === 'none' && !ctx.services.auth.open) {
    return next({ ctx: { apiKey: null as string | null, operator: false } });
  }
  const check = ctx.services.auth.check(ctx.credentials);
  if (!check.ok) {
    throw new AppError('AUTHENTICATION_ERROR', 'Invalid API key', {
      details: { auth_method: check.method, credentials_provided: check.reason !== 'missing' },
    });
  }
  return next({ ctx: { apiKey: check.key, operator: check.operator } });
});

const requireAuth = middleware(({ ctx, next }) => {
  const check = ctx.services.auth.check(ctx.credentials);
  if (!check.ok) {
    throw new AppError('AUTHENTICATION_ERROR', check.reason === 'missing' ? API_KEY_REQUIRED : 'Invalid API key', {
      details: {
        auth_method: check.method === 'bearer' ? 'bearer_token' : check.method === 'x-api-key' ? 'x_api_key' : 'none',
        credentials_provided: check.reason !== 'missing',
        environment: ctx.services.environment,
      },
    });
  }
  return next({ ctx: { apiKey: check.key, operator: check.operator } });
});

const requireOperator = middleware(({ ctx, next }) => {
  const check = ctx.services.auth.check(ctx.credentials);
  if (!check.ok) {
    throw new AppError('AUTHENTICATION_ERROR', check.reason === 'missing' ? API_KEY_REQUIRED : 'Invalid API key', {
      details: { credentials_provided: check.reason !== 'missing' },
    });
  }
  if (!check.operator) {
    throw new AppError('AUTHORIZATION_ERROR', 'This key may not use the internal API; use an operator key', {});
  }
  return next({ ctx: { apiKey: check.key, operator: true } });
});

/** Audit-logs mutations marked `audit` in their meta, with outcome and key prefix. */
const audited = middleware(async ({ ctx, meta, path, type, next }) => {
  const result = await next();
  if (type === 'mutation' && meta?.audit) {
    const apiKey = (ctx as { apiKey?: string | null }).apiKey;
    ctx.services.audit.record({
      action: path,
      requestId: ctx.requestId,
      keyPrefix: apiKey ? keyPrefix(apiKey) : 'anonymous',
      outcome: result.ok ? 'success' : 'failure',
    });
  }
  return result;
});

/** No authentication (health, docs-adjacent reads). */
export const publicProcedure = baseProcedure;
/** A key is optional, but a presented key must be valid. */
export const optionalAuthProcedure = baseProcedure.use(optionalAuth);
/** A valid API key is required (or the service runs open in development). */
export const protectedProcedure = baseProcedure.use(requireAuth);
/** An operator key is required (`INTERNAL_API_KEYS` when set, else any API key); mutations are audited. */
export const internalProcedure = baseProcedure.use(requireOperator).use(audited);
