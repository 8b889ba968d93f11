/**
 * A streamed answer through the typed client, as an async iterable: `delta` events as the text
 * arrives, then the `result`. A failure — before the stream (invalid input, a wrong key) or in
 * the middle of it — rejects with the server's `TRPCClientError` (its `data` the `ErrorResponse`)
 * and is final: the subscription is not resumed, since a resumed answer would start over.
 */
import type { TRPCClientError } from '@trpc/client';
import type { TextStreamEvent } from '../domain/stream-schemas.js';
import type { TextProcessingRequest } from '../domain/schemas.js';
import type { AppRouter } from '../routers/index.js';
import type { ApiClient } from './api-client.js';

export interface StreamProcessOptions {
  /** Stops the stream; the server then aborts its provider call. */
  readonly signal?: AbortSignal;
}

export async function* streamProcess(
  client: ApiClient,
  request: TextProcessingRequest,
  options: StreamProcessOptions = {},
): AsyncGenerator<TextStreamEvent, void, undefined> {
  const queue: TextStreamEvent[] = [];
  let ended = false;
  let failure: { error: unknown } | undefined;
  let wake: () => void = () => undefined;
  const notify = () => wake();
  const subscription = client.public.processStream.subscribe(request, {
    onData: (event) => {
      queue.push(event);
      notify();
    },
    onError: (error: TRPCClientError<AppRouter>) => {
      failure ??= { error };
      notify();
    },
    onComplete: () => {
      ended = true;
      notify();
    },
    onConnectionStateChange: (state) => {
      // tRPC would reconnect after a 5xx error; a broken answer is reported instead.
      if (state.state === 'connecting' && state.error) {
        failure ??= { error: state.error };
        notify();
      }
    },
  });
  const onAbort = () => {
    ended = true;
    notify();
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      const event = queue.shift();
      if (event) {
        yield event;
        continue;
      }
      if (failure) throw failure.error;
      if (ended || options.signal?.aborted) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    subscription.unsubscribe();
  }
}
