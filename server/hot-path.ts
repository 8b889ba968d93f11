/**
 * Procedure calls — the REST paths and `/trpc/...` — bypass express's router and the two
 * prototype swaps express makes on every request, which together cost more CPU than the rest of
 * a cache hit. They run the same middleware, in the same order, then the same handler, with the
 * same error responses; every other request (docs, plain routes, CORS preflights, unknown paths)
 * is express's.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Express } from 'express';
import type { OpenApiHandler } from './openapi-handler.js';

export type Next = (error?: unknown) => void;

/** Connect-style middleware on the plain node request, usable by express and the hot path alike. */
export type Middleware = (request: IncomingMessage, response: ServerResponse, next: Next) => unknown;

export interface HotPathOptions {
  /** The app-level middleware, in the order express runs it. */
  readonly middleware: readonly Middleware[];
  /** The REST handler (express mounts it after every other route). */
  readonly rest: OpenApiHandler;
  /** The handler express mounts at `/trpc`. */
  readonly trpc: Middleware;
  /** What express runs when a handler passes a request on (its 404). */
  readonly notFound: Middleware;
  /** What the app's express error handler does. */
  readonly onError: (error: unknown, request: IncomingMessage, response: ServerResponse) => void;
}

interface ExpressInternals {
  handle(request: IncomingMessage, response: ServerResponse, callback?: Next): void;
}

const TRPC_MOUNT = '/trpc';

/**
 * Routes procedure calls of `app` through the hot path. The app stays the same express app (for
 * `listen`, supertest, mounting); only its entry point `handle` looks at the request first.
 */
export function withHotPath(app: Express, options: HotPathOptions): Express {
  const internals = app as unknown as ExpressInternals;
  const expressHandle = internals.handle.bind(app);
  const { middleware, rest } = options;

  const fail = (error: unknown, request: IncomingMessage, response: ServerResponse) => {
    try {
      options.onError(error, request, response);
    } catch {
      request.socket.destroy();
    }
  };

  // Express strips the mount path from `request.url` for the handler, and restores it when the
  // handler passes the request on.
  const trpc: Middleware = (request, response, next) => {
    const url = request.url ?? '/';
    request.url = url.slice(TRPC_MOUNT.length);
    return options.trpc(request, response, (error) => {
      request.url = url;
      next(error);
    });
  };

  function run(request: IncomingMessage, response: ServerResponse, handler: Middleware): void {
    let index = 0;
    const next: Next = (error) => {
      if (error) {
        fail(error, request, response);
        return;
      }
      const current =
        index < middleware.length ? middleware[index] : index === middleware.length ? handler : options.notFound;
      index += 1;
      if (current === undefined) return;
      try {
        const result = current(request, response, next);
        if (result instanceof Promise) {
          result.catch((rejection: unknown) => next(rejection ?? new Error('Rejected promise')));
        }
      } catch (thrown) {
        next(thrown);
      }
    };
    next();
  }

  internals.handle = (request, response, callback) => {
    if (callback === undefined) {
      const url = request.url ?? '/';
      if (url.startsWith(`${TRPC_MOUNT}/`)) {
        run(request, response, trpc);
        return;
      }
      if (rest.handles(request)) {
        run(request, response, rest);
        return;
      }
    }
    expressHandle(request, response, callback);
  };
  return app;
}
