import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../../../../infra/nlp/qa/answer-question.js';
import { ALL_QA_RULES, type QaRuleName } from '../../../../infra/nlp/qa/rule-families.js';
import { createTextAnalyzer } from '../../../../infra/nlp/text/text-analyzer.js';

const nlp = createTextAnalyzer();

function answer(text: string, question: string, without?: QaRuleName): string {
  const rules = new Set([...ALL_QA_RULES].filter((rule) => rule !== without));
  return answerQuestion(nlp.analyze(text), nlp.analyze(question), rules);
}

const DESK =
  'The standing desk costs 450 dollars. It was designed by Maria Lopez in Oslo in 2019 because office workers sat too long.';

describe('why-questions', () => {
  it('answers with the clause after "because"', () => {
    expect(answer(DESK, 'Why was the desk designed?')).toBe('because office workers sat too long');
  });

  it('answers with the sentence before "As a result"', () => {
    const text =
      'The harbour froze for six weeks in January. As a result, the ferry to the island stopped running. The island has 300 inhabitants.';
    expect(answer(text, 'Why did the ferry stop running?')).toBe('The harbour froze for six weeks in January');
  });
});

describe('the sentence given when no family answers', () => {
  it('is the one that shares the question verb, not the first one sharing a noun', () => {
    expect(answer(DESK, 'Why was the desk designed?', 'reason')).toBe(
      'It was designed by Maria Lopez in Oslo in 2019 because office workers sat too long.',
    );
  });
});

describe('naming and reporting questions', () => {
  it('answers "What is X called?" with the name after "called"', () => {
    const text = 'The valley has a long dry season. The cold wind from the mountains is called the Brenner.';
    expect(answer(text, 'What is the cold wind from the mountains called?')).toBe('the Brenner');
  });

  it('answers "Who said ...?" with the one who states the view', () => {
    const text =
      'The bridge opened in 1998. In a review, Anna Weller argued that the bridge was too narrow for the traffic of the city.';
    expect(answer(text, 'Who argued that the bridge was too narrow?')).toBe('Anna Weller');
  });
});
