/**
 * A request's abort signal, made on first read: aborted when the client goes away before its
 * answer is complete. A cache hit never reads it, so it never pays for an `AbortController` and
 * a `close` listener; work that can be cancelled (a provider call) reads it as it starts.
 */
import type { ServerResponse } from 'node:http';
import type { RequestAbort } from '../routers/context.js';

export function lazyRequestAbort(response: ServerResponse): RequestAbort {
  let controller: AbortController | undefined;
  return {
    get signal() {
      if (controller) return controller.signal;
      const made = new AbortController();
      controller = made;
      const gone = () => new DOMException('The client went away', 'AbortError');
      if (response.closed || response.destroyed) {
        if (!response.writableFinished) made.abort(gone());
      } else {
        response.once('close', () => {
          if (!response.writableFinished) made.abort(gone());
        });
      }
      return made.signal;
    },
  };
}
