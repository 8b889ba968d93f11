/**
 * The REST client: openapi-fetch typed by `openapi-types.ts`, which is generated from the
 * server's OpenAPI documents. For callers that speak plain HTTP rather than tRPC.
 */
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './openapi-types.js';

export type { components, paths } from './openapi-types.js';

/** Every named schema of the API (`Schemas['TextProcessingResponse']`, ...). */
export type Schemas = components['schemas'];

export interface RestClientOptions {
  /** Base URL of the service, e.g. `http://localhost:8000`. */
  readonly url: string;
  /** Sent as `Authorization: Bearer <key>`. */
  readonly apiKey?: string;
  /** Custom fetch (tests, proxies). */
  readonly fetch?: typeof fetch;
}

/** Typed by the JSON answers: an operation that can also stream (`text/event-stream`) is read as JSON
 * unless a call asks for the stream (`parseAs: 'stream'`). */
export type RestClient = Client<paths, `${string}/json`>;

export function createRestClient(options: RestClientOptions): RestClient {
  return createClient<paths, `${string}/json`>({
    baseUrl: options.url.replace(/\/+$/, ''),
    headers: options.apiKey ? { Authorization: `Bearer ${options.apiKey}` } : {},
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
