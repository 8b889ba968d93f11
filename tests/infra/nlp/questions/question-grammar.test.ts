import { describe, expect, it } from 'vitest';
import { answerQuestion, NOT_IN_TEXT } from '../../../../infra/nlp/qa/answer-question.js';
import { generateQuestions } from '../../../../infra/nlp/questions/generate-questions.js';
import { createTextAnalyzer } from '../../../../infra/nlp/text/text-analyzer.js';
import { loadEvalData, loadSummarySets } from '../../../eval/datasets.js';
import { isGrounded, stemsOf } from '../../../eval/evaluate.js';
import { formProblems } from '../../../eval/question-form.js';

const nlp = createTextAnalyzer();

/**
 * A fixed sample of development texts (never the reserved test sets): the first 15 CNN/DailyMail
 * validation articles, the first 15 of the CNN/DailyMail train sample (mostly Daily Mail, with
 * interviews and captions) and every tenth SQuAD v1.1 train paragraph, 15 of them.
 */
function sampleTexts(): string[] {
  const data = loadEvalData();
  const paragraphs = [...new Set(data.squad.map((item) => item.context))];
  const train = loadSummarySets().find((set) => set.name === 'CNN/DailyMail train sample')?.items ?? [];
  return [
    ...data.cnn.slice(0, 15).map((item) => item.article),
    ...train.slice(0, 15).map((item) => item.article),
    ...paragraphs.filter((_, index) => index % 10 === 0).slice(0, 15),
  ];
}

/** What is wrong with one generated question: its form (parsed with the POS tagger) and whether the text answers it. */
function problemsOf(question: string, text: string): string[] {
  const analysis = nlp.analyze(text);
  const problems: string[] = formProblems(question, nlp);
  if (!isGrounded(question, stemsOf(nlp, text), nlp)) problems.push('words_not_in_text');
  if (answerQuestion(analysis, nlp.analyze(question)) === NOT_IN_TEXT) problems.push('text_does_not_answer');
  return problems;
}

describe('generated questions on a sample of development texts', () => {
  it('are grammatical and answerable from their text, every one of them', () => {
    const failures: string[] = [];
    let count = 0;
    for (const text of sampleTexts()) {
      for (const question of generateQuestions(nlp.analyze(text), { count: 10 })) {
        count += 1;
        const problems = problemsOf(question, text);
        if (problems.length > 0) failures.push(`${question} [${problems.join(', ')}]`);
      }
    }
    expect(count).toBeGreaterThanOrEqual(400);
    expect(failures).toEqual([]);
  });
});
