import { askedEntityType, findAnswerSpans, type Span } from './local-answer-spans.js';
import { classifyQuestion, type QuestionAnalysis } from './local-answer-type.js';
import { isUnsupportedGuess } from './local-qa-confidence.js';
import { asProse, spanText, termOf, type Sentence, type TextAnalysis, type Token } from './local-nlp.js';
import type { Phrase } from './local-phrases.js';
import { rankAnswerSentences, sentenceStems, stemOf, type ScoredSentence } from './local-qa-retrieval.js';
import { isSetAside } from './local-qa-shapes.js';
import { tiesOf } from './local-qa-ties.js';
import { askedUnit, unitFit } from './local-qa-units.js';
import { rankSentences } from './local-sentence-ranking.js';

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
export function answerQuestionLocally(analysis: TextAnalysis, question: TextAnalysis): string {
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
  /** The sentence's match alone. */
  readonly sentenceScore: number;
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

/** Finds the candidate answers to a question in the text (see `answerQuestionLocally`). */
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
    candidates.push({ span, sentence, value: valueOf(span, score), sentenceScore: score });
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

const isCapitalisedNoun = (token: Token | undefined) =>
  token !== undefined && (token.pos === 'NOUN' || token.pos === 'PROPN') && /^\p{Lu}/u.test(token.text);

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

/** The end of the name that starts at `start` ("Enrique Iglesias", "the Dawson Brothers"), or -1. */
function nameFrom(tokens: readonly Token[], start: number, last: number): number {
  const first = tokens[start]?.normal === 'the' ? start + 1 : start;
  if (first > last || !isCapitalisedNoun(tokens[first]) || tokens[first]?.pos !== 'PROPN') return -1;
  let end = first;
  while (end + 1 <= last && isCapitalisedNoun(tokens[end + 1])) end += 1;
  return end;
}

/** The start of the name that ends at `end`, or -1. */
function nameUntil(tokens: readonly Token[], end: number, first: number): number {
  if (end < first || !isCapitalisedNoun(tokens[end]) || tokens[end]?.pos !== 'PROPN') return -1;
  let start = end;
  while (start - 1 >= first && isCapitalisedNoun(tokens[start - 1])) start -= 1;
  return tokens[start - 1]?.normal === 'the' && start - 1 >= first ? start - 1 : start;
}

interface ListLink {
  readonly start: number;
  readonly end: number;
  /** What joined it to the name before it: "," "and" or ", and". */
  readonly joint: string;
}

/** The separator between two list items starting at `index`, and where the next item starts. */
function jointAt(tokens: readonly Token[], index: number): { joint: string; next: number } | undefined {
  if (tokens[index]?.text === ',')
    return tokens[index + 1]?.normal === 'and' ? { joint: ', and', next: index + 2 } : { joint: ',', next: index + 1 };
  return tokens[index]?.normal === 'and' ? { joint: 'and', next: index + 1 } : undefined;
}

/** A run of names is a list when only its last joint has "and", and commas join three or more ("X, Y, and Z"). */
function isList(links: readonly ListLink[]): boolean {
  // The first item's own joint links it to what comes before the run.
  const joints = links.slice(1).map((link) => link.joint);
  const last = joints[joints.length - 1];
  if (last === undefined || last === ',') return false;
  if (joints.slice(0, -1).some((joint) => joint !== ',')) return false;
  return links.length >= 3 || last === 'and';
}

/**
 * "Britney Spears, Pink, and Enrique Iglesias", "David Walliams and the Dawson Brothers": a name
 * in a list of names answers together with the list. Commas alone join nothing ("his father, the
 * Hongwu Emperor" is one man; "In Paris, Chopin" two clauses), and a list that holds a name of the
 * question is not widened to ("Along with John Jay, who ...?").
 */
function withCoordinatedNames(
  tokens: readonly Token[],
  span: Phrase,
  sentence: Sentence,
  questionNames: ReadonlySet<string>,
): Phrase {
  if (nameUntil(tokens, span.end, span.start) !== span.start && nameFrom(tokens, span.start, span.end) !== span.end)
    return span;
  const links: ListLink[] = [{ start: span.start, end: span.end, joint: '' }];
  for (;;) {
    const tail = links[links.length - 1];
    const joint = tail && jointAt(tokens, tail.end + 1);
    const end = joint ? nameFrom(tokens, joint.next, sentence.end) : -1;
    // "Mira Holt as Doctor Pell and Jonah Weir as Edwin Marsh": a name that opens its own "X as Y" pair.
    if (!joint || end < 0 || tokens[end + 1]?.normal === 'as') break;
    links.push({ start: joint.next, end, joint: joint.joint });
  }
  for (;;) {
    const head = links[0];
    if (!head) break;
    // Back over ", and" / "and" / "," to the name before.
    const before = head.start - 1;
    const joint =
      tokens[before]?.normal === 'and'
        ? tokens[before - 1]?.text === ','
          ? { joint: ', and', end: before - 2 }
          : { joint: 'and', end: before - 1 }
        : tokens[before]?.text === ','
          ? { joint: ',', end: before - 1 }
          : undefined;
    const start = joint ? nameUntil(tokens, joint.end, sentence.start) : -1;
    if (!joint || start < 0) break;
    links[0] = { ...head, joint: joint.joint };
    links.unshift({ start, end: joint.end, joint: '' });
  }
  // The longest list around the span, else the span.
  for (let first = 0; first < links.length; first += 1) {
    for (let last = links.length - 1; last > first; last -= 1) {
      const run = links.slice(first, last + 1);
      const holds = run.some((link) => link.start <= span.start && link.end >= span.end);
      const named = run.some((link) =>
        tokens.slice(link.start, link.end + 1).some((token) => questionNames.has(token.normal)),
      );
      if (holds && !named && isList(run)) return { start: run[0]!.start, end: run[run.length - 1]!.end };
    }
  }
  return span;
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
