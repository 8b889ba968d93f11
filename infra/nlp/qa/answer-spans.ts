import { stemmer } from 'stemmer';
import {
  findNounPhrases,
  findProperNames,
  isPersonName,
  isPersonNoun,
  repeatsTerms,
  type Phrase,
} from '../text/phrases.js';
import type { Sentence, TextAnalysis, Token } from '../text/text-analyzer.js';
import { isContentToken, spanText, termOf } from '../text/tokens.js';
import type { AnswerType, QuestionAnalysis } from './answer-type.js';
import { misplacedKeyPenalty, type ClauseCut } from './clauses.js';
import { findRelationSpans } from './relations.js';
import { DEMONYM, demonymSpans, listSpans, prepositionObjectSpans, reporterSpans } from './shapes.js';
import { paraphrasedSubjects } from './subjects.js';

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

/** The rules that find candidate answers. */
export type SpanRule =
  | 'entity'
  | 'naming'
  | 'relation'
  | 'reporter'
  | 'person'
  | 'subject'
  | 'place'
  | 'reason'
  | 'manner'
  | 'definition'
  | 'argument'
  | 'focus'
  | 'preposition'
  | 'demonym'
  | 'list'
  | 'phrase';

const tagged = <T extends Phrase>(rule: SpanRule, spans: readonly T[]): (T & { rule: SpanRule })[] =>
  spans.map((span) => ({ ...span, rule }));

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
/** Nationalities and languages ("Polish", "French") are names but not places. */
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
const REASON_MARKERS: readonly (readonly string[])[] = [
  ['because', 'of'],
  ['because'],
  ['due', 'to'],
  ['as', 'a', 'result', 'of'],
  ['so', 'that'],
  ['in', 'order', 'to'],
  ['since'],
  ['thanks', 'to'],
];
/** Quality of a name or noun phrase found only because it is one. */
const GENERIC_NAME = 0.5;
const GENERIC_PHRASE = 0.4;
const COPULA_LEMMAS = new Set(['be', 'mean', 'refer', 'describe', 'denote']);
/** Quality of a phrase that only counts or grades the noun asked for ("four major airlines"). */
const CATEGORY_PHRASE = 0.6;
const CATEGORY_WORDS = new Set(['DET', 'NUM', 'ADJ']);
/** A name sharing a word with a name of the question ("Jianwen Emperor" for the Yongle Emperor) counts this much. */
const OTHER_NAME_FACTOR = 0.6;

/** The entity type that answers the question outright (MONEY for "How much money ...?"), if it asks for one. */
export function askedEntityType(query: QuestionAnalysis): string | undefined {
  return ENTITY_TYPES[query.answerType]?.[0]?.[0];
}

/** Candidate answers of the kind the question asks for, in one sentence. */
export function findAnswerSpans(
  analysis: TextAnalysis,
  sentence: Sentence,
  query: QuestionAnalysis,
  terms: ReadonlySet<string>,
): Span[] {
  const tokens = analysis.tokens;
  const anchors: number[] = [];
  for (let index = sentence.start; index <= sentence.end; index += 1) {
    const token = tokens[index];
    if (token && isContentToken(token) && (terms.has(termOf(token)) || terms.has(stemmer(termOf(token)))))
      anchors.push(index);
  }
  const near = (phrase: Phrase, quality: number): Span => {
    const distance = Math.min(
      ...anchors.map((anchor) =>
        anchor < phrase.start ? phrase.start - anchor : anchor > phrase.end ? anchor - phrase.end : 0,
      ),
      20,
    );
    return { ...phrase, quality: quality / (1 + distance / 10) };
  };
  const fresh = (span: Span) => {
    const core = span.core ?? span;
    if (repeatsTerms(tokens, core, terms)) return false;
    return span.mayRepeat === true || !overlapsAnchors(core, anchors);
  };
  // "Jianwen Emperor" for a question about the Yongle Emperor: a name sharing a word with a name
  // in the question is most likely another one of its kind.
  const sharesName = (span: Span) =>
    tokens.slice(span.start, span.end + 1).some((token) => token.pos === 'PROPN' && query.names.has(token.normal));
  const candidates = (spans: readonly Span[]) =>
    spans
      .filter(fresh)
      .map((span) => near(span, span.quality * (span.mayRepeat && sharesName(span) ? OTHER_NAME_FACTOR : 1)));

  // Within the sentence only: a span in the clause of the question's names beats one outside it;
  // names and places skip asides ("Godiva, one of the largest chocolatiers, is based in Manhattan").
  const nearKeys = (spans: readonly Span[], cut: ClauseCut) => {
    const penalties = spans.map((span) => misplacedKeyPenalty(tokens, sentence, span, terms, cut));
    const least = Math.min(...penalties);
    return spans.map((span, index) => ({ ...span, quality: span.quality - ((penalties[index] ?? 0) - least) }));
  };

  const typed = ENTITY_TYPES[query.answerType];
  if (typed) {
    // A number's clause ends at any comma ("5.82 million on the Wii, and 1.32 million on the GameCube").
    return nearKeys(candidates(tagged('entity', entitySpans(analysis, sentence, query, typed))), 'comma');
  }
  const naming = namingSpans(analysis, sentence, query);
  if (naming.length > 0) return candidates(tagged('naming', naming));

  // A relation the sentence states ("his father, the Hongwu Emperor") answers whatever its distance from the question's words.
  const relations =
    query.answerType === 'person' || query.answerType === 'thing'
      ? tagged('relation', findRelationSpans(analysis, sentence, query).filter(fresh))
      : [];

  switch (query.answerType) {
    case 'person': {
      // The one who reports a view speaks for the whole clause, however far its words are.
      const reporters = tagged('reporter', reporterSpans(analysis, sentence, query));
      const subjects = paraphrasedSubjects(analysis, sentence, query, anchors).map((phrase) => ({
        ...phrase,
        quality: 0.8,
        rule: 'subject' as const,
      }));
      return [
        ...nearKeys(
          candidates([...tagged('person', personSpans(analysis, sentence, query, anchors)), ...subjects]),
          'joint',
        ),
        ...reporters,
        ...relations,
      ];
    }
    case 'place':
      return nearKeys(candidates(tagged('place', placeSpans(analysis, sentence))), 'joint');
    case 'reason':
      return tagged('reason', reasonSpans(analysis, sentence)).map((span) => near(span, span.quality));
    case 'manner':
      return tagged('manner', mannerSpans(analysis, sentence)).map((span) => near(span, span.quality));
    case 'definition': {
      const spans = tagged('definition', definitionSpans(analysis, sentence, query));
      return spans.length > 0
        ? spans
        : candidates(tagged('argument', verbArgumentSpans(analysis, sentence, query, anchors)));
    }
    case 'thing':
      return [
        ...relations,
        ...candidates([
          ...tagged('focus', focusSpans(analysis, sentence, query, terms)),
          ...tagged('argument', verbArgumentSpans(analysis, sentence, query, anchors)),
          ...tagged('preposition', prepositionObjectSpans(analysis, sentence, query)),
          ...tagged('demonym', demonymSpans(analysis, sentence, query)),
          ...tagged('list', query.asksMany ? listSpans(analysis, sentence) : []),
          ...tagged('subject', paraphrasedSubjects(analysis, sentence, query, anchors)).map((phrase) => ({
            ...phrase,
            quality: 0.8,
          })),
          // "Which building ...?", "What is the oldest structure ...?": a name or noun phrase may be the thing asked for.
          ...tagged('phrase', query.focus ? phraseSpans(analysis, sentence) : []),
        ]),
      ];
    default:
      return [];
  }
}

/** Any name or noun phrase (not a bare number or date): a weak candidate when the question's shape points to none. */
function phraseSpans(analysis: TextAnalysis, sentence: Sentence): Span[] {
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

/** For "What is the second stage called?": the name after "called", "named" or "known as". */
function namingSpans(analysis: TextAnalysis, sentence: Sentence, query: QuestionAnalysis): Span[] {
  if (!query.verbs.some((verb) => verb === 'call' || verb === 'name' || verb === 'know')) return [];
  const tokens = analysis.tokens;
  const spans: Span[] = [];
  for (let index = sentence.start; index <= sentence.end; index += 1) {
    const token = tokens[index];
    if (!token || !['called', 'named', 'known', 'termed', 'dubbed'].includes(token.normal)) continue;
    const start = token.normal === 'known' && tokens[index + 1]?.normal === 'as' ? index + 2 : index + 1;
    const phrase =
      findNounPhrases(analysis, start, sentence.end)[0] ?? findProperNames(analysis, start, sentence.end)[0];
    if (phrase && phrase.start === start) spans.push({ ...phrase, quality: 1 });
  }
  return spans;
}

function overlapsAnchors(phrase: Phrase, anchors: readonly number[]): boolean {
  return anchors.some((anchor) => anchor >= phrase.start && anchor <= phrase.end);
}

const FREQUENCY_WORDS: ReadonlySet<string> = new Set(['once', 'twice', 'thrice']);
const TIME_UNITS = new Set(['second', 'minute', 'hour', 'day', 'week', 'month', 'year', 'decade', 'century', 'time']);

function entitySpans(
  analysis: TextAnalysis,
  sentence: Sentence,
  query: QuestionAnalysis,
  types: readonly (readonly [string, number])[],
): Span[] {
  const tokens = analysis.tokens;
  const spans: Span[] = [];
  const entities = analysis.entities.filter((entity) => entity.sentence === sentence.index);
  let countsFocus = false;
  for (const [position, entity] of entities.entries()) {
    let weight = types.find(([type]) => type === entity.type)?.[1];
    if (weight === undefined) continue;
    // "one of the most expensive films" picks a member; it counts nothing.
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
      // "sold 5.82 million copies on the Wii, and 1.32 million on the GameCube": a bare number after
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
    // "a total population of about 9,000", "the budget was $2 million": the value of the asked-for noun.
    const linker = tokens[start - 1];
    if (
      focusNoun &&
      (linker?.normal === 'of' || linker?.lemma === 'be') &&
      termOf(tokens[start - 2] ?? linker) === focusNoun
    )
      quality += 0.8;
    // "$300 (equivalent to $5,766 in 2016)": a conversion restates the value given before it.
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

/** Names of people (or bodies) for "who": proper names, else the subject or object of the question's verb. */
function personSpans(
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
    // "Pierre Curie and Henri Becquerel": people named together answer together.
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
    // The subject of the question's own verb is strong evidence when it holds a new name ("Tsongkhapa wrote").
    const named = query.asksSubject && names.some((name) => !overlapsAnchors(name, anchors));
    spans.push({ ...argument, quality: named ? 1.1 : person ? 0.9 : 0.4 });
  }
  return spans;
}

function placeSpans(analysis: TextAnalysis, sentence: Sentence): Span[] {
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

/** Openings that point back to the cause given in the sentence before ("Since then, ...", "As a result, ..."). */
const RESULT_OPENINGS: readonly (readonly string[])[] = [
  ['since', 'then'],
  ['as', 'a', 'result'],
  ['therefore'],
  ['consequently'],
  ['thus'],
  ['hence'],
  ['so'],
  ['for', 'this', 'reason'],
  ['that', 'is', 'why'],
  ['this', 'is', 'why'],
  ['because', 'of', 'this'],
];

/** "because ...", "due to ...", "so that ...": the clause that gives the reason. */
function reasonSpans(analysis: TextAnalysis, sentence: Sentence): Span[] {
  const tokens = analysis.tokens;
  for (let index = sentence.start; index <= sentence.end; index += 1) {
    const marker = REASON_MARKERS.find((words) =>
      words.every((word, offset) => tokens[index + offset]?.normal === word),
    );
    if (!marker) continue;
    const next = tokens[index + marker.length];
    if (marker[0] === 'since' && (next?.entity !== -1 || next.pos === 'ADV' || next.pos === 'NUM')) continue;
    const end = clauseEnd(tokens, index + marker.length, sentence.end);
    if (end >= index + marker.length) return [{ start: index, end, quality: 1 }];
  }
  const why = tokens.findIndex(
    (token, index) =>
      index > sentence.start + 2 &&
      index <= sentence.end &&
      token.normal === 'why' &&
      tokens[index - 1]?.normal === 'is',
  );
  // "X, which is why Y": the reason is X.
  if (why > 0 && tokens[why - 2]?.normal === 'which') return [{ start: sentence.start, end: why - 3, quality: 0.8 }];
  const opening = RESULT_OPENINGS.find((words) =>
    words.every((word, offset) => tokens[sentence.start + offset]?.normal === word),
  );
  const previous = analysis.sentences[sentence.index - 1];
  if (opening && previous && previous.kind !== 'heading')
    return [{ start: previous.start, end: previous.end, quality: 0.7 }];
  return [];
}

/** "by calling the endpoint", "using a grant": how something is done. */
function mannerSpans(analysis: TextAnalysis, sentence: Sentence): Span[] {
  const tokens = analysis.tokens;
  const spans: Span[] = [];
  for (let index = sentence.start; index <= sentence.end; index += 1) {
    const token = tokens[index];
    const next = tokens[index + 1];
    const isMeans =
      (token?.normal === 'by' && next?.pos === 'VERB') ||
      (token?.normal === 'with' && index > sentence.start) ||
      token?.normal === 'using';
    if (!token || !isMeans) continue;
    const end = clauseEnd(tokens, index + 1, sentence.end);
    if (end > index) spans.push({ start: index, end, quality: token.normal === 'by' ? 1 : 0.6 });
  }
  return spans;
}

/**
 * The last token of the clause that starts at `start`: up to a comma, semicolon or the sentence's
 * end; with `nounPhraseOnly`, also up to a preposition other than "of" ("artists *for* its design").
 */
function clauseEnd(tokens: readonly Token[], start: number, sentenceEnd: number, nounPhraseOnly = false): number {
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

/** For "What is X?": what follows "X is", "X means", "X refers to", or an appositive "X, a ...". */
function definitionSpans(analysis: TextAnalysis, sentence: Sentence, query: QuestionAnalysis): Span[] {
  const tokens = analysis.tokens;
  const topic = new Set(query.topic);
  const spans: Span[] = [];
  for (let index = sentence.start; index <= sentence.end; index += 1) {
    const token = tokens[index];
    if (!token || !topic.has(termOf(token))) continue;
    let cursor = index + 1;
    while (cursor <= sentence.end && topic.has(termOf(tokens[cursor] ?? token))) cursor += 1;
    const link = tokens[cursor];
    if (!link) continue;
    if ((link.pos === 'AUX' || link.pos === 'VERB') && COPULA_LEMMAS.has(link.lemma)) {
      let start = cursor + 1;
      if (tokens[start]?.normal === 'to' || tokens[start]?.normal === 'as') start += 1;
      const end = definitionEnd(tokens, start, sentence.end);
      if (end >= start) spans.push({ start, end, quality: 1 });
    } else if (link.text === ',' && tokens[cursor + 1]?.pos === 'DET') {
      const end = definitionEnd(tokens, cursor + 1, sentence.end);
      if (end > cursor + 1) spans.push({ start: cursor + 1, end, quality: 0.9 });
    }
  }
  return spans;
}

/** A definition runs to the end of its sentence, short of an aside (", which ...", "; ..."). */
function definitionEnd(tokens: readonly Token[], start: number, sentenceEnd: number): number {
  let end = start;
  while (end <= sentenceEnd) {
    const token = tokens[end];
    if (!token) break;
    if (token.text === ';' || token.text === '(' || token.text === '—' || token.text === ':') break;
    if (
      token.text === ',' &&
      ['which', 'while', 'whereas', 'but', 'although', 'so'].includes(tokens[end + 1]?.normal ?? '')
    )
      break;
    end += 1;
  }
  while (end - 1 >= start && tokens[end - 1]?.pos === 'PUNCT' && tokens[end - 1]?.text !== '`') end -= 1;
  return end - 1;
}

/**
 * For "Which bridge ...?": a longer phrase naming the focus noun ("the Old Mill Bridge"); for
 * "What elements ...?", the names that follow it ("the elements polonium and radium").
 */
function focusSpans(
  analysis: TextAnalysis,
  sentence: Sentence,
  query: QuestionAnalysis,
  terms: ReadonlySet<string>,
): Span[] {
  const focus = query.focus;
  if (!focus) return [];
  const tokens = analysis.tokens;
  const phrases = [
    ...findProperNames(analysis, sentence.start, sentence.end),
    ...findNounPhrases(analysis, sentence.start, sentence.end),
  ];
  const spans: Span[] = [];
  for (const phrase of phrases) {
    const words = tokens.slice(phrase.start, phrase.end + 1);
    const focusAt = words.findIndex((token) => termOf(token) === focus);
    if (focusAt < 0 || !words.some((token) => isContentToken(token) && !terms.has(termOf(token)))) continue;
    // "the oldest building" for "What is the oldest building ...?" only repeats the question.
    if (repeatsTerms(tokens, phrase, terms)) continue;
    const focusIndex = phrase.start + focusAt;
    // "the Department of Pre-Professional Studies": a capitalised focus word is part of the name.
    const named = /^\p{Lu}/u.test(tokens[focusIndex]?.text ?? '');
    if (focusIndex < phrase.end && !named) {
      let end = phrase.end;
      while (
        ['and', 'or'].includes(tokens[end + 1]?.normal ?? '') &&
        ['NOUN', 'PROPN'].includes(tokens[end + 2]?.pos ?? '')
      )
        end += 2;
      spans.push({ start: focusIndex + 1, end, quality: 1, mayRepeat: true });
    } else {
      // "four major airlines" only names the kind asked for; its members ("United, Delta and Emirates") answer.
      const category = words.every((token, at) => at === focusAt || CATEGORY_WORDS.has(token.pos));
      spans.push({ ...phrase, quality: category ? CATEGORY_PHRASE : 0.9, mayRepeat: true });
    }
  }
  return spans;
}

/**
 * The subject or the object of the question's verb in the sentence: "Who approved the plan?" →
 * what comes before "approved"; "What did the council approve?" → what comes after it.
 */
function verbArgumentSpans(
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
      // "... was criticised by some of France's artists": the agent answers "who".
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
        // "What did Curie die from?" → "died in 1934 from aplastic anaemia".
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
