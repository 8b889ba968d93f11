/**
 * The typed TypeScript client. It imports the router's *type* only, so a frontend bundle gets full
 * types for every procedure's input and output without any server code.
 */
import {
  createTRPCClient,
  httpBatchLink,
  httpLink,
  httpSubscriptionLink,
  splitLink,
  type TRPCClient,
} from '@trpc/client';
import type { AppRouter } from '../routers/index.js';
import { FetchEventSource } from './fetch-event-source.js';

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
  const headers = (): Record<string, string> => (options.apiKey ? { Authorization: `Bearer ${options.apiKey}` } : {});
  const linkOptions = {
    url: `${options.url.replace(/\/$/, '')}/trpc`,
    headers,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        // Streamed answers (`processStream`) come as Server-Sent Events, with the key as a header.
        condition: (operation) => operation.type === 'subscription',
        true: httpSubscriptionLink({
          url: linkOptions.url,
          EventSource: FetchEventSource,
          eventSourceOptions: () => ({ headers: headers(), ...(options.fetch ? { fetch: options.fetch } : {}) }),
        }),
        false: options.batch === false ? httpLink(linkOptions) : httpBatchLink(linkOptions),
      }),
    ],
  });
}
