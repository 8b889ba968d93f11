import { hash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Authenticator, Credentials, KeyCheck } from '../domain/ports.js';

export type ApiKeyVerifier = Authenticator;

export interface ApiKeyVerifierOptions {
  readonly keys: readonly string[];
  /** Operator keys for the internal API; when empty, every valid key is an operator key. */
  readonly operatorKeys?: readonly string[];
}

export const DEVELOPMENT_KEY = 'development';

/** Reads `Authorization: Bearer <key>` (wins) or `X-API-Key: <key>`. */
export function readCredentials(
  authorization: string | undefined,
  apiKeyHeader: string | string[] | undefined,
): Credentials {
  if (authorization) {
    const match = /^\s*bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match?.[1]) return { kind: 'bearer', key: match[1] };
  }
  const headerKey = Array.isArray(apiKeyHeader) ? apiKeyHeader[0] : apiKeyHeader;
  if (headerKey && headerKey.trim() !== '') return { kind: 'x-api-key', key: headerKey.trim() };
  return { kind: 'none' };
}

const READ = new WeakMap<IncomingMessage, Credentials>();

/**
 * The credentials of a request, read once: every step that asks (rate limit, context) gets the
 * same object, so the verifier checks the key once per request.
 */
export function credentialsOf(request: IncomingMessage): Credentials {
  let credentials = READ.get(request);
  if (!credentials) {
    credentials = readCredentials(request.headers.authorization, request.headers['x-api-key']);
    READ.set(request, credentials);
  }
  return credentials;
}

/**
 * Checks API keys in constant time: every configured key's SHA-256 digest is compared with the
 * candidate's, all of them, so timing reveals neither which key matched nor how much of it.
 */
export function createApiKeyVerifier(options: ApiKeyVerifierOptions): ApiKeyVerifier {
  const digest = (key: string) => hash('sha256', key, 'buffer');
  const userDigests = options.keys.map(digest);
  const operatorDigests = (options.operatorKeys ?? []).map(digest);
  const matchesAny = (candidate: Buffer, digests: readonly Buffer[]) => {
    let found = false;
    for (const known of digests) found = timingSafeEqual(candidate, known) || found;
    return found;
  };
  const open = userDigests.length === 0 && operatorDigests.length === 0;
  const development: KeyCheck = {
    ok: true,
    key: DEVELOPMENT_KEY,
    operator: true,
    keyId: digest(DEVELOPMENT_KEY).toString('hex', 0, 16),
  };
  // Keyed by object identity, so a repeated check costs no hashing and its timing says nothing of the key.
  const checked = new WeakMap<Credentials, KeyCheck>();

  function verify(credentials: Credentials): KeyCheck {
    if (credentials.kind === 'none') return { ok: false, reason: 'missing', method: 'none' };
    const candidate = digest(credentials.key);
    const isOperator = matchesAny(candidate, operatorDigests);
    const isUser = matchesAny(candidate, userDigests);
    if (!isUser && !isOperator) return { ok: false, reason: 'invalid', method: credentials.kind };
    return {
      ok: true,
      key: credentials.key,
      operator: isOperator || operatorDigests.length === 0,
      keyId: candidate.toString('hex', 0, 16),
    };
  }

  return {
    open,
    check(credentials) {
      if (open) return development;
      let result = checked.get(credentials);
      if (!result) {
        result = verify(credentials);
        checked.set(credentials, result);
      }
      return result;
    },
  };
}

/** The only form of a key that may appear in logs and responses: its first 8 characters. */
export function keyPrefix(key: string): string {
  return key.length <= 8 ? key : `${key.slice(0, 8)}...`;
}
