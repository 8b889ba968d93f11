import type { PartOfSpeech } from 'wink-nlp';
import type { Sentence, TextAnalysis, Token } from './text-analyzer.js';

/** The text of tokens `start..end` (inclusive) with their original spacing. */
export function spanText(tokens: readonly Token[], start: number, end: number): string {
  let text = tokens[start]?.text ?? '';
  for (let index = start + 1; index <= end; index += 1) {
    const token = tokens[index];
    if (token) text += token.spaceBefore + token.text;
  }
  return text;
}

/** The tokens of a sentence. */
export function tokensOf(analysis: TextAnalysis, sentence: Sentence): readonly Token[] {
  return analysis.tokens.slice(sentence.start, sentence.end + 1);
}

const CONTENT_POS: ReadonlySet<PartOfSpeech> = new Set(['NOUN', 'PROPN', 'VERB', 'ADJ', 'NUM', 'ADV']);
const WEAK_LEMMAS: ReadonlySet<string> = new Set(['be', 'have', 'do', 'also', 'just', 'very', 'so', 'then', 'there']);

/** Words that carry the meaning of a sentence: nouns, verbs, adjectives, numbers, not stop words. */
export function isContentToken(token: Token): boolean {
  if (!CONTENT_POS.has(token.pos) || token.isStopWord) return false;
  if (token.type !== 'word' && token.type !== 'number') return false;
  return !WEAK_LEMMAS.has(token.lemma) && /[\p{L}\p{N}]/u.test(token.text);
}

const COMBINING_MARKS = /\p{M}/gu;
const HAS_NON_ASCII = /[^ -~]/;

/** The matching key of a content token: its lemma, lower-cased, without accents ("Beyoncé" and "Beyonce" match). */
export function termOf(token: Token): string {
  const lower = token.lemma.toLowerCase();
  return HAS_NON_ASCII.test(lower) ? lower.normalize('NFD').replace(COMBINING_MARKS, '') : lower;
}

/**
 * Verbs that report speech ("says", "told", "warned"): what they report is their point, so a
 * question or a cut sentence must keep the reported clause.
 */
export const SPEECH_VERBS: ReadonlySet<string> = new Set([
  'say',
  'tell',
  'add',
  'claim',
  'report',
  'state',
  'write',
  'announce',
  'explain',
  'insist',
  'warn',
  'admit',
  'confirm',
  'deny',
]);
