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

export interface FeatureVector {
  /** Distinct buckets, ascending. */
  readonly indices: Int32Array;
  /** The value of every present bucket (1 / √count). */
  readonly value: number;
}

/** Whitespace runs that are not already one space (folding every `\s+` run would copy a text that
 * is already folded, as the scanner's views are, for the same result). */
const UNFOLDED_WHITESPACE = /\s{2,}|[^\S ]/g;

/** The distinct feature buckets of a normalised text. */
export function toFeatures(text: string, bits: number): FeatureVector {
  const mask = (1 << bits) - 1;
  const seen = seenBuckets(bits);
  addCharGrams(` ${text.replace(UNFOLDED_WHITESPACE, ' ')} `, mask, seen);
  addWords(text, mask, seen);
  const distinct = seen.size();
  return { indices: seen.takeAscending(), value: distinct === 0 ? 0 : 1 / Math.sqrt(distinct) };
}

function addCharGrams(padded: string, mask: number, seen: BucketSet): void {
  for (let start = 0; start + MIN_CHAR_GRAM <= padded.length; start += 1) {
    let hash = CHAR_SEED;
    for (let length = 1; length <= MAX_CHAR_GRAM && start + length <= padded.length; length += 1) {
      hash = Math.imul(hash ^ padded.charCodeAt(start + length - 1), FNV_PRIME);
      if (length >= MIN_CHAR_GRAM) seen.add((hash ^ length) & mask);
    }
  }
}

/**
 * Words (runs of `[\p{L}\p{N}]`, code point by code point as the `u` flag reads them) and pairs of
 * consecutive words, each word's UTF-16 code units hashed. Read in one loop over the text rather
 * than with `exec`, whose match arrays and substrings were a third of the cost of the features.
 */
function addWords(text: string, mask: number, seen: BucketSet): void {
  let previous: number | undefined;
  let hash = WORD_SEED;
  let inWord = false;
  // One step past the end, as if the text ended in a space, to end its last word.
  for (let index = 0; index <= text.length;) {
    const unit = index < text.length ? text.charCodeAt(index) : 0x20;
    // A surrogate pair is one code point, as under the `u` flag; a lone surrogate is itself.
    const point = unit < 0xd800 ? unit : (text.codePointAt(index) ?? unit);
    if (isWordCharacter(point)) {
      hash = Math.imul(hash ^ unit, FNV_PRIME);
      if (point > 0xffff) hash = Math.imul(hash ^ text.charCodeAt(index + 1), FNV_PRIME);
      inWord = true;
    } else if (inWord) {
      seen.add(hash & mask);
      if (previous !== undefined) seen.add(Math.imul(previous ^ hash, FNV_PRIME) & mask);
      previous = hash;
      hash = WORD_SEED;
      inWord = false;
    }
    index += point > 0xffff ? 2 : 1;
  }
}

const WORD_CHARACTER = /^[\p{L}\p{N}]$/u;
/**
 * Per BMP code point, filled as met: 0 not known yet, 1 a letter or number, 2 neither. Testing
 * the regex on every character would cost more than the `exec` it replaces; a text meets few
 * distinct characters.
 */
const bmpWordCharacters = new Uint8Array(0x10000);

/** Whether a code point is a letter or a number (`[\p{L}\p{N}]`). */
function isWordCharacter(point: number): boolean {
  if (point > 0xffff) return WORD_CHARACTER.test(String.fromCodePoint(point));
  let known = bmpWordCharacters[point] ?? 0;
  if (known === 0) {
    known = WORD_CHARACTER.test(String.fromCharCode(point)) ? 1 : 2;
    bmpWordCharacters[point] = known;
  }
  return known === 1;
}

/** Buckets seen, handed back ascending and distinct in time proportional to their number. */
interface BucketSet {
  add(bucket: number): void;
  size(): number;
  /** The buckets added since the last call, ascending; the set is empty afterwards. */
  takeAscending(): Int32Array;
}

/**
 * One bit per bucket, in 32-bit chunks, and one bit per chunk that is not zero, so that reading the
 * buckets back in order visits only the chunks in use (a text sets about one chunk in seven:
 * scanning all of them cost more than it saved). This replaces sorting every bucket occurrence,
 * which was two thirds of the cost of the features; the result is the same distinct ascending list.
 */
function createBucketSet(bits: number): BucketSet {
  const chunks = new Int32Array(Math.ceil(2 ** bits / 32));
  const usedChunks = new Int32Array(Math.ceil(chunks.length / 32));
  let count = 0;
  return {
    add(bucket) {
      const chunk = bucket >>> 5;
      const bit = 1 << (bucket & 31);
      const present = chunks[chunk] ?? 0;
      if ((present & bit) !== 0) return;
      chunks[chunk] = present | bit;
      usedChunks[chunk >>> 5] = (usedChunks[chunk >>> 5] ?? 0) | (1 << (chunk & 31));
      count += 1;
    },
    size: () => count,
    takeAscending() {
      const indices = new Int32Array(count);
      let taken = 0;
      for (let group = 0; taken < count; group += 1) {
        let used = usedChunks[group] ?? 0;
        usedChunks[group] = 0;
        for (; used !== 0; used &= used - 1) {
          const chunk = (group << 5) | lowestBit(used);
          let set = chunks[chunk] ?? 0;
          chunks[chunk] = 0;
          for (; set !== 0; set &= set - 1) indices[taken++] = (chunk << 5) | lowestBit(set);
        }
      }
      count = 0;
      return indices;
    },
  };
}

/** The position of the lowest set bit of a non-zero 32-bit integer. */
const lowestBit = (bits: number) => 31 - Math.clz32(bits & -bits);

/**
 * One set per size, shared by every call (33 KB for the shipped 18 bits) so that a call allocates
 * only its result: a call empties it before returning, and the code is synchronous, so no other
 * call ever sees its buckets.
 */
const bucketSets = new Map<number, BucketSet>();

function seenBuckets(bits: number): BucketSet {
  let set = bucketSets.get(bits);
  if (set === undefined) {
    set = createBucketSet(bits);
    bucketSets.set(bits, set);
  }
  return set;
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
