/**
 * Server-Sent Events for REST: a call of a procedure that has a streamed twin, made with
 * `Accept: text/event-stream`, is answered by that twin (a tRPC subscription, through the same
 * server-side caller) as an event stream — `delta` events, then one `result` event; a failure
 * once the stream has begun is an `error` event in the one error shape, never a silent end. A
 * failure before the first event (validation, authentication, injection, every provider failing)
 * is an ordinary JSON error with its status, as without streaming. The client going away aborts
 * the call's signal, which cancels the provider call.
 */
import type { ServerResponse } from 'node:http';
import { toHttpError } from '../routers/errors.js';
import { readInput, sendError, type RestHandler, type RestHandlerOptions } from './rest-handler.js';

export interface EventStreamOptions extends RestHandlerOptions {
  /** Procedures answered as event streams on request, each with its streamed twin: `public.process` → `public.processStream`. */
  readonly streamed: Readonly<Record<string, string>>;
}

/** An event of the stream: its SSE name is its `type`; `result` carries the response itself. */
interface StreamEvent {
  readonly type: string;
  readonly [field: string]: unknown;
}

/** Whether the caller asked for an event stream (`Accept: text/event-stream`, with any parameters). */
export function acceptsEventStream(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((range) => range.split(';')[0]?.trim().toLowerCase() === 'text/event-stream');
}

/** One event in the SSE wire format; JSON keeps the data on one line. */
export function toSseEvent(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

function toWireEvent(event: StreamEvent): string {
  if (event.type === 'result') return toSseEvent('result', event.response);
  const { type, ...data } = event;
  return toSseEvent(type, data);
}

function isAsyncIterable(value: unknown): value is AsyncIterable<StreamEvent> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/** Writes `chunk`; resolves once the response can take more, or at once when its connection is gone. */
export function writeChunk(response: ServerResponse, chunk: string): Promise<void> | undefined {
  // A connection already gone emits no more 'drain' or 'close': waiting for one would never end.
  if (response.write(chunk) || response.destroyed) return undefined;
  return new Promise((resolve) => {
    const done = () => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.on('drain', done);
    response.on('close', done);
  });
}

/** `rest`, with the event-stream answer of the procedures in `options.streamed`. */
export function withEventStreams(rest: RestHandler, options: EventStreamOptions): RestHandler {
  async function stream(
    procedurePath: string,
    ...[route, request, response, params, query]: Parameters<RestHandler>
  ): Promise<void> {
    const controller = new AbortController();
    const onClose = () => {
      if (!response.writableFinished) controller.abort(new DOMException('The client went away', 'AbortError'));
    };
    response.once('close', onClose);
    let iterator: AsyncIterator<StreamEvent> | undefined;
    try {
      const input = await readInput(route, request, params, query, options.bodyLimit(route.openapiPath));
      const ctx = options.createContext(request, response, controller.signal);
      const onError = (error: unknown) => options.onError?.({ error, ctx, path: procedurePath });
      const events = await options.invoke(ctx, procedurePath, input, onError);
      if (!isAsyncIterable(events)) throw new Error(`${procedurePath} is not a stream`);
      iterator = events[Symbol.asyncIterator]();
      let next = await iterator.next();
      startStream(response);
      try {
        while (!next.done && !controller.signal.aborted) {
          await writeChunk(response, toWireEvent(next.value));
          next = await iterator.next();
        }
      } catch (error) {
        onError(error);
        if (!controller.signal.aborted) {
          await writeChunk(response, toSseEvent('error', toHttpError(error, options.requestId(response)).body));
        }
      }
      response.end();
    } catch (error) {
      sendError(response, error, options.requestId(response));
    } finally {
      response.off('close', onClose);
      // Leaving early (the client went away) releases the stream and, through it, the provider call.
      if (controller.signal.aborted) void iterator?.return?.().catch(() => undefined);
    }
  }

  return (route, request, response, params, query) => {
    const twin = options.streamed[route.procedurePath];
    if (twin === undefined || !acceptsEventStream(request.headers.accept)) {
      return rest(route, request, response, params, query);
    }
    return stream(twin, route, request, response, params, query);
  };
}

function startStream(response: ServerResponse): void {
  response.statusCode = 200;
  response.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  response.setHeader('Cache-Control', 'no-store');
  // Proxies such as nginx would otherwise hold the events back in their buffer.
  response.setHeader('X-Accel-Buffering', 'no');
  response.flushHeaders();
}
