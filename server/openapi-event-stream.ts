/**
 * Documents the streamed answer of `POST /v1/text_processing/process` in the OpenAPI document:
 * with `Accept: text/event-stream` its 200 answer is a stream of Server-Sent Events
 * (server/event-stream.ts), described here with the schemas of its events.
 */
import type { OpenAPIObject } from 'trpc-to-openapi';

const STREAMED_OPERATIONS = new Set(['public-process']);

const DESCRIPTION =
  'With `Accept: text/event-stream` the answer streams as Server-Sent Events: `delta` events ' +
  '(`data: {"text": "..."}`, the answer as the model writes it), then one `result` event whose data is the ' +
  'complete `TextProcessingResponse`, exactly as without streaming. An error once the stream has begun is an ' +
  '`error` event whose data is an `ErrorResponse`; a stream never ends silently without `result` or `error`. ' +
  'Errors before the stream starts (invalid input, authentication, every provider failing) are ordinary JSON ' +
  'answers with their status.';

const EXAMPLE = [
  'event: delta\ndata: {"text":"Renewable energy overtook "}\n',
  'event: delta\ndata: {"text":"coal in the EU last year."}\n',
  'event: result\ndata: {"operation":"summarize","success":true,"result":"Renewable energy overtook coal in the EU last year.", "…": "…"}\n',
].join('\n');

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function withEventStreamResponses(document: OpenAPIObject): OpenAPIObject {
  const paths: unknown = document.paths;
  if (!isRecord(paths)) return document;
  for (const pathItem of Object.values(paths)) {
    const operation = isRecord(pathItem) ? pathItem.post : undefined;
    if (!isRecord(operation) || !STREAMED_OPERATIONS.has(String(operation.operationId))) continue;
    const description = typeof operation.description === 'string' ? operation.description : '';
    operation.description = `${description}\n\n${DESCRIPTION}`.trim();
    const ok = isRecord(operation.responses) ? operation.responses['200'] : undefined;
    if (!isRecord(ok) || !isRecord(ok.content)) continue;
    ok.content['text/event-stream'] = {
      schema: {
        type: 'string',
        description:
          'Server-Sent Events: `delta` ({"text": string}), then `result` (TextProcessingResponse), or `error` (ErrorResponse).',
      },
      example: EXAMPLE,
    };
  }
  return document;
}
