import { describe, expect, it } from 'vitest';
import { createCacheKeys, normaliseText } from '../../infra/cache/cache-keys.js';
import { keyMatcher } from '../../infra/cache/key-matcher.js';

/** The reference definition: NFC, every whitespace run folded to one space, trimmed. */
const reference = (text: string) => text.normalize('NFC').replace(/\s+/g, ' ').trim();

const WHITESPACE = Array.from({ length: 0x10000 }, (_, code) => String.fromCharCode(code)).filter((char) =>
  /\s/.test(char),
);

describe('normaliseText', () => {
  it('folds whitespace exactly like replacing every \\s+ run with one space', () => {
    const samples = [
      '',
      ' ',
      'plain words with single spaces',
      '  leading and trailing  ',
      'double  space, tab\there, newline\nthere, CRLF\r\nend',
      'a \t\n b',
      ' x',
      'x ',
      'e\u0301 composed',
      ...WHITESPACE.flatMap((space) => [
        `a${space}b`,
        `a ${space}b`,
        `a${space} b`,
        `${space}a${space}${space}b${space}`,
      ]),
    ];
    for (const sample of samples) expect(normaliseText(sample), JSON.stringify(sample)).toBe(reference(sample));
  });

  it('gives texts that differ only in whitespace the same cache key', () => {
    const keys = createCacheKeys('test');
    const key = (text: string) =>
      keys.forRequest({ operation: 'summarize', text, options: { max_length: 100 }, modelIdentity: 'local#v1' });
    expect(key('The council  met.\n\nIt voted.')).toBe(key(' The council met. It voted. '));
    expect(key('The council met.')).not.toBe(key('The council met!'));
  });
});

describe('createCacheKeys', () => {
  it('keeps the key layout: namespace, operation and the SHA-256 of the NUL-joined parts', async () => {
    const { createHash } = await import('node:crypto');
    const expected = createHash('sha256')
      .update('qa')
      .update('\u0000')
      .update('Some text.')
      .update('\u0000')
      .update('max_length=50&num_questions=3')
      .update('\u0000')
      .update('Why?')
      .update('\u0000')
      .update('openai:gpt#v2')
      .digest('hex');
    const key = createCacheKeys('ns').forRequest({
      operation: 'qa',
      text: '  Some   text. ',
      question: ' Why? ',
      options: { num_questions: 3, max_length: 50 },
      modelIdentity: 'openai:gpt#v2',
    });
    expect(key).toBe(`ns:qa:${expected}`);
  });
});

describe('createCacheKeys.forBatch', () => {
  const keys = createCacheKeys('test:v1');

  it("gives each owner its own key for the same batch id, holding a digest of the owner's key only", () => {
    const alice = keys.forBatch('b-1', 'alice-secret-key');
    const bobby = keys.forBatch('b-1', 'bobby-secret-key');
    expect(alice).toMatch(/^test:v1:batch:[0-9a-f]{32}:b-1$/);
    expect(bobby).not.toBe(alice);
    expect(keys.forBatch('b-1', 'alice-secret-key')).toBe(alice);
    expect(alice).not.toContain('alice');
  });

  it('lies outside every invalidation scope, `*` and no scope included', () => {
    const batchKey = keys.forBatch('summarize-1', 'alice');
    const entry = keys.forRequest({ operation: 'summarize', text: 'x', options: {}, modelIdentity: 'm' });
    for (const scope of [
      {},
      { pattern: '*' },
      { pattern: 'batch' },
      { pattern: 'summarize' },
      { operation: 'batch' },
    ]) {
      expect(keyMatcher(scope, 'test:v1')(batchKey), JSON.stringify(scope)).toBe(false);
    }
    expect(keyMatcher({ pattern: '*' }, 'test:v1')(entry)).toBe(true);
  });
});
