import { hash } from 'node:crypto';
import type { CacheKeyInput, CacheKeys } from '../../domain/ports.js';

/** Prefix of every key this service writes; the number is bumped when the key layout changes. */
export const CACHE_NAMESPACE = 'ai_cache:v1';

/** The segment after the namespace under which batch outcomes are stored. They are results a
 * caller reads back, not cache entries: no invalidation scope covers them (`keyMatcher`). */
export const BATCH_SEGMENT = 'batch';

/**
 * Keys are `ai_cache:v1:<operation>:<sha256>` — never raw text in key names. The hash covers the
 * normalised text (whitespace folded), the operation, the options the operation uses, the
 * question (QA only) and the identity of the provider chain and prompt version.
 *
 * Batch outcomes are `ai_cache:v1:batch:<owner digest>:<batch id>`: the owner (an API key) appears
 * only as a digest, and each owner has its own ids.
 */
export function createCacheKeys(namespace: string = CACHE_NAMESPACE): CacheKeys {
  return {
    forRequest(input: CacheKeyInput): string {
      // One string hashed at once: the digest of the parts joined by NUL, as before.
      const material = [
        input.operation,
        normaliseText(input.text),
        canonicalOptions(input.options),
        input.question ? normaliseText(input.question) : '',
        input.modelIdentity,
      ].join('\u0000');
      return `${namespace}:${input.operation}:${hash('sha256', material, 'hex')}`;
    },
    forBatch(batchId: string, owner: string): string {
      return `${namespace}:${BATCH_SEGMENT}:${ownerDigest(owner)}:${batchId}`;
    },
  };
}

/** 128 bits of a domain-separated SHA-256 of the owner's key: distinct per key, never the key. */
function ownerDigest(owner: string): string {
  return hash('sha256', `batch-owner\u0000${owner}`, 'hex').slice(0, 32);
}

/** Whitespace runs that are not already a single space (folding `\s+` would also rewrite every
 * single space, which costs ~15 µs on a 2 KB text for the same result). */
const UNFOLDED_WHITESPACE = /\s{2,}|[^\S ]/g;

export function normaliseText(text: string): string {
  return text.normalize('NFC').replace(UNFOLDED_WHITESPACE, ' ').trim();
}

function canonicalOptions(options: Readonly<Record<string, number>>): string {
  return Object.keys(options)
    .sort()
    .map((name) => `${name}=${options[name]}`)
    .join('&');
}
