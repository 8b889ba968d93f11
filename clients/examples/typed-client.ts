/**
 * The typed tRPC client in use. Calls made in the same tick travel as one batched HTTP request;
 * a failed call rejects with a `TRPCClientError` whose `data` is the server's `ErrorResponse`
 * (`httpStatus`, `error_code`, `details`); a server that cannot be reached gives one without
 * `data`, its `cause` the failed fetch.
 *
 *   AI_TEXT_URL=http://localhost:8000 AI_TEXT_API_KEY=your-key npx tsx clients/examples/typed-client.ts
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isTRPCClientError } from '@trpc/client';
import type { AppRouter } from '../../routers/index.js';
import { createApiClient } from '../api-client.js';
import { streamProcess } from '../stream-process.js';

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
  const connection = { url: options.url, ...(options.fetch ? { fetch: options.fetch } : {}) };
  const client = createApiClient({ ...connection, ...(options.apiKey ? { apiKey: options.apiKey } : {}) });

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

  // A streamed answer (a tRPC subscription over Server-Sent Events): text pieces as the model
  // writes them, then the complete response, typed like `process`'s.
  let pieces = 0;
  let streamed: string | null = null;
  for await (const event of streamProcess(client, {
    text: TEXT,
    operation: 'key_points',
    options: { max_points: 2 },
  })) {
    if (event.type === 'delta') pieces += 1;
    else streamed = event.response.key_points?.join(' / ') ?? null;
  }
  log(`streamed key points (${pieces} pieces): ${streamed ?? ''}`);

  // A wrong key: 401 AUTHENTICATION_ERROR, unless the server runs without API keys (`make run`).
  let refusedCode: string | undefined;
  try {
    await createApiClient({ ...connection, apiKey: 'not-a-valid-key' }).public.operations.query();
    log('with a wrong key: accepted, the server has no API keys configured (open mode)');
  } catch (error) {
    if (!isTRPCClientError<AppRouter>(error) || !error.data) throw error;
    refusedCode = error.data.error_code;
    log(`with a wrong key: ${error.data.httpStatus} ${refusedCode}`);
  }

  // Invalid input: the error carries the server's stable `error_code` and the fields at fault.
  let errorCode: string | undefined;
  try {
    await client.public.process.mutate({ text: 'Too short', operation: 'summarize' });
  } catch (error) {
    if (!isTRPCClientError<AppRouter>(error) || !error.data) throw error;
    errorCode = error.data.error_code;
    log(`invalid input: ${error.data.httpStatus} ${errorCode}: ${error.message}`);
  }
  return { health, catalogue, summary, sentiment, streamed, refusedCode, errorCode };
}

/** One line for whatever the example ended with: the server's answer, or why nothing answered. */
export function describeTypedClientError(error: unknown, url: string): string {
  if (isTRPCClientError<AppRouter>(error)) {
    if (error.cause instanceof TypeError) return `cannot reach ${url}: is the server running? (set AI_TEXT_URL)`;
    if (!error.data) return `unexpected answer from ${url}: ${error.message}`;
    const hint = error.data.httpStatus === 401 ? ' (set AI_TEXT_API_KEY to a key the server accepts)' : '';
    return `${error.data.httpStatus} ${error.data.error_code}: ${error.message}${hint}`;
  }
  return error instanceof Error ? error.message : String(error);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const url = process.env.AI_TEXT_URL ?? 'http://localhost:8000';
  try {
    await runTypedClientExample({
      url,
      ...(process.env.AI_TEXT_API_KEY ? { apiKey: process.env.AI_TEXT_API_KEY } : {}),
    });
  } catch (error) {
    console.error(`typed-client: ${describeTypedClientError(error, url)}`);
    process.exitCode = 1;
  }
}
