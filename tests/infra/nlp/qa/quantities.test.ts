import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../../../../infra/nlp/qa/answer-question.js';
import { classifyQuestion } from '../../../../infra/nlp/qa/answer-type.js';
import { createTextAnalyzer } from '../../../../infra/nlp/text/text-analyzer.js';

const nlp = createTextAnalyzer();

function answer(text: string, question: string): string {
  return answerQuestion(nlp.analyze(text), nlp.analyze(question));
}

const typeOf = (question: string) => classifyQuestion(nlp.analyze(question).tokens).answerType;

describe('what-questions about a quantity', () => {
  it('asks for a number when the noun asked about is a quantity', () => {
    expect(typeOf('What was the previous population of Eldham?')).toBe('number');
    expect(typeOf('What is the height of the tower?')).toBe('number');
  });

  it('asks for money when the noun asked about is a price or a budget', () => {
    expect(typeOf('What was the budget of the film?')).toBe('money');
  });

  it('reads "the number one" as a rank, not a count', () => {
    expect(typeOf('What is the number one export of the region?')).not.toBe('number');
  });

  it('returns the value of the quantity the question names, not another number of the sentence', () => {
    const text =
      'A rescue team found only 300 survivors in the village of Eldham, out of a total population of about 4,000.';
    expect(answer(text, 'What was the previous population of Eldham?')).toBe('about 4,000');
  });

  it('returns the amount a sentence gives, not its conversion to a later year', () => {
    const text =
      'The law let wealthier men pay a $200 (equivalent to $4,100 in 2020) exemption fee to avoid service in the militia.';
    expect(answer(text, 'What was the exemption fee to avoid service in the militia?')).toBe('$200');
  });
});

describe('questions about a rank', () => {
  it('asks for a rank when the place is tied, given or earned, or the rank is owned', () => {
    expect(typeOf('What place is she tied for in songwriting credits?')).toBe('ordinal');
    expect(typeOf('What place did the magazine give the game?')).toBe('ordinal');
    expect(typeOf("What was the album's rank among all records of the decade?")).toBe('ordinal');
  });

  it('still asks for a location when the place is visited', () => {
    expect(typeOf('What place did the pilgrims visit first?')).toBe('place');
  });

  it('returns the rank a list gave, not the list', () => {
    const text =
      "The game placed 16th in Official Gamer Magazine's list of the 100 Greatest Games of All Time. The studio later released a sequel.";
    expect(answer(text, 'What place did Official Gamer Magazine give the game?')).toBe('16th');
  });
});

describe('how-often questions', () => {
  it('returns the frequency with its count ("twice a year", "three times a week")', () => {
    const text =
      'The other magazine, The Lantern, is released twice a year and focuses on student poetry. The club meets three times a week in the library.';
    expect(answer(text, 'How often is the Lantern released?')).toBe('twice a year');
    expect(answer(text, 'How often does the club meet?')).toBe('three times a week');
  });
});

describe('numbers given in two units', () => {
  const text =
    'The research park encompasses more than 700,000 square feet (65,000 m2) on the east bank. The lake covers 12 km² (4.6 sq mi) and is 30 kilometres (19 mi) long.';

  it('returns the number in the unit the question asks for', () => {
    expect(answer(text, 'How large is the research park in square meters?')).toBe('65,000');
    expect(answer(text, 'How large is the research park in square feet?')).toBe('more than 700,000 square feet');
    expect(answer(text, 'How long is the lake in miles?')).toBe('19 mi');
    expect(answer(text, 'How long is the lake in kilometres?')).toBe('30 kilometres');
  });
});
