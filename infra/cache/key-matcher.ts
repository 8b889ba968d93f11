import { CACHE_NAMESPACE } from './cache-keys.js';

/** Which keys an invalidation covers: a substring of the key (`*` matches anything) and/or one
 * operation; neither = every key of the namespace. */
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
  return (key: string) => key.startsWith(prefix) && (regexp === undefined || regexp.test(key));
}

/** The SCAN glob that narrows a scope server-side (the predicate decides exactly). */
export function scanGlob(scope: KeyScope, namespace: string = CACHE_NAMESPACE): string {
  return scope.operation ? `${escapeGlob(`${namespace}:${scope.operation}:`)}*` : `${escapeGlob(`${namespace}:`)}*`;
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
