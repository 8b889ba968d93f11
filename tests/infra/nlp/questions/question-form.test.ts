import { describe, expect, it } from 'vitest';
import { createTextAnalyzer } from '../../../../infra/nlp/text/text-analyzer.js';
import { isGrounded, stemsOf } from '../../../eval/evaluate.js';
import { formProblems } from '../../../eval/question-form.js';

const nlp = createTextAnalyzer();

describe('formProblems (the eval check of generated questions)', () => {
  it.each([
    'When was the bridge built?',
    'How many people visited the tower in 2019?',
    'How many artists and musical groups will be honored during the ceremony?',
    'Who did Marie Curie share the prize with?',
    'Is the carrying case a bit bulky?',
    'What does the text say about the battery?',
    'When did the ship capsize as it sailed?',
  ])('passes a well-formed question: %s', (question) => {
    expect(formProblems(question, nlp)).toEqual([]);
  });

  it.each([
    ['the bridge was built in 1931', 'opener'],
    ['When was the bridge built', 'question_mark'],
    ['How many people were wounded he said?', 'trailing_report'],
    ['Do my condolences go out to his family?', 'first_person'],
    ['What did the council approve and?', 'dangling_end'],
    ['Who the new library?', 'no_verb'],
    ['What the "new library?', 'unbalanced'],
    ['When the council on Tuesday approved the plan?', 'no_verb_after_wh'],
  ])('flags %j as %s', (question, problem) => {
    expect(formProblems(question, nlp)).toContain(problem);
  });
});

describe('isGrounded (the eval check that a question asks about the text)', () => {
  const text = 'McIlroy composed himself and became calm. He finished with a round of 70 in Miami.';
  const vocabulary = stemsOf(nlp, text);

  it.each([
    'Did McIlroy compose himself?',
    'Who became calm?',
    'How many rounds did McIlroy finish with?',
    'Where did he finish with a round of 70?',
  ])('accepts a question whose words the text has, up to inflection: %s', (question) => {
    expect(isGrounded(question, vocabulary, nlp)).toBe(true);
  });

  it.each(['Did McIlroy throw his club into the water?', 'Who won the tournament in Miami?'])(
    'rejects a question with words the text lacks: %s',
    (question) => {
      expect(isGrounded(question, vocabulary, nlp)).toBe(false);
    },
  );
});
