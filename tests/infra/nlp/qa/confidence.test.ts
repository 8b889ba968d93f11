import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../../../../infra/nlp/qa/answer-question.js';
import { isUnsupportedGuess, type AnswerEvidence } from '../../../../infra/nlp/qa/confidence.js';
import { createTextAnalyzer } from '../../../../infra/nlp/text/text-analyzer.js';

const nlp = createTextAnalyzer();

const MUSEUM =
  'The harbour museum opened in 1998 in a former customs house near the old quay. Its collection holds ship models, brass instruments, maps and the logbooks of local captains. Visitors can reach the museum by tram, and the ticket office sells a combined pass with the aquarium. A reading room on the upper floor lends charts to researchers from the maritime college.';

function answer(text: string, question: string): string {
  return answerQuestion(nlp.analyze(text), nlp.analyze(question));
}

const evidence = (overrides: Partial<AnswerEvidence>): AnswerEvidence => ({
  rule: 'phrase',
  rivals: 0,
  contenders: 0,
  coverage: 0.5,
  sentenceWords: 25,
  ties: 0,
  ...overrides,
});

describe('isUnsupportedGuess', () => {
  it('calls a generic noun phrase picked among many candidates a guess', () => {
    expect(isUnsupportedGuess(evidence({ rule: 'phrase', rivals: 12 }))).toBe(true);
  });

  it('trusts a generic noun phrase when the text offers few other candidates', () => {
    expect(isUnsupportedGuess(evidence({ rule: 'phrase', rivals: 2 }))).toBe(false);
  });

  it('trusts a typed entity or a stated relation however many candidates compete', () => {
    expect(isUnsupportedGuess(evidence({ rule: 'entity', rivals: 30, contenders: 5, coverage: 0.1 }))).toBe(false);
    expect(isUnsupportedGuess(evidence({ rule: 'relation', rivals: 30, contenders: 5, coverage: 0.1 }))).toBe(false);
  });

  it('calls a name with a near-equal rival in a long sentence that misses question words a guess', () => {
    expect(isUnsupportedGuess(evidence({ rule: 'person', contenders: 1, coverage: 0.5, sentenceWords: 30 }))).toBe(
      true,
    );
  });

  it('trusts that name when its sentence holds the question words, it has no close rival, or the sentence is short', () => {
    expect(isUnsupportedGuess(evidence({ rule: 'person', contenders: 1, coverage: 1, sentenceWords: 30 }))).toBe(false);
    expect(isUnsupportedGuess(evidence({ rule: 'person', contenders: 0, coverage: 0.5, sentenceWords: 30 }))).toBe(
      false,
    );
    expect(isUnsupportedGuess(evidence({ rule: 'place', contenders: 1, coverage: 0.5, sentenceWords: 9 }))).toBe(false);
  });

  it('calls any span tied with another span of its sentence a guess, even a typed entity', () => {
    expect(isUnsupportedGuess(evidence({ rule: 'entity', ties: 1, coverage: 1 }))).toBe(true);
    expect(isUnsupportedGuess(evidence({ rule: undefined, ties: 1 }))).toBe(true);
  });

  it('keeps a span no rule is known for', () => {
    expect(isUnsupportedGuess(evidence({ rule: undefined, rivals: 40, contenders: 9, coverage: 0 }))).toBe(false);
  });
});

describe('answerQuestion with an unsure span', () => {
  it('answers with the sentence when the span would only be a guess among many noun phrases', () => {
    expect(answer(MUSEUM, 'What vehicle takes visitors to the museum?')).toBe(
      'Visitors can reach the museum by tram, and the ticket office sells a combined pass with the aquarium.',
    );
  });

  it('answers with the sentence when two numbers of one sentence fit the question equally well', () => {
    const text =
      "The harbour industry makes up 5 percent of the jobs in the port town, but 22 percent of the town's wages. Most of its firms are family owned.";
    expect(answer(text, "What percentage of the town's wages does the harbour industry pay?")).toBe(
      "The harbour industry makes up 5 percent of the jobs in the port town, but 22 percent of the town's wages.",
    );
  });

  it('does not count the same words twice in a sentence as a tie', () => {
    const text = 'FM transmitters such as the iTrip play music, but personal FM transmitters are banned.';
    expect(answer(text, 'What type of transmitter is used in the iTrip?')).toBe('FM');
  });

  it('keeps a clear span short in the same text', () => {
    expect(answer(MUSEUM, 'When did the harbour museum open?')).toBe('1998');
    expect(answer(MUSEUM, 'What does the reading room lend?')).toBe('charts');
  });
});
