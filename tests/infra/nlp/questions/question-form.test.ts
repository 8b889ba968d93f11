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
    'Who did Marie Curie share the prize with?',
    'When did the fire break out?',
    'How many people did the company work with?',
    'Where did Ann Lee buy the two two-seater sofas?',
    'Did the council give the public a chance to have their say?',
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
    ['When did the the council approve the plan?', 'doubled_word'],
    ['Did the council vote on the plan in?', 'dangling_preposition'],
    ['When did he resign?', 'unresolved_pronoun'],
    ['Is it open on Sundays?', 'unresolved_pronoun'],
    ['Has the author found myself at home?', 'first_person'],
  ])('flags %j as %s', (question, problem) => {
    expect(formProblems(question, nlp)).toContain(problem);
  });
});

describe('isGrounded (the eval check that a question asks about the text)', () => {
  const text = 'Okafor composed himself and became calm. He finished with a round of 68 in Lagos.';
  const vocabulary = stemsOf(nlp, text);

  it.each([
    'Did Okafor compose himself?',
    'Who became calm?',
    'How many rounds did Okafor finish with?',
    'Where did he finish with a round of 68?',
  ])('accepts a question whose words the text has, up to inflection: %s', (question) => {
    expect(isGrounded(question, vocabulary, nlp)).toBe(true);
  });

  it.each(['Did Okafor throw his club into the water?', 'Who won the tournament in Lagos?'])(
    'rejects a question with words the text lacks: %s',
    (question) => {
      expect(isGrounded(question, vocabulary, nlp)).toBe(false);
    },
  );
});
