/**
 * The request front: one router (find-my-way, Fastify's) matches every procedure call — the REST
 * paths and `/trpc/...` — and decodes its path parameters; the app's middleware runs, then the
 * handler. Everything else (docs, plain routes, CORS preflights, unknown paths) goes to express.
 * A URL whose path cannot be decoded is a 400, and a known path with another method a 405, both
 * in the error shape.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import FindMyWay, { type HTTPMethod } from 'find-my-way';
import { AppError, ValidationError } from '../domain/errors.js';
import { runChain, type ErrorResponder, type Middleware } from './middleware-chain.js';
import type { ProcedureRoute } from './procedure-routes.js';
import type { RestHandler } from './rest-handler.js';

export interface FrontOptions {
  /** The procedures' REST routes (`listProcedureRoutes`). */
  readonly routes: readonly ProcedureRoute[];
  /** The app-level middleware, in the order express runs it too. */
  readonly middleware: readonly Middleware[];
  readonly rest: RestHandler;
  /** Serves `/trpc/<procedure>` (and batches `/trpc/a,b`). */
  readonly trpc: Middleware;
  /** Every other request. */
  readonly fallback: RequestListener;
  readonly onError: ErrorResponder;
}

export const TRPC_PREFIX = '/trpc/';

const ANSWERED_METHODS: HTTPMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

export function createFront(options: FrontOptions): RequestListener {
  const { middleware, onError } = options;
  const chain = (request: IncomingMessage, response: ServerResponse, handler: Middleware) =>
    runChain(middleware, handler, onError, request, response);

  const router = FindMyWay({
    ignoreTrailingSlash: true,
    defaultRoute: (request, response) => options.fallback(request, response),
    onBadUrl: (_path, request, response) =>
      chain(request, response, (_request, _response, next) => {
        next(
          new ValidationError(
            'Malformed URL: the path holds an invalid percent-encoding',
            [{ field: '(path)', message: 'Not valid percent-encoded UTF-8' }],
            { status: 400 },
          ),
        );
      }),
  });

  const allowed = new Map<string, Set<HTTPMethod>>();
  for (const route of options.routes) {
    const methods: HTTPMethod[] = route.method === 'GET' ? ['GET', 'HEAD'] : [route.method];
    router.on(methods, route.routerPath, (request, response, params, _store, query) =>
      chain(request, response, () => options.rest(route, request, response, params, query)),
    );
    const known = allowed.get(route.routerPath) ?? new Set<HTTPMethod>();
    for (const method of methods) known.add(method);
    allowed.set(route.routerPath, known);
  }
  for (const [path, methods] of allowed) {
    const others = ANSWERED_METHODS.filter((method) => !methods.has(method));
    if (others.length === 0) continue;
    const allow = [...methods].join(', ');
    router.on(others, path, (request, response) =>
      chain(request, response, (_request, _response, next) => {
        response.setHeader('Allow', allow);
        next(new AppError('METHOD_NOT_ALLOWED', `Method ${request.method ?? 'GET'} is not allowed here; use ${allow}`));
      }),
    );
  }
  router.on(ANSWERED_METHODS, `${TRPC_PREFIX}*`, (request, response) => chain(request, response, options.trpc));

  return (request, response) => {
    try {
      if (request.headers.host === undefined && request.httpVersion === '1.1') {
        chain(request, response, (_request, _response, next) => {
          next(new ValidationError('An HTTP/1.1 request needs a Host header', [], { status: 400 }));
        });
        return;
      }
      router.lookup(request, response);
    } catch (error) {
      onError(error, request, response);
    }
  };
}
