import { describe, expect, it } from 'vitest';
import { classifyQuestion } from '../../infra/ai/local-answer-type.js';
import { createLocalNlp } from '../../infra/ai/local-nlp.js';
import { answerQuestionLocally } from '../../infra/ai/local-qa.js';

const nlp = createLocalNlp();

function answer(text: string, question: string): string {
  return answerQuestionLocally(nlp.analyze(text), nlp.analyze(question));
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
