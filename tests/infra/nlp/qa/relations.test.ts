import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../../../../infra/nlp/qa/answer-question.js';
import { classifyQuestion } from '../../../../infra/nlp/qa/answer-type.js';
import { createTextAnalyzer } from '../../../../infra/nlp/text/text-analyzer.js';

const nlp = createTextAnalyzer();

function answer(text: string, question: string): string {
  return answerQuestion(nlp.analyze(text), nlp.analyze(question));
}

describe('answerQuestion with relations the sentence states', () => {
  it('reads the noun after a possessive in the question as the relation asked for', () => {
    expect(classifyQuestion(nlp.analyze("Who was the Kessel Emperor's father?").tokens).possessed).toBe('father');
  });

  it('answers "Who was X\'s N?" with the appositive after the noun, not another name nearby', () => {
    const text =
      'Helped by the monk Arno Visch, and like his father, the Talmar Emperor, the Kessel Emperor favoured the old temples.';
    expect(answer(text, "Who was the Kessel Emperor's father?")).toBe('the Talmar Emperor');
  });

  it('answers "What N ...?" with the name that an appositive calls an N', () => {
    const text =
      'Local politics became the business of Greyfield Hall, a political club backed by dock workers and merchants.';
    expect(answer(text, 'What political club controlled harbour politics in this era?')).toBe('Greyfield Hall');
  });

  it('answers a role question with the name after "as" that follows the actor', () => {
    const text =
      'The cast includes Tomas Reyes as Captain Ilsa Varga, Mira Holt as Doctor Pell and Jonah Weir as Edwin Marsh.';
    expect(answer(text, 'What role is performed by Mira Holt?')).toBe('Doctor Pell');
    expect(answer(text, 'What role does Jonah Weir play?')).toBe('Edwin Marsh');
  });

  it('answers "Who removed X?" with the agent of a passive verb done to X', () => {
    const text =
      'Back in Dorton, Kell is suspended from the survey team by Harrow, who is feuding with Brand, the head of the Northern Mapping Office.';
    expect(answer(text, 'Who removed Kell from the survey team?')).toBe('Harrow');
  });

  it('does not answer with an agent that the question already names', () => {
    const text = 'The mural painted by the artist Odile Varga is known as "Blue Moses". It faces the Marrow Library.';
    expect(answer(text, 'What is the nickname of the mural painted by Odile Varga?')).not.toContain('Odile Varga');
  });
});
