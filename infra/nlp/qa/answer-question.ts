import { rankSentences } from '../text/sentence-ranking.js';
import type { Sentence, TextAnalysis, Token } from '../text/text-analyzer.js';
import type { Phrase } from '../text/phrases.js';
import { spanText, termOf } from '../text/tokens.js';
import { asProse } from '../text/words.js';
import type { Span } from './answer-spans.js';
import { classifyQuestion, type QuestionAnalysis } from './answer-type.js';
import { isCapitalisedNoun, withCoordinatedNames } from './name-lists.js';
import { rankAnswerSentences, sentenceStems, stemOf, type ScoredSentence } from './retrieval.js';
import { ALL_QA_RULES, findAnswerSpans, type QaRules } from './rule-families.js';

/** The answer when nothing in the text relates to the question. */
export const NOT_IN_TEXT = 'The text does not say.';

/** Sentences searched for an answer, best matches first. */
const CANDIDATE_SENTENCES = 5;
/** Sentences scoring less than this share of the best one are not searched for answers. */
const MIN_RELATIVE_SCORE = 0.3;
/** Below this share of the question's words found in the text (and with three or more missing), the text does not answer it. */
const MIN_TERM_COVERAGE = 0.25;
const MAX_MISSING_TERMS = 3;

/**
 * Answers a question from the text: BM25 finds the sentences that share the question's words
 * (a sentence's neighbours in the same paragraph or list item count a little); the answer is the
 * best span that a family of `QA_RULE_FAMILIES` finds for the question (a date, a number, a place,
 * a person, a passive's agent, the reason after "because", the name after "called", the subject or
 * object of the question's verb, a list ...), else the sentence sharing the most question words
 * (how and most "What is X?" questions, which no family answers). When the text
 * shares (almost) nothing with the question, it says so. `rules` leaves families out (for the
 * ablation).
 */
export function answerQuestion(analysis: TextAnalysis, question: TextAnalysis, rules: QaRules = ALL_QA_RULES): string {
  const search = searchAnswers(analysis, question, rules);
  if (search.kind === 'answered') return search.answer;
  const { candidates, ranked, query } = search;
  const answer = candidates.reduce<AnswerCandidate | undefined>(
    (best, candidate) => (!best || candidate.value > best.value ? candidate : best),
    undefined,
  );
  if (!answer) {
    const top = bestMatchingSentence(analysis, ranked, query);
    return top ? asProse(top.text) : NOT_IN_TEXT;
  }
  return answerText(analysis.tokens, answer, query, rules);
}

/**
 * The sentence that answers when no family does: of the searched ones, the one sharing the most
 * of the question's distinct words, then the most of its verbs (a later sentence may name the
 * subject only by a pronoun, "It was designed ...", but keeps the verb), then the best BM25 match.
 */
function bestMatchingSentence(
  analysis: TextAnalysis,
  ranked: readonly ScoredSentence[],
  query: QuestionAnalysis,
): Sentence | undefined {
  const stems = [...new Set(query.terms.map(stemOf))];
  const verbs = [...new Set(query.verbs.map(stemOf))];
  const keyOf = ({ sentence, score }: ScoredSentence) => {
    const held = new Set(sentenceStems(analysis, sentence));
    return [stems.filter((stem) => held.has(stem)).length, verbs.filter((verb) => held.has(verb)).length, score];
  };
  const beats = (key: readonly number[], other: readonly number[]) => {
    const index = key.findIndex((value, position) => value !== other[position]);
    return index >= 0 && (key[index] ?? 0) > (other[index] ?? 0);
  };
  let best: { sentence: Sentence; key: readonly number[] } | undefined;
  for (const entry of ranked) {
    const key = keyOf(entry);
    if (!best || beats(key, best.key)) best = { sentence: entry.sentence, key };
  }
  return best?.sentence;
}

/** A span that may answer the question, in its sentence, with how well both fit. */
export interface AnswerCandidate {
  readonly span: Span;
  readonly sentence: Sentence;
  /** The sentence's match (0..1, relative to the best) plus the span's quality. */
  readonly value: number;
}

/** What the search found: an answer already (nothing relates, no terms), or the candidates to choose from. */
export type AnswerSearch =
  | { readonly kind: 'answered'; readonly answer: string }
  | {
      readonly kind: 'candidates';
      readonly query: QuestionAnalysis;
      /** The sentences searched, best first. */
      readonly ranked: readonly ScoredSentence[];
      readonly candidates: readonly AnswerCandidate[];
    };

/** Finds the candidate answers to a question in the text (see `answerQuestion`). */
export function searchAnswers(
  analysis: TextAnalysis,
  question: TextAnalysis,
  rules: QaRules = ALL_QA_RULES,
): AnswerSearch {
  const answered = (answer: string): AnswerSearch => ({ kind: 'answered', answer });
  const query = classifyQuestion(question.tokens);
  const sentences = analysis.sentences.filter((sentence) => sentence.kind !== 'heading' && sentence.wordCount > 0);
  if (sentences.length === 0) return answered(NOT_IN_TEXT);
  if (query.terms.length === 0) {
    const [lead] = rankSentences(analysis, { positionWeight: 0.6 });
    return answered(lead ? asProse(lead.sentence.text) : NOT_IN_TEXT);
  }

  const queryStems = query.terms.map(stemOf);
  const passages = sentences.map((sentence) => sentenceStems(analysis, sentence));
  const present = new Set(passages.flat());
  const distinct = [...new Set(queryStems)];
  const covered = distinct.filter((term) => present.has(term)).length;
  if (
    covered === 0 ||
    (covered / distinct.length < MIN_TERM_COVERAGE && distinct.length - covered >= MAX_MISSING_TERMS)
  )
    return answered(NOT_IN_TEXT);

  const all = rankAnswerSentences(sentences, passages, query);
  if (all.length === 0) return answered(NOT_IN_TEXT);
  const terms = new Set([...query.terms, ...queryStems]);
  // A definition ("X is ...") is strong evidence wherever it is; other answers come from the best matches.
  const ranked = all
    .filter((entry) => entry.score >= MIN_RELATIVE_SCORE)
    .slice(0, query.answerType === 'definition' ? sentences.length : CANDIDATE_SENTENCES);

  const candidates: AnswerCandidate[] = [];
  for (const { sentence, score } of ranked) {
    for (const span of findAnswerSpans(analysis, sentence, query, terms, rules))
      candidates.push({ span, sentence, value: score + span.quality });
  }
  return { kind: 'candidates', query, ranked, candidates };
}

/**
 * The words of a chosen span as the answer, without the punctuation at its edges; with the
 * families that widen it, whole names, lists of names, and the asked-for noun after a name.
 */
export function answerText(
  tokens: readonly Token[],
  answer: AnswerCandidate,
  query: QuestionAnalysis,
  rules: QaRules = ALL_QA_RULES,
): string {
  let span: Phrase = answer.span;
  if (rules.has('widen-name')) span = widenName(tokens, span, answer.sentence);
  if (rules.has('coordinated-names')) span = withCoordinatedNames(tokens, span, answer.sentence, query.names);
  if (rules.has('focus-noun')) span = withFocusNoun(tokens, span, answer.sentence, query.focus);
  return cleanSpan(spanText(tokens, span.start, span.end));
}

/**
 * A name the tagger cut ("Harbour Research Centre" read as a noun and a name, "the Growers' Guild"):
 * the answer takes in the capitalised nouns next to its edge names, and a plural possessive
 * between two of them. The sentence's first word is capitalised anyway and is left out.
 */
function widenName(tokens: readonly Token[], span: Phrase, sentence: Sentence): Phrase {
  let { start, end } = span;
  if (isCapitalisedNoun(tokens[start])) {
    while (start - 1 > sentence.start && isCapitalisedNoun(tokens[start - 1])) start -= 1;
  }
  if (isCapitalisedNoun(tokens[end])) {
    for (;;) {
      if (end + 1 <= sentence.end && isCapitalisedNoun(tokens[end + 1])) end += 1;
      else if (tokens[end + 1]?.text === "'" && end + 2 <= sentence.end && isCapitalisedNoun(tokens[end + 2])) end += 2;
      else break;
    }
  }
  return { start, end };
}

/** "the Delta region" for "What region ...?": the asked-for noun right after a name belongs to the answer. */
function withFocusNoun(tokens: readonly Token[], span: Phrase, sentence: Sentence, focus: string | undefined): Phrase {
  const next = tokens[span.end + 1];
  if (!focus || span.end + 1 > sentence.end || next?.pos !== 'NOUN' || termOf(next) !== focus) return span;
  // Only after a name: "6 million people visit" is a number and its verb.
  if (tokens[span.end]?.pos !== 'PROPN') return span;
  return { start: span.start, end: span.end + 1 };
}

function cleanSpan(text: string): string {
  const trimmed = text
    .trim()
    .replace(/^[,;:(\s]+/, '')
    .replace(/[,;:.)\s]+$/, '');
  const opens = /^["“]/.test(trimmed);
  const closes = /["”]$/.test(trimmed);
  return opens === closes ? trimmed : trimmed.replace(/^["“]|["”]$/g, '');
}
