/**
 * Serves a procedure at its REST path: reads the input (query string, path parameters and JSON
 * body, as the reference's callers send them), calls the procedure through tRPC's public server
 * caller, and answers its output as JSON or its error in the one error shape. Route matching and
 * path decoding belong to the router in front (`server/front.ts`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ValidationError } from '../domain/errors.js';
import type { RequestContext } from '../routers/context.js';
import { toHttpError } from '../routers/errors.js';
import { readJsonBody } from './middleware/json-body.js';
import { toFieldValue, type ProcedureRoute } from './procedure-routes.js';

/** What a procedure call reports when it fails, before its error is answered. */
export type CallErrorListener = (failure: {
  readonly error: unknown;
  readonly ctx: RequestContext;
  readonly path: string;
}) => void;

/** Calls a procedure by its dotted path with a request's context (tRPC's server-side caller). */
export type ProcedureInvoker = (
  ctx: RequestContext,
  procedurePath: string,
  input: unknown,
  onError: (error: unknown) => void,
) => Promise<unknown>;

export interface RestHandlerOptions {
  readonly invoke: ProcedureInvoker;
  readonly createContext: (request: IncomingMessage, response: ServerResponse, signal: AbortSignal) => RequestContext;
  /** Largest accepted JSON body for a route, in bytes. */
  readonly bodyLimit: (openapiPath: string) => number;
  readonly requestId: (response: ServerResponse) => string;
  readonly onError?: CallErrorListener;
}

export type QueryValues = Readonly<Record<string, string | string[] | undefined>>;

/** Handles one call of `route`; `params` are the decoded path parameters, `query` the parsed query string. */
export type RestHandler = (
  route: ProcedureRoute,
  request: IncomingMessage,
  response: ServerResponse,
  params: Readonly<Record<string, string | undefined>>,
  query: QueryValues,
) => Promise<void>;

export function createRestHandler(options: RestHandlerOptions): RestHandler {
  return async (route, request, response, params, query) => {
    const controller = new AbortController();
    const onClose = () => {
      if (!response.writableFinished) controller.abort();
    };
    response.once('close', onClose);
    try {
      const input = await readInput(route, request, params, query, options.bodyLimit(route.openapiPath));
      const ctx = options.createContext(request, response, controller.signal);
      const output = await options.invoke(ctx, route.procedurePath, input, (error) =>
        options.onError?.({ error, ctx, path: route.procedurePath }),
      );
      const body = JSON.stringify(output);
      response.statusCode = 200;
      response.setHeader('Content-Type', 'application/json; charset=utf-8');
      response.setHeader('Content-Length', Buffer.byteLength(body));
      response.end(request.method === 'HEAD' ? undefined : body);
    } catch (error) {
      sendError(response, error, options.requestId(response));
    } finally {
      response.off('close', onClose);
    }
  };
}

/** A call's input: query string, path parameters and (for `body` routes) the JSON body. */
export async function readInput(
  route: ProcedureRoute,
  request: IncomingMessage,
  params: Readonly<Record<string, string | undefined>>,
  query: QueryValues,
  bodyLimit: number,
): Promise<Record<string, unknown> | undefined> {
  if (route.input === 'none') return undefined;
  // Without a prototype, a `__proto__` field is an ordinary key, never the object's prototype.
  const input = Object.create(null) as Record<string, unknown>;
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) input[name] = toFieldValue(route.fieldTypes.get(name), value);
  }
  if (route.input === 'body') {
    const body = await readJsonBody(request, bodyLimit);
    if (body !== undefined && (body === null || typeof body !== 'object' || Array.isArray(body))) {
      throw new ValidationError('Invalid request data: the JSON body must be an object', [
        { field: '(body)', message: 'Expected a JSON object' },
      ]);
    }
    // Reference callers send some POST inputs as query parameters: both forms work.
    if (body) Object.assign(input, body);
  }
  for (const [name, value] of Object.entries(params)) if (value !== undefined) input[name] = value;
  return input;
}

/** Answers `error` in the one error shape; once headers are out, the connection is closed instead. */
export function sendError(response: ServerResponse, error: unknown, requestId: string): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const http = toHttpError(error, requestId);
  response.statusCode = http.status;
  for (const [name, value] of Object.entries(http.headers)) response.setHeader(name, value);
  response.setHeader('Content-Type', 'application/json; charset=utf-8');
  response.end(JSON.stringify(http.body));
}
