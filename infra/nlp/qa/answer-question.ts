import type { Phrase } from '../text/phrases.js';
import { rankSentences } from '../text/sentence-ranking.js';
import type { Sentence, TextAnalysis, Token } from '../text/text-analyzer.js';
import { spanText, termOf } from '../text/tokens.js';
import { asProse } from '../text/words.js';
import { askedEntityType, findAnswerSpans, type Span } from './answer-spans.js';
import { classifyQuestion, type QuestionAnalysis } from './answer-type.js';
import { isUnsupportedGuess } from './confidence.js';
import { isCapitalisedNoun, withCoordinatedNames } from './name-lists.js';
import { rankAnswerSentences, sentenceStems, stemOf, type ScoredSentence } from './retrieval.js';
import { isSetAside } from './shapes.js';
import { tiesOf } from './ties.js';
import { askedUnit, unitFit } from './units.js';

/** The answer when nothing in the text relates to the question. */
export const NOT_IN_TEXT = 'The text does not say.';

/** Sentences searched for an answer, best matches first. */
const CANDIDATE_SENTENCES = 5;
/** Sentences scoring less than this share of the best one are not searched for answers. */
const MIN_RELATIVE_SCORE = 0.3;
/** Below this share of the question's words found in the text (and with three or more missing), the text does not answer it. */
const MIN_TERM_COVERAGE = 0.25;
const MAX_MISSING_TERMS = 3;
/** Candidates whose value comes this close to the chosen one's contend with it. */
const CONTENDER_GAP = 0.1;
/** What a number gains when the unit after it is the one the question asks in (and loses for another unit). */
const UNIT_WEIGHT = 0.5;

/**
 * Answers a question from the text: BM25 finds the sentences that share the question's words
 * (a sentence's neighbours in the same paragraph or list item count a little); the answer is the
 * span of the kind the question asks for (a name, a date, a number, a place, a definition, a
 * reason, the subject or object of the question's verb) nearest to those words, else the best
 * sentence; a span that is only a guess (`isUnsupportedGuess`) is given with its sentence. When
 * the text shares (almost) nothing with the question, it says so.
 */
export function answerQuestion(analysis: TextAnalysis, question: TextAnalysis): string {
  const search = searchAnswers(analysis, question);
  if (search.kind === 'answered') return search.answer;
  const { candidates, ranked, passages, sentences, distinct, query } = search;
  const answer = candidates.reduce<AnswerCandidate | undefined>(
    (best, candidate) => (!best || candidate.value > best.value ? candidate : best),
    undefined,
  );
  if (!answer) {
    const top = ranked[0]?.sentence;
    return top ? asProse(top.text) : NOT_IN_TEXT;
  }
  // A generic guess among many near-equal candidates is shown with its sentence, which holds the
  // answer far more often than the guess does.
  const held = new Set(passages[sentences.indexOf(answer.sentence)]);
  const guess = isUnsupportedGuess({
    rule: answer.span.rule,
    rivals: candidates.length - 1,
    contenders: candidates.filter((other) => other !== answer && other.value >= answer.value - CONTENDER_GAP).length,
    coverage: distinct.filter((term) => held.has(term)).length / distinct.length,
    sentenceWords: answer.sentence.wordCount,
    ties: tiesOf(analysis.tokens, answer, candidates).length,
  });
  if (guess) return asProse(answer.sentence.text);
  return answerText(analysis.tokens, answer, query);
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
      readonly sentences: readonly Sentence[];
      readonly passages: readonly (readonly string[])[];
      /** The question's distinct stems. */
      readonly distinct: readonly string[];
      /** The sentences searched, best first. */
      readonly ranked: readonly ScoredSentence[];
      readonly candidates: readonly AnswerCandidate[];
    };

/** Finds the candidate answers to a question in the text (see `answerQuestion`). */
export function searchAnswers(analysis: TextAnalysis, question: TextAnalysis): AnswerSearch {
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

  const entityOf = (span: Span) => analysis.entities[analysis.tokens[span.core?.start ?? span.start]?.entity ?? -1];
  // "How large is it in square meters?" when the text gives "700,000 square feet (65,000 m2)".
  const unit = askedUnit(question.tokens);
  const valueOf = (span: Span, score: number) => {
    const number = unit ? entityOf(span) : undefined;
    return score + span.quality + (unit && number ? UNIT_WEIGHT * unitFit(analysis.tokens, number.end + 1, unit) : 0);
  };
  // "other than English", "besides French": what the text sets aside is not the answer.
  const spansIn = (sentence: Sentence) =>
    findAnswerSpans(analysis, sentence, query, terms).filter((span) => !isSetAside(analysis.tokens, span.start));
  const candidates: AnswerCandidate[] = [];
  const add = (span: Span, sentence: Sentence, score: number) =>
    candidates.push({ span, sentence, value: valueOf(span, score) });
  for (const { sentence, score } of ranked) {
    for (const span of spansIn(sentence)) add(span, sentence, score);
  }
  // "How much money did it take?" when only "a budget around $245 million" says it: an entity of
  // the asked-for kind anywhere in the text beats a sentence that holds none.
  const asked = askedEntityType(query);
  if (candidates.length === 0 && asked) {
    for (const { sentence, score } of all) {
      for (const span of spansIn(sentence).filter((span) => entityOf(span)?.type === asked)) add(span, sentence, score);
    }
  }
  return { kind: 'candidates', query, sentences, passages, distinct, ranked, candidates };
}

/** The words of a chosen span as the answer: whole names and hyphenated words, the asked-for noun after a name. */
export function answerText(tokens: readonly Token[], answer: AnswerCandidate, query: QuestionAnalysis): string {
  const named = widenName(tokens, answer.span, answer.sentence);
  const listed = withCoordinatedNames(tokens, named, answer.sentence, query.names);
  const widened = wholeWords(tokens, listed, answer.sentence);
  const { start, end } = withFocusNoun(tokens, widened, answer.sentence, query.focus);
  return cleanSpan(spanText(tokens, start, end));
}

/**
 * A name the tagger cut ("Learning Resource Center" read as a noun and a name, "the Commissioners'
 * Plan"): the answer takes in the capitalised nouns next to its edge names, and a plural possessive
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

const isJoined = (token: Token | undefined) => token !== undefined && token.spaceBefore === '';

/** A span that starts or ends inside a hyphenated word ("on-screen", "video-game") takes the whole word. */
function wholeWords(tokens: readonly Token[], span: Phrase, sentence: Sentence): Phrase {
  const hyphen = (token: Token | undefined) => token?.text === '-';
  let { start, end } = span;
  while (start > sentence.start && isJoined(tokens[start]) && (hyphen(tokens[start]) || hyphen(tokens[start - 1])))
    start -= 1;
  while (end < sentence.end && isJoined(tokens[end + 1]) && (hyphen(tokens[end + 1]) || hyphen(tokens[end]))) end += 1;
  return { start, end };
}

/** "the PAL region" for "What region ...?": the asked-for noun right after a name belongs to the answer. */
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
