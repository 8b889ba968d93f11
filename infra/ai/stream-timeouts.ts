import { ModelError } from '../../domain/errors.js';
import type { ModelRequest, ModelResponse, ModelStreamPart, TextModel } from '../../domain/ports.js';

export interface StreamTimeoutOptions {
  /** Longest wait for the first piece of text, in ms (`STREAM_FIRST_BYTE_TIMEOUT_MS`). */
  readonly firstByteMs: number;
  /** Longest wait between two parts once text flows, in ms (`STREAM_IDLE_TIMEOUT_MS`). */
  readonly idleMs: number;
}

/**
 * Bounds a model's streams in time: no first piece of text within `firstByteMs`, or no part (a
 * chunk of the provider's, text or not: adapters pass an empty delta for one without text) for
 * `idleMs` after it, aborts the provider call (its HTTP connection closes) and fails the stream
 * with a `ModelError` of kind `timeout` (retryable, as long as nothing reached the caller). A
 * streamed attempt has no overall time limit: a long answer that keeps flowing is not cut.
 */
export function withStreamTimeouts<Response extends ModelResponse>(
  model: TextModel<Response>,
  options: StreamTimeoutOptions,
): TextModel<Response> {
  const inner = model.stream?.bind(model);
  if (!inner) return model;
  const stream = inner;

  async function* timed(request: ModelRequest, signal?: AbortSignal): AsyncGenerator<ModelStreamPart<Response>> {
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal?.reason);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    const iterator = stream(request, controller.signal)[Symbol.asyncIterator]();
    let waiting = false;
    let ended = false;
    let flowing = false;
    // The first-byte limit counts from the call until the first text, whatever comes before it.
    const firstByteDeadline = performance.now() + options.firstByteMs;
    try {
      for (;;) {
        const limitMs = flowing ? options.idleMs : Math.max(0, firstByteDeadline - performance.now());
        waiting = true;
        const next = await withDeadline(iterator.next(), limitMs, () => {
          const error = new ModelError(
            flowing
              ? `${model.provider} sent nothing for ${options.idleMs} ms in the middle of its answer`
              : `${model.provider} sent no text within ${options.firstByteMs} ms`,
            { provider: model.provider, kind: 'timeout' },
          );
          controller.abort(error);
          return error;
        });
        waiting = false;
        if (next.done) {
          ended = true;
          return;
        }
        if (next.value.type === 'delta' && next.value.text !== '') flowing = true;
        yield next.value;
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      if (!ended) {
        controller.abort(new DOMException('The stream was left', 'AbortError'));
        // A call still running settles on its own once aborted; one paused at a part is closed.
        if (!waiting) await iterator.return?.(undefined);
      }
    }
  }

  return { ...model, stream: timed };
}

function withDeadline<T>(promise: Promise<T>, limitMs: number, onExpiry: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(onExpiry()), limitMs);
  });
  // The losing side of the race must not surface as an unhandled rejection.
  promise.catch(() => undefined);
  return Promise.race([promise, expiry]).finally(() => clearTimeout(timer));
}
