import { findAnswerSpans, type Span } from './local-answer-spans.js';
import { classifyQuestion } from './local-answer-type.js';
import { asProse, spanText, type TextAnalysis } from './local-nlp.js';
import { rankAnswerSentences, sentenceStems, stemOf } from './local-qa-retrieval.js';
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

/**
 * Answers a question from the text: BM25 finds the sentences that share the question's words
 * (a sentence's neighbours in the same paragraph or list item count a little); the answer is the
 * span of the kind the question asks for (a name, a date, a number, a place, a definition, a
 * reason, the subject or object of the question's verb) nearest to those words, else the best
 * sentence. When the text shares (almost) nothing with the question, it says so.
 */
export function answerQuestionLocally(analysis: TextAnalysis, question: TextAnalysis): string {
  const query = classifyQuestion(question.tokens);
  const sentences = analysis.sentences.filter((sentence) => sentence.kind !== 'heading' && sentence.wordCount > 0);
  if (sentences.length === 0) return NOT_IN_TEXT;
  if (query.terms.length === 0) {
    const [lead] = rankSentences(analysis, { positionWeight: 0.6 });
    return lead ? asProse(lead.sentence.text) : NOT_IN_TEXT;
  }

  const queryStems = query.terms.map(stemOf);
  const present = new Set(sentences.flatMap((sentence) => sentenceStems(analysis, sentence)));
  const distinct = [...new Set(queryStems)];
  const covered = distinct.filter((term) => present.has(term)).length;
  if (
    covered === 0 ||
    (covered / distinct.length < MIN_TERM_COVERAGE && distinct.length - covered >= MAX_MISSING_TERMS)
  )
    return NOT_IN_TEXT;

  const all = rankAnswerSentences(analysis, sentences, query);
  if (all.length === 0) return NOT_IN_TEXT;
  const terms = new Set([...query.terms, ...queryStems]);
  // A definition ("X is ...") is strong evidence wherever it is; other answers come from the best matches.
  const ranked = all
    .filter((entry) => entry.score >= MIN_RELATIVE_SCORE)
    .slice(0, query.answerType === 'definition' ? sentences.length : CANDIDATE_SENTENCES);

  let answer: { span: Span; value: number } | undefined;
  for (const { sentence, score } of ranked) {
    for (const span of findAnswerSpans(analysis, sentence, query, terms)) {
      const value = score + span.quality;
      if (!answer || value > answer.value) answer = { span, value };
    }
  }
  if (answer) return cleanSpan(spanText(analysis.tokens, answer.span.start, answer.span.end));
  const top = ranked[0]?.sentence;
  return top ? asProse(top.text) : NOT_IN_TEXT;
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
