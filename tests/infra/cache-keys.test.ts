import { describe, expect, it } from 'vitest';
import { createCacheKeys, normaliseText } from '../../infra/cache/cache-keys.js';

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
