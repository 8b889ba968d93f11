export interface Bm25Options {
  /** Term-frequency saturation. */
  readonly k1?: number;
  /** Length normalisation, 0 (none) to 1 (full). */
  readonly b?: number;
}

/**
 * Okapi BM25 scores of each passage (a list of terms) for a query: how well the passage matches
 * the query's terms, rare terms counting more, long passages less.
 */
export function scoreBm25(
  passages: readonly (readonly string[])[],
  query: readonly string[],
  options: Bm25Options = {},
): number[] {
  const k1 = options.k1 ?? 1.2;
  const b = options.b ?? 0.75;
  const count = passages.length;
  if (count === 0) return [];
  const averageLength = passages.reduce((sum, passage) => sum + passage.length, 0) / count || 1;
  const documentFrequency = new Map<string, number>();
  for (const passage of passages) {
    for (const term of new Set(passage)) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  }
  const queryTerms = [...new Set(query)];
  return passages.map((passage) => {
    const frequency = new Map<string, number>();
    for (const term of passage) frequency.set(term, (frequency.get(term) ?? 0) + 1);
    let score = 0;
    for (const term of queryTerms) {
      const occurrences = frequency.get(term) ?? 0;
      if (occurrences === 0) continue;
      const df = documentFrequency.get(term) ?? 0;
      const idf = Math.log(1 + (count - df + 0.5) / (df + 0.5));
      score += (idf * occurrences * (k1 + 1)) / (occurrences + k1 * (1 - b + (b * passage.length) / averageLength));
    }
    return score;
  });
}
