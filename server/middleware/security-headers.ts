import type { IncomingMessage, OutgoingHttpHeader, ServerResponse } from 'node:http';
import helmet from 'helmet';
import { toPathname } from './route-table.js';

const DOCS_PATH = /^\/(?:docs|redoc|playground|internal\/docs|internal\/redoc)(?:\/|$)/;

/** A header helmet sets (with its value) or removes (`undefined`). */
type HeaderOperation = readonly [name: string, value: number | string | readonly string[] | undefined];

/**
 * What a helmet middleware does to a response, recorded once: with static options (no nonce or
 * other per-request functions) it sets the same headers on every response, so replaying the list
 * gives the same headers in the same order without helmet's chain of thirteen middlewares.
 */
function recordHeaders(middleware: ReturnType<typeof helmet>): readonly HeaderOperation[] {
  const operations: HeaderOperation[] = [];
  const recorder = {
    setHeader: (name: string, value: OutgoingHttpHeader) => operations.push([name, value]),
    removeHeader: (name: string) => operations.push([name, undefined]),
  };
  let finished = false;
  middleware({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error instanceof Error ? error : new Error('helmet failed', { cause: error });
    finished = true;
  });
  if (!finished) throw new Error('helmet did not set its headers synchronously');
  return operations;
}

/**
 * Security headers on every response (errors included): HSTS, frame denial, nosniff, referrer and
 * permissions policies, and a CSP — strict on the API, relaxed just enough for the docs pages
 * (their bundles inject styles and ReDoc runs a blob worker); every asset is still self-hosted.
 */
export function securityHeaders() {
  const common = {
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true, preload: false },
    frameguard: { action: 'deny' as const },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' as const },
    crossOriginEmbedderPolicy: false,
  };
  const strict = {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    frameAncestors: ["'none'"],
  };
  const api = helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives: strict } });
  const docs = helmet({
    ...common,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        ...strict,
        styleSrc: ["'self'", "'unsafe-inline'"],
        fontSrc: ["'self'", 'data:'],
        workerSrc: ["'self'", 'blob:'],
      },
    },
  });
  const apiHeaders = recordHeaders(api);
  const docsHeaders = recordHeaders(docs);
  return (request: IncomingMessage, response: ServerResponse, next: () => void) => {
    response.setHeader('Permissions-Policy', 'geolocation=(), microphone=(), camera=()');
    for (const [name, value] of DOCS_PATH.test(toPathname(request.url ?? '/')) ? docsHeaders : apiHeaders) {
      if (value === undefined) response.removeHeader(name);
      else response.setHeader(name, value);
    }
    next();
  };
}
