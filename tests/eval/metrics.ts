import { createHash } from 'node:crypto';

/** Lower-cased runs of letters and digits, the tokens ROUGE and SQuAD's F1 compare (no stemming). */
export function toTokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

function ngrams(tokens: readonly string[], size: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let index = 0; index + size <= tokens.length; index += 1) {
    const key = tokens.slice(index, index + size).join(' ');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function f1(overlap: number, candidate: number, reference: number): number {
  if (overlap === 0 || candidate === 0 || reference === 0) return 0;
  const precision = overlap / candidate;
  const recall = overlap / reference;
  return (2 * precision * recall) / (precision + recall);
}

function rougeN(candidate: readonly string[], reference: readonly string[], size: number): number {
  const ours = ngrams(candidate, size);
  const theirs = ngrams(reference, size);
  let overlap = 0;
  for (const [gram, count] of ours) overlap += Math.min(count, theirs.get(gram) ?? 0);
  return f1(overlap, Math.max(0, candidate.length - size + 1), Math.max(0, reference.length - size + 1));
}

function longestCommonSubsequence(first: readonly string[], second: readonly string[]): number {
  let previous = new Array<number>(second.length + 1).fill(0);
  for (const token of first) {
    const current = new Array<number>(second.length + 1).fill(0);
    for (let index = 1; index <= second.length; index += 1) {
      current[index] =
        second[index - 1] === token
          ? (previous[index - 1] ?? 0) + 1
          : Math.max(previous[index] ?? 0, current[index - 1] ?? 0);
    }
    previous = current;
  }
  return previous[second.length] ?? 0;
}

export interface RougeScores {
  readonly rouge1: number;
  readonly rouge2: number;
  readonly rougeL: number;
}

/** ROUGE-1, ROUGE-2 and ROUGE-L F1 of a candidate summary against one reference (0..1). */
export function rouge(candidate: string, reference: string): RougeScores {
  const ours = toTokens(candidate);
  const theirs = toTokens(reference);
  return {
    rouge1: rougeN(ours, theirs, 1),
    rouge2: rougeN(ours, theirs, 2),
    rougeL: f1(longestCommonSubsequence(ours, theirs), ours.length, theirs.length),
  };
}

/** Unigram recall of `reference` by `candidate`: the share of the reference's words the candidate has. */
export function unigramRecall(candidate: string, reference: string): number {
  const ours = ngrams(toTokens(candidate), 1);
  const theirs = toTokens(reference);
  if (theirs.length === 0) return 0;
  let overlap = 0;
  for (const [gram, count] of ngrams(theirs, 1)) overlap += Math.min(count, ours.get(gram) ?? 0);
  return overlap / theirs.length;
}

/** SQuAD's answer normalisation: lower case, no punctuation, no articles, single spaces. */
export function normalizeAnswer(text: string): string {
  return toTokens(text)
    .filter((token) => token !== 'a' && token !== 'an' && token !== 'the')
    .join(' ');
}

/** SQuAD's token F1 of a predicted answer against the best of the gold answers (0..1). */
export function tokenF1(prediction: string, golds: readonly string[]): number {
  const predicted = normalizeAnswer(prediction).split(' ').filter(Boolean);
  return Math.max(
    0,
    ...golds.map((gold) => {
      const expected = normalizeAnswer(gold).split(' ').filter(Boolean);
      const counts = ngrams(expected, 1);
      let overlap = 0;
      for (const [gram, count] of ngrams(predicted, 1)) overlap += Math.min(count, counts.get(gram) ?? 0);
      return f1(overlap, predicted.length, expected.length);
    }),
  );
}

/** Whether a normalised gold answer appears in the normalised prediction. */
export function containsAnswer(prediction: string, golds: readonly string[]): boolean {
  const predicted = ` ${normalizeAnswer(prediction)} `;
  return golds.some((gold) => {
    const expected = normalizeAnswer(gold);
    return expected.length > 0 && predicted.includes(` ${expected} `);
  });
}

/** Recall of each class, averaged over the classes present in the gold labels. */
export function macroRecall(golds: readonly string[], predictions: readonly string[]): number {
  const classes = [...new Set(golds)];
  const recalls = classes.map((label) => {
    const indexes = golds.flatMap((gold, index) => (gold === label ? [index] : []));
    return indexes.filter((index) => predictions[index] === label).length / indexes.length;
  });
  return mean(recalls);
}

export function accuracy(golds: readonly string[], predictions: readonly string[]): number {
  return golds.length === 0 ? 0 : golds.filter((gold, index) => predictions[index] === gold).length / golds.length;
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}

export type Split = 'tuning' | 'heldout';

/** A fixed 70/30 split by the SHA-1 of the item id: the same item always lands in the same part. */
export function splitOf(id: string): Split {
  const value = createHash('sha1').update(id).digest().readUInt32BE(0) / 2 ** 32;
  return value < 0.7 ? 'tuning' : 'heldout';
}

/** A seeded Fisher–Yates shuffle (a linear congruential generator), so training runs repeat exactly. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const copy = [...items];
  let state = seed;
  for (let index = copy.length - 1; index > 0; index -= 1) {
    state = (state * 1664525 + 1013904223) % 2 ** 32;
    const other = state % (index + 1);
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
}
