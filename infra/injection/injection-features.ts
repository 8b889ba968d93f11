/**
 * Hashed text features for the injection classifier: character 3–5-grams of the text (which carry
 * over to paraphrases, inflections and other languages) and word unigrams and bigrams, each hashed
 * (FNV-1a, one seed per kind) into `2^bits` buckets. The text is expected already normalised (the
 * scanner's folded view: lower case, NFKC, homoglyphs and leetspeak folded, invisible characters
 * removed). Features are binary; the vector is L2-normalised, so long and short texts compare.
 */

const FNV_PRIME = 0x01000193;
const CHAR_SEED = 0x811c9dc5;
const WORD_SEED = 0x2b992ddf;
const MIN_CHAR_GRAM = 3;
const MAX_CHAR_GRAM = 5;
const MAX_CHAR_GRAM_COUNT = MAX_CHAR_GRAM - MIN_CHAR_GRAM + 1;
const WORD = /[\p{L}\p{N}]+/gu;

export interface FeatureVector {
  /** Distinct buckets, ascending. */
  readonly indices: Int32Array;
  /** The value of every present bucket (1 / √count). */
  readonly value: number;
}

function hashWord(word: string, seed: number): number {
  let hash = seed;
  for (let index = 0; index < word.length; index += 1) hash = Math.imul(hash ^ word.charCodeAt(index), FNV_PRIME);
  return hash;
}

/** Whitespace runs that are not already one space (folding every `\s+` run would copy a text that
 * is already folded, as the scanner's views are, for the same result). */
const UNFOLDED_WHITESPACE = /\s{2,}|[^\S ]/g;

/** The distinct feature buckets of a normalised text. */
export function toFeatures(text: string, bits: number): FeatureVector {
  const mask = (1 << bits) - 1;
  const padded = ` ${text.replace(UNFOLDED_WHITESPACE, ' ')} `;
  // Sized once: at most three character grams per position, and a word and a bigram need at least
  // two characters of the text (one letter, one separator) — instead of a growing number[] and
  // the match arrays of matchAll, about 170 KB per 1.2 KB scanned.
  const buckets = new Int32Array(MAX_CHAR_GRAM_COUNT * padded.length + text.length + 2);
  let count = 0;
  for (let start = 0; start + MIN_CHAR_GRAM <= padded.length; start += 1) {
    let hash = CHAR_SEED;
    for (let length = 1; length <= MAX_CHAR_GRAM && start + length <= padded.length; length += 1) {
      hash = Math.imul(hash ^ padded.charCodeAt(start + length - 1), FNV_PRIME);
      if (length >= MIN_CHAR_GRAM) buckets[count++] = (hash ^ length) & mask;
    }
  }
  let previous: number | undefined;
  const words = new RegExp(WORD);
  for (let match = words.exec(text); match !== null; match = words.exec(text)) {
    const hash = hashWord(match[0], WORD_SEED);
    buckets[count++] = hash & mask;
    if (previous !== undefined) buckets[count++] = Math.imul(previous ^ hash, FNV_PRIME) & mask;
    previous = hash;
  }
  const sorted = buckets.subarray(0, count).sort();
  let distinct = 0;
  for (let index = 0; index < sorted.length; index += 1) {
    if (index === 0 || sorted[index] !== sorted[index - 1]) sorted[distinct++] = sorted[index] ?? 0;
  }
  return { indices: sorted.subarray(0, distinct), value: distinct === 0 ? 0 : 1 / Math.sqrt(distinct) };
}

/** Sentences, and runs of at most `size` characters of a sentence longer than that. */
function toSentences(text: string, size: number): string[] {
  const sentences: string[] = [];
  for (const [sentence] of text.matchAll(/[^.!?;\n]+[.!?;]*\s*|\n+/g)) {
    for (let start = 0; start < sentence.length; start += size) sentences.push(sentence.slice(start, start + size));
  }
  return sentences;
}

/**
 * Pieces of a long text of about `size` characters, made of whole sentences and overlapping by one,
 * so that one injected sentence in a long document is scored without the document around it.
 */
export function toSegments(text: string, size: number): string[] {
  if (text.length <= size * 1.5) return [text];
  const segments: string[] = [];
  let current: string[] = [];
  let length = 0;
  let fresh = false;
  for (const sentence of toSentences(text, size)) {
    current.push(sentence);
    length += sentence.length;
    fresh = true;
    if (length >= size) {
      segments.push(current.join(''));
      const last = sentence.length < size / 2 ? sentence : '';
      current = last ? [last] : [];
      length = last.length;
      fresh = false;
    }
  }
  if (fresh) segments.push(current.join(''));
  return segments;
}
