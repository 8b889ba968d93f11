import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../../../../infra/nlp/qa/answer-question.js';
import { createTextAnalyzer } from '../../../../infra/nlp/text/text-analyzer.js';

const nlp = createTextAnalyzer();

function answer(text: string, question: string): string {
  return answerQuestion(nlp.analyze(text), nlp.analyze(question));
}

describe('answerQuestion for who-questions', () => {
  it('answers "Who wrote X?" with the subject of the verb rather than another name in the sentence', () => {
    const text =
      "Jonas Brandt reports that Lenhardt wrote a letter to refuse the Duke's offer, and in that letter Lenhardt thanked the court.";
    expect(answer(text, "Who wrote the letter refusing the Duke's offer?")).toBe('Lenhardt');
  });

  it('answers with the whole list of names the chosen name belongs to', () => {
    const text = 'In 2004 the soda maker filmed a commercial with Marta Lind, Pia Sorel, and Enzo Ricci in Rome.';
    expect(answer(text, 'Who appeared in the commercial in 2004?')).toBe('Marta Lind, Pia Sorel, and Enzo Ricci');
    const pair = 'The sketch for the crew was written by Owen Marsh and the Calder Brothers.';
    expect(answer(pair, 'Who wrote the sketch for the crew?')).toBe('Owen Marsh and the Calder Brothers');
  });

  it('does not join names that only a comma separates', () => {
    const apposition = "The guild's founder was her mentor, the painter Ida Vale, who worked in Ghent.";
    expect(answer(apposition, "Who was the guild's founder?")).not.toContain(',');
  });
});
