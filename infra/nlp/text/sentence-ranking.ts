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
  /**
   * How centrality is measured: `centroid` (default), the cosine of a sentence's TF-ISF vector with
   * the whole text's; or `graph`, TextRank-style, PageRank over the sentences' pairwise cosines.
   */
  readonly centrality?: 'centroid' | 'graph';
  /** Sentences after which the position prior falls to 1/e (default 4). */
  readonly positionDecay?: number;
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

  const centralities =
    options.centrality === 'graph'
      ? graphCentralities(frequencies, weightOf)
      : frequencies.map((frequency) => {
          let dot = 0;
          let norm = 0;
          for (const [term, count] of frequency) {
            const weight = count * weightOf(term);
            dot += weight * (centroid.get(term) ?? 0);
            norm += weight * weight;
          }
          return norm === 0 ? 0 : dot / (Math.sqrt(norm) * centroidNorm);
        });
  const decay = options.positionDecay ?? POSITION_DECAY;
  const maxCentrality = Math.max(...centralities) || 1;

  let previousBlock = -1;
  return candidates.map((sentence, position) => {
    const centrality = (centralities[position] ?? 0) / maxCentrality;
    const lead = Math.exp(-position / decay);
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

const DAMPING = 0.85;
const ITERATIONS = 30;

/**
 * TextRank centrality (Mihalcea & Tarau 2004, with LexRank's cosine edges): PageRank over the graph
 * whose edges weigh the TF-ISF cosine of two sentences. Weights, not thresholded edges, so that a
 * short text still ranks.
 */
function graphCentralities(frequencies: readonly Map<string, number>[], weightOf: (term: string) => number): number[] {
  // Unit TF-ISF vectors as term ids in ascending order with their weights: cosines by merging.
  const ids = new Map<string, number>();
  const vectors = frequencies.map((frequency) => {
    const entries = [...frequency].map(([term, count]) => {
      if (!ids.has(term)) ids.set(term, ids.size);
      return [ids.get(term) ?? 0, count * weightOf(term)] as const;
    });
    entries.sort((first, second) => first[0] - second[0]);
    const norm = Math.sqrt(entries.reduce((sum, [, weight]) => sum + weight * weight, 0)) || 1;
    return { ids: entries.map(([id]) => id), weights: entries.map(([, weight]) => weight / norm) };
  });
  const count = vectors.length;
  const edges: number[][] = vectors.map(() => new Array<number>(count).fill(0));
  for (let row = 0; row < count; row += 1) {
    const first = vectors[row] ?? { ids: [], weights: [] };
    for (let column = row + 1; column < count; column += 1) {
      const second = vectors[column] ?? { ids: [], weights: [] };
      let dot = 0;
      for (let left = 0, right = 0; left < first.ids.length && right < second.ids.length;) {
        const leftId = first.ids[left] ?? 0;
        const rightId = second.ids[right] ?? 0;
        if (leftId === rightId) dot += (first.weights[left++] ?? 0) * (second.weights[right++] ?? 0);
        else if (leftId < rightId) left += 1;
        else right += 1;
      }
      (edges[row] as number[])[column] = dot;
      (edges[column] as number[])[row] = dot;
    }
  }
  const outWeights = edges.map((row) => row.reduce((sum, weight) => sum + weight, 0));
  let scores = new Array<number>(count).fill(1 / Math.max(1, count));
  for (let iteration = 0; iteration < ITERATIONS; iteration += 1) {
    const next = new Array<number>(count).fill((1 - DAMPING) / count);
    for (let source = 0; source < count; source += 1) {
      const out = outWeights[source] ?? 0;
      if (out === 0) continue;
      const share = (DAMPING * (scores[source] ?? 0)) / out;
      const row = edges[source] as number[];
      for (let target = 0; target < count; target += 1) next[target] = (next[target] ?? 0) + share * (row[target] ?? 0);
    }
    scores = next;
  }
  return scores;
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
