import type { Phrase } from '../text/phrases.js';
import type { Sentence, TextAnalysis, Token } from '../text/text-analyzer.js';

/**
 * The main clause of a simple declarative sentence, found from part-of-speech tags: an optional
 * introductory phrase, the subject, the verb group and the rest.
 */
export interface Clause {
  /** A leading phrase set off by a comma ("On Tuesday,"), without the comma. */
  readonly intro: Phrase | undefined;
  readonly subject: Phrase;
  /** Auxiliaries of the verb group, in order ("would", "has been"). */
  readonly auxiliaries: readonly number[];
  /** The main verb; for a copula without a main verb ("is a service"), the form of "be". */
  readonly verb: number;
  readonly negated: boolean;
  /** What follows the verb group, up to the final punctuation; empty when `start > end`. */
  readonly rest: Phrase;
}

const SUBJECT_POS = new Set(['DET', 'ADJ', 'NOUN', 'PROPN', 'NUM', 'PRON']);
const INTRO_START = new Set(['ADP', 'SCONJ', 'ADV']);
const MAX_SUBJECT_TOKENS = 10;
/** Modal verbs are auxiliaries even when the tagger calls them verbs ("The library will open"). */
const MODALS = new Set(['will', 'would', 'can', 'could', 'shall', 'should', 'may', 'might', 'must']);
const QUANTIFIERS = new Set([
  'about',
  'nearly',
  'almost',
  'roughly',
  'approximately',
  'over',
  'around',
  'some',
  'only',
  'just',
]);

function isSubjectToken(token: Token | undefined): boolean {
  if (!token) return false;
  if (SUBJECT_POS.has(token.pos)) return true;
  if (token.pos === 'PART') return token.normal === "'s";
  if (token.pos === 'SYM') return token.type === 'currency' || token.text === '%';
  if (token.pos === 'CCONJ') return token.normal === 'and';
  if (token.pos === 'ADP') return token.normal === 'of';
  return (token.pos === 'PUNCT' && (token.text === '-' || token.text === '`')) || token.text === '_';
}

function isCommaOutsideEntity(token: Token | undefined): boolean {
  return token?.text === ',' && token.entity === -1;
}

/** Parses the main clause of a sentence, or returns undefined when it does not look like "subject verb ...". */
export function parseClause(analysis: TextAnalysis, sentence: Sentence): Clause | undefined {
  const tokens = analysis.tokens;
  let end = sentence.end;
  while (end > sentence.start && tokens[end]?.pos === 'PUNCT' && tokens[end]?.text !== '`') end -= 1;

  let subjectStart = sentence.start;
  let intro: Phrase | undefined;
  const first = tokens[sentence.start];
  if (first && INTRO_START.has(first.pos)) {
    let comma = -1;
    for (let index = sentence.start + 1; index <= end; index += 1) {
      if (isCommaOutsideEntity(tokens[index])) {
        comma = index;
        break;
      }
      if (tokens[index]?.pos === 'VERB' && first.pos !== 'SCONJ') break;
    }
    const entity = analysis.entities[tokens[sentence.start + 1]?.entity ?? -1];
    if (comma < 0 && first.pos === 'ADP' && entity && entity.start === sentence.start + 1) {
      // "In 1903 she shared ...": a date after a preposition needs no comma.
      intro = { start: sentence.start, end: entity.end };
      subjectStart = entity.end + 1;
    } else {
      if (comma < 0 || comma - sentence.start > 12) return undefined;
      intro = { start: sentence.start, end: comma - 1 };
      subjectStart = comma + 1;
    }
  }

  let cursor = subjectStart;
  while (cursor <= end && cursor - subjectStart < MAX_SUBJECT_TOKENS) {
    const token = tokens[cursor];
    const previous = tokens[cursor - 1];
    if (!token) break;
    // A determiner right after a noun starts something else ("Scientists estimate that ...").
    if (token.pos === 'DET' && cursor > subjectStart && (previous?.pos === 'NOUN' || previous?.pos === 'PROPN')) break;
    // A prepositional phrase inside the subject: "Engineers from the state department found ...".
    const modifier =
      token.pos === 'ADP' &&
      cursor > subjectStart &&
      ['NOUN', 'PROPN'].includes(previous?.pos ?? '') &&
      ['DET', 'NOUN', 'PROPN', 'ADJ'].includes(tokens[cursor + 1]?.pos ?? '');
    // "The carrying case": a participle between a determiner and its noun.
    const participle =
      token.pos === 'VERB' &&
      /(?:ing|ed)$/i.test(token.text) &&
      cursor > subjectStart &&
      previous?.pos === 'DET' &&
      tokens[cursor + 1]?.pos === 'NOUN';
    // "More than 6 million people", "About 300 residents": a number's qualifier.
    const quantity =
      (token.normal === 'than' && ['more', 'less', 'fewer'].includes(previous?.normal ?? '')) ||
      (['ADV', 'ADP'].includes(token.pos) &&
        QUANTIFIERS.has(token.normal) &&
        ['NUM', 'ADP'].includes(tokens[cursor + 1]?.pos ?? ''));
    if (!isSubjectToken(token) && !modifier && !participle && !quantity) break;
    cursor += 1;
  }
  const subject: Phrase = { start: subjectStart, end: cursor - 1 };
  if (subject.end < subject.start) return undefined;
  const subjectTokens = tokens.slice(subject.start, subject.end + 1);
  if (!subjectTokens.some((token) => token.pos === 'NOUN' || token.pos === 'PROPN' || token.pos === 'PRON'))
    return undefined;
  if (
    subjectTokens.some(
      (token) => token.pos === 'PRON' && !['its', 'their', 'his', 'her', 'our', 'my', 'your'].includes(token.normal),
    ) &&
    subjectTokens.length > 1
  )
    return undefined;
  if (tokens[subject.end]?.pos === 'DET' || tokens[subject.end]?.pos === 'ADP' || tokens[subject.end]?.pos === 'CCONJ')
    return undefined;

  // Skip a parenthetical after the subject: "The bridge, built in 1931, carries ...".
  if (tokens[cursor]?.text === ',') {
    let close = -1;
    for (let index = cursor + 1; index <= Math.min(end, cursor + 14); index += 1) {
      if (tokens[index]?.text === ',') {
        close = index;
        break;
      }
    }
    if (close < 0) return undefined;
    cursor = close + 1;
  }

  const auxiliaries: number[] = [];
  let negated = false;
  let verb = -1;
  while (cursor <= end) {
    const token = tokens[cursor];
    if (!token) break;
    if (token.pos === 'AUX' || (MODALS.has(token.normal) && auxiliaries.length === 0)) {
      auxiliaries.push(cursor);
    } else if (token.pos === 'PART' && token.normal === 'not') {
      negated = true;
    } else if (
      token.pos === 'ADV' &&
      (auxiliaries.length > 0 || tokens[cursor + 1]?.pos === 'VERB' || tokens[cursor + 1]?.pos === 'AUX')
    ) {
      // "also", "recently", "never": adverbs inside the verb group.
      if (token.normal === 'never') negated = true;
    } else if (token.pos === 'VERB') {
      verb = cursor;
      break;
    } else break;
    cursor += 1;
  }
  const lastAuxiliary = tokens[auxiliaries[auxiliaries.length - 1] ?? -1];
  const afterModal = tokens[cursor];
  if (
    verb < 0 &&
    lastAuxiliary &&
    MODALS.has(lastAuxiliary.normal) &&
    afterModal &&
    ['ADJ', 'NOUN'].includes(afterModal.pos)
  ) {
    // After a modal comes a verb, whatever the tagger says: "will open in March".
    verb = cursor;
  }
  if (verb < 0) {
    const copula = auxiliaries.pop();
    if (copula === undefined) return undefined;
    verb = copula;
    cursor = copula;
  } else if (auxiliaries.length === 0 && /ing$/i.test(tokens[verb]?.text ?? '')) {
    // A bare "-ing" form is no finite verb: "Noise cancelling works ..." is beyond this parser.
    return undefined;
  }
  // Other auxiliaries between the subject and a copula ("has been") stay in the verb group.
  return { intro, subject, auxiliaries, verb, negated, rest: { start: cursor + 1, end } };
}

/** Verbs whose past tense is spelled like their base form. */
const UNCHANGED_PAST: ReadonlySet<string> = new Set([
  'put',
  'set',
  'cut',
  'cost',
  'hit',
  'let',
  'shut',
  'spread',
  'read',
  'quit',
  'hurt',
  'burst',
  'cast',
  'split',
  'bet',
  'bid',
  'broadcast',
  'upset',
  'forecast',
  'fit',
  'rid',
  'shed',
  'thrust',
]);

/** Past, third-person present or plain present, from a verb form and its lemma. */
export function verbTense(token: Token, subjectIsPlural: boolean): 'past' | 'singular' | 'plural' {
  const text = token.text.toLowerCase();
  const lemma = token.lemma.toLowerCase();
  if (text === lemma) return subjectIsPlural || !UNCHANGED_PAST.has(lemma) ? 'plural' : 'past';
  if (text.endsWith('s') && (text === `${lemma}s` || text === `${lemma}es` || text === `${lemma.slice(0, -1)}ies`))
    return 'singular';
  if (text === 'has' || text === 'does' || text === 'is') return 'singular';
  return 'past';
}

const IRREGULAR_PLURALS: ReadonlySet<string> = new Set([
  'people',
  'children',
  'men',
  'women',
  'police',
  'feet',
  'teeth',
  'mice',
]);

/** Whether a subject phrase names several things ("engineers", "business owners", "Tom and Ana"). */
export function isPluralSubject(tokens: readonly Token[], subject: Phrase): boolean {
  let head: Token | undefined;
  for (let index = subject.start; index <= subject.end; index += 1) {
    const token = tokens[index];
    if (!token) continue;
    if (token.normal === 'and') return true;
    if (token.normal === 'of') break;
    if (token.pos === 'NOUN' || token.pos === 'PROPN' || token.pos === 'PRON') head = token;
  }
  if (!head) return false;
  if (head.pos === 'PRON') return ['they', 'we', 'you', 'i'].includes(head.normal);
  const text = head.text.toLowerCase();
  // "harbour" has the lemma "harbor": a lemma that differs only in spelling is no plural.
  if (IRREGULAR_PLURALS.has(text) || (text !== head.lemma.toLowerCase() && /s$/.test(text))) return true;
  // Capitalised at the start of a sentence, a common noun may be tagged as a proper one.
  const common = head.pos === 'NOUN' || /^\p{Ll}/u.test(head.text) || head.index === subject.start;
  return common && /[^su]s$/.test(text);
}
