/**
 * `ai-text process --stream`: the answer is asked for as Server-Sent Events and printed as it
 * arrives (the text pieces on stdout, the metadata line on stderr once the result is in); with
 * `--json`, every event is printed as one JSON line. An `error` event ends the run as any error
 * answer would, after the text already printed.
 */
import { RestApiError, expectData } from '../rest/rest-api-error.js';
import type { paths, Schemas } from '../rest/rest-client.js';
import { readSse } from '../sse-parser.js';
import type { CommandContext } from './cli-context.js';
import { EXIT, type ExitCode } from './cli-error.js';
import { toMetadataLine } from './format-response.js';

type ProcessRequest = paths['/v1/text_processing/process']['post']['requestBody']['content']['application/json'];
type ProcessResponse = Schemas['TextProcessingResponse'];

/** The status the same failure has as an ordinary answer (API.md §4), for the error message. */
const STATUS_OF_STREAM_ERROR: Readonly<Record<string, number>> = {
  AI_SERVICE_ERROR: 502,
  SERVICE_UNAVAILABLE: 503,
  TIMEOUT: 504,
};

export async function printStreamedAnswer(context: CommandContext, body: ProcessRequest): Promise<ExitCode> {
  const { io, values, client } = context;
  const stream = await expectData(
    client.POST('/v1/text_processing/process', {
      body,
      headers: { Accept: 'text/event-stream', ...(values['no-cache'] ? { 'Cache-Control': 'no-cache' } : {}) },
      parseAs: 'stream',
      signal: context.requestSignal(),
    }),
  );
  if (!stream) throw new RestApiError(502, 'The service sent no event stream', null);
  let printed = '';
  for await (const message of readSse(stream)) {
    const data: unknown = JSON.parse(message.data);
    if (values.json) io.stdout.write(`${JSON.stringify({ event: message.event, data })}\n`);
    if (message.event === 'delta') {
      const text = (data as { text: string }).text;
      printed += text;
      if (!values.json) io.stdout.write(text);
    } else if (message.event === 'result') {
      if (!values.json) {
        if (!printed.endsWith('\n')) io.stdout.write('\n');
        io.stderr.write(toMetadataLine(data as ProcessResponse));
      }
      return EXIT.ok;
    } else if (message.event === 'error') {
      if (!values.json && printed && !printed.endsWith('\n')) io.stdout.write('\n');
      const code = (data as { error_code?: string }).error_code ?? '';
      throw new RestApiError(STATUS_OF_STREAM_ERROR[code] ?? 500, data, null);
    }
  }
  throw new RestApiError(502, 'The event stream ended without a result', null);
}
