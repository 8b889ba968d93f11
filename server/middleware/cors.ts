import cors from 'cors';
import vary from 'vary';
import type { Middleware } from '../middleware-chain.js';

export interface CorsOptions {
  /** Allowed browser origins; `*` allows every origin (without credentials). */
  readonly origins: readonly string[];
  /** Response headers a browser script may read. */
  readonly exposedHeaders: readonly string[];
  /** Seconds a browser may cache a preflight answer. */
  readonly maxAgeSeconds: number;
}

/**
 * CORS through the `cors` package for every request a browser makes across origins: preflights
 * and requests carrying an `Origin` header. A request without `Origin` is not a cross-origin
 * browser call (curl, SDKs, other servers), so it gets only `Vary: Origin` — what the package
 * would also set, telling shared caches the answer depends on the origin — and skips the
 * package's per-request option merging and the `Access-Control-*` headers no client reads there.
 */
export function corsPolicy(options: CorsOptions): Middleware {
  const anyOrigin = options.origins.includes('*');
  const browser = cors({
    origin: anyOrigin ? true : [...options.origins],
    credentials: !anyOrigin,
    exposedHeaders: [...options.exposedHeaders],
    maxAge: options.maxAgeSeconds,
  });
  return (request, response, next) => {
    if (request.headers.origin === undefined && request.method !== 'OPTIONS') {
      vary(response, 'Origin');
      next();
      return;
    }
    browser(request, response, next);
  };
}
