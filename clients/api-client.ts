/**
 * The typed TypeScript client. It imports the router's *type* only, so a frontend bundle gets full
 * types for every procedure's input and output without any server code.
 */
import { createTRPCClient, httpBatchLink, httpLink, type TRPCClient } from '@trpc/client';
import type { AppRouter } from '../routers/index.js';

export interface ApiClientOptions {
  /** Base URL of the service, e.g. `http://localhost:8000`. */
  readonly url: string;
  /** Sent as `Authorization: Bearer <key>`. */
  readonly apiKey?: string;
  /** Combine calls made in the same tick into one HTTP request (default true). */
  readonly batch?: boolean;
  /** Custom fetch (tests, proxies). */
  readonly fetch?: typeof fetch;
}

export type ApiClient = TRPCClient<AppRouter>;

export function createApiClient(options: ApiClientOptions): ApiClient {
  const linkOptions = {
    url: `${options.url.replace(/\/$/, '')}/trpc`,
    headers: () => (options.apiKey ? { Authorization: `Bearer ${options.apiKey}` } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
  return createTRPCClient<AppRouter>({
    links: [options.batch === false ? httpLink(linkOptions) : httpBatchLink(linkOptions)],
  });
}
