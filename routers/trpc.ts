/**
 * tRPC, initialised once: the context type, OpenAPI meta, and the error formatter that gives
 * tRPC callers the same `ErrorResponse` as REST callers (in `error.data`).
 */
import { initTRPC } from '@trpc/server';
import type { OpenApiMeta } from 'trpc-to-openapi';
import type { RequestContext } from './context.js';
import { toHttpError, toTrpcError } from './errors.js';

export type Meta = OpenApiMeta<{
  /** Written to the audit log when called (mutations of the internal API). */
  audit?: boolean;
}>;

const t = initTRPC
  .context<RequestContext>()
  .meta<Meta>()
  .create({
    errorFormatter({ shape, error, ctx }) {
      const http = toHttpError(error, ctx?.requestId ?? null);
      const { stack: _stack, ...data } = shape.data;
      return {
        ...shape,
        message: http.body.error,
        data: { ...data, httpStatus: http.status, ...http.body },
      };
    },
  });

export const router = t.router;
export const middleware = t.middleware;
export const createCallerFactory = t.createCallerFactory;
/** Every procedure's errors carry the tRPC code of their domain error (first, so it sees them all). */
export const baseProcedure = t.procedure.use(async ({ next }) => {
  const result = await next();
  if (!result.ok) throw toTrpcError(result.error);
  return result;
});
