import { describe, expect, it } from 'vitest';
import { operationOfKey, toCacheTierEvent, toSafeListener } from '../../infra/cache/cache-events.js';

describe('cache events', () => {
  it('maps lookups, writes and Redis failures to per-tier counting events', () => {
    expect(toCacheTierEvent({ type: 'hit', tier: 'memory', operation: 'qa' })).toEqual({ type: 'hit', tier: 'memory' });
    expect(toCacheTierEvent({ type: 'miss', tier: 'redis', operation: 'qa' })).toEqual({ type: 'miss', tier: 'redis' });
    expect(toCacheTierEvent({ type: 'write', tier: 'redis', operation: 'qa' })).toEqual({
      type: 'write',
      tier: 'redis',
    });
    expect(toCacheTierEvent({ type: 'redis-error', command: 'get', error: new Error('x') })).toEqual({
      type: 'error',
      tier: 'redis',
    });
    expect(toCacheTierEvent({ type: 'corrupt-entry', key: 'k', reason: 'r' })).toEqual({
      type: 'error',
      tier: 'redis',
    });
    expect(toCacheTierEvent({ type: 'breaker', state: 'open' })).toBeUndefined();
  });

  it('reads the operation from a key of the namespace', () => {
    expect(operationOfKey('ai_cache:v1:summarize:abc', 'ai_cache:v1')).toBe('summarize');
    expect(operationOfKey('ai_cache:v1:batch:batch_1', 'ai_cache:v1')).toBe('batch');
    expect(operationOfKey('ai_cache:v1:nohash', 'ai_cache:v1')).toBe('other');
    expect(operationOfKey('elsewhere:summarize:abc', 'ai_cache:v1')).toBe('other');
  });

  it('never lets a throwing listener reach the cache', () => {
    const listener = toSafeListener(() => {
      throw new Error('metrics broke');
    });
    expect(() => listener({ type: 'breaker', state: 'open' })).not.toThrow();
    expect(() => toSafeListener(undefined)({ type: 'breaker', state: 'open' })).not.toThrow();
  });
});
