import { findNounPhrases, findProperNames, type Phrase } from '../text/phrases.js';
import type { Sentence, TextAnalysis } from '../text/text-analyzer.js';
import type { QuestionAnalysis } from './answer-type.js';

/**
 * Candidates that the shape of a question asks for: a list ("Which genres ...?"), a language
 * ("What language ...?"), the object of its opening preposition ("For what category ...?").
 */
export interface ShapeSpan extends Phrase {
  /** 0..1+: how well the span fits the question (the scale of `Span.quality`). */
  readonly quality: number;
  /** A name that may contain question words. */
  readonly mayRepeat?: boolean;
}

/** Nationality and language words: "Spanish", "Chinese", "Italian", "French". */
export const DEMONYM = /(?:ish|ese|ian|ean|can)$|^(?:french|dutch|swiss|greek|thai)$/i;

/** Parts of speech a list item may not hold ("oats, rye and barley"; not "sold, rented and closed"). */
const NOT_IN_ITEM = new Set(['VERB', 'AUX', 'ADP', 'CCONJ', 'SCONJ', 'PRON', 'PART', 'PUNCT', 'SPACE', 'SYM']);
const MAX_ITEM_WORDS = 4;

/** For "Which genres ...?": a list of three or more short items ("oats, rye and barley", "Oslo, Bergen and Tromsø"). */
export function listSpans(analysis: TextAnalysis, sentence: Sentence): ShapeSpan[] {
  const tokens = analysis.tokens;
  const isItemWord = (index: number) => {
    const token = tokens[index];
    return token !== undefined && index >= sentence.start && index <= sentence.end && !NOT_IN_ITEM.has(token.pos);
  };
  const isName = (index: number) => /^\p{Lu}/u.test(tokens[index]?.text ?? '');
  const spans: ShapeSpan[] = [];
  for (let index = sentence.start + 1; index < sentence.end; index += 1) {
    if (!['and', 'or'].includes(tokens[index]?.normal ?? '')) continue;
    const names = isName(index + 1);
    // "Lufthansa, Iberia, KLM, and Finnair": a serial comma may stand before the last name
    // (not in "sold, rented, and closed", where the items are rarely things).
    const serial = names && tokens[index - 1]?.text === ',' && isItemWord(index - 2);
    let end = index;
    while (end + 1 - index <= MAX_ITEM_WORDS && isItemWord(end + 1)) end += 1;
    if (end === index) continue;
    // Back over "Bergen", then ", Oslo": each item a short run of words after a comma; the first after anything else.
    let start = serial ? index - 1 : index;
    let items = 1;
    for (;;) {
      let itemStart = start;
      while (start - itemStart < MAX_ITEM_WORDS && isItemWord(itemStart - 1)) itemStart -= 1;
      // "three carriers, Lufthansa, Iberia and KLM": a list of names ends at a word that names none.
      if (itemStart === start || (names && !isName(itemStart))) {
        if (tokens[start]?.text === ',') start += 1;
        break;
      }
      items += 1;
      start = itemStart;
      if (tokens[start - 1]?.text !== ',' || !isItemWord(start - 2)) break;
      start -= 1;
    }
    if (items >= 3 && tokens[start]?.text !== ',') spans.push({ start, end, quality: 1 });
  }
  return spans;
}

/** Nouns whose answer is a language or a nationality ("What language ...?" → "Spanish"). */
const DEMONYM_NOUNS = new Set(['language', 'tongue', 'nationality']);

/** For "What other language did she record in?": the capitalised language words ("Spanish", "English"). */
export function demonymSpans(analysis: TextAnalysis, sentence: Sentence, query: QuestionAnalysis): ShapeSpan[] {
  if (!query.focus || !DEMONYM_NOUNS.has(query.focus)) return [];
  const spans: ShapeSpan[] = [];
  for (let index = sentence.start; index <= sentence.end; index += 1) {
    const token = analysis.tokens[index];
    if (token && /^\p{Lu}\p{Ll}+$/u.test(token.text) && DEMONYM.test(token.text))
      spans.push({ start: index, end: index, quality: 1.2 });
  }
  return spans;
}

/** "won the prize for Best New Building" for "For what category did it win the prize?": what follows the question's opening preposition. */
export function prepositionObjectSpans(
  analysis: TextAnalysis,
  sentence: Sentence,
  query: QuestionAnalysis,
): ShapeSpan[] {
  const opening = query.opening;
  if (!opening) return [];
  const tokens = analysis.tokens;
  const spans: ShapeSpan[] = [];
  for (let index = sentence.start; index < sentence.end; index += 1) {
    if (tokens[index]?.normal !== opening) continue;
    const start = index + 1;
    const first = tokens[start]?.pos === 'DET' ? start + 1 : start;
    const name = findProperNames(analysis, first, sentence.end)[0];
    const phrase = name?.start === first ? { start, end: name.end } : findNounPhrases(analysis, start, sentence.end)[0];
    // "in 1911" is when, not what.
    if (
      !phrase ||
      phrase.start !== start ||
      tokens.slice(phrase.start, phrase.end + 1).some((token) => token.entity !== -1)
    )
      continue;
    spans.push({ ...phrase, quality: 0.9 });
  }
  return spans;
}

/** Verbs that report a view or a statement: "Who believed ...?" is answered by "X argues that ...". */
const VIEW_VERBS = new Set([
  'argue',
  'assert',
  'believe',
  'claim',
  'conclude',
  'contend',
  'feel',
  'maintain',
  'note',
  'say',
  'state',
  'suggest',
  'think',
  'write',
  'hold',
  'insist',
  'propose',
  'theorize',
  'theorise',
  'speculate',
  'doubt',
]);

/** "Melvyn C. Goldstein writes that ...": the name that reports a view, when the question asks who holds one ("Who believed ...?"). */
export function reporterSpans(analysis: TextAnalysis, sentence: Sentence, query: QuestionAnalysis): ShapeSpan[] {
  if (!query.asksSubject || !query.verbs.some((verb) => VIEW_VERBS.has(verb))) return [];
  const tokens = analysis.tokens;
  const spans: ShapeSpan[] = [];
  for (const name of findProperNames(analysis, sentence.start, sentence.end)) {
    let verb = name.end + 1;
    while (tokens[verb]?.pos === 'ADV') verb += 1;
    const token = tokens[verb];
    if (!token || token.pos !== 'VERB' || !VIEW_VERBS.has(token.lemma)) continue;
    const next = tokens[verb + 1];
    if (next?.normal === 'that' || next?.pos === 'SCONJ' || next?.text === ',' || next?.text === ':')
      spans.push({ ...name, quality: 1.2, mayRepeat: true });
  }
  return spans;
}
