import { BATCH_SEGMENT, CACHE_NAMESPACE } from './cache-keys.js';

/** Which keys an invalidation covers: a substring of the key (`*` matches anything) and/or one
 * operation; neither = every cache entry of the namespace. Stored batch outcomes are never
 * covered: they are not cache entries. */
export interface KeyScope {
  readonly pattern?: string | undefined;
  readonly operation?: string | undefined;
}

/** The predicate of a scope, for keys of `namespace`. */
export function keyMatcher(scope: KeyScope, namespace: string = CACHE_NAMESPACE): (key: string) => boolean {
  const pattern = scope.pattern ?? '';
  const body = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  const regexp = pattern === '' ? undefined : new RegExp(body);
  const prefix = scope.operation ? `${namespace}:${scope.operation}:` : `${namespace}:`;
  const batches = `${namespace}:${BATCH_SEGMENT}:`;
  return (key: string) =>
    key.startsWith(prefix) && !key.startsWith(batches) && (regexp === undefined || regexp.test(key));
}

/** The SCAN glob that narrows a scope server-side (the predicate decides exactly). */
export function scanGlob(scope: KeyScope, namespace: string = CACHE_NAMESPACE): string {
  return scope.operation ? `${escapeGlob(`${namespace}:${scope.operation}:`)}*` : `${escapeGlob(`${namespace}:`)}*`;
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
