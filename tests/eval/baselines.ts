import type { SentimentLexicon } from '../../infra/nlp/sentiment/sentiment-lexicon.js';
import type { TextAnalyzer } from '../../infra/nlp/text/text-analyzer.js';
import { rouge, toTokens } from './metrics.js';

/** Lead-3: the article's first three sentences, the classic news-summary baseline. */
export function lead3(nlp: TextAnalyzer, article: string): string {
  return nlp
    .analyze(article)
    .sentences.slice(0, 3)
    .map((sentence) => sentence.text)
    .join(' ');
}

/**
 * An upper bound, not a baseline: whole sentences picked greedily by their ROUGE-1 F1 against the
 * reference itself, within `maxWords` (the usual extractive oracle, which no summarizer that
 * cannot see the reference reaches).
 */
export function extractiveOracle(nlp: TextAnalyzer, article: string, reference: string, maxWords: number): string {
  const sentences = nlp.analyze(article).sentences.map((sentence) => sentence.text.trim());
  const words = sentences.map((sentence) => sentence.split(/\s+/).length);
  const inTextOrder = (picked: readonly number[]) =>
    [...picked]
      .sort((first, second) => first - second)
      .map((position) => sentences[position])
      .join(' ');
  const chosen: number[] = [];
  let used = 0;
  let best = 0;
  for (;;) {
    let pick = -1;
    for (let index = 0; index < sentences.length; index += 1) {
      if (chosen.includes(index) || used + (words[index] ?? 0) > maxWords) continue;
      const score = rouge(inTextOrder([...chosen, index]), reference).rouge1;
      if (score > best) {
        best = score;
        pick = index;
      }
    }
    if (pick < 0) break;
    chosen.push(pick);
    used += words[pick] ?? 0;
  }
  return inTextOrder(chosen);
}

/** The article's first `words` words. */
export function leadWords(article: string, words: number): string {
  return article.trim().split(/\s+/).slice(0, words).join(' ');
}

/** The label most frequent in `labels` (ties: alphabetical), predicted for every item. */
export function majorityLabel(labels: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  return [...counts].sort((first, second) => second[1] - first[1] || first[0].localeCompare(second[0]))[0]?.[0] ?? '';
}

/** A plain lexicon classifier: the sign of the summed word valences, no rules (0 → neutral). */
export function lexiconLabel(lexicon: SentimentLexicon, text: string): 'positive' | 'negative' | 'neutral' {
  const sum = (text.toLowerCase().match(/[\p{L}']+/gu) ?? []).reduce(
    (total, word) => total + (lexicon.get(word) ?? 0),
    0,
  );
  return sum > 0 ? 'positive' : sum < 0 ? 'negative' : 'neutral';
}

const STOP_WORDS = new Set(
  'a an the of in on at to for from by with and or but is are was were be been do does did what which who whom whose when where why how that this these those it its as into than then there their they he she his her'.split(
    ' ',
  ),
);

/** "Return the best-matching sentence": the sentence sharing the most question words. */
export function bestSentence(nlp: TextAnalyzer, context: string, question: string): string {
  const words = new Set(toTokens(question).filter((token) => !STOP_WORDS.has(token)));
  let best = '';
  let bestScore = -1;
  for (const sentence of nlp.analyze(context).sentences) {
    const score = new Set(toTokens(sentence.text).filter((token) => words.has(token))).size;
    if (score > bestScore) {
      best = sentence.text;
      bestScore = score;
    }
  }
  return best;
}

/**
 * TextRank (Mihalcea & Tarau 2004), the classic graph baseline for extractive summaries: sentences
 * are nodes, edges weigh the content words two sentences share, normalised by their lengths
 * (overlap / (log|Si| + log|Sj|)); PageRank (d = 0.85) ranks them. Whole sentences are taken best
 * first while they fit in `maxWords` (a sentence that does not fit is skipped), then put in text
 * order. Same sentence splitter as the provider and Lead-3.
 */
export function textRank(nlp: TextAnalyzer, article: string, maxWords: number): string {
  const sentences = nlp.analyze(article).sentences.map((sentence) => sentence.text.trim());
  const words = sentences.map((sentence) => toTokens(sentence).filter((token) => !STOP_WORDS.has(token)));
  const count = sentences.length;
  const weights = words.map((first, row) =>
    words.map((second, column) => {
      if (row === column || first.length < 2 || second.length < 2) return 0;
      const shared = new Set(second);
      const overlap = new Set(first.filter((word) => shared.has(word))).size;
      return overlap / (Math.log(first.length) + Math.log(second.length));
    }),
  );
  const outWeight = weights.map((row) => row.reduce((sum, weight) => sum + weight, 0));
  let scores = new Array<number>(count).fill(1);
  for (let iteration = 0; iteration < 50; iteration += 1) {
    scores = scores.map(
      (_, node) =>
        0.15 +
        0.85 *
          weights.reduce(
            (sum, row, other) =>
              sum +
              ((outWeight[other] ?? 0) > 0 ? ((row[node] ?? 0) * (scores[other] ?? 0)) / (outWeight[other] ?? 1) : 0),
            0,
          ),
    );
  }
  const order = [...scores.keys()].sort(
    (first, second) => (scores[second] ?? 0) - (scores[first] ?? 0) || first - second,
  );
  const chosen: number[] = [];
  let used = 0;
  for (const index of order) {
    const length = (sentences[index] ?? '').split(/\s+/).length;
    if (used + length > maxWords) continue;
    chosen.push(index);
    used += length;
  }
  return chosen
    .sort((first, second) => first - second)
    .map((index) => sentences[index])
    .join(' ');
}
