import { CREDIT_LINE, withoutDateline } from '../text/news-copy.js';
import { byScore, rankSentences, termOverlap, type RankedSentence } from '../text/sentence-ranking.js';
import type { TextAnalysis } from '../text/text-analyzer.js';
import { asProse } from '../text/words.js';

export interface KeyPointOptions {
  readonly maxPoints: number;
}

const REDUNDANT_OVERLAP = 0.45;
const LEADING_CONNECTIVE =
  /^(?:however|moreover|furthermore|additionally|in addition|also|and|but|so|still|meanwhile|as a result|in particular|for example|for instance|finally|first|second|third|lastly|overall|in short)\b,?\s+/i;

/**
 * The text's main points: its most central, informative sentences (list items included), without
 * near-duplicates, at most `maxPoints`, in text order, each stripped of a leading connective.
 */
export function extractKeyPoints(analysis: TextAnalysis, options: KeyPointOptions): string[] {
  let ranked = rankSentences(analysis, { positionWeight: 0.2, minWords: 4 });
  if (ranked.length === 0) ranked = rankSentences(analysis, { positionWeight: 0.2, minWords: 1 });

  const chosen: RankedSentence[] = [];
  const seen = new Set<string>();
  for (const entry of byScore(ranked)) {
    if (chosen.length >= options.maxPoints) break;
    if (CREDIT_LINE.test(entry.sentence.text)) continue;
    const point = toKeyPoint(entry.sentence.text);
    const key = point
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
    if (!key || seen.has(key)) continue;
    if (chosen.some((kept) => termOverlap(kept.terms, entry.terms) > REDUNDANT_OVERLAP)) continue;
    seen.add(key);
    chosen.push(entry);
  }
  return chosen
    .sort((first, second) => first.sentence.index - second.sentence.index)
    .map((entry) => toKeyPoint(entry.sentence.text));
}

function toKeyPoint(sentence: string): string {
  const stripped = withoutDateline(sentence.trim()).replace(LEADING_CONNECTIVE, '');
  const capitalised = stripped.charAt(0).toUpperCase() + stripped.slice(1);
  return asProse(capitalised);
}
