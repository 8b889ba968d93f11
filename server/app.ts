/**
 * The HTTP host: express with the middleware stack, the REST paths of every procedure, `/trpc`,
 * the docs and the plain-HTTP utility routes. Pure construction — no listening, no env.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { TRPCError } from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import express from 'express';
import proxyaddr from 'proxy-addr';
import { AppError } from '../domain/errors.js';
import { credentialsOf } from '../infra/api-keys.js';
import type { Logger } from '../infra/logger.js';
import type { AppServices, RequestContext } from '../routers/context.js';
import { toDomainError, toHttpError, TRPC_CODE } from '../routers/errors.js';
import { appRouter } from '../routers/index.js';
import { createCallerFactory } from '../routers/trpc.js';
import type { AppConfig } from './config.js';
import type { Lifecycle } from './deps.js';
import { createDocsRouter } from './docs.js';
import { createFront, TRPC_PREFIX } from './front.js';
import type { Middleware } from './middleware-chain.js';
import { corsPolicy } from './middleware/cors.js';
import { createErrorAudit } from './middleware/error-audit.js';
import { createErrorResponder, errorHandler, notFound } from './middleware/errors.js';
import { headerLimit } from './middleware/header-limit.js';
import { httpMetrics } from './middleware/http-metrics.js';
import { createRateLimiter, rateLimit, type RateLimiter } from './middleware/rate-limit.js';
import { requestContext, requestIdOf } from './middleware/request-context.js';
import { createRouteTable, toPathname } from './middleware/route-table.js';
import { securityHeaders } from './middleware/security-headers.js';
import { tracing } from './middleware/tracing.js';
import { readBodyText } from './middleware/json-body.js';
import { createPlaygroundRouter } from './playground.js';
import { listProcedureRoutes, type ProcedureRoute } from './procedure-routes.js';
import { withEventStreams } from './event-stream.js';
import { createRestHandler, type ProcedureInvoker, type RestHandlerOptions } from './rest-handler.js';

export interface AppOptions {
  readonly config: AppConfig;
  readonly services: AppServices;
  readonly lifecycle: Lifecycle;
  readonly logger: Logger;
  /**
   * Shared (Redis-backed) rate limiter, built by the caller who also closes it. Without one, and
   * with rate limiting enabled, the app limits in memory, per process.
   */
  readonly rateLimiter?: RateLimiter;
}

const PLAIN_ROUTES = [
  '/',
  '/playground',
  '/health',
  '/livez',
  '/readyz',
  '/internal/metrics',
  '/openapi.json',
  '/internal/openapi.json',
  '/docs',
  '/docs/init.js',
  '/redoc',
  '/internal/docs',
  '/internal/docs/init.js',
  '/internal/redoc',
  '/favicon.ico',
  '/favicon.svg',
  '/trpc',
];
const ASSET_PREFIXES = ['/docs/assets/', '/redoc/assets/', '/playground/'];

const KIB = 1024;

/** The router serves procedure paths before express: none may shadow a plain route. */
function assertNoShadowedProcedures(routes: readonly ProcedureRoute[]): void {
  const plain = new Set(PLAIN_ROUTES.map((route) => route.toLowerCase()));
  for (const { openapiPath } of routes) {
    const path = openapiPath.toLowerCase();
    if (plain.has(path) || [...ASSET_PREFIXES, TRPC_PREFIX].some((prefix) => `${path}/`.startsWith(prefix))) {
      throw new Error(`The REST path ${path} collides with a plain route`);
    }
  }
}

/** Calls a procedure by its dotted path through tRPC's server-side caller (its public API). */
function createInvoker(): ProcedureInvoker {
  const createCaller = createCallerFactory(appRouter);
  return (ctx, procedurePath, input, onError) => {
    let target: unknown = createCaller(ctx, { onError: ({ error }) => onError(error) });
    for (const segment of procedurePath.split('.')) target = (target as Record<string, unknown>)[segment];
    if (typeof target !== 'function') throw new Error(`No procedure at ${procedurePath}`);
    return (target as (input: unknown) => Promise<unknown>)(input);
  };
}

function bodyLimit(config: AppConfig) {
  return (path: string) => {
    if (path === '/v1/text_processing/batch_process') return config.server.maxRequestBytes;
    if (path === '/v1/text_processing/process') return Math.min(config.server.maxRequestBytes, 2 * KIB * KIB);
    return Math.min(config.server.maxRequestBytes, 64 * KIB);
  };
}

/** The app as a node request listener (for `http.createServer`, supertest...). */
export function createApp(options: AppOptions): RequestListener {
  const { config, services, lifecycle, logger } = options;
  const allRoutes = listProcedureRoutes(appRouter);
  assertNoShadowedProcedures(allRoutes);
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', config.server.trustProxy);
  const routes = createRouteTable({ routes: allRoutes, plainRoutes: PLAIN_ROUTES, prefixes: ASSET_PREFIXES });
  const auditFailure = createErrorAudit(services.audit);

  const contextFor = (request: IncomingMessage, requestId: string, signal?: AbortSignal): RequestContext => ({
    services,
    credentials: credentialsOf(request),
    requestId,
    signal,
    bypassCache: /\bno-cache\b/i.test(request.headers['cache-control'] ?? ''),
  });

  const middleware: Middleware[] = [requestContext({ logger, accessLog: config.log.requests })];
  if (config.telemetry.otlpEndpoint) middleware.push(tracing({ routes }));
  middleware.push(httpMetrics({ metrics: services.metrics, routes }), (_request, response, next) => {
    // While draining, each answered request also closes its keep-alive connection.
    if (!lifecycle.ready) response.setHeader('Connection', 'close');
    next();
  });
  if (config.security.headers) middleware.push(securityHeaders());
  // Before CORS, which answers preflights itself: a header flood is refused on every request.
  middleware.push(headerLimit({ maxCount: config.server.maxHeaderCount }));
  middleware.push(
    corsPolicy({
      origins: config.cors.origins,
      exposedHeaders: [
        'X-Request-ID',
        'X-Response-Time',
        'Retry-After',
        'X-RateLimit-Limit',
        'X-RateLimit-Remaining',
        'X-RateLimit-Reset',
        'X-RateLimit-Window',
        'X-RateLimit-Rule',
      ],
      maxAgeSeconds: 600,
    }),
  );
  if (config.rateLimit.enabled) {
    const trust = app.get('trust proxy fn') as Parameters<typeof proxyaddr>[1];
    middleware.push(
      rateLimit({
        limiter: options.rateLimiter ?? createRateLimiter({ rules: config.rateLimit }),
        routes,
        auth: services.auth,
        skipHealth: config.rateLimit.skipHealth,
        clientIp: (request) => proxyaddr(request, trust),
        onLimited: (rule) => services.metrics.recordRateLimited(rule),
        onError: (error) => logger.warn('Rate limiter failed; request let through', { error: String(error) }),
      }),
    );
  }
  for (const step of middleware) app.use(step);

  app.get('/', (_request, response) => {
    response.json({
      message: 'AI Text Processing API',
      version: services.version,
      docs: '/docs',
      internal_docs: config.internal.enabled && config.internal.docsEnabled ? '/internal/docs' : null,
      api_version: 'v1',
      endpoints: {
        health: '/v1/health',
        auth: '/v1/auth/status',
        text_processing: '/v1/text_processing/process',
        operations: '/v1/text_processing/operations',
        openapi: '/openapi.json',
        trpc: '/trpc',
      },
    });
  });
  app.get('/health', (_request, response) => {
    response.set({ 'X-API-Version': 'v1', 'X-Endpoint-Type': 'utility' }).redirect(301, '/v1/health');
  });
  app.get('/livez', (_request, response) => {
    response.json({ status: 'alive' });
  });
  app.get('/readyz', (_request, response) => {
    response.status(lifecycle.ready ? 200 : 503).json({ status: lifecycle.ready ? 'ready' : 'not_ready' });
  });
  if (config.internal.enabled) {
    app.get('/internal/metrics', async (request, response, next) => {
      const credentials = credentialsOf(request);
      const check = services.auth.check(credentials);
      const refusal = !check.ok
        ? new AppError('AUTHENTICATION_ERROR', check.reason === 'missing' ? 'API key required' : 'Invalid API key')
        : !check.operator
          ? new AppError('AUTHORIZATION_ERROR', 'This key may not use the internal API; use an operator key')
          : undefined;
      if (refusal) {
        auditFailure(refusal, { requestId: requestIdOf(response), credentials, path: '/internal/metrics' });
        next(refusal);
        return;
      }
      try {
        const body = await services.metrics.prometheus();
        response.set('Content-Type', services.metrics.contentType).set('Cache-Control', 'no-store').send(body);
      } catch (error) {
        next(error);
      }
    });
  }

  app.use(
    createDocsRouter({
      router: appRouter,
      version: services.version,
      internalDocs: config.internal.enabled && config.internal.docsEnabled,
    }),
  );

  app.use('/playground', createPlaygroundRouter());

  const trpcHandler = createHTTPHandler({
    router: appRouter,
    basePath: TRPC_PREFIX,
    maxBodySize: config.server.maxRequestBytes,
    createContext: ({ req, res, info }: { req: IncomingMessage; res: ServerResponse; info: { signal: AbortSignal } }) =>
      contextFor(req, requestIdOf(res), info.signal),
    responseMeta({
      errors,
      info,
      type,
    }: {
      errors: TRPCError[];
      info?: { calls: readonly unknown[] } | undefined;
      type: string;
    }) {
      const [first] = errors;
      const single = first !== undefined && (info?.calls.length ?? 0) <= 1;
      const http = single ? toHttpError(first, null) : undefined;
      // tRPC writes its own `Vary`, replacing the `Origin` the CORS middleware set; appended here
      // (tRPC appends these headers to its own) so caches still key the answer by origin.
      const headers = new Headers(http?.headers);
      headers.append('Vary', 'Origin');
      // Errors tRPC raises before a procedure runs would otherwise go out as text/plain. A
      // subscription answers with Server-Sent Events, its errors included (`serialized-error`).
      if (type !== 'subscription') headers.set('Content-Type', 'application/json');
      return http ? { status: http.status, headers } : { headers };
    },
    onError({ error, ctx, path }: { error: TRPCError; ctx?: RequestContext | undefined; path?: string | undefined }) {
      if (ctx) auditFailure(error, { requestId: ctx.requestId, credentials: ctx.credentials, path });
      const http = toHttpError(error, ctx?.requestId ?? null);
      if (http.status >= 500)
        logger.error('tRPC call failed', { requestId: ctx?.requestId, error: String(error.cause ?? error) });
    },
  });
  const limitFor = bodyLimit(config);
  const trpc: Middleware = (request, response, next) => {
    if (!config.internal.enabled && /^\/trpc\/(?:[^?]*,)?internal\./.test(request.url ?? '')) {
      next(new AppError('NOT_FOUND', 'The internal API is disabled'));
      return;
    }
    if (request.method !== 'POST') {
      trpcHandler(request, response);
      return;
    }
    // The body is read here, as for REST (UTF-8 checked, the same per-procedure limits, the 413
    // delivered), and handed to tRPC the way its adapter documents for body parsers: `request.body`.
    const { targets } = routes.resolve(request.url ?? '/');
    const limit = Math.max(64 * KIB, ...targets.map(limitFor));
    return readBodyText(request, limit).then(
      (text) => {
        if (text !== undefined) (request as IncomingMessage & { body?: string }).body = text;
        trpcHandler(request, response);
      },
      (error: unknown) => sendTrpcError(request, response, error),
    );
  };

  /** A failure before tRPC saw the call, in tRPC's error envelope with our `ErrorResponse` as data. */
  const sendTrpcError = (request: IncomingMessage, response: ServerResponse, error: unknown) => {
    const requestId = requestIdOf(response);
    const http = toHttpError(error, requestId);
    const code = TRPC_CODE[toDomainError(error).code];
    const path = toPathname(request.url ?? '/').slice(TRPC_PREFIX.length);
    const body = JSON.stringify({
      error: {
        message: http.body.error,
        code: TRPC_ERROR_CODES_BY_KEY[code],
        data: { code, httpStatus: http.status, path, ...http.body },
      },
    });
    response.statusCode = http.status;
    for (const [name, value] of Object.entries(http.headers)) response.setHeader(name, value);
    response.setHeader('Content-Type', 'application/json');
    response.setHeader('Content-Length', Buffer.byteLength(body));
    response.end(body);
  };

  const restOptions: RestHandlerOptions = {
    invoke: createInvoker(),
    onError: ({ error, ctx, path }) =>
      auditFailure(error, { requestId: ctx.requestId, credentials: ctx.credentials, path }),
    createContext: (request, response, signal) => contextFor(request, requestIdOf(response), signal),
    bodyLimit: bodyLimit(config),
    requestId: requestIdOf,
  };
  // `Accept: text/event-stream` on `process` streams the answer (server/event-stream.ts).
  const rest = withEventStreams(createRestHandler(restOptions), {
    ...restOptions,
    streamed: { 'public.process': 'public.processStream' },
  });

  app.use(notFound());
  app.use(errorHandler(logger));
  return createFront({
    routes: allRoutes.filter((route) => config.internal.enabled || !route.openapiPath.startsWith('/internal/')),
    middleware,
    rest,
    trpc,
    fallback: app,
    onError: createErrorResponder(logger),
  });
}
