/**
 * Shares one in-flight computation among identical concurrent callers: the first caller for a
 * key starts the work; callers that arrive before it settles get the same promise.
 */
export interface SingleFlight<T> {
  run(key: string, work: () => Promise<T>): Promise<T>;
  /** Keys with work in flight. */
  readonly size: number;
}

export function createSingleFlight<T>(): SingleFlight<T> {
  const pending = new Map<string, Promise<T>>();
  return {
    run(key, work) {
      const existing = pending.get(key);
      if (existing) return existing;
      const promise = work().finally(() => pending.delete(key));
      pending.set(key, promise);
      return promise;
    },
    get size() {
      return pending.size;
    },
  };
}
