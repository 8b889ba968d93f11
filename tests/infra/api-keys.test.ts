import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createApiKeyVerifier, credentialsOf, DEVELOPMENT_KEY, readCredentials } from '../../infra/api-keys.js';

function requestWith(headers: Record<string, string>): IncomingMessage {
  const request = new IncomingMessage(new Socket());
  request.headers = headers;
  return request;
}

describe('API key verifier', () => {
  const verifier = createApiKeyVerifier({ keys: ['user-key-1234567890'], operatorKeys: ['operator-key-0987654321'] });

  it('tells a user key, an operator key, a wrong key and no key apart', () => {
    expect(verifier.check({ kind: 'x-api-key', key: 'user-key-1234567890' })).toMatchObject({
      ok: true,
      operator: false,
    });
    expect(verifier.check({ kind: 'bearer', key: 'operator-key-0987654321' })).toMatchObject({
      ok: true,
      operator: true,
    });
    expect(verifier.check({ kind: 'bearer', key: 'user-key-123456789' })).toEqual({
      ok: false,
      reason: 'invalid',
      method: 'bearer',
    });
    expect(verifier.check({ kind: 'none' })).toEqual({ ok: false, reason: 'missing', method: 'none' });
  });

  it('names a key by a digest prefix: stable across requests, distinct per key, never the key', () => {
    const first = verifier.check({ kind: 'x-api-key', key: 'user-key-1234567890' });
    const again = verifier.check({ kind: 'bearer', key: 'user-key-1234567890' });
    const operator = verifier.check({ kind: 'bearer', key: 'operator-key-0987654321' });
    if (!first.ok || !again.ok || !operator.ok) throw new Error('expected valid keys');
    expect(first.keyId).toMatch(/^[0-9a-f]{32}$/);
    expect(again.keyId).toBe(first.keyId);
    expect(operator.keyId).not.toBe(first.keyId);
    expect(first.keyId).not.toContain('user-key');
  });

  it('answers a repeated check of the same credentials with the same verdict', () => {
    const credentials = { kind: 'x-api-key', key: 'user-key-1234567890' } as const;
    const first = verifier.check(credentials);
    expect(verifier.check(credentials)).toBe(first);
    const wrong = { kind: 'x-api-key', key: 'nope' } as const;
    expect(verifier.check(wrong)).toBe(verifier.check(wrong));
    expect(verifier.check(wrong).ok).toBe(false);
  });

  it('lets everyone in as the development key when no key is configured', () => {
    const open = createApiKeyVerifier({ keys: [] });
    expect(open.open).toBe(true);
    expect(open.check({ kind: 'none' })).toMatchObject({ ok: true, key: DEVELOPMENT_KEY, operator: true });
  });
});

describe('credentials of a request', () => {
  it('reads Authorization: Bearer before X-API-Key', () => {
    expect(readCredentials('Bearer abc', 'def')).toEqual({ kind: 'bearer', key: 'abc' });
    expect(readCredentials('Basic abc', ' def ')).toEqual({ kind: 'x-api-key', key: 'def' });
    expect(readCredentials(undefined, '   ')).toEqual({ kind: 'none' });
  });

  it('reads a request once: every step gets the same credentials object', () => {
    const request = requestWith({ 'x-api-key': 'user-key-1234567890' });
    const credentials = credentialsOf(request);
    expect(credentials).toEqual({ kind: 'x-api-key', key: 'user-key-1234567890' });
    expect(credentialsOf(request)).toBe(credentials);
    expect(credentialsOf(requestWith({ 'x-api-key': 'user-key-1234567890' }))).not.toBe(credentials);
  });
});
