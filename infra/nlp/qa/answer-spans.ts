import { findNounPhrases, findProperNames, isPersonName, isPersonNoun, type Phrase } from '../text/phrases.js';
import type { Sentence, TextAnalysis, Token } from '../text/text-analyzer.js';
import { spanText, termOf } from '../text/tokens.js';
import type { AnswerType, QuestionAnalysis } from './answer-type.js';
import { DEMONYM } from './shapes.js';

/** A candidate answer: a run of tokens and how well it fits the question. */
export interface Span extends Phrase {
  /** 0..1: how well the span fits the question. */
  readonly quality: number;
  /** The part that must not repeat the question (a number without its counted noun); the whole span by default. */
  readonly core?: Phrase;
  /** A name or phrase that may contain question words ("Mayor Elena Vasquez" for "Who is the mayor?"). */
  readonly mayRepeat?: boolean;
  /** Which rule found the span (a typed entity, a relation, a generic phrase ...). */
  readonly rule?: SpanRule;
}

/** The rule families that find candidate answers (`QA_RULE_FAMILIES`). */
export type SpanRule =
  | 'entity'
  | 'person'
  | 'relation-agent'
  | 'reporter'
  | 'place'
  | 'reason'
  | 'manner'
  | 'definition'
  | 'naming'
  | 'argument'
  | 'preposition'
  | 'demonym'
  | 'list'
  | 'phrase';

/** Words that qualify a number and belong to the answer ("more than 6 million"). */
const QUANTITY_MODIFIERS = new Set([
  'more',
  'less',
  'fewer',
  'than',
  'over',
  'under',
  'about',
  'around',
  'nearly',
  'almost',
  'approximately',
  'roughly',
  'some',
  'up',
  'at',
  'least',
  'most',
  'only',
  'just',
]);
/** The entity types that answer each typed question, with how well each fits. */
const ENTITY_TYPES: Readonly<Partial<Record<AnswerType, readonly (readonly [string, number])[]>>> = {
  date: [
    ['DATE', 1],
    ['TIME', 0.7],
    ['DURATION', 0.3],
  ],
  time: [
    ['TIME', 1],
    ['DATE', 0.7],
  ],
  number: [
    ['CARDINAL', 1],
    ['DURATION', 0.7],
    ['PERCENT', 0.4],
    ['MONEY', 0.4],
  ],
  money: [
    ['MONEY', 1],
    ['CARDINAL', 0.4],
    ['PERCENT', 0.4],
  ],
  amount: [
    ['MONEY', 1],
    ['PERCENT', 0.9],
    ['CARDINAL', 0.8],
  ],
  percent: [
    ['PERCENT', 1],
    ['CARDINAL', 0.4],
  ],
  duration: [
    ['DURATION', 1],
    ['TIME', 0.5],
    ['DATE', 0.4],
    ['CARDINAL', 0.4],
  ],
  ordinal: [
    ['ORDINAL', 1],
    ['CARDINAL', 0.3],
  ],
  age: [
    ['DURATION', 0.8],
    ['CARDINAL', 0.8],
    ['DATE', 0.3],
  ],
};
const PLACE_PREPOSITIONS = new Set([
  'in',
  'at',
  'inside',
  'within',
  'near',
  'on',
  'from',
  'into',
  'across',
  'under',
  'outside',
  'throughout',
]);
/** Prepositions that put a common noun in a place ("in the leaves"); "on radioactivity" is a topic. */
const LOCATIVE_PREPOSITIONS = new Set([
  'in',
  'at',
  'inside',
  'within',
  'near',
  'into',
  'under',
  'outside',
  'throughout',
  'beneath',
  'behind',
]);
/** Quality of a name or noun phrase found only because it is one. */
const GENERIC_NAME = 0.5;
const GENERIC_PHRASE = 0.4;

/** Any name or noun phrase (not a bare number or date): a weak candidate when the question's shape points to none. */
export function phraseSpans(analysis: TextAnalysis, sentence: Sentence): Span[] {
  const tokens = analysis.tokens;
  const isCount = (phrase: Phrase) =>
    tokens
      .slice(phrase.start, phrase.end + 1)
      .every((token) => token.pos === 'NUM' || token.entity !== -1 || token.pos === 'DET');
  return [
    ...findProperNames(analysis, sentence.start, sentence.end).map((name) => ({
      ...name,
      quality: GENERIC_NAME,
      mayRepeat: true,
    })),
    ...findNounPhrases(analysis, sentence.start, sentence.end)
      .filter((phrase) => !isCount(phrase))
      .map((phrase) => ({ ...phrase, quality: GENERIC_PHRASE })),
  ];
}

export function overlapsAnchors(phrase: Phrase, anchors: readonly number[]): boolean {
  return anchors.some((anchor) => anchor >= phrase.start && anchor <= phrase.end);
}

const FREQUENCY_WORDS: ReadonlySet<string> = new Set(['once', 'twice', 'thrice']);
const TIME_UNITS = new Set(['second', 'minute', 'hour', 'day', 'week', 'month', 'year', 'decade', 'century', 'time']);

export function entitySpans(analysis: TextAnalysis, sentence: Sentence, query: QuestionAnalysis): Span[] {
  const types = ENTITY_TYPES[query.answerType] ?? [];
  const tokens = analysis.tokens;
  const spans: Span[] = [];
  const entities = analysis.entities.filter((entity) => entity.sentence === sentence.index);
  let countsFocus = false;
  for (const [position, entity] of entities.entries()) {
    let weight = types.find(([type]) => type === entity.type)?.[1];
    if (weight === undefined) continue;
    // "one of the oldest bridges" picks a member; it counts nothing.
    if (entity.type === 'CARDINAL' && entity.text.toLowerCase() === 'one' && tokens[entity.end + 1]?.normal === 'of')
      continue;
    // wink-nlp reads "from 1887 to 1889" as a duration; for "when" it is a date range.
    if (query.answerType === 'date' && entity.type === 'DURATION' && /\b\d{4}\b/.test(entity.text)) weight = 1;
    let start = entity.start;
    let end = entity.end;
    let quality = weight;
    // "from 1887 to 1889", "between 5 and 10": a range is one answer.
    const next = entities[position + 1];
    const joiner = tokens[end + 1]?.normal;
    if (
      next &&
      next.type === entity.type &&
      next.start === end + 2 &&
      (joiner === 'to' || joiner === 'and' || joiner === '-')
    ) {
      end = next.end;
    }
    const focusNoun = query.focus;
    if (focusNoun && tokens.slice(start, end + 1).some((token) => termOf(token) === focusNoun)) quality += 0.8;
    if (entity.type === 'CARDINAL') {
      // "22,000 vehicles", "three miles", "two council members": the counted noun belongs to the answer.
      let nounEnd = end;
      while (tokens[nounEnd + 1]?.pos === 'ADJ' && tokens[nounEnd + 2]?.pos === 'NOUN') nounEnd += 1;
      if (tokens[nounEnd + 1]?.pos === 'NOUN') {
        end = nounEnd + 1;
        while (isSingular(tokens[end]) && tokens[end + 1]?.pos === 'NOUN' && tokens[end + 1]?.entity === -1) end += 1;
        const noun = tokens[end];
        if (focusNoun && noun && termOf(noun) === focusNoun) {
          quality += 0.8;
          countsFocus = true;
        }
        if (query.answerType === 'duration' && noun && TIME_UNITS.has(termOf(noun))) quality += 0.5;
        if (query.answerType === 'age' && tokens[end + 1]?.normal === 'old') {
          end += 1;
          quality += 0.5;
        }
      } else if (query.answerType === 'duration' || query.answerType === 'age') quality *= 0.5;
      // "sold 2.4 million copies in Canada, and 0.8 million in Mexico": a bare number after
      // one that counts the asked-for noun counts it too.
      else if (countsFocus) quality += 0.8;
    }
    if (tokens[end + 1]?.normal === 'old' && query.answerType === 'age') end += 1;
    if (entity.type === 'DURATION' && query.answerType === 'duration' && tokens[start - 1]?.normal === 'every') {
      start -= 1;
      quality += 0.2;
    }
    if (tokens[start]?.pos === 'NOUN') {
      // "a whole week": a time noun keeps its article and adjectives.
      while (tokens[start - 1]?.pos === 'ADJ') start -= 1;
      if (tokens[start - 1]?.pos === 'DET') start -= 1;
    } else {
      while (start - 1 >= sentence.start && QUANTITY_MODIFIERS.has(tokens[start - 1]?.normal ?? '')) start -= 1;
      // "at 8:30" and "to 52" are prepositions; "at least" and "up to" qualify the number.
      while (start < entity.start && ['than', 'to', 'at', 'up'].includes(tokens[start]?.normal ?? '')) {
        const pair = `${tokens[start]?.normal ?? ''} ${tokens[start + 1]?.normal ?? ''}`;
        if (pair === 'at least' || pair === 'at most' || pair === 'up to') break;
        start += 1;
      }
    }
    // "twice a year", "three times a week": how often, not how long.
    if (entity.type === 'DURATION' && query.answerType === 'duration') {
      const before = tokens[start - 1]?.normal ?? '';
      if (FREQUENCY_WORDS.has(before)) {
        start -= 1;
        quality += 0.2;
      } else if (before === 'times' && tokens[start - 2]?.pos === 'NUM') {
        start -= 2;
        quality += 0.2;
      }
    }
    // "a population of about 4,000", "the budget was $2 million": the value of the asked-for noun.
    const linker = tokens[start - 1];
    if (
      focusNoun &&
      (linker?.normal === 'of' || linker?.lemma === 'be') &&
      termOf(tokens[start - 2] ?? linker) === focusNoun
    )
      quality += 0.8;
    // "$40 (equivalent to $700 today)": a conversion restates the value given before it.
    if (tokens[entity.start - 1]?.normal === 'to' && tokens[entity.start - 2]?.normal === 'equivalent') quality *= 0.5;
    spans.push({ start, end, quality, core: { start: entity.start, end: entity.end }, mayRepeat: true });
  }
  return spans;
}

const IRREGULAR_PLURALS = new Set([
  'people',
  'children',
  'men',
  'women',
  'police',
  'staff',
  'feet',
  'teeth',
  'mice',
  'data',
]);

function isSingular(token: Token | undefined): boolean {
  if (!token || IRREGULAR_PLURALS.has(token.normal)) return false;
  return token.text.toLowerCase() === token.lemma.toLowerCase() && !/[^s]s$/i.test(token.text);
}

export function placeSpans(analysis: TextAnalysis, sentence: Sentence): Span[] {
  const tokens = analysis.tokens;
  const spans: Span[] = [];
  for (const name of findProperNames(analysis, sentence.start, sentence.end)) {
    const preposition = tokens[name.start - 1]?.pos === 'DET' ? tokens[name.start - 2] : tokens[name.start - 1];
    const afterPreposition = preposition !== undefined && PLACE_PREPOSITIONS.has(preposition.normal);
    const words = spanText(tokens, name.start, name.end);
    const adjective =
      DEMONYM.test(words) || (tokens[name.end + 1]?.text === '-' && tokens[name.end + 1]?.spaceBefore === '');
    if (adjective) continue;
    spans.push({
      ...name,
      quality: (afterPreposition ? 1 : 0.5) * (isPersonName(analysis, name) ? 0.3 : 1),
      mayRepeat: true,
    });
  }
  for (const phrase of findNounPhrases(analysis, sentence.start, sentence.end)) {
    const preposition = tokens[phrase.start - 1];
    if (!preposition || !LOCATIVE_PREPOSITIONS.has(preposition.normal) || tokens[phrase.start]?.pos === 'PROPN')
      continue;
    if (analysis.entities[tokens[phrase.end]?.entity ?? -1]) continue;
    spans.push({ start: phrase.start - 1, end: phrase.end, quality: 0.7 });
  }
  return spans;
}

/** Names of people (or bodies) for "who": proper names, else the subject or object of the question's verb. */
export function personSpans(
  analysis: TextAnalysis,
  sentence: Sentence,
  query: QuestionAnalysis,
  anchors: readonly number[],
): Span[] {
  const tokens = analysis.tokens;
  const spans: Span[] = [];
  const names = findProperNames(analysis, sentence.start, sentence.end);
  for (const [position, name] of names.entries()) {
    const person = isPersonName(analysis, name);
    spans.push({ ...name, quality: person ? 1 : 0.3, mayRepeat: true });
    // "Ada Brandt and Piet Maas": people named together answer together.
    const next = names[position + 1];
    if (
      person &&
      next &&
      tokens[name.end + 1]?.normal === 'and' &&
      next.start === name.end + 2 &&
      isPersonName(analysis, next)
    ) {
      spans.push({ start: name.start, end: next.end, quality: 1.05, mayRepeat: true });
    }
  }
  for (const argument of verbArgumentSpans(analysis, sentence, query, anchors)) {
    const head = analysis.tokens[argument.end];
    const names = findProperNames(analysis, argument.start, argument.end);
    const person = names.some((name) => isPersonName(analysis, name)) || isPersonNoun(head);
    // The subject of the question's own verb is strong evidence when it holds a new name ("Ada Brandt wrote").
    const named = query.asksSubject && names.some((name) => !overlapsAnchors(name, anchors));
    spans.push({ ...argument, quality: named ? 1.1 : person ? 0.9 : 0.4 });
  }
  return spans;
}

/**
 * The last token of the clause that starts at `start`: up to a comma, semicolon or the sentence's
 * end; with `nounPhraseOnly`, also up to a preposition other than "of" ("artists *for* its design").
 */
export function clauseEnd(
  tokens: readonly Token[],
  start: number,
  sentenceEnd: number,
  nounPhraseOnly = false,
): number {
  let end = start;
  while (end <= sentenceEnd) {
    const token = tokens[end];
    if (
      !token ||
      (token.pos === 'PUNCT' && token.text !== '-' && token.text !== '`' && token.text !== "'" && token.entity === -1)
    )
      break;
    if (nounPhraseOnly && end > start) {
      const participle = token.pos === 'VERB' && ['NOUN', 'ADJ'].includes(tokens[end + 1]?.pos ?? '');
      if (
        (token.pos === 'ADP' && token.normal !== 'of') ||
        token.pos === 'SCONJ' ||
        (token.pos === 'VERB' && !participle)
      )
        break;
    }
    end += 1;
  }
  return end - 1;
}

/**
 * The subject or the object of the question's verb in the sentence: "Who approved the plan?" →
 * what comes before "approved"; "What did the council approve?" → what comes after it.
 */
export function verbArgumentSpans(
  analysis: TextAnalysis,
  sentence: Sentence,
  query: QuestionAnalysis,
  anchors: readonly number[],
): Span[] {
  const tokens = analysis.tokens;
  const verbs = new Set(query.verbs);
  const spans: Span[] = [];
  for (const anchor of anchors) {
    const verb = tokens[anchor];
    if (!verb || verb.pos !== 'VERB' || !verbs.has(termOf(verb))) continue;
    if (query.passive) {
      let start = anchor + 1;
      while (['ADV', 'PART'].includes(tokens[start]?.pos ?? '') && start <= sentence.end) start += 1;
      const object = findNounPhrases(analysis, start, sentence.end)[0];
      if (object && object.start === start) spans.push({ ...object, quality: 0.75 });
    }
    if (query.asksSubject) {
      // "... was opposed by some of the town's traders": the agent answers "who".
      let by = anchor + 1;
      while (tokens[by]?.pos === 'ADV' && by <= sentence.end) by += 1;
      let auxiliary = anchor - 1;
      while (tokens[auxiliary]?.pos === 'ADV') auxiliary -= 1;
      if (tokens[by]?.normal === 'by' && tokens[auxiliary]?.pos === 'AUX') {
        const end = clauseEnd(tokens, by + 1, sentence.end, true);
        if (end > by) spans.push({ start: by + 1, end: Math.min(end, by + 12), quality: 0.95 });
        continue;
      }
      let end = anchor - 1;
      while (end >= sentence.start && ['AUX', 'ADV', 'PART'].includes(tokens[end]?.pos ?? '')) end -= 1;
      // "..., said Tom Becker": the subject follows a verb of saying.
      if (tokens[end]?.pos === 'PUNCT') {
        const after = findProperNames(analysis, anchor + 1, Math.min(sentence.end, anchor + 5))[0];
        if (after && after.start === anchor + 1) spans.push({ ...after, quality: 0.9 });
        continue;
      }
      const phrases = findNounPhrases(analysis, sentence.start, end);
      const subject = phrases[phrases.length - 1];
      if (subject && subject.end === end)
        spans.push({ start: extendBackOverOf(tokens, subject, phrases), end: subject.end, quality: 0.8 });
    } else {
      if (query.preposition) {
        // "What did the poet die from?" → "died in 1921 from pneumonia".
        const limit = Math.min(sentence.end, anchor + 8);
        const at = tokens.findIndex(
          (token, index) => index > anchor && index <= limit && token.normal === query.preposition,
        );
        if (at > 0) {
          const end = clauseEnd(tokens, at + 1, sentence.end, true);
          if (end > at) spans.push({ start: at + 1, end, quality: 0.9 });
        }
      }
      let start = anchor + 1;
      while (['ADV', 'PART'].includes(tokens[start]?.pos ?? '') && start <= sentence.end) start += 1;
      const phrase = findNounPhrases(analysis, start, sentence.end)[0];
      if (!phrase || phrase.start !== start) continue;
      let end = phrase.end;
      // "a plan to rebuild the bridge": an infinitive completes the object.
      if (tokens[end + 1]?.normal === 'to' && tokens[end + 2]?.pos === 'VERB')
        end = clauseEnd(tokens, end + 1, sentence.end);
      spans.push({ start: phrase.start, end: Math.min(end, phrase.start + 16), quality: 0.8 });
    }
  }
  return spans;
}

/** "the city council of Riverton", "engineers from the state department": a subject phrase joined by a preposition starts at the phrase before it. */
function extendBackOverOf(tokens: readonly Token[], subject: Phrase, phrases: readonly Phrase[]): number {
  const before = phrases[phrases.length - 2];
  const joiner = tokens[subject.start - 1];
  if (before && joiner?.pos === 'ADP' && before.end === subject.start - 2) return before.start;
  return subject.start;
}
