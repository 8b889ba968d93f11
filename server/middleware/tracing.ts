import type { IncomingMessage, ServerResponse } from 'node:http';
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { requestIdOf } from './request-context.js';
import { toPathname, type RouteTable } from './route-table.js';

/**
 * One server span per request, a child of the caller's `traceparent` when given, named by
 * method and route template, active while the request is handled so provider calls nest under
 * it. A no-op until `startTracing` has registered a provider.
 */
export function tracing(options: { readonly routes: RouteTable }) {
  const tracer = trace.getTracer('ai-text-service');
  return (request: IncomingMessage, response: ServerResponse, next: () => void) => {
    const url = request.url ?? '/';
    const method = request.method ?? 'GET';
    const route = options.routes.resolve(url).template;
    const parent = propagation.extract(context.active(), request.headers);
    const span = tracer.startSpan(
      `${method} ${route}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': method,
          'http.route': route,
          'url.path': toPathname(url),
          'app.request_id': requestIdOf(response),
        },
      },
      parent,
    );
    const end = () => {
      response.off('finish', end);
      response.off('close', end);
      span.setAttribute('http.response.status_code', response.statusCode);
      if (response.statusCode >= 500 || !response.writableFinished) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    };
    response.once('finish', end);
    response.once('close', end);
    context.with(trace.setSpan(parent, span), next);
  };
}
