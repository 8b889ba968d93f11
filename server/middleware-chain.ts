/**
 * Connect-style middleware on the plain node request, and the runner that applies a list of it
 * before a handler. Express runs the same list for the routes it serves (docs, plain routes, CORS
 * preflights), so every request passes the same steps in the same order.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export type Next = (error?: unknown) => void;

export type Middleware = (request: IncomingMessage, response: ServerResponse, next: Next) => unknown;

export type ErrorResponder = (error: unknown, request: IncomingMessage, response: ServerResponse) => void;

/**
 * Runs `middleware` in order, then `handler`. An error passed to `next`, thrown, or rejected by
 * any step is answered by `onError` on this request; it never escapes to the process.
 */
export function runChain(
  middleware: readonly Middleware[],
  handler: Middleware,
  onError: ErrorResponder,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  let index = 0;
  let failed = false;
  const fail = (error: unknown) => {
    if (failed) return;
    failed = true;
    try {
      onError(error, request, response);
    } catch {
      response.destroy();
    }
  };
  const next: Next = (error) => {
    if (error) {
      fail(error);
      return;
    }
    const current = index < middleware.length ? middleware[index] : index === middleware.length ? handler : undefined;
    index += 1;
    if (current === undefined) return;
    try {
      const result = current(request, response, next);
      if (result instanceof Promise) result.catch((rejection: unknown) => fail(rejection ?? new Error('Rejected')));
    } catch (thrown) {
      fail(thrown);
    }
  };
  next();
}
