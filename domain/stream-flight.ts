/**
 * Shares one in-flight stream among identical concurrent callers: the first caller for a key
 * starts the producer; a caller that arrives while it runs receives every event produced so far,
 * then the rest as they come, and the same ending (its last event, or its error).
 *
 * The producer runs under a signal of its own: it is aborted only once every caller has gone (a
 * caller goes when its `signal` aborts or it stops iterating), and a caller arriving after that,
 * or after the stream ended, starts a fresh one.
 */
export interface StreamFlight<E> {
  /**
   * The events of `key`'s stream. `produce` emits events and resolves with the last one (or
   * rejects); it runs when the first caller starts iterating and no stream of `key` is running.
   */
  join(
    key: string,
    produce: (emit: (event: E) => void, signal: AbortSignal) => Promise<E>,
    signal?: AbortSignal,
  ): AsyncGenerator<E, void, undefined>;
  /** Keys with a stream in flight. */
  readonly size: number;
}

interface Flight<E> {
  readonly events: E[];
  readonly controller: AbortController;
  /** Wakes every waiting caller: an event was emitted or the stream ended. */
  readonly wakers: Set<() => void>;
  ended: boolean;
  failure: { readonly error: unknown } | undefined;
  callers: number;
}

export function createStreamFlight<E>(): StreamFlight<E> {
  const running = new Map<string, Flight<E>>();

  function start(key: string, produce: (emit: (event: E) => void, signal: AbortSignal) => Promise<E>): Flight<E> {
    const flight: Flight<E> = {
      events: [],
      controller: new AbortController(),
      wakers: new Set(),
      ended: false,
      failure: undefined,
      callers: 0,
    };
    const wake = () => {
      for (const waker of [...flight.wakers]) waker();
    };
    const end = (failure: Flight<E>['failure'], last?: E) => {
      if (flight.ended) return;
      if (last !== undefined) flight.events.push(last);
      flight.failure = failure;
      flight.ended = true;
      if (running.get(key) === flight) running.delete(key);
      wake();
    };
    const emit = (event: E) => {
      if (flight.ended) return;
      flight.events.push(event);
      wake();
    };
    running.set(key, flight);
    (async () => produce(emit, flight.controller.signal))().then(
      (last) => end(undefined, last),
      (error: unknown) => end({ error }),
    );
    return flight;
  }

  function changed(flight: Flight<E>, signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        flight.wakers.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      flight.wakers.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  async function* join(
    key: string,
    produce: (emit: (event: E) => void, signal: AbortSignal) => Promise<E>,
    signal?: AbortSignal,
  ): AsyncGenerator<E, void, undefined> {
    if (signal?.aborted) throw abortReason(signal);
    const flight = running.get(key) ?? start(key, produce);
    flight.callers += 1;
    let next = 0;
    try {
      for (;;) {
        if (signal?.aborted) throw abortReason(signal);
        const event = flight.events[next];
        if (next < flight.events.length) {
          next += 1;
          yield event as E;
          continue;
        }
        if (flight.ended) {
          if (flight.failure) throw flight.failure.error;
          return;
        }
        await changed(flight, signal);
      }
    } finally {
      flight.callers -= 1;
      if (flight.callers === 0 && !flight.ended) {
        if (running.get(key) === flight) running.delete(key);
        flight.controller.abort(signal?.reason ?? new DOMException('Every caller has gone', 'AbortError'));
      }
    }
  }

  return {
    join,
    get size() {
      return running.size;
    },
  };
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason instanceof Error ? signal.reason : new DOMException('The operation was aborted', 'AbortError');
}
