import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../../../../infra/nlp/qa/answer-question.js';
import { createTextAnalyzer } from '../../../../infra/nlp/text/text-analyzer.js';

const nlp = createTextAnalyzer();

function answer(text: string, question: string): string {
  return answerQuestion(nlp.analyze(text), nlp.analyze(question));
}

describe('answerQuestion with the agent of a passive verb', () => {
  it('answers "Who designed X?" with the name after "by" of "was designed"', () => {
    const text = 'The north bridge was designed by Ada Brandt and opened to traffic in 1931.';
    expect(answer(text, 'Who designed the north bridge?')).toBe('Ada Brandt');
  });

  it('answers with the agent even when the sentence uses another verb than the question', () => {
    const text = 'Late in the war, the Duke of Varn was counselled by the engineer Lise Moller, who rebuilt the dams.';
    expect(answer(text, 'Who advised the Duke of Varn?')).toContain('Lise Moller');
  });

  it('does not answer with an agent that the question already names', () => {
    const text = 'The fountain built by the sculptor Odile Varga is called "The Well". It faces the town library.';
    expect(answer(text, 'What is the fountain built by Odile Varga called?')).not.toContain('Odile Varga');
  });
});
