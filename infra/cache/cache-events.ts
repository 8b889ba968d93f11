/** The tiers of the cache, as named in events, status and metrics. */
export type CacheTier = 'memory' | 'redis';

/**
 * What the cache reports to the composition root (which turns events into logs and metrics; the
 * cache itself never logs). `operation` is read from the key (`<namespace>:<operation>:<hash>`).
 */
export type CacheEvent =
  /** One tier answered a lookup (`hit`) or did not have the key (`miss`). A Redis lookup that
   * failed or was skipped is neither (see `redis-error`). */
  | { readonly type: 'hit' | 'miss'; readonly tier: CacheTier; readonly operation: string }
  /** A value was stored in Redis. */
  | { readonly type: 'write'; readonly tier: 'redis'; readonly operation: string }
  /** A Redis command failed or timed out; the request went on without the shared tier. */
  | { readonly type: 'redis-error'; readonly command: string; readonly error: Error }
  /** The breaker around Redis changed state: `open` means Redis is skipped for a while. */
  | { readonly type: 'breaker'; readonly state: 'open' | 'half-open' | 'closed' }
  /** The connection to Redis changed state (`error` carries the reason, reconnection goes on). */
  | {
      readonly type: 'connection';
      readonly state: 'ready' | 'reconnecting' | 'closed' | 'error';
      readonly error?: Error | undefined;
    }
  /** A stored entry could not be decoded (corrupt, foreign key, tampered); it was deleted. */
  | { readonly type: 'corrupt-entry'; readonly key: string; readonly reason: string }
  /** Memory entries were dropped: by this instance (`local`), another instance (`remote`), or
   * because invalidations may have been missed while the subscriber was disconnected (`resync`). */
  | { readonly type: 'invalidated'; readonly source: 'local' | 'remote' | 'resync'; readonly keys: number };

export type CacheEventListener = (event: CacheEvent) => void;

/** Wraps a listener so that a throwing listener can never break a cache operation. */
export function toSafeListener(listener: CacheEventListener | undefined): CacheEventListener {
  if (!listener) return () => undefined;
  return (event) => {
    try {
      listener(event);
    } catch {
      // a metrics or logging failure must not turn a cache lookup into an error
    }
  };
}

/** The operation segment of a key of the form `<namespace>:<operation>:<rest>`, or `other`. */
export function operationOfKey(key: string, namespace: string): string {
  if (!key.startsWith(`${namespace}:`)) return 'other';
  const rest = key.slice(namespace.length + 1);
  const end = rest.indexOf(':');
  return end > 0 ? rest.slice(0, end) : 'other';
}

/** The per-tier counting view of an event (`hit`, `miss`, `write`, `error` by tier), the shape
 * `Metrics.recordCacheEvent` takes; undefined for events that are not counted per tier. */
export function toCacheTierEvent(
  event: CacheEvent,
): { readonly type: 'hit' | 'miss' | 'write' | 'error'; readonly tier: CacheTier } | undefined {
  switch (event.type) {
    case 'hit':
    case 'miss':
    case 'write':
      return { type: event.type, tier: event.tier };
    case 'redis-error':
    case 'corrupt-entry':
      return { type: 'error', tier: 'redis' };
    default:
      return undefined;
  }
}
