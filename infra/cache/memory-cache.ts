import { LRUCache } from 'lru-cache';
import type { Cache } from '../../domain/ports.js';

export interface MemoryCacheOptions {
  /** Most entries kept (default 10,000). */
  readonly maxEntries?: number;
  /** Most bytes kept, measured as the JSON length of keys and values (default 64 MiB). */
  readonly maxBytes?: number;
  /** Clock for lifetimes, in ms (default `performance.now`); tests pass a fake one. */
  readonly now?: (() => number) | undefined;
}

export interface MemoryCacheStats {
  readonly entries: number;
  readonly maxEntries: number;
  readonly bytes: number;
  readonly maxBytes: number;
  readonly hits: number;
  readonly misses: number;
  readonly evictions: number;
}

export interface MemoryCache extends Cache {
  stats(): MemoryCacheStats;
  /** Removes the keys the predicate accepts; returns how many were removed. */
  deleteWhere(predicate: (key: string) => boolean): number;
  keys(): IterableIterator<string>;
  clear(): void;
}

interface Entry {
  readonly value: unknown;
}

/**
 * The in-process tier: an LRU bounded by entry count and by bytes, with per-entry TTLs. Values are
 * stored as given (JSON-plain objects); their size is measured once, on write.
 */
export function createMemoryCache(options: MemoryCacheOptions = {}): MemoryCache {
  const maxEntries = options.maxEntries ?? 10_000;
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  let hits = 0;
  let misses = 0;
  let evictions = 0;
  const lru = new LRUCache<string, Entry>({
    max: maxEntries,
    maxSize: maxBytes,
    sizeCalculation: (entry, key) =>
      key.length + ((JSON.stringify(entry.value) as string | undefined)?.length ?? 0) + 1,
    ttlAutopurge: false,
    // lru-cache otherwise reuses one clock reading for 1 ms; exact expiry costs one clock call.
    ttlResolution: 0,
    ...(options.now ? { perf: { now: options.now } } : {}),
    dispose: (_entry, _key, reason) => {
      if (reason === 'evict') evictions += 1;
    },
  });

  return {
    async get(key) {
      const entry = lru.get(key);
      if (entry === undefined) {
        misses += 1;
        return undefined;
      }
      hits += 1;
      return entry.value;
    },
    async set(key, value, ttlSeconds) {
      lru.set(key, { value }, { ttl: Math.max(1, Math.round(ttlSeconds * 1000)) });
    },
    async delete(key) {
      lru.delete(key);
    },
    stats: () => ({ entries: lru.size, maxEntries, bytes: lru.calculatedSize, maxBytes, hits, misses, evictions }),
    deleteWhere(predicate) {
      let removed = 0;
      for (const key of [...lru.keys()]) {
        if (predicate(key) && lru.delete(key)) removed += 1;
      }
      return removed;
    },
    keys: () => lru.keys(),
    clear: () => lru.clear(),
  };
}
