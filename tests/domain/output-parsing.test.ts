import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanProse, countWords, extractJsonObject, parseList } from '../../domain/output-parsing.js';

describe('extractJsonObject', () => {
  it('reads JSON inside a ```json code fence', () => {
    const answer =
      'Here you go:\n```json\n{"sentiment": "positive", "confidence": 0.9, "explanation": "Loved it"}\n```';
    expect(extractJsonObject(answer)).toEqual({ sentiment: 'positive', confidence: 0.9, explanation: 'Loved it' });
  });

  it('finds an object surrounded by prose, braces inside strings included', () => {
    const answer =
      'Sure! {"sentiment":"negative","confidence":0.7,"explanation":"uses {braces} and \\"quotes\\""} Hope it helps.';
    expect(extractJsonObject(answer)?.explanation).toBe('uses {braces} and "quotes"');
  });

  it('returns undefined when there is no JSON object', () => {
    expect(extractJsonObject('The sentiment is positive.')).toBeUndefined();
    expect(extractJsonObject('{not json}')).toBeUndefined();
  });
});

describe('parseList', () => {
  it('reads dashes, bullets and numbers, skipping headings', () => {
    expect(parseList('Key points:\n- First\n* Second\n3. Third\n• Fourth')).toEqual([
      'First',
      'Second',
      'Third',
      'Fourth',
    ]);
  });

  it('reads a JSON array of strings', () => {
    expect(parseList('```json\n["One", "Two"]\n```')).toEqual(['One', 'Two']);
  });

  it('accepts plain lines when no line has a marker, and drops duplicates', () => {
    expect(parseList('Alpha\nBeta\nalpha')).toEqual(['Alpha', 'Beta']);
  });

  it('unwraps a fence that opens a line, not backticks inside an item or an empty fence', () => {
    expect(parseList('Here they are:\n```\n- One\n- Two\n```')).toEqual(['One', 'Two']);
    expect(parseList('- ```json```````')).toEqual(['```json```````']);
    expect(parseList('- Run ```npm ci``` first\n- Then test')).toEqual(['Run ```npm ci``` first', 'Then test']);
    expect(parseList('``````\n- One')).toEqual(['One']);
  });

  it('keeps marker-less prose out when the answer has marked items', () => {
    expect(parseList('Here are the points\n- A\n- B')).toEqual(['A', 'B']);
  });
});

describe('prose helpers', () => {
  it('removes a leading label and code fences', () => {
    expect(cleanProse('Summary: The cat sat.')).toBe('The cat sat.');
    expect(cleanProse('```\nAn answer\n```')).toBe('An answer');
  });

  it('counts words separated by any whitespace', () => {
    expect(countWords('  one two\nthree\tfour ')).toBe(4);
    expect(countWords('')).toBe(0);
  });

  // countWords counts in place instead of matching: it must agree with the `/\S+/g` it replaced.
  const regexCount = (text: string) => text.match(/\S+/g)?.length ?? 0;

  it('treats every UTF-16 code unit as a separator exactly when \\s does', () => {
    const disagreements: number[] = [];
    for (let code = 0; code <= 0xffff; code += 1) {
      const text = `a${String.fromCharCode(code)}b`;
      if (countWords(text) !== regexCount(text)) disagreements.push(code);
    }
    expect(disagreements).toEqual([]);
  });

  it('counts what /\\S+/g matches on any text', () => {
    const pieces = fc.constantFrom(
      ' ',
      '\n',
      '\t',
      '\u00a0',
      '\u2003',
      '\u3000',
      '\ufeff',
      'a',
      'é',
      '😀',
      '\u200b',
      '-',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string()), { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        expect(countWords(text)).toBe(regexCount(text));
      }),
      { numRuns: 2000 },
    );
  });
});
