import { describe, expect, it } from 'vitest';
import { toInvalidationMessage } from '../../infra/cache/invalidation-bus.js';

describe('toInvalidationMessage', () => {
  it('reads keys, pattern and operation messages', () => {
    expect(toInvalidationMessage('{"origin":"a","keys":["k1","k2"]}')).toEqual({ origin: 'a', keys: ['k1', 'k2'] });
    expect(toInvalidationMessage('{"origin":"a","pattern":"doc*","operation":"qa"}')).toEqual({
      origin: 'a',
      pattern: 'doc*',
      operation: 'qa',
    });
  });

  it('ignores anything malformed', () => {
    for (const raw of [
      'not json',
      'null',
      '"text"',
      '{"keys":["k"]}',
      '{"origin":"a","keys":[1]}',
      '{"origin":"a","pattern":3}',
      '{"origin":"a","operation":{}}',
    ]) {
      expect(toInvalidationMessage(raw)).toBeUndefined();
    }
  });
});
