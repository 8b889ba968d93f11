import type { PartOfSpeech } from 'wink-nlp';
import type { TextAnalysis, Token } from './text-analyzer.js';
import { termOf } from './tokens.js';

/** A run of tokens, first and last inclusive. */
export interface Phrase {
  readonly start: number;
  readonly end: number;
}

const TIME_ENTITIES: ReadonlySet<string> = new Set(['DATE', 'TIME', 'DURATION']);
const NAME_JOINERS: ReadonlySet<string> = new Set(['of', 'for', 'the', 'de', 'van', 'von', 'da', 'del', '&', '-']);

/** Titles that announce a person's name. */
export const PERSON_TITLES: ReadonlySet<string> = new Set([
  'mr',
  'mr.',
  'mrs',
  'mrs.',
  'ms',
  'ms.',
  'dr',
  'dr.',
  'prof',
  'prof.',
  'sir',
  'dame',
  'mayor',
  'president',
  'senator',
  'governor',
  'minister',
  'judge',
  'professor',
  'chancellor',
  'king',
  'queen',
  'prince',
  'princess',
  'captain',
  'general',
  'coach',
  'officer',
  'chief',
  'ceo',
  'director',
  'chairman',
  'chairwoman',
  'author',
  'actor',
  'actress',
  'singer',
  'representative',
  'councillor',
  'councilor',
  'sheriff',
  'pope',
  'saint',
  'st.',
]);

/** Last words that make a proper name a place or an organisation rather than a person. */
const NON_PERSON_HEADS: ReadonlySet<string> = new Set([
  'bridge',
  'river',
  'street',
  'road',
  'avenue',
  'lane',
  'square',
  'park',
  'lake',
  'mountain',
  'mountains',
  'island',
  'islands',
  'city',
  'county',
  'state',
  'states',
  'republic',
  'kingdom',
  'airport',
  'station',
  'hospital',
  'school',
  'university',
  'college',
  'bank',
  'church',
  'hall',
  'center',
  'centre',
  'museum',
  'building',
  'tower',
  'court',
  'council',
  'department',
  'agency',
  'ministry',
  'party',
  'group',
  'association',
  'institute',
  'foundation',
  'club',
  'league',
  'team',
  'company',
  'corp',
  'corp.',
  'inc',
  'inc.',
  'ltd',
  'ltd.',
  'llc',
  'co.',
  'times',
  'news',
  'ocean',
  'sea',
  'valley',
  'desert',
  'forest',
  'region',
  'province',
  'district',
  'world',
  'cup',
  'act',
  'war',
  'day',
]);

/** Common nouns that name people, for "who" answers without a proper name. */
const PERSON_NOUNS: ReadonlySet<string> = new Set([
  'people',
  'person',
  'man',
  'woman',
  'men',
  'women',
  'child',
  'children',
  'official',
  'engineer',
  'scientist',
  'researcher',
  'resident',
  'owner',
  'customer',
  'user',
  'developer',
  'student',
  'teacher',
  'worker',
  'employee',
  'member',
  'leader',
  'expert',
  'doctor',
  'nurse',
  'police',
  'officer',
  'voter',
  'citizen',
  'reviewer',
  'author',
  'mayor',
  'council',
  'government',
  'company',
  'team',
  'committee',
  'board',
  'court',
  'parent',
  'farmer',
  'driver',
  'passenger',
  'player',
  'fan',
  'visitor',
  'tourist',
  'administrator',
  'operator',
  'manager',
  'staff',
  'spokesperson',
  'spokesman',
  'spokeswoman',
  'lawmaker',
  'politician',
  'judge',
  'president',
  'minister',
  'inspector',
  'analyst',
]);

function isNamePart(token: Token | undefined, analysis: TextAnalysis): boolean {
  if (!token || token.pos !== 'PROPN' || !/^\p{Lu}/u.test(token.text)) return false;
  const entity = analysis.entities[token.entity];
  return !entity || !TIME_ENTITIES.has(entity.type);
}

/** Proper names in tokens `start..end`: runs of capitalised proper nouns ("Old Mill Bridge", "Bank of England"). */
export function findProperNames(analysis: TextAnalysis, start: number, end: number): Phrase[] {
  const tokens = analysis.tokens;
  const names: Phrase[] = [];
  let index = start;
  while (index <= end) {
    if (!isNamePart(tokens[index], analysis)) {
      index += 1;
      continue;
    }
    const first = index;
    let last = index;
    let next = index + 1;
    while (next <= end) {
      const token = tokens[next];
      // "Calder River": a capitalised common noun after a name continues it.
      const capitalisedNoun = token?.pos === 'NOUN' && /^\p{Lu}/u.test(token.text) && token.entity === -1;
      if (isNamePart(token, analysis) || capitalisedNoun) {
        last = next;
        next += 1;
      } else if (token && NAME_JOINERS.has(token.normal) && isNamePart(tokens[next + 1], analysis) && next + 1 <= end) {
        last = next + 1;
        next += 2;
      } else break;
    }
    names.push({ start: first, end: last });
    index = last + 1;
  }
  return names;
}

/** Whether a proper name reads as a person's: a title before it, or a multi-word name that is not a place or body. */
export function isPersonName(analysis: TextAnalysis, name: Phrase): boolean {
  const tokens = analysis.tokens;
  const words = tokens.slice(name.start, name.end + 1);
  if (words.some((token) => NON_PERSON_HEADS.has(token.normal) || token.normal === 'of' || token.normal === 'the'))
    return false;
  const first = tokens[name.start]?.normal ?? '';
  const before = tokens[name.start - 1]?.normal ?? '';
  if (PERSON_TITLES.has(first) || PERSON_TITLES.has(before)) return true;
  const names = words.filter((token) => token.pos === 'PROPN');
  return names.length >= 2 && names.length <= 4 && names.every((token) => /^\p{Lu}\p{Ll}/u.test(token.text));
}

/** Whether a noun names people ("engineers", "the council"). */
export function isPersonNoun(token: Token | undefined): boolean {
  if (!token) return false;
  // A capitalised "Engineers" may be tagged as a proper noun and keep its plural as lemma.
  return PERSON_NOUNS.has(token.lemma.toLowerCase()) || PERSON_NOUNS.has(token.normal.replace(/s$/, ''));
}

const NOMINAL: ReadonlySet<PartOfSpeech> = new Set(['DET', 'ADJ', 'NOUN', 'PROPN', 'NUM']);
const HEADS: ReadonlySet<PartOfSpeech> = new Set(['NOUN', 'PROPN', 'NUM']);

function isNominal(token: Token | undefined): boolean {
  if (!token) return false;
  if (NOMINAL.has(token.pos)) return token.type === 'word' || token.type === 'number' || token.pos === 'DET';
  if (token.pos === 'PRON') return ['its', 'their', 'his', 'her', 'our', 'your', 'my'].includes(token.normal);
  if (token.pos === 'PART') return token.normal === "'s" || token.normal === "'";
  if (token.pos === 'SYM') return token.type === 'currency' || token.text === '%';
  return token.text === '-' && token.spaceBefore === '';
}

/**
 * Noun phrases in tokens `start..end`: determiners, adjectives, numbers and nouns ending in a noun
 * ("a $45 million plan", "the town's main link"), extended by one "of" phrase ("the city council of Riverton").
 */
export function findNounPhrases(analysis: TextAnalysis, start: number, end: number): Phrase[] {
  const tokens = analysis.tokens;
  const phrases: Phrase[] = [];
  let index = start;
  while (index <= end) {
    if (!isNominal(tokens[index])) {
      index += 1;
      continue;
    }
    const first = index;
    let last = -1;
    let cursor = index;
    let extended = false;
    while (cursor <= end) {
      const token = tokens[cursor];
      const previous = tokens[cursor - 1];
      // A determiner or a number after a common noun starts a new phrase ("support four times").
      const startsNew = cursor > first && previous?.pos === 'NOUN' && (token?.pos === 'DET' || token?.pos === 'NUM');
      if (startsNew) break;
      if (isNominal(token)) {
        if (token && HEADS.has(token.pos)) last = cursor;
        cursor += 1;
      } else if (!extended && last === cursor - 1 && token?.normal === 'of' && isNominal(tokens[cursor + 1])) {
        extended = true;
        cursor += 1;
      } else break;
    }
    if (last >= first) {
      phrases.push({ start: first, end: last });
      index = last + 1;
    } else index = cursor + 1;
  }
  return phrases;
}

/** Whether a phrase's meaningful words are all among `terms` (the phrase only repeats the question). */
export function repeatsTerms(tokens: readonly Token[], phrase: Phrase, terms: ReadonlySet<string>): boolean {
  let meaningful = 0;
  for (let index = phrase.start; index <= phrase.end; index += 1) {
    const token = tokens[index];
    if (!token || token.isStopWord || token.pos === 'PUNCT' || token.pos === 'DET') continue;
    meaningful += 1;
    if (!terms.has(termOf(token)) && !terms.has(token.normal)) return false;
  }
  return meaningful > 0;
}
