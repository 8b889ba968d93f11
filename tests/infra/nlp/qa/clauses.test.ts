import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../../../../infra/nlp/qa/answer-question.js';
import { classifyQuestion } from '../../../../infra/nlp/qa/answer-type.js';
import { createTextAnalyzer } from '../../../../infra/nlp/text/text-analyzer.js';

const nlp = createTextAnalyzer();

function answer(text: string, question: string): string {
  return answerQuestion(nlp.analyze(text), nlp.analyze(question));
}

describe('answerQuestion reading the parts of a sentence', () => {
  it('takes the number from the clause that holds the names the question asks about', () => {
    const text = 'The museum had 40,000 visitors in Oslo, and 25,000 visitors in Bergen.';
    expect(answer(text, 'How many visitors did the museum have in Bergen?')).toBe('25,000 visitors');
  });

  it('lets a bare number count the noun an earlier number of the sentence counts', () => {
    const text = 'The album sold 2.4 million copies in Canada, and 0.8 million in Mexico.';
    expect(answer(text, 'How many copies did the album sell in Mexico?')).toBe('0.8 million');
  });

  it('does not read "one of" as a count', () => {
    const text = 'Lena Moss sang in Winter Tide. It is one of the longest operas ever written.';
    expect(answer(text, 'How many operas has Lena Moss sung in?')).not.toBe('one');
  });

  it('answers "For what N ...?" with what follows "for" in the sentence', () => {
    const text =
      'The song received mixed reviews; nevertheless, it won the Silver Harp for Best New Ballad and was nominated for the Crown Award.';
    expect(answer(text, 'For what category did the song receive a Silver Harp award?')).toBe('Best New Ballad');
  });

  it('reads a borough as a place', () => {
    expect(classifyQuestion(nlp.analyze('In what borough is Velora based?').tokens).answerType).toBe('place');
  });

  it('takes the place from the clause that holds the name the question asks about', () => {
    const text =
      'Brewers were opening a "Hop Lane" in Leith as of 2016, while Norvik, one of the country\'s largest breweries, continues to be based in Bergen.';
    expect(answer(text, 'In what city is Norvik based?')).toBe('Bergen');
  });

  it("takes the number from the clause that holds the question's verb or adjective", () => {
    const text =
      'The survey counted 340 nesting pairs; 75 chicks are listed as ringed, and 410 fledged, but the counts may rise.';
    expect(answer(text, 'How many chicks fledged?')).toBe('410');
    expect(answer(text, 'How many chicks are listed as ringed?')).toBe('75 chicks');
  });
});
