import { describe, expect, it } from 'vitest';
import { askedUnit, unitFit } from '../../../../infra/nlp/qa/units.js';
import { createTextAnalyzer } from '../../../../infra/nlp/text/text-analyzer.js';

const nlp = createTextAnalyzer();
const tokensOf = (text: string) => nlp.analyze(text).tokens;

describe('askedUnit', () => {
  it('reads the unit a question names, whatever its spelling', () => {
    expect(askedUnit(tokensOf('How large is the park in square meters?'))).toBe('square metre');
    expect(askedUnit(tokensOf('How many square metres of office space are there?'))).toBe('square metre');
    expect(askedUnit(tokensOf('How far is it in kilometers?'))).toBe('kilometre');
  });

  it('finds no unit in a question without one, nor in a lone letter', () => {
    expect(askedUnit(tokensOf('How many people live in the town?'))).toBeUndefined();
    expect(askedUnit(tokensOf('What does the letter m stand for?'))).toBeUndefined();
  });
});

describe('unitFit', () => {
  it('tells the asked unit after a number from another one and from none', () => {
    const tokens = tokensOf('It covers 12 km² (4.6 sq mi.) and 30 people live there.');
    const after = (word: string) => tokens.findIndex((token) => token.text === word) + 1;
    expect(unitFit(tokens, after('12'), 'square kilometre')).toBe(1);
    expect(unitFit(tokens, after('4.6'), 'square kilometre')).toBe(-1);
    expect(unitFit(tokens, after('30'), 'square kilometre')).toBe(0);
  });
});
