/**
 * The REST API with nothing but `fetch`: what any language's HTTP client does. Every error comes
 * back as `ErrorResponse` JSON with a stable `error_code`; check `response.ok` before reading a
 * result, and branch on the code.
 *
 *   AI_TEXT_URL=http://localhost:8000 AI_TEXT_API_KEY=your-key npx tsx clients/examples/plain-fetch.ts
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface PlainFetchExampleOptions {
  readonly url: string;
  readonly apiKey?: string;
  readonly log?: (line: string) => void;
}

interface ProcessResponse {
  readonly key_points: string[] | null;
  readonly processing_time: number;
  readonly cache_hit: boolean;
  readonly metadata: { readonly provider: string };
}

interface ErrorResponse {
  readonly error: string;
  readonly error_code: string;
  /** For `VALIDATION_ERROR`: `{ fields: [{ field, message }] }`. */
  readonly details?: unknown;
}

/** A non-2xx answer: the HTTP status and the server's `ErrorResponse`. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly body: ErrorResponse | undefined;

  constructor(status: number, body: ErrorResponse | undefined) {
    super(body?.error ?? `HTTP ${status}`);
    this.status = status;
    this.code = body?.error_code ?? `HTTP_${status}`;
    this.body = body;
  }
}

const TEXT =
  'Solar panels convert sunlight into electricity. Prices have fallen sharply over the last decade, ' +
  'and many households now install them on their roofs. Storage batteries are getting cheaper too.';

/** POSTs JSON; the parsed result on 2xx, an `ApiError` otherwise (a proxy's HTML page included). */
async function postJson<Result>(url: string, body: unknown, apiKey: string | undefined): Promise<Result> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(apiKey ? { Authorization: `Bearer ${apiKey}` } : {}) },
    body: JSON.stringify(body),
  });
  const payload: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const isErrorResponse = typeof payload === 'object' && payload !== null && 'error_code' in payload;
    throw new ApiError(response.status, isErrorResponse ? (payload as ErrorResponse) : undefined);
  }
  return payload as Result;
}

export async function runPlainFetchExample(options: PlainFetchExampleOptions) {
  const log = options.log ?? console.log;
  const endpoint = `${options.url.replace(/\/+$/, '')}/v1/text_processing/process`;

  const result = await postJson<ProcessResponse>(
    endpoint,
    { text: TEXT, operation: 'key_points', options: { max_points: 3 } },
    options.apiKey,
  );
  (result.key_points ?? []).forEach((point, index) => log(`${index + 1}. ${point}`));
  log(`by ${result.metadata.provider} in ${result.processing_time.toFixed(3)} s, cache hit: ${result.cache_hit}`);

  // Invalid input: 422, each field's problem in `details.fields`.
  let invalidCode: string | undefined;
  try {
    await postJson(endpoint, { text: 'Too short', operation: 'summarize' }, options.apiKey);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    invalidCode = error.code;
    log(`invalid input: ${error.status} ${error.code}: ${error.message}`);
  }

  // A wrong key: 401, unless the server runs without API keys (`make run` with no API_KEY).
  let refusedStatus = 200;
  let refusedCode: string | undefined;
  try {
    await postJson(endpoint, { text: TEXT, operation: 'summarize' }, 'not-a-valid-key');
    log('with a wrong key: accepted, the server has no API keys configured (open mode)');
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    [refusedStatus, refusedCode] = [error.status, error.code];
    log(`with a wrong key: ${error.status} ${error.code}`);
  }
  return { result, invalidCode, refusedStatus, refusedCode };
}

/** One line for whatever the example ended with: the answer's code, or why nothing answered. */
export function describePlainFetchError(error: unknown, url: string): string {
  if (error instanceof ApiError) {
    const hint = error.status === 401 ? ' (set AI_TEXT_API_KEY to a key the server accepts)' : '';
    return `${error.status} ${error.code}: ${error.message}${hint}`;
  }
  if (error instanceof TypeError && error.message === 'fetch failed') {
    return `cannot reach ${url}: is the server running? (set AI_TEXT_URL)`;
  }
  return error instanceof Error ? error.message : String(error);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const url = process.env.AI_TEXT_URL ?? 'http://localhost:8000';
  try {
    await runPlainFetchExample({
      url,
      ...(process.env.AI_TEXT_API_KEY ? { apiKey: process.env.AI_TEXT_API_KEY } : {}),
    });
  } catch (error) {
    console.error(`plain-fetch: ${describePlainFetchError(error, url)}`);
    process.exitCode = 1;
  }
}
