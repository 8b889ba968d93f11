import type { SpanRule } from './answer-spans.js';

/** What speaks for the chosen answer span, known when it is chosen. */
export interface AnswerEvidence {
  /** The rule that found the span. */
  readonly rule: SpanRule | undefined;
  /** How many other candidates the searched sentences offered. */
  readonly rivals: number;
  /** How many of them came within a small gap of the chosen span's value. */
  readonly contenders: number;
  /** The share of the question's distinct terms that the span's sentence holds (0..1). */
  readonly coverage: number;
  /** The length of the span's sentence in words. */
  readonly sentenceWords: number;
  /** How many other, separate spans of the same sentence are worth as much as the chosen one, with nothing to settle it. */
  readonly ties: number;
}

/** Rules that find a span only because it is a name or a noun phrase near the question's words. */
const GENERIC_RULES: ReadonlySet<SpanRule> = new Set(['phrase']);
/** Rules that find a name or phrase of the asked-for kind, without a pattern that ties it to the question. */
const LOOSE_RULES: ReadonlySet<SpanRule> = new Set(['person', 'place', 'focus']);
/** A generic phrase chosen from this many other candidates is a guess. */
const MAX_GENERIC_RIVALS = 4;
/** A loose span in a sentence this long ... */
const LONG_SENTENCE_WORDS = 15;
/** ... that holds less than this share of the question's terms, with a near-equal contender, is a guess. */
const SUPPORTING_COVERAGE = 0.8;

/**
 * Whether the chosen span is a guess that is better shown with its whole sentence. A rule table
 * fitted by hand on the tuning part of the SQuAD sample: a generic name or noun phrase picked among
 * five or more candidates held the gold answer in 16 of 37 cases, its sentence in 29; a loose name,
 * place or focus phrase with a near-equal rival in a long sentence that misses question words, in
 * 3 of 12 (sentence: 10). A typed entity (83 of 95) or a span that a pattern ties to the question
 * ("X, the son of Y", "because ...", "X argues that") stays a span. Whatever the rule, a span tied
 * with another one of its sentence is a coin toss ("How many deaths were reported only in
 * Sichuan?" when one sentence gives 69,180 dead and 68,636 in Sichuan): the wrong one was chosen
 * in 10 of 11 such ties on tuning, and the sentence held the answer in 10.
 */
export function isUnsupportedGuess(evidence: AnswerEvidence): boolean {
  const { rule } = evidence;
  if (evidence.ties > 0) return true;
  if (rule === undefined) return false;
  if (GENERIC_RULES.has(rule)) return evidence.rivals > MAX_GENERIC_RIVALS;
  return (
    LOOSE_RULES.has(rule) &&
    evidence.contenders > 0 &&
    evidence.sentenceWords >= LONG_SENTENCE_WORDS &&
    evidence.coverage < SUPPORTING_COVERAGE
  );
}
