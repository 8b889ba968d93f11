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

  it('finds an amount of money in a sentence that shares no word with the question', () => {
    const text =
      'Harbor Lights is a 2019 drama produced by Vela Studios.\n\nWith a budget around $12 million, it was the largest project of the year.';
    expect(answer(text, 'How much money did it take to make Harbor Lights?')).toBe('around $12 million');
  });

  it('does not read "one of" as a count', () => {
    const text = 'Dana Pike starred in Harbor Lights. It is one of the most expensive films ever made.';
    expect(answer(text, 'How many films has Dana Pike starred in?')).not.toBe('one');
  });

  it('answers "For what N ...?" with what follows "for" in the sentence', () => {
    const text =
      'The song received mixed reviews; nevertheless, it won the Silver Harp for Best New Ballad and was nominated for the Crown Award.';
    expect(answer(text, 'For what category did the song receive a Silver Harp award?')).toBe('Best New Ballad');
  });

  it('answers with the subject of another verb that leads to what the question says', () => {
    const text =
      'Retired teachers and nurses reside in Willow Court, a former hotel, as well as Birch Hall near the river.';
    expect(answer(text, 'What residents live at Willow Court?')).toBe('Retired teachers and nurses');
  });

  it('answers "Who <verb> X?" with the subject of a synonymous verb before X', () => {
    const text = 'In the region, the harbour board oversees ship inspections along the coast.';
    expect(answer(text, 'Who regulates ship inspections?')).toBe('the harbour board');
  });

  it('keeps the whole name when the tagger reads its first word as a noun', () => {
    const text = 'The school also runs a Writing Support Office which provides essay feedback and tutoring.';
    expect(answer(text, 'What entity provides essay feedback for students?')).toBe('Writing Support Office');
  });

  it('keeps a plural possessive inside a name', () => {
    const text = "The town adopted the Surveyors' Plan of 1790, which laid out a grid of roads across the valley.";
    expect(answer(text, 'What plan of 1790 laid a grid of roads across the valley?')).toBe("Surveyors' Plan");
  });

  it('reads a borough as a place', () => {
    expect(classifyQuestion(nlp.analyze('In what borough is Velora based?').tokens).answerType).toBe('place');
  });

  it('takes the place from the clause that holds the name the question asks about', () => {
    const text =
      'Bakers were opening a "Bread Row" in Queens as of 2015, while Velora, one of the nation\'s largest bakeries, continues to be headquartered in Manhattan.';
    expect(answer(text, 'In what borough is Velora based?')).toBe('Manhattan');
  });

  it('takes the person from the clause that holds the name the question asks about', () => {
    const text =
      'The Oslo club signed Ivo Brandt in May, while the Bergen club, after a long and public search, signed Mira Holt.';
    expect(answer(text, 'Who did the Bergen club sign?')).toBe('Mira Holt');
  });

  it("takes the number from the clause that holds the question's verb or adjective", () => {
    const text =
      'Officials said the flood caused 212 known deaths; 1,450 people are listed as missing, and 9,870 injured, but the figures may rise.';
    expect(answer(text, 'How many people were injured?')).toBe('9,870');
    expect(answer(text, 'How many people are listed as missing?')).toBe('1,450 people');
  });
});
