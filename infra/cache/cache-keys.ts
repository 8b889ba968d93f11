import { createHash } from 'node:crypto';
import type { CacheKeyInput, CacheKeys } from '../../domain/ports.js';

/** Prefix of every key this service writes; the number is bumped when the key layout changes. */
export const CACHE_NAMESPACE = 'ai_cache:v1';

/**
 * Keys are `ai_cache:v1:<operation>:<sha256>` — never raw text in key names. The hash covers the
 * normalised text (whitespace folded), the operation, the options the operation uses, the
 * question (QA only) and the identity of the provider chain and prompt version.
 */
export function createCacheKeys(namespace: string = CACHE_NAMESPACE): CacheKeys {
  return {
    forRequest(input: CacheKeyInput): string {
      const hash = createHash('sha256');
      hash.update(input.operation);
      hash.update('\u0000');
      hash.update(normaliseText(input.text));
      hash.update('\u0000');
      hash.update(canonicalOptions(input.options));
      hash.update('\u0000');
      hash.update(input.question ? normaliseText(input.question) : '');
      hash.update('\u0000');
      hash.update(input.modelIdentity);
      return `${namespace}:${input.operation}:${hash.digest('hex')}`;
    },
    forBatch(batchId: string): string {
      return `${namespace}:batch:${batchId}`;
    },
  };
}

export function normaliseText(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

function canonicalOptions(options: Readonly<Record<string, number>>): string {
  return Object.keys(options)
    .sort()
    .map((name) => `${name}=${options[name]}`)
    .join('&');
}
