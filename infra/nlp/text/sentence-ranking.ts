import type { Sentence, TextAnalysis } from './text-analyzer.js';
import { isContentToken, termOf } from './tokens.js';

export interface RankedSentence {
  readonly sentence: Sentence;
  /** Higher is more worth keeping; comparable within one ranking only. */
  readonly score: number;
  /** The sentence's content terms (lemmas). */
  readonly terms: ReadonlySet<string>;
}

export interface RankingOptions {
  /** 0..1: how much an early position counts against centrality (news puts the gist first). */
  readonly positionWeight: number;
  /** Sentences shorter than this many words are left out. */
  readonly minWords?: number;
}

const DANGLING_START =
  /^(?:this|these|those|it|its|he|she|they|them|his|her|their|however|but|and|also|so|then|still|yet|meanwhile|moreover|furthermore|additionally|instead)\b/i;
const POSITION_DECAY = 4;

/**
 * Ranks the sentences of a text by how central they are to it (cosine of their TF-ISF vector
 * with the text's), how early they come, and how informative and self-contained they look.
 * Headings are left out unless the text has nothing else. Returns the candidates in text order.
 */
export function rankSentences(analysis: TextAnalysis, options: RankingOptions): RankedSentence[] {
  const minWords = options.minWords ?? 3;
  let candidates = analysis.sentences.filter(
    (sentence) => sentence.kind !== 'heading' && sentence.wordCount >= minWords,
  );
  if (candidates.length === 0) candidates = analysis.sentences.filter((sentence) => sentence.wordCount > 0);
  if (candidates.length === 0) return [];

  const frequencies = candidates.map((sentence) => termFrequencies(analysis, sentence));
  const documentFrequency = new Map<string, number>();
  for (const frequency of frequencies) {
    for (const term of frequency.keys()) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  }
  const weightOf = (term: string) => Math.log(1 + candidates.length / (documentFrequency.get(term) ?? 1));

  const centroid = new Map<string, number>();
  for (const frequency of frequencies) {
    for (const [term, count] of frequency) centroid.set(term, (centroid.get(term) ?? 0) + count * weightOf(term));
  }
  const centroidNorm = Math.sqrt([...centroid.values()].reduce((sum, value) => sum + value * value, 0)) || 1;

  const centralities = frequencies.map((frequency) => {
    let dot = 0;
    let norm = 0;
    for (const [term, count] of frequency) {
      const weight = count * weightOf(term);
      dot += weight * (centroid.get(term) ?? 0);
      norm += weight * weight;
    }
    return norm === 0 ? 0 : dot / (Math.sqrt(norm) * centroidNorm);
  });
  const maxCentrality = Math.max(...centralities) || 1;

  let previousBlock = -1;
  return candidates.map((sentence, position) => {
    const centrality = (centralities[position] ?? 0) / maxCentrality;
    const lead = Math.exp(-position / POSITION_DECAY);
    let score = (1 - options.positionWeight) * centrality + options.positionWeight * lead;
    if (sentence.block !== previousBlock) score += 0.05;
    previousBlock = sentence.block;
    if (analysis.entities.some((entity) => entity.sentence === sentence.index)) score += 0.05;
    if (sentence.wordCount < 6) score *= 0.6;
    if (sentence.wordCount > 45) score *= 0.8;
    if (sentence.text.endsWith('?')) score *= 0.6;
    if (position > 0 && DANGLING_START.test(sentence.text)) score *= 0.85;
    return { sentence, score, terms: new Set((frequencies[position] ?? new Map<string, number>()).keys()) };
  });
}

function termFrequencies(analysis: TextAnalysis, sentence: Sentence): Map<string, number> {
  const frequency = new Map<string, number>();
  for (let index = sentence.start; index <= sentence.end; index += 1) {
    const token = analysis.tokens[index];
    if (token && isContentToken(token)) frequency.set(termOf(token), (frequency.get(termOf(token)) ?? 0) + 1);
  }
  return frequency;
}

/** Jaccard overlap of two term sets, 0..1. */
export function termOverlap(first: ReadonlySet<string>, second: ReadonlySet<string>): number {
  if (first.size === 0 || second.size === 0) return 0;
  let shared = 0;
  for (const term of first) if (second.has(term)) shared += 1;
  return shared / (first.size + second.size - shared);
}

/** The best-scored sentences, highest first, ties broken by text order. */
export function byScore(ranked: readonly RankedSentence[]): RankedSentence[] {
  return [...ranked].sort(
    (first, second) => second.score - first.score || first.sentence.index - second.sentence.index,
  );
}
