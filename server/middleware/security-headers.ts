import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

const DOCS_PATH = /^\/(?:docs|redoc|playground|internal\/docs|internal\/redoc)(?:\/|$)/;

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
  return (request: Request, response: Response, next: NextFunction) => {
    response.setHeader('Permissions-Policy', 'geolocation=(), microphone=(), camera=()');
    (DOCS_PATH.test(request.path) ? docs : api)(request, response, next);
  };
}
