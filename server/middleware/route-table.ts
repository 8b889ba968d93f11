import { getPathParameters, getPathRegExp, normalizePath } from 'trpc-to-openapi';
import type { ProcedureRoute } from '../procedure-routes.js';

/** Where a request goes: a bounded route label and the REST paths of the procedures it runs. */
export interface ResolvedRoute {
  /** The route template (`/v1/text_processing/batch_status/{batch_id}`), `/trpc/<procedure>`, or `unmatched`. */
  readonly template: string;
  /** The REST paths of the procedures the request calls (several for a tRPC batch). */
  readonly targets: readonly string[];
}

export interface RouteTableOptions {
  /** The procedures' REST routes (`listProcedureRoutes`). */
  readonly routes: readonly ProcedureRoute[];
  /** Plain-HTTP paths served outside the routers (`/`, `/livez`...). */
  readonly plainRoutes: readonly string[];
  /** Prefixes served as a group (static docs assets): `/docs/` → `/docs/*`. */
  readonly prefixes?: readonly string[];
}

export const UNMATCHED = 'unmatched';

/**
 * The path of a request URL without query string or fragment, as express's `request.path` gives
 * it (origin-form URLs, the only kind clients send, are sliced without parsing).
 */
export function toPathname(url: string): string {
  if (url.startsWith('/')) {
    for (let index = 1; index < url.length; index += 1) {
      const code = url.charCodeAt(index);
      if (code === 0x3f || code === 0x23) return url.slice(0, index);
    }
    return url;
  }
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

/**
 * Maps request paths to route templates, so metrics are labelled by route, not by raw path (a
 * batch id or a scanner's random path must not create a new time series), and to the REST
 * paths of the procedures a `/trpc/...` call runs, so rate-limit rules apply to both transports.
 */
export function createRouteTable(options: RouteTableOptions) {
  const exact = new Set(options.plainRoutes);
  const parameterised: { template: string; regexp: RegExp }[] = [];
  const procedures = new Map<string, string>();
  for (const { procedurePath, openapiPath } of options.routes) {
    const template = normalizePath(openapiPath);
    procedures.set(procedurePath, template);
    if (exact.has(template) || parameterised.some((route) => route.template === template)) continue;
    if (getPathParameters(template).length > 0) parameterised.push({ template, regexp: getPathRegExp(template) });
    else exact.add(template);
  }
  const prefixes = options.prefixes ?? [];

  function resolveTrpc(rest: string): ResolvedRoute {
    const names = rest.split(',').filter(Boolean);
    const targets = names.map((name) => procedures.get(name));
    if (names.length === 0 || targets.some((target) => target === undefined)) return { template: '/trpc', targets: [] };
    const known = targets as string[];
    return { template: names.length === 1 ? `/trpc/${names[0] ?? ''}` : '/trpc/batch', targets: known };
  }

  // The metrics, tracing and rate-limit steps of one request resolve the same URL in turn.
  let lastUrl: string | undefined;
  let lastRoute: ResolvedRoute = { template: UNMATCHED, targets: [] };

  return {
    resolve(url: string): ResolvedRoute {
      if (url === lastUrl) return lastRoute;
      lastRoute = resolveUrl(url);
      lastUrl = url;
      return lastRoute;
    },
  };

  function resolveUrl(url: string): ResolvedRoute {
    const queryStart = url.indexOf('?');
    const path = normalizePath(queryStart === -1 ? url : url.slice(0, queryStart));
    if (exact.has(path)) return { template: path, targets: [path] };
    if (path.startsWith('/trpc/')) return resolveTrpc(path.slice('/trpc/'.length));
    for (const route of parameterised) {
      if (route.regexp.test(path)) return { template: route.template, targets: [route.template] };
    }
    for (const prefix of prefixes) {
      if (path.startsWith(prefix)) return { template: `${prefix}*`, targets: [`${prefix}*`] };
    }
    return { template: UNMATCHED, targets: [path] };
  }
}

export type RouteTable = ReturnType<typeof createRouteTable>;
