/**
 * tRPC, initialised once: the context type, OpenAPI meta, and the error formatter that gives
 * tRPC callers the same `ErrorResponse` as REST callers (in `error.data`).
 */
import { initTRPC } from '@trpc/server';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import type { OpenApiMeta } from 'trpc-to-openapi';
import type { RequestContext } from './context.js';
import { toDomainError, toHttpError, TRPC_CODE } from './errors.js';

export type Meta = OpenApiMeta<{
  /** Written to the audit log when called (mutations of the internal API). */
  audit?: boolean;
}>;

const t = initTRPC
  .context<RequestContext>()
  .meta<Meta>()
  .create({
    // Runs on failures only: the tRPC code (`data.code`, the JSON-RPC `code`) is that of the
    // domain error (UNAUTHORIZED, BAD_GATEWAY...), not the INTERNAL_SERVER_ERROR tRPC gives any
    // error a procedure throws.
    errorFormatter({ shape, error, ctx }) {
      const http = toHttpError(error, ctx?.requestId ?? null);
      const code = TRPC_CODE[toDomainError(error).code];
      const { stack: _stack, ...data } = shape.data;
      return {
        ...shape,
        code: TRPC_ERROR_CODES_BY_KEY[code],
        message: http.body.error,
        data: { ...data, code, httpStatus: http.status, ...http.body },
      };
    },
  });

export const router = t.router;
export const middleware = t.middleware;
export const createCallerFactory = t.createCallerFactory;
export const baseProcedure = t.procedure;
