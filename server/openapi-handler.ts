/**
 * Serves tRPC procedures at their OpenAPI REST paths (`meta.openapi`), the paths that
 * trpc-to-openapi publishes in the documents. Ours instead of trpc-to-openapi's handler for three
 * reasons: one error shape (`ErrorResponse`) on every path, reference-style POSTs that carry their
 * input in the query string, and a lean hot path — routes, parsers and coercion are prepared once
 * at start-up, and the abort signal comes from the socket instead of a WHATWG `Request` per call.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AnyProcedure, AnyRouter } from '@trpc/server';
import {
  coerceSchema,
  forEachOpenApiProcedure,
  getPathParameters,
  getPathRegExp,
  instanceofZodTypeLikeVoid,
  instanceofZodTypeObject,
  normalizePath,
  unwrapZodType,
  type OpenApiMethod,
  type OpenApiRouter,
} from 'trpc-to-openapi';
import { AppError, ValidationError } from '../domain/errors.js';
import type { RequestContext } from '../routers/context.js';
import { toHttpError } from '../routers/errors.js';
import { readJsonBody } from './middleware/json-body.js';
import { callProcedure, type ProcedureErrorListener } from './procedure-caller.js';

interface Route {
  readonly method: OpenApiMethod;
  readonly openapiPath: string;
  readonly regexp: RegExp | undefined;
  readonly parameters: readonly string[];
  readonly procedure: AnyProcedure;
  readonly procedurePath: string;
  readonly takesInput: boolean;
  readonly type: 'query' | 'mutation' | 'subscription';
}

export interface OpenApiHandlerOptions {
  readonly router: AnyRouter;
  /** Hears about a failed call before its error is answered (as `createCaller`'s `onError`). */
  readonly onError?: ProcedureErrorListener<RequestContext>;
  readonly createContext: (request: IncomingMessage, response: ServerResponse, signal: AbortSignal) => RequestContext;
  /** Request paths to serve; others fall through to `next()` (e.g. when the internal API is off). */
  readonly include?: (openapiPath: string) => boolean;
  /** Largest accepted JSON body for a path, in bytes. */
  readonly bodyLimit: (openapiPath: string) => number;
  readonly requestId: (response: ServerResponse) => string;
}

function buildRoutes(router: AnyRouter, include: (path: string) => boolean): Route[] {
  const routes: Route[] = [];
  forEachOpenApiProcedure(
    (router as unknown as OpenApiRouter)._def.procedures,
    ({ path: procedurePath, type, procedure, meta }) => {
      const openapiPath = normalizePath(meta.openapi.path);
      if (!include(openapiPath)) return;
      const inputParser = procedure._def.inputs[0];
      const unwrapped = inputParser ? unwrapZodType(inputParser as never, true) : undefined;
      const takesInput = unwrapped !== undefined && !instanceofZodTypeLikeVoid(unwrapped);
      // Query strings arrive as text: coerce number/boolean fields once, not per call.
      if (unwrapped && instanceofZodTypeObject(unwrapped)) coerceSchema(unwrapped);
      const parameters = getPathParameters(openapiPath);
      routes.push({
        method: meta.openapi.method,
        openapiPath,
        regexp: parameters.length > 0 ? getPathRegExp(openapiPath) : undefined,
        parameters,
        procedure: procedure as unknown as AnyProcedure,
        procedurePath,
        takesInput,
        type,
      });
    },
  );
  return routes;
}

/** Serves a call of a procedure at its REST path (connect-style: anything else goes to `next`). */
export interface OpenApiHandler {
  (request: IncomingMessage, response: ServerResponse, next: () => void): Promise<void>;
  /** Whether the request's method and path are those of a served procedure. */
  handles(request: IncomingMessage): boolean;
}

export function createOpenApiHandler(options: OpenApiHandlerOptions): OpenApiHandler {
  const routes = buildRoutes(options.router, options.include ?? (() => true));
  const exact = new Map<string, Route>();
  const parameterised: Route[] = [];
  for (const route of routes) {
    if (route.regexp) parameterised.push(route);
    else exact.set(`${route.method} ${route.openapiPath}`, route);
  }
  const knownPaths = new Set(routes.map((route) => route.openapiPath));

  function match(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
    const route = exact.get(`${method} ${path}`);
    if (route) return { route, params: {} };
    for (const candidate of parameterised) {
      if (candidate.method !== method) continue;
      const result = candidate.regexp?.exec(path);
      if (!result) continue;
      const params: Record<string, string> = {};
      for (const name of candidate.parameters) {
        const value = result.groups?.[name];
        if (value !== undefined) params[name] = decodeURIComponent(value);
      }
      return { route: candidate, params };
    }
    return undefined;
  }

  function pathOf(url: string): string {
    const queryStart = url.indexOf('?');
    return normalizePath(queryStart === -1 ? url : url.slice(0, queryStart));
  }

  async function openApiHandler(request: IncomingMessage, response: ServerResponse, next: () => void) {
    const url = request.url ?? '/';
    const method = request.method === 'HEAD' ? 'GET' : (request.method ?? 'GET');
    const queryStart = url.indexOf('?');
    const path = pathOf(url);
    const found = match(method, path);
    if (!found) {
      if (knownPaths.has(path) || parameterised.some((route) => route.regexp?.test(path))) {
        sendError(
          response,
          new AppError('NOT_FOUND', `Method ${request.method ?? method} is not allowed for ${path}`),
          options,
        );
        return;
      }
      next();
      return;
    }

    const controller = new AbortController();
    const onClose = () => {
      if (!response.writableFinished) controller.abort();
    };
    response.once('close', onClose);
    try {
      const input = found.route.takesInput ? await readInput(request, found, url, queryStart, options) : undefined;
      const ctx = options.createContext(request, response, controller.signal);
      const output = await callProcedure(
        found.route.procedure,
        // As the server-side caller did: the abort signal travels in the context, not the call.
        { ctx, path: found.route.procedurePath, input, signal: undefined },
        options.onError,
      );
      const body = JSON.stringify(output);
      response.statusCode = 200;
      response.setHeader('Content-Type', 'application/json; charset=utf-8');
      response.setHeader('Content-Length', Buffer.byteLength(body));
      response.end(request.method === 'HEAD' ? undefined : body);
    } catch (error) {
      sendError(response, error, options);
    } finally {
      response.off('close', onClose);
    }
  }

  return Object.assign(openApiHandler, {
    handles: (request: IncomingMessage) =>
      match(request.method === 'HEAD' ? 'GET' : (request.method ?? 'GET'), pathOf(request.url ?? '/')) !== undefined,
  });
}

async function readInput(
  request: IncomingMessage,
  found: { route: Route; params: Record<string, string> },
  url: string,
  queryStart: number,
  options: OpenApiHandlerOptions,
): Promise<Record<string, unknown>> {
  const query = queryStart === -1 ? {} : queryObject(url.slice(queryStart + 1));
  if (found.route.method === 'GET' || found.route.method === 'DELETE') {
    return { ...query, ...found.params };
  }
  const body = await readJsonBody(request, options.bodyLimit(found.route.openapiPath));
  if (body !== undefined && (body === null || typeof body !== 'object' || Array.isArray(body))) {
    throw new ValidationError('Invalid request data: the JSON body must be an object', [
      { field: '(body)', message: 'Expected a JSON object' },
    ]);
  }
  // Reference callers send some POST inputs as query parameters: both forms work.
  return { ...query, ...(body as Record<string, unknown> | undefined), ...found.params };
}

function queryObject(search: string): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(search)) {
    const existing = result[key];
    if (existing === undefined) result[key] = value;
    else result[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return result;
}

function sendError(response: ServerResponse, error: unknown, options: OpenApiHandlerOptions): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const http = toHttpError(error, options.requestId(response));
  response.statusCode = http.status;
  for (const [name, value] of Object.entries(http.headers)) response.setHeader(name, value);
  response.setHeader('Content-Type', 'application/json; charset=utf-8');
  response.end(JSON.stringify(http.body));
}
