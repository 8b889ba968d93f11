import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../../../../infra/nlp/qa/answer-question.js';
import { createTextAnalyzer } from '../../../../infra/nlp/text/text-analyzer.js';

const nlp = createTextAnalyzer();

function answer(text: string, question: string): string {
  return answerQuestion(nlp.analyze(text), nlp.analyze(question));
}

describe('answerQuestion for who-questions', () => {
  it('answers "Who believed ...?" with the name that reports the view, however far from its words', () => {
    const text =
      'Historians still debate the treaty. Anna Keller argues that the Harlow Treaty, signed by Peter Marsh, weakened the northern provinces for a decade.';
    expect(answer(text, 'Who believed the Harlow Treaty weakened the northern provinces?')).toBe('Anna Keller');
  });

  it('answers "Who wrote X?" with the subject of the verb rather than another name in the sentence', () => {
    const text =
      "Jonas Brandt reports that Lenhardt wrote a letter to refuse the Duke's offer, and in that letter Lenhardt thanked the court.";
    expect(answer(text, "Who wrote the letter refusing the Duke's offer?")).toBe('Lenhardt');
  });

  it('does not answer with a name that only shares a word with a name in the question', () => {
    const text =
      'After his victory over the Talmar Emperor in 1402, the Kessel Emperor was aided by the monk Arno Visch, who wrote his laws.';
    expect(answer(text, 'Who aided the Kessel Emperor?')).toContain('Arno Visch');
  });

  it('answers with the whole list of names the chosen name belongs to', () => {
    const text = 'In 2004 the soda maker filmed a commercial with Marta Lind, Pia Sorel, and Enzo Ricci in Rome.';
    expect(answer(text, 'Who appeared in the commercial in 2004?')).toBe('Marta Lind, Pia Sorel, and Enzo Ricci');
    const pair = 'The sketch for the crew was written by David Walliams and the Dawson Brothers.';
    expect(answer(pair, 'Who wrote the sketch for the crew?')).toBe('David Walliams and the Dawson Brothers');
  });

  it('does not join names that only a comma separates, nor widen to a name the question gives', () => {
    const apposition = "The dynasty's founder was his father, the Hongwu Emperor, who ruled from Nanjing.";
    expect(answer(apposition, "Who was the dynasty's founder?")).not.toContain(',');
    const along = 'Alexander Hamilton and John Jay founded the Manumission Society in 1785.';
    expect(answer(along, 'Along with John Jay, who founded the Manumission Society?')).toBe('Alexander Hamilton');
  });
});
