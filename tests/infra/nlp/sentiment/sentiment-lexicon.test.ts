import { describe, expect, it } from 'vitest';
import { parseLexicon } from '../../../../infra/nlp/sentiment/sentiment-lexicon.js';

describe('parseLexicon', () => {
  it('reads VADER rows and adds the review vocabulary', () => {
    const lexicon = parseLexicon('good\t1.9\t0.9\t[2, 1]\nbad\t-2.5\t0.7\t[-3]\nbroken line\n');
    expect(lexicon.get('good')).toBe(1.9);
    expect(lexicon.get('bad')).toBe(-2.5);
    expect(lexicon.has('broken line')).toBe(false);
    expect(lexicon.get('overpriced')).toBeLessThan(0);
  });
});
