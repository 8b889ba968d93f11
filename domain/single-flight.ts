/**
 * Shares one in-flight computation among identical concurrent callers: the first caller for a
 * key starts the work; callers that arrive before it settles wait for the same outcome.
 *
 * The work runs under a signal of its own, not the first caller's: one caller going away must
 * not fail the others. A caller whose `signal` aborts is rejected with the signal's reason at
 * once and stops waiting; the work itself is aborted only when every caller has gone (a caller
 * without a signal never goes), and a caller arriving after that starts fresh work.
 */
export interface SingleFlight<T> {
  run(key: string, work: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Keys with work in flight. */
  readonly size: number;
}

interface Flight<T> {
  readonly outcome: Promise<T>;
  readonly controller: AbortController;
  waiters: number;
}

export function createSingleFlight<T>(): SingleFlight<T> {
  const pending = new Map<string, Flight<T>>();

  function start(key: string, work: (signal: AbortSignal) => Promise<T>): Flight<T> {
    const controller = new AbortController();
    const outcome = (async () => work(controller.signal))();
    const flight: Flight<T> = { outcome, controller, waiters: 0 };
    const settle = () => {
      if (pending.get(key) === flight) pending.delete(key);
    };
    outcome.then(settle, settle);
    pending.set(key, flight);
    return flight;
  }

  function join(key: string, flight: Flight<T>, signal: AbortSignal | undefined): Promise<T> {
    flight.waiters += 1;
    if (!signal) return flight.outcome;
    let leave: () => void = () => undefined;
    const left = new Promise<never>((_resolve, reject) => {
      leave = () => {
        reject(abortReason(signal));
        flight.waiters -= 1;
        if (flight.waiters > 0) return;
        if (pending.get(key) === flight) pending.delete(key);
        flight.controller.abort(signal.reason);
      };
      signal.addEventListener('abort', leave, { once: true });
    });
    return Promise.race([flight.outcome, left]).finally(() => signal.removeEventListener('abort', leave));
  }

  return {
    run(key, work, signal) {
      if (signal?.aborted) return Promise.reject(abortReason(signal));
      return join(key, pending.get(key) ?? start(key, work), signal);
    },
    get size() {
      return pending.size;
    },
  };
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('The operation was aborted', 'AbortError');
}
