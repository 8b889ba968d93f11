import winkNLP, { type ItsFunction, type Model, type PartOfSpeech } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { toTextBlocks, type TextBlockKind } from './text-blocks.js';

/** One token of an analysed text, as wink-nlp reads it. */
export interface Token {
  readonly index: number;
  readonly text: string;
  /** Lower-cased, with contractions expanded (`n't` → `not`). */
  readonly normal: string;
  readonly lemma: string;
  readonly pos: PartOfSpeech;
  /** wink-nlp's token type: `word`, `number`, `punctuation`, `emoticon`, `emoji`, `url`, ... */
  readonly type: string;
  readonly isStopWord: boolean;
  readonly spaceBefore: string;
  readonly sentence: number;
  /** Index of the entity the token belongs to, or -1. */
  readonly entity: number;
}

/** A named entity of wink-nlp's English model: DATE, TIME, DURATION, CARDINAL, ORDINAL, MONEY, PERCENT, ... */
export interface Entity {
  readonly index: number;
  readonly text: string;
  readonly type: string;
  /** First and last token, inclusive. */
  readonly start: number;
  readonly end: number;
  readonly sentence: number;
}

export interface Sentence {
  readonly index: number;
  readonly text: string;
  /** First and last token, inclusive, without surrounding whitespace tokens. */
  readonly start: number;
  readonly end: number;
  /** The layout block the sentence comes from (a heading, a list item or prose). */
  readonly block: number;
  readonly kind: TextBlockKind;
  /** Words and numbers, punctuation excluded. */
  readonly wordCount: number;
}

export interface TextAnalysis {
  readonly tokens: readonly Token[];
  readonly sentences: readonly Sentence[];
  readonly entities: readonly Entity[];
}

/**
 * Abbreviated titles that stand before a name, which wink-nlp may take for the end of a sentence
 * (not "St.", "Sr." or "ft.", which also end sentences as "Street", "Senior" and "feet").
 */
const TITLES_BEFORE_NAMES: ReadonlySet<string> = new Set([
  'fr',
  'rev',
  'msgr',
  'br',
  'mt',
  'pres',
  'gov',
  'gen',
  'col',
  'capt',
  'lt',
  'sgt',
  'sen',
  'rep',
  'hon',
  'prof',
  'dr',
  'mr',
  'mrs',
  'ms',
]);

/** Reads texts with wink-nlp's English model, loaded once per instance. */
export interface TextAnalyzer {
  analyze(text: string): TextAnalysis;
}

const BLOCK_SEPARATOR = '\n\n';

/**
 * The English model without its custom-entity loader: that loader re-encodes a module-level
 * variable on every call, so each further wink-nlp instance in a process would get a larger,
 * broken copy (and, after about fifteen, a RangeError). Custom entities are not used here.
 */
const ENGLISH_MODEL: Model = { ...model, metaCER: () => ({ machines: '[]', transformers: [] }) };

type ItsName = 'normal' | 'lemma' | 'pos' | 'type' | 'stopWordFlag' | 'precedingSpaces' | 'span';

/** One property of every item of a wink-nlp collection. */
function column<T>(items: { out(helper: ItsFunction<unknown>): unknown[] }, helper: ItsFunction<unknown>): T[] {
  return items.out(helper) as T[];
}

export function createTextAnalyzer(): TextAnalyzer {
  // Sentence splitting, part-of-speech tags and entities; wink's own sentiment and negation are not used.
  const nlp = winkNLP(ENGLISH_MODEL, ['sbd', 'pos', 'ner']);
  // wink-nlp's typings declare its helpers as methods (and `lemma` with a parameter list `out()`
  // does not accept); they are plain functions, read here as such.
  const its = nlp.its as unknown as Readonly<Record<ItsName, ItsFunction<unknown>>>;

  function analyze(text: string): TextAnalysis {
    const blocks = toTextBlocks(text);
    const doc = nlp.readDoc(blocks.map((block) => block.text).join(BLOCK_SEPARATOR));
    const all = doc.tokens();
    const values = all.out();
    const normals = column<string>(all, its.normal);
    const lemmas = column<string>(all, its.lemma);
    const posTags = column<PartOfSpeech>(all, its.pos);
    const types = column<string>(all, its.type);
    const stopFlags = column<boolean>(all, its.stopWordFlag);
    const spaces = column<string>(all, its.precedingSpaces);
    const sentenceSpans = column<[number, number]>(doc.sentences(), its.span);

    const sentenceOf = new Array<number>(values.length).fill(-1);
    const blockOf = new Array<number>(values.length).fill(0);
    let block = 0;
    for (let index = 0; index < values.length; index += 1) {
      if (posTags[index] === 'SPACE' && (values[index] ?? '').includes('\n')) block += 1;
      blockOf[index] = block;
    }

    const spans: [number, number][] = [];
    for (const [start, end] of sentenceSpans) {
      let first = start;
      let last = end;
      while (first <= last && posTags[first] === 'SPACE') first += 1;
      while (last >= first && posTags[last] === 'SPACE') last -= 1;
      if (first > last) continue;
      const previous = spans[spans.length - 1];
      const sameBlock = previous !== undefined && blockOf[first] === blockOf[previous[1]];
      // wink-nlp splits after a full stop inside a word such as "Node.js"; a real boundary has a space.
      const insideWord = spaces[first] === '';
      // ... and after a title it does not know before a name: "the chapel of Fr. Lund", "Rev. Mara Holt".
      const afterTitle =
        previous !== undefined &&
        values[previous[1]] === '.' &&
        spaces[previous[1]] === '' &&
        TITLES_BEFORE_NAMES.has(normals[previous[1] - 1] ?? '') &&
        /^\p{Lu}/u.test(values[first] ?? '');
      if (previous && sameBlock && (insideWord || afterTitle)) previous[1] = last;
      else spans.push([first, last]);
    }

    const sentences: Sentence[] = [];
    for (const [first, last] of spans) {
      const blockIndex = blockOf[first] ?? 0;
      let wordCount = 0;
      for (let index = first; index <= last; index += 1) {
        if (types[index] === 'word' || types[index] === 'number') wordCount += 1;
      }
      const sentenceIndex = sentences.length;
      for (let index = first; index <= last; index += 1) sentenceOf[index] = sentenceIndex;
      sentences.push({
        index: sentenceIndex,
        text: joinTokens(values, spaces, first, last),
        start: first,
        end: last,
        block: blockIndex,
        kind: blocks[blockIndex]?.kind ?? 'prose',
        wordCount,
      });
    }

    const entityOf = new Array<number>(values.length).fill(-1);
    const entities: Entity[] = [];
    const entityTypes = column<string>(doc.entities(), its.type);
    const entitySpans = column<[number, number]>(doc.entities(), its.span);
    for (const [position, [start, end]] of entitySpans.entries()) {
      const type = entityTypes[position] ?? '';
      if (type === 'EMOTICON' || type === 'EMOJI' || type === 'URL' || type === 'EMAIL') continue;
      const index = entities.length;
      for (let token = start; token <= end; token += 1) entityOf[token] = index;
      entities.push({
        index,
        text: joinTokens(values, spaces, start, end),
        type,
        start,
        end,
        sentence: sentenceOf[start] ?? -1,
      });
    }

    const tokens: Token[] = values.map((value, index) => ({
      index,
      text: value,
      normal: normals[index] ?? value.toLowerCase(),
      lemma: lemmas[index] ?? value.toLowerCase(),
      pos: posTags[index] ?? 'X',
      type: types[index] ?? 'word',
      isStopWord: stopFlags[index] === true,
      spaceBefore: spaces[index] ?? '',
      sentence: sentenceOf[index] ?? -1,
      entity: entityOf[index] ?? -1,
    }));

    return { tokens, sentences, entities };
  }

  return { analyze };
}

function joinTokens(values: readonly string[], spaces: readonly string[], start: number, end: number): string {
  let text = values[start] ?? '';
  for (let index = start + 1; index <= end; index += 1) text += (spaces[index] ?? '') + (values[index] ?? '');
  return text;
}
