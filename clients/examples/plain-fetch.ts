/**
 * The REST API with nothing but `fetch`: what any language's HTTP client does. Errors come back
 * as `ErrorResponse` JSON with a stable `error_code`.
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
}

const TEXT =
  'Solar panels convert sunlight into electricity. Prices have fallen sharply over the last decade, ' +
  'and many households now install them on their roofs. Storage batteries are getting cheaper too.';

export async function runPlainFetchExample(options: PlainFetchExampleOptions) {
  const log = options.log ?? console.log;
  const base = options.url.replace(/\/+$/, '');
  const headers = {
    'Content-Type': 'application/json',
    ...(options.apiKey ? { Authorization: `Bearer ${options.apiKey}` } : {}),
  };

  const response = await fetch(`${base}/v1/text_processing/process`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ text: TEXT, operation: 'key_points', options: { max_points: 3 } }),
  });
  if (!response.ok) {
    const error = (await response.json()) as ErrorResponse;
    throw new Error(`${response.status} ${error.error_code}: ${error.error}`);
  }
  const result = (await response.json()) as ProcessResponse;
  (result.key_points ?? []).forEach((point, index) => log(`${index + 1}. ${point}`));
  log(`by ${result.metadata.provider} in ${result.processing_time.toFixed(3)} s, cache hit: ${result.cache_hit}`);

  const refused = await fetch(`${base}/v1/text_processing/process`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer not-a-valid-key' },
    body: JSON.stringify({ text: TEXT, operation: 'summarize' }),
  });
  const error = (await refused.json()) as ErrorResponse;
  log(`with a wrong key: ${refused.status} ${error.error_code}`);
  return { result, refusedStatus: refused.status, refusedCode: error.error_code };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await runPlainFetchExample({
    url: process.env.AI_TEXT_URL ?? 'http://localhost:8000',
    ...(process.env.AI_TEXT_API_KEY ? { apiKey: process.env.AI_TEXT_API_KEY } : {}),
  });
}
