/**
 * The typed tRPC client in use. Calls made in the same tick travel as one batched HTTP request;
 * a failed call rejects with a `TRPCClientError` whose `data` is the server's `ErrorResponse`.
 *
 *   AI_TEXT_URL=http://localhost:8000 AI_TEXT_API_KEY=your-key npx tsx clients/examples/typed-client.ts
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isTRPCClientError } from '@trpc/client';
import type { AppRouter } from '../../routers/index.js';
import { createApiClient } from '../api-client.js';

export interface TypedClientExampleOptions {
  readonly url: string;
  readonly apiKey?: string;
  readonly log?: (line: string) => void;
  /** Custom fetch (the test counts HTTP requests with it). */
  readonly fetch?: typeof fetch;
}

const TEXT =
  'The city council approved a new budget on Tuesday after a long debate. The plan adds funding for ' +
  'public transport and parks, while cutting administrative costs by five percent.';

export async function runTypedClientExample(options: TypedClientExampleOptions) {
  const log = options.log ?? console.log;
  const client = createApiClient({
    url: options.url,
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });

  // Four calls, one HTTP request: inputs and outputs are typed from `AppRouter`.
  const [health, catalogue, summary, sentiment] = await Promise.all([
    client.public.health.query(),
    client.public.operations.query(),
    client.public.process.mutate({ text: TEXT, operation: 'summarize', options: { max_length: 20 } }),
    client.public.process.mutate({ text: TEXT, operation: 'sentiment' }),
  ]);
  log(`service ${health.status}, version ${health.version}`);
  log(`operations: ${catalogue.operations.map((operation) => operation.id).join(', ')}`);
  log(`summary: ${summary.result ?? ''}`);
  log(`sentiment: ${sentiment.sentiment?.sentiment ?? '?'} (${sentiment.sentiment?.confidence ?? 0})`);

  // A failing call: the error carries the server's stable `error_code`.
  let errorCode: string | undefined;
  try {
    await client.public.process.mutate({ text: 'Too short', operation: 'summarize' });
  } catch (error) {
    if (!isTRPCClientError<AppRouter>(error)) throw error;
    errorCode = error.data?.error_code;
    log(`error: ${error.data?.httpStatus ?? '?'} ${errorCode ?? '?'}: ${error.message}`);
  }
  return { health, catalogue, summary, sentiment, errorCode };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await runTypedClientExample({
    url: process.env.AI_TEXT_URL ?? 'http://localhost:8000',
    ...(process.env.AI_TEXT_API_KEY ? { apiKey: process.env.AI_TEXT_API_KEY } : {}),
  });
}
