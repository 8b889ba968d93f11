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
    expect(typeOf('What was the population of Torby before the flood?')).toBe('number');
    expect(typeOf('What is the height of the tower?')).toBe('number');
  });

  it('asks for money when the noun asked about is a price or a budget', () => {
    expect(typeOf('What was the budget of the film?')).toBe('money');
  });

  it('reads "the number one" as a rank, not a count', () => {
    expect(typeOf('What is the number one export of the region?')).not.toBe('number');
  });

  it('returns the value of the quantity the question names, not another number of the sentence', () => {
    const text = 'Rescuers reached 120 families in Torby, a town with a population of about 2,500 before the flood.';
    expect(answer(text, 'What was the population of Torby before the flood?')).toBe('about 2,500');
  });

  it('returns the amount a sentence gives, not its conversion to a later year', () => {
    const text = 'The club let members pay a $50 (equivalent to $900 in 2020) joining fee to skip the waiting list.';
    expect(answer(text, 'What was the joining fee to skip the waiting list?')).toBe('$50');
  });
});

describe('questions about a rank', () => {
  it('asks for a rank when the place is tied, given or earned, or the rank is owned', () => {
    expect(typeOf('What place is the team tied for in the league?')).toBe('ordinal');
    expect(typeOf('What place did the magazine give the game?')).toBe('ordinal');
    expect(typeOf("What was the album's rank among all records of the decade?")).toBe('ordinal');
  });

  it('still asks for a location when the place is visited', () => {
    expect(typeOf('What place did the pilgrims visit first?')).toBe('place');
  });

  it('returns the rank a list gave, not the list', () => {
    const text =
      "The novel placed 7th in the Northern Review's list of the 50 Best Books of the Decade. Its author later wrote a sequel.";
    expect(answer(text, 'What place did the Northern Review give the novel?')).toBe('7th');
  });
});

describe('how-often questions', () => {
  it('returns the frequency with its count ("twice a year", "three times a week")', () => {
    const text =
      'The school paper, The Beacon, comes out twice a year and covers local sport. The choir rehearses three times a week in the hall.';
    expect(answer(text, 'How often does the Beacon come out?')).toBe('twice a year');
    expect(answer(text, 'How often does the choir rehearse?')).toBe('three times a week');
  });
});
