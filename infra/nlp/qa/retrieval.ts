import { stemmer } from 'stemmer';
import { scoreBm25 } from '../text/bm25.js';
import type { Sentence, TextAnalysis } from '../text/text-analyzer.js';
import { isContentToken, termOf } from '../text/tokens.js';
import type { QuestionAnalysis } from './answer-type.js';

/** A sentence that may hold the answer, with its match relative to the best one (0..1). */
export interface ScoredSentence {
  readonly sentence: Sentence;
  readonly score: number;
}

/** How much a neighbour in the same paragraph or list item adds to a sentence's match. */
const NEIGHBOUR_WEIGHT = 0.35;

/** The Porter stem of a lemma ("regulation" and "regulate" → "regul"). */
export function stemOf(term: string): string {
  return stemmer(term);
}

/** The stems of a sentence's content words. */
export function sentenceStems(analysis: TextAnalysis, sentence: Sentence): string[] {
  const stems: string[] = [];
  for (let index = sentence.start; index <= sentence.end; index += 1) {
    const token = analysis.tokens[index];
    if (token && isContentToken(token)) stems.push(stemOf(termOf(token)));
  }
  return stems;
}

/**
 * The sentences that share the question's words, best first: BM25 over Porter stems (questions
 * paraphrase the text: "approval" for "approve"), a neighbour in the same block counting a little.
 * `passages` holds each sentence's `sentenceStems`, in the same order.
 */
export function rankAnswerSentences(
  sentences: readonly Sentence[],
  passages: readonly (readonly string[])[],
  query: QuestionAnalysis,
): ScoredSentence[] {
  const own = scoreBm25(passages, query.terms.map(stemOf));
  const scores = own.map((score, index) => {
    const sentence = sentences[index];
    const neighbours = [index - 1, index + 1].filter((other) => sentences[other]?.block === sentence?.block);
    return score + NEIGHBOUR_WEIGHT * Math.max(0, ...neighbours.map((other) => own[other] ?? 0));
  });
  const best = Math.max(0, ...scores);
  if (best <= 0) return [];
  return sentences
    .map((sentence, index) => ({ sentence, score: (scores[index] ?? 0) / best }))
    .sort((first, second) => second.score - first.score || first.sentence.index - second.sentence.index);
}
