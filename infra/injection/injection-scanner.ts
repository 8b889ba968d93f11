import { isWhitespace } from '../../domain/output-parsing.js';
import type { InjectionScanner } from '../../domain/ports.js';
import type { SecurityVerdict } from '../../domain/schemas.js';
import type { InjectionClassifier } from './injection-classifier.js';
import { INJECTION_RULES, type InjectionCategory, type InjectionRule } from './injection-rules.js';

export type { InjectionCategory } from './injection-rules.js';

/** What to do with a text whose score reaches the threshold. `off` skips scanning entirely. */
export type InjectionPolicy = 'block' | 'flag' | 'off';

export interface InjectionScannerOptions {
  readonly policy: InjectionPolicy;
  /** Score (0..1) at or above which a text counts as an injection. Default 0.5. */
  readonly threshold?: number;
  /**
   * A learned classifier beside the rules. The verdict's score is then the higher of the rules'
   * score and the classifier's probability on the same scale (its tuned threshold at 0.5).
   */
  readonly classifier?: InjectionClassifier;
}

/** One piece of evidence: a rule that matched (after context damping) or an obfuscation trait. */
interface Signal {
  readonly id: string;
  readonly category: InjectionCategory;
  readonly weight: number;
  /** Where the evidence lies (a view of the text or of a decoded payload), for de-duplication. */
  readonly span?: Span;
}

interface Span {
  readonly source: string;
  readonly start: number;
  readonly end: number;
}

interface Found {
  readonly weight: number;
  readonly start: number;
  readonly end: number;
}

const NOT_FOUND: Found = { weight: 0, start: 0, end: 0 };

/**
 * A gate term, numbered among all rules' terms, and where it is looked up: `word`, a word of
 * `folded`; `substring`, a substring of `folded` (a `~` term, without its `~`); `plain`, a
 * substring of `plain`.
 */
interface GateTerm {
  readonly id: number;
  readonly kind: 'word' | 'substring' | 'plain';
  readonly text: string;
}

/** What a text's views know of a gate term. */
const NOT_LOOKED_UP = 0;
const FOUND = 1;
const ABSENT = 2;

/** A rule whose gate names numbered terms, so that a gate check reads a text's `terms` flags. */
interface CompiledRule extends InjectionRule {
  readonly gateTerms: readonly (readonly (readonly GateTerm[])[])[];
}

/** Normalised copies of a text; the text itself is never changed. */
interface Views {
  /** NFKC, invisible characters removed, lower case: for markup, URLs and non-Latin scripts. */
  readonly plain: string;
  /** `plain` without diacritics. */
  readonly base: string;
  /** `base` with separators (`_*|`, hyphens inside words) and whitespace runs reduced to single spaces. */
  readonly simple: string;
  /** `simple` with homoglyphs, leetspeak and split letters folded back to Latin words: what Latin rules see. */
  readonly folded: string;
  /** Where in `folded` each word that some gate names occurs. */
  readonly words: ReadonlyMap<string, readonly number[]>;
  /** Per gate term (by `GateTerm.id`): FOUND, ABSENT, or NOT_LOOKED_UP for a `substring` term not yet needed. */
  readonly terms: Uint8Array;
  /** Non-Latin scripts that rules are written in and the text contains. */
  readonly scripts: ReadonlySet<'cyrillic' | 'cjk'>;
}

const MAX_MATCHES_PER_RULE = 3;
/** Every rule's match lies within this many characters of one of its gate words. */
const WINDOW_RADIUS = 300;
const MAX_DECODED_PAYLOADS = 8;
const MIN_CATEGORY_WEIGHT = 0.15;
/** Weak signals only corroborate: without one of at least this weight the score stays below the cap. */
const MIN_DECISIVE_WEIGHT = 0.3;
const WEAK_EVIDENCE_CAP = 0.45;

/** Zero-width, bidi, soft hyphen, BOM, variation selectors, fillers and Unicode tags: removed before matching. */
const INVISIBLE =
  // eslint-disable-next-line no-misleading-character-class -- invisible and combining code points are what is matched
  /[\u00AD\u034F\u115F\u1160\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\u3164\uFE00-\uFE0F\uFEFF\uFFA0]|\uDB40[\uDC00-\uDC7F]/g;
const ZERO_WIDTH = /[\u200B-\u200D\u2060-\u2064\uFEFF]/;
const ZERO_WIDTH_IN_WORD = /[a-z][\u200B-\u200D\u2060-\u2064\uFEFF]+(?=[a-z])/gi;
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
const RIGHT_TO_LEFT_OVERRIDE = /\u202E([^\u202C\u2069\n]{4,400})/g;
/** Unicode tag runs; a flag emoji (U+1F3F4 + tags + U+E007F) is the one legitimate use. */
const TAG_RUN = /(\uD83C\uDFF4)?((?:\uDB40[\uDC00-\uDC7F])+)/g;
const STYLED_LETTER = /[\uFF21-\uFF3A\uFF41-\uFF5A\u24B6-\u24E9]|\uD835[\uDC00-\uDFFF]/g;
// eslint-disable-next-line no-misleading-character-class -- ranges of combining marks, removed on purpose
const COMBINING_MARK = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+/g;
const NON_ASCII_RUN = /[\u0080-\uffff]+/g;
/** `distinctNonAscii` collects at most this many characters, from texts with at most this share of them. */
const MAX_DISTINCT_CHARACTERS = 64;
const MAX_NON_ASCII_SHARE = 1 / 16;
const CYRILLIC = /[\u0400-\u04ff]/;
const CJK = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]/;
const NO_SCRIPTS: ReadonlySet<'cyrillic' | 'cjk'> = new Set();

// prettier-ignore
const HOMOGLYPHS: Readonly<Record<string, string>> = {
  а: 'a', в: 'b', г: 'r', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', п: 'n', р: 'p', с: 'c', т: 't',
  у: 'y', х: 'x', ь: 'b', ѕ: 's', і: 'i', ї: 'i', ј: 'j', ԁ: 'd', ԛ: 'q', ԝ: 'w', ү: 'y', һ: 'h', ӏ: 'l',
  α: 'a', β: 'b', γ: 'y', ε: 'e', ζ: 'z', η: 'n', ι: 'i', κ: 'k', μ: 'u', ν: 'v', ο: 'o', ρ: 'p', τ: 't',
  υ: 'u', χ: 'x', ω: 'w', ϲ: 'c', ı: 'i', ɡ: 'g', ɑ: 'a', ℮: 'e', օ: 'o', ս: 'u', հ: 'h',
};
const HOMOGLYPH = new RegExp(`[${Object.keys(HOMOGLYPHS).join('')}]`, 'g');
const LEET: Readonly<Record<string, string>> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b' };
const LEET_HINT = /[a-z][0-9]|[0-9][a-z]/;
const LEET_JOINTS = /[a-z][0-9]|[0-9][a-z]/g;
const ALNUM = /[a-z0-9]/;
/** Technical words with digits that are not leetspeak. */
const LEET_KEEP =
  /^(?:base(?:16|32|58|64)|rot13|utf(?:8|16|32)|sha\d*|md5|x86|x64|h26[45]|mp[34]|[0-9]+[kmgt]b?|ipv[46]|\d+(?:st|nd|rd|th|s|px|ms|am|pm))$/;
const SPLIT_LETTERS = /(?<![a-z])(?:[a-z][ .]){2,}[a-z](?![a-z])/g;
const HYPHEN_IN_WORD = /([a-z])-(?=[a-z])/g;
const SEPARATOR_NOISE = /[_*~^|`]+/g;
const APOSTROPHE = /[’‘´ʼ]/g;
/** Whitespace runs to reduce to one space; a lone space is left alone, which is most of them. */
const WHITESPACE_TO_COLLAPSE = /\s{2,}|[^\S ]/g;

/** Encoded payloads are looked for only inside tokens (runs without whitespace) this long or longer. */
const MIN_TOKEN_LENGTH = 16;
const BASE64_RUN = /[A-Za-z0-9+/]{16,}={0,2}|[A-Za-z0-9_-]{24,}/g;
/** The shortest text HEX_HINT matches; a text without a run this long of hex digits, spaces and colons has none. */
const HEX_HINT_LENGTH = 12;
const HEX_HINT =
  /[0-9a-fA-F]{2}[ :]?[0-9a-fA-F]{2}[ :]?[0-9a-fA-F]{2}[ :]?[0-9a-fA-F]{2}[ :]?[0-9a-fA-F]{2}[ :]?[0-9a-fA-F]{2}/;
const HEX_RUN = /\b(?:[0-9a-fA-F]{2}[ :]?){8,}/g;
const ESCAPED_HEX_RUN = /(?:\\x[0-9a-fA-F]{2}){6,}/g;
const PERCENT_RUN = /(?:%[0-9a-fA-F]{2}){6,}/g;
const ENTITY_RUN = /(?:&#(?:x[0-9a-fA-F]{1,6}|[0-9]{1,7});){6,}/g;
const ROT13_HINT = /\brot-?13\b/i;

/** Discussion of attacks (not an attack): quoting or reporting an injection phrase. */
const META_TERM =
  /(?<![\w.@/])(?:prompt[- ]?injections?|jailbreak(?:s|ing)?|attacks?|attackers?|adversar\w*|red[- ]team\w*|exploits?|payloads?|researchers?|security|malicious|hijack\w*|leaking|smuggling|vulnerab\w*|defen[cs]es?|owasp|threats?|injection|inyecci\w+|angriff\w*|chercheurs|strateg(?:y|ies)|techniques?)(?![\w.@])/;
const REPORTING_CUE =
  /(?:\b(?:such as|like|e\.? ?g\.?|for example|for instance|including|phrases?|strings?|sentences?|payloads?|lines?|quotes?d?|writes?|wrote|written|typ(?:e|es|ed|ing)|says?|said|saying|called|named|known as|contain(?:s|ed|ing)?|hid(?:e|es|den|ing)|embed(?:s|ded)?|tell(?:s|ing)? (?:it|the (?:model|chatbot|assistant|ai|llm)) to|ask(?:s|ed|ing)? (?:it|the (?:model|chatbot|assistant|ai|llm)) to|instruct(?:s|ed|ing)? (?:it|the (?:model|chatbot|assistant|ai|llm)) to|include|insert|attackers? (?:may|can|might|could|often|will)? ?\w*|como|comme|wie)\b|[«„“"‘])[^.!?\n]{0,60}$/;
const TRAILING_CUE = /^[\s'"”’»]*(?:attacks?|prompts?|payloads?|style|techniques?|phrases?|injections?)\b/;
const NEGATION_BEFORE =
  /\b(?:not|never|don't|dont|do not|doesn't|won't|shouldn't|should not|cannot|can't|if you|unless you|whether to|refuse to|refused to|refuses to)\s+(?:[a-z']+\s+){0,2}$/;
const FIRST_PERSON_AFTER =
  /^\s*(?:(?:i|we) (?:sent|gave|emailed|posted|wrote|shared|provided|mentioned|issued)\b|(?:from|in) (?:my|our) (?:last |previous |earlier )?(?:email|message|memo|letter|note)\b)/;
const OPENING_QUOTE = /["'“‘«„「『]\s*$/;

/** Asking or telling a model to do something, told in the third person: a description, not a command. */
const DESCRIBED_INSTRUCTION =
  /\b(?:ask(?:s|ed|ing)?|tell(?:s|ing)?|told|instruct(?:s|ed|ing)?|trick(?:s|ed|ing)?|convinc(?:e|es|ed|ing)) (?:it|them|the (?:model|chatbot|assistant|ai|llm|bot))(?: in)?to [^.!?\n]{0,40}$/;
const THIRD_PERSON_BEFORE =
  /\b(?:he|she|they|it|we|who|which|that|(?:the|a|an|our|their|his|her) [a-z]+(?: [a-z]+)?) (?:will|would|can|could|may|might|should|must|shall|did|does|has to|have to|had to|is going to|are going to|(?:wants?|wanted|tried|tries|tends?|tended|learn(?:s|ed|t)|decided|decides|chose|chooses|began|begins|started|starts|refused|refuses|used|needs?|needed) to)(?: not| also| then| simply| just)? $/;
/** Documentation about chat templates names their tokens; code builds them around placeholders. */
const MARKUP_PROSE = /\b(?:templates?|tokens|tokenizers?|chatml|markers|formatting)\b/;
const MARKUP_CODE = /\{[a-z_]+\}|\bf"|\bprompt\s*=|\\n/;

/** Facts about the whole text that damping needs; computed on the first match only. */
interface MatchContext {
  /** The text talks about attacks (injection, jailbreaks, security research). */
  readonly discussion: boolean;
  /** The text documents chat templates in prose, or builds them in code. */
  readonly markupProse: boolean;
  readonly markupCode: boolean;
}

function createMatchContext(views: Views): MatchContext {
  let discussion: boolean | undefined;
  let markupCode: boolean | undefined;
  let markupProse: boolean | undefined;
  return {
    get discussion() {
      return (discussion ??= META_TERM.test(views.base));
    },
    get markupCode() {
      return (markupCode ??= MARKUP_CODE.test(views.plain));
    },
    get markupProse() {
      return (markupProse ??= this.markupCode || MARKUP_PROSE.test(views.plain));
    },
  };
}

const DAMPED_MARKUP = 0.4;
const DAMPED_THIRD_PERSON = 0.4;
const DAMPED_DISCUSSION = 0.3;
const DAMPED_QUOTED = 0.5;
const DAMPED_NEGATION = 0.3;
const DAMPED_FIRST_PERSON = 0.4;

/** Digits inside words that mix letters and digits read as the letters they resemble ("1gn0r3"). */
function unleet(text: string): string {
  const parts: string[] = [];
  let done = 0;
  for (const joint of text.matchAll(LEET_JOINTS)) {
    if (joint.index < done) continue;
    let start = joint.index;
    while (start > done && ALNUM.test(text[start - 1] ?? '')) start -= 1;
    let end = joint.index + 2;
    while (end < text.length && ALNUM.test(text[end] ?? '')) end += 1;
    const token = text.slice(start, end);
    parts.push(
      text.slice(done, start),
      LEET_KEEP.test(token) ? token : token.replace(/[0-9]/g, (digit) => LEET[digit] ?? digit),
    );
    done = end;
  }
  parts.push(text.slice(done));
  return parts.join('');
}

function fold(separated: string, characters: string | undefined): string {
  let folded = replaceRare(separated, characters, HOMOGLYPH, (char) => HOMOGLYPHS[char] ?? char);
  if (LEET_HINT.test(folded)) folded = unleet(folded);
  return folded.replace(SPLIT_LETTERS, (run) => run.replace(/[ .]/g, '')).replace(WHITESPACE_TO_COLLAPSE, ' ');
}

/**
 * Each non-ASCII character of a text once (a surrogate pair as one). Most texts have a few (quotes,
 * dashes, accents): testing those for the rare characters that matter (invisible, homoglyphs, marks,
 * other scripts) takes the place of a regex pass over the whole text. Undefined, and the whole text
 * tested, when there are more than MAX_NON_ASCII_SHARE of them or more than MAX_DISTINCT_CHARACTERS
 * differ: then collecting them would cost more than it saves.
 */
function distinctNonAscii(text: string): string | undefined {
  const codes: number[] = [];
  let budget = text.length * MAX_NON_ASCII_SHARE;
  for (const [run] of text.matchAll(NON_ASCII_RUN)) {
    budget -= run.length;
    if (budget < 0) return undefined;
    for (let index = 0; index < run.length; index += 1) {
      const code = run.codePointAt(index) ?? 0;
      if (code > 0xffff) index += 1;
      if (codes.includes(code)) continue;
      if (codes.length === MAX_DISTINCT_CHARACTERS) return undefined;
      codes.push(code);
    }
  }
  return String.fromCodePoint(...codes);
}

/**
 * Whether a text may contain a match of a pattern of non-ASCII characters, read from the text's
 * distinct non-ASCII characters when they are known (`search` ignores the `g` flag and `lastIndex`).
 */
function mayContain(text: string, characters: string | undefined, pattern: RegExp): boolean {
  return (characters ?? text).search(pattern) !== -1;
}

/** `text.replace(pattern, replace)` for a pattern of non-ASCII characters, skipped when none occurs. */
function replaceRare(
  text: string,
  characters: string | undefined,
  pattern: RegExp,
  replace: (match: string) => string,
): string {
  return mayContain(text, characters, pattern) ? text.replace(pattern, replace) : text;
}

function toViews(text: string, rules: CompiledRules, characters: string | undefined): Views {
  const ascii = characters === '';
  const plain = ascii
    ? text.toLowerCase()
    : replaceRare(text, characters, INVISIBLE, () => '')
        .normalize('NFKC')
        .toLowerCase();
  // A text with too many non-ASCII characters to collect has too many in `plain` as well.
  const plainCharacters = ascii ? '' : characters && distinctNonAscii(plain);
  // NFD decomposes each character on its own, then only reorders marks: `base` holds no non-ASCII
  // character that the decomposed characters of `plain` lack.
  const baseCharacters = plainCharacters?.normalize('NFD');
  const base = ascii ? plain : replaceRare(plain.normalize('NFD'), baseCharacters, COMBINING_MARK, () => '');
  const separated = replaceRare(base, baseCharacters, APOSTROPHE, () => "'")
    .replace(SEPARATOR_NOISE, ' ')
    .replace(HYPHEN_IN_WORD, '$1');
  const folded = fold(separated, baseCharacters);
  // Word and plain terms are all looked up now; `substring` terms only once a gate needs them.
  const terms = rules.initialTerms.slice();
  rules.findPlainTerms(plain, terms);
  const words = new Map<string, number[]>();
  // `exec` rather than `matchAll`, which would copy this long pattern on every call.
  const { gateWords } = rules;
  gateWords.lastIndex = 0;
  for (let match = gateWords.exec(folded); match; match = gateWords.exec(folded)) {
    const positions = words.get(match[0]);
    if (positions) positions.push(match.index);
    else words.set(match[0], [match.index]);
    const id = rules.wordIds.get(match[0]);
    if (id !== undefined) terms[id] = FOUND;
  }
  let simple: string | undefined;
  return {
    plain,
    base,
    get simple() {
      return (simple ??= separated.replace(WHITESPACE_TO_COLLAPSE, ' '));
    },
    folded,
    words,
    terms,
    scripts: ascii ? NO_SCRIPTS : scriptsOf(plain, plainCharacters),
  };
}

/** Word and plain terms were all looked up with the views; a `substring` term is, the first time a gate needs it. */
function hasTerm(term: GateTerm, views: Views): boolean {
  if (views.terms[term.id] === NOT_LOOKED_UP) {
    views.terms[term.id] = views.folded.includes(term.text) ? FOUND : ABSENT;
  }
  return views.terms[term.id] === FOUND;
}

function scriptsOf(plain: string, characters: string | undefined): ReadonlySet<'cyrillic' | 'cjk'> {
  const scripts = new Set<'cyrillic' | 'cjk'>();
  if (mayContain(plain, characters, CYRILLIC)) scripts.add('cyrillic');
  if (mayContain(plain, characters, CJK)) scripts.add('cjk');
  return scripts;
}

function passesGate(rule: CompiledRule, views: Views): boolean {
  if (rule.script !== undefined && !views.scripts.has(rule.script)) return false;
  if (rule.gateTerms.length === 0) return true;
  for (const groups of rule.gateTerms) if (everyGroupFound(groups, views)) return true;
  return false;
}

// Loops rather than `some`/`every` callbacks: gates are checked for every rule on every text.
function everyGroupFound(groups: readonly (readonly GateTerm[])[], views: Views): boolean {
  for (const terms of groups) if (!someTermFound(terms, views)) return false;
  return true;
}

function someTermFound(terms: readonly GateTerm[], views: Views): boolean {
  for (const term of terms) if (hasTerm(term, views)) return true;
  return false;
}

/** One regex finding every word a folded rule's gate mentions, so that word terms are all looked up at once. */
function toGateWordPattern(words: readonly string[]): RegExp {
  const escaped = [...words]
    .sort((a, b) => b.length - a.length)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(String.raw`(?<![a-z0-9'])(?:${escaped.join('|')})(?![a-z0-9'])`, 'g');
}

/**
 * Hashes of two and three UTF-16 code units into 16 bits, for filing terms by how they start. A
 * collision costs a needless comparison, no more; pairs of ASCII characters never collide.
 */
const pairHash = (first: number, second: number) => ((first << 7) ^ second) & 0xffff;
const tripleHash = (first: number, second: number, third: number) => ((first << 10) ^ (second << 5) ^ third) & 0xffff;

/**
 * Finds which of many substrings a text contains in one pass instead of one search per term, and
 * marks them FOUND in `found`. Terms are filed under (a hash of) their first two characters, and a
 * position is compared only with the terms filed under the two characters found there, and only if
 * the third one can begin a term too. One-character terms are searched alone.
 */
function createSubstringFinder(terms: readonly GateTerm[]): (text: string, found: Uint8Array) => void {
  const singles: GateTerm[] = [];
  const byPair = new Map<number, GateTerm[]>();
  /** The pairs that are whole terms, and the first three characters of longer terms. */
  const pairTerms = new Uint8Array(1 << 16);
  const tripleStarts = new Uint8Array(1 << 16);
  for (const term of terms) {
    const { text } = term;
    if (text.length === 1) {
      singles.push(term);
      continue;
    }
    const hash = pairHash(text.charCodeAt(0), text.charCodeAt(1));
    byPair.set(hash, [...(byPair.get(hash) ?? []), term]);
    if (text.length === 2) pairTerms[hash] = 1;
    else tripleStarts[tripleHash(text.charCodeAt(0), text.charCodeAt(1), text.charCodeAt(2))] = 1;
  }
  /** Bucket 0 is empty: a pair hash no term has. */
  const bucketOfPair = new Uint16Array(1 << 16);
  const buckets: (readonly GateTerm[])[] = [[]];
  for (const [hash, filed] of byPair) {
    bucketOfPair[hash] = buckets.length;
    buckets.push(filed);
  }
  return (text, found) => {
    for (const term of singles) if (text.includes(term.text)) found[term.id] = FOUND;
    let second = text.charCodeAt(0);
    for (let index = 0; index + 1 < text.length; index += 1) {
      const first = second;
      second = text.charCodeAt(index + 1);
      const hash = pairHash(first, second);
      const bucket = bucketOfPair[hash] ?? 0;
      if (bucket === 0) continue;
      if (pairTerms[hash] === 0 && tripleStarts[tripleHash(first, second, text.charCodeAt(index + 2))] === 0) continue;
      for (const term of buckets[bucket] ?? []) {
        if (found[term.id] !== FOUND && text.startsWith(term.text, index)) found[term.id] = FOUND;
      }
    }
  };
}

function sentenceBefore(view: string, index: number): string {
  const start = Math.max(0, index - 160);
  const before = view.slice(start, index);
  const boundary = Math.max(
    before.lastIndexOf('. '),
    before.lastIndexOf('! '),
    before.lastIndexOf('? '),
    before.lastIndexOf('\n'),
  );
  return boundary === -1 ? before : before.slice(boundary + 1);
}

/** The weight a match keeps once its surroundings are considered. */
function dampedWeight(rule: InjectionRule, view: string, index: number, length: number, context: MatchContext): number {
  if (rule.markup !== undefined) {
    const documented = rule.markup === 'prose' ? context.markupProse : context.markupCode;
    return documented ? rule.weight * DAMPED_MARKUP : rule.weight;
  }
  const before = sentenceBefore(view, index);
  const after = view.slice(index + length, index + length + 40);
  let weight = rule.weight;
  if (NEGATION_BEFORE.test(before)) weight *= DAMPED_NEGATION;
  if (THIRD_PERSON_BEFORE.test(before)) weight *= DAMPED_THIRD_PERSON;
  if (FIRST_PERSON_AFTER.test(after)) weight *= DAMPED_FIRST_PERSON;
  const quoted = OPENING_QUOTE.test(before);
  if (context.discussion && (quoted || REPORTING_CUE.test(before) || TRAILING_CUE.test(after)))
    weight *= DAMPED_DISCUSSION;
  else if (DESCRIBED_INSTRUCTION.test(before)) weight *= DAMPED_DISCUSSION;
  else if (quoted && REPORTING_CUE.test(before.slice(0, -1))) weight *= DAMPED_QUOTED;
  return weight;
}

/**
 * The strongest damped match of a rule, searched in the whole view or only in the given ranges
 * (around the rule's gate words, so that a long text costs little more than a short one).
 */
function bestMatch(rule: InjectionRule, view: string, context: MatchContext, ranges?: readonly Range[]): Found {
  let best = NOT_FOUND;
  let count = 0;
  for (const [start, end] of ranges ?? [[0, view.length] as const]) {
    const window = start === 0 && end === view.length ? view : view.slice(start, end);
    rule.pattern.lastIndex = 0;
    for (; count < MAX_MATCHES_PER_RULE; count += 1) {
      const match = rule.pattern.exec(window);
      if (!match) break;
      const at = start + match.index;
      const weight = dampedWeight(rule, view, at, match[0].length, context);
      if (weight > best.weight) best = { weight, start: at, end: at + match[0].length };
      if (match[0].length === 0) rule.pattern.lastIndex += 1;
    }
  }
  return best;
}

type Range = readonly [start: number, end: number];

/** Ranges of `folded` around the rarest gate words of a rule; undefined when the whole text is cheaper. */
function rangesFor(rule: CompiledRule, views: Views): Range[] | undefined {
  if (rule.view !== 'folded' || rule.gateTerms.length === 0) return undefined;
  const anchors: number[] = [];
  for (const groups of rule.gateTerms) {
    let rarest: readonly GateTerm[] | undefined;
    let fewest = Number.POSITIVE_INFINITY;
    for (const terms of groups) {
      if (terms.some((term) => term.kind === 'substring')) continue;
      let count = 0;
      for (const term of terms) count += views.words.get(term.text)?.length ?? 0;
      if (count < fewest) {
        rarest = terms;
        fewest = count;
      }
    }
    if (rarest === undefined) return undefined;
    for (const term of rarest) anchors.push(...(views.words.get(term.text) ?? []));
  }
  anchors.sort((a, b) => a - b);
  const ranges: [number, number][] = [];
  let covered = 0;
  for (const anchor of anchors) {
    const start = Math.max(0, anchor - WINDOW_RADIUS);
    const end = Math.min(views.folded.length, anchor + WINDOW_RADIUS);
    const last = ranges.at(-1);
    if (last && start <= last[1]) {
      covered += end - last[1];
      last[1] = end;
    } else {
      covered += end - start;
      ranges.push([start, end]);
    }
  }
  return covered > views.folded.length / 2 ? undefined : ranges;
}

function printableRatio(text: string): number {
  if (text.length === 0) return 0;
  let printable = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if ((code >= 0x20 && code !== 0x7f && code !== 0xfffd) || code === 0x0a || code === 0x0d || code === 0x09)
      printable += 1;
  }
  return printable / [...text].length;
}

function asText(bytes: Buffer): string | undefined {
  const decoded = bytes.toString('utf8');
  return decoded.length >= 8 && printableRatio(decoded) > 0.95 && /[a-z]{2,}\W+[a-z]{2,}/i.test(decoded)
    ? decoded
    : undefined;
}

const isHexDigitOrSeparator = (code: number) =>
  (code >= 0x30 && code <= 0x39) ||
  (code >= 0x61 && code <= 0x66) ||
  (code >= 0x41 && code <= 0x46) ||
  code === 0x20 ||
  code === 0x3a;

/**
 * The first run, from `from` on, of at least `minLength` characters that all belong: it starts at
 * `from` or just after a character that does not belong, and ends where they stop belonging. Each
 * step reads a window of `minLength` characters from its end: a character that does not belong
 * moves the next window past it, so ordinary text is crossed a word or so at a time instead of
 * character by character.
 */
function findRun(text: string, from: number, minLength: number, belongs: (code: number) => boolean): Range | undefined {
  let start = from;
  while (start + minLength <= text.length) {
    let index = start + minLength - 1;
    while (index >= start && belongs(text.charCodeAt(index))) index -= 1;
    if (index >= start) {
      start = index + 1;
      continue;
    }
    let end = start + minLength;
    while (end < text.length && belongs(text.charCodeAt(end))) end += 1;
    return [start, end];
  }
  return undefined;
}

const isTokenCharacter = (code: number) => !isWhitespace(code);

/** The whitespace-free runs of at least MIN_TOKEN_LENGTH characters: what `(?<!\S)\S{16,}` matches. */
function longTokens(text: string): string[] {
  const tokens: string[] = [];
  let run = findRun(text, 0, MIN_TOKEN_LENGTH, isTokenCharacter);
  while (run) {
    tokens.push(text.slice(run[0], run[1]));
    run = findRun(text, run[1] + 1, MIN_TOKEN_LENGTH, isTokenCharacter);
  }
  return tokens;
}

/** Hidden payloads: encoded runs that decode to readable text, smuggled tag text, reversed bidi spans. */
function decodePayloads(text: string, characters: string | undefined): { payloads: string[]; signals: Signal[] } {
  const payloads: string[] = [];
  const signals: Signal[] = [];
  const add = (payload: string | undefined) => {
    if (payload !== undefined && payloads.length < MAX_DECODED_PAYLOADS) payloads.push(payload);
  };

  if (characters !== '' && text.includes('\uDB40')) {
    for (const match of text.matchAll(TAG_RUN)) {
      const run = match[2] ?? '';
      const isFlag = match[1] !== undefined && run.endsWith('\uDB40\uDC7F');
      if (isFlag) continue;
      signals.push({ id: 'unicode_tags', category: 'obfuscation', weight: 0.45 });
      const hidden = [...run].map((char) => String.fromCharCode((char.codePointAt(0) ?? 0xe0000) - 0xe0000)).join('');
      add(hidden.replace(/[^\x20-\x7e]/g, ''));
    }
  }
  if (mayContain(text, characters, BIDI_CONTROL)) {
    signals.push({ id: 'bidi_control', category: 'obfuscation', weight: 0.25 });
    for (const match of text.matchAll(RIGHT_TO_LEFT_OVERRIDE)) add([...(match[1] ?? '')].reverse().join(''));
  }
  const zeroWidth = mayContain(text, characters, ZERO_WIDTH) ? (text.match(ZERO_WIDTH_IN_WORD)?.length ?? 0) : 0;
  if (zeroWidth > 0)
    signals.push({ id: 'zero_width_in_word', category: 'obfuscation', weight: zeroWidth > 1 ? 0.3 : 0.15 });

  for (const token of longTokens(text)) {
    for (const match of token.matchAll(BASE64_RUN)) {
      const run = match[0];
      if (!/[a-z]/.test(run) || !/[A-Z]/.test(run)) continue;
      add(asText(Buffer.from(run.replace(/-/g, '+').replace(/_/g, '/'), 'base64')));
    }
    if (token.includes('\\x')) {
      for (const match of token.matchAll(ESCAPED_HEX_RUN))
        add(asText(Buffer.from(match[0].replace(/\\x/g, ''), 'hex')));
    }
    if (token.includes('%')) {
      for (const match of token.matchAll(PERCENT_RUN)) add(asText(Buffer.from(match[0].replace(/%/g, ''), 'hex')));
    }
  }
  if (findRun(text, 0, HEX_HINT_LENGTH, isHexDigitOrSeparator) && HEX_HINT.test(text)) {
    for (const match of text.matchAll(HEX_RUN)) add(asText(Buffer.from(match[0].replace(/[ :]/g, ''), 'hex')));
  }
  if (text.includes('&#')) {
    for (const match of text.matchAll(ENTITY_RUN)) {
      const decoded = match[0].replace(/&#(x?)([0-9a-f]+);/gi, (_entity, isHex: string, digits: string) =>
        String.fromCodePoint(Math.min(0x10ffff, Number.parseInt(digits, isHex ? 16 : 10))),
      );
      add(decoded);
    }
  }
  if (ROT13_HINT.test(text)) {
    add(
      text.replace(/[a-z]/gi, (char) => {
        const base = char <= 'Z' ? 65 : 97;
        return String.fromCharCode(((char.charCodeAt(0) - base + 13) % 26) + base);
      }),
    );
  }
  return { payloads, signals };
}

/** Each text's folded view, for a reader of the views (the learned classifier) that wants them. */
type ViewSink = (folded: string) => void;

function matchRules(
  text: string,
  rules: CompiledRules,
  source: string,
  characters = distinctNonAscii(text),
  sink?: ViewSink,
): Signal[] {
  const views = toViews(text, rules, characters);
  sink?.(views.folded);
  const context = createMatchContext(views);
  const signals: Signal[] = [];
  for (const rule of rules.rules) {
    if (!passesGate(rule, views)) continue;
    const view = rule.view === 'plain' ? views.plain : views.folded;
    const found = bestMatch(rule, view, context, rangesFor(rule, views));
    if (found.weight <= 0) continue;
    const span = { source: `${source}:${rule.view}`, start: found.start, end: found.end };
    signals.push({ id: rule.id, category: rule.category, weight: found.weight, span });
    const disguised = rule.view === 'folded' && found.weight >= 0.3 && views.folded !== views.simple;
    if (disguised && bestMatch(rule, views.simple, context).weight === 0) {
      signals.push({ id: 'folded_match', category: 'obfuscation', weight: 0.45 });
    }
  }
  return signals;
}

interface CompiledRules {
  readonly rules: readonly CompiledRule[];
  /** Per gate term (by id), its state before a text is read: ABSENT, or NOT_LOOKED_UP for `substring` terms. */
  readonly initialTerms: Uint8Array;
  readonly gateWords: RegExp;
  readonly wordIds: ReadonlyMap<string, number>;
  readonly findPlainTerms: (text: string, found: Uint8Array) => void;
}

/** Each scanner's own copies of the rules (regexes keep state), with gate terms numbered. */
function compileRules(source: readonly InjectionRule[]): CompiledRules {
  const terms = new Map<string, GateTerm>();
  const termOf = (kind: GateTerm['kind'], text: string): GateTerm => {
    const key = `${kind}:${text}`;
    let term = terms.get(key);
    if (!term) {
      term = { id: terms.size, kind, text };
      terms.set(key, term);
    }
    return term;
  };
  const rules = source.map((rule) => {
    const toTerm = (term: string): GateTerm => {
      if (rule.view === 'plain') return termOf('plain', term);
      return term.startsWith('~') ? termOf('substring', term.slice(1)) : termOf('word', term);
    };
    return {
      ...rule,
      pattern: new RegExp(rule.pattern.source, rule.pattern.flags),
      gateTerms: rule.gate.map((groups) => groups.map((group) => group.map(toTerm))),
    };
  });
  const all = [...terms.values()];
  const words = all.filter((term) => term.kind === 'word');
  return {
    rules,
    initialTerms: Uint8Array.from(all, (term) => (term.kind === 'substring' ? NOT_LOOKED_UP : ABSENT)),
    gateWords: toGateWordPattern(words.map((term) => term.text)),
    wordIds: new Map(words.map((term) => [term.text, term.id])),
    findPlainTerms: createSubstringFinder(all.filter((term) => term.kind === 'plain')),
  };
}

function collectSignals(text: string, rules: CompiledRules, sink?: ViewSink): Signal[] {
  const characters = distinctNonAscii(text);
  const signals = matchRules(text, rules, 'text', characters, sink);
  const hidden = decodePayloads(text, characters);
  signals.push(...hidden.signals);
  for (const [index, payload] of hidden.payloads.entries()) {
    const found = matchRules(payload, rules, `payload${index}`, undefined, sink).filter(
      (signal) => signal.weight >= 0.2,
    );
    if (found.length === 0) continue;
    signals.push(...found, { id: 'encoded_payload', category: 'obfuscation', weight: 0.45 });
  }
  const styled = mayContain(text, characters, STYLED_LETTER) ? (text.match(STYLED_LETTER)?.length ?? 0) : 0;
  if (styled >= 8 && signals.some((signal) => signal.weight >= 0.3)) {
    signals.push({ id: 'styled_letters', category: 'obfuscation', weight: 0.3 });
  }
  return signals;
}

function nested(a: Span, b: Span): boolean {
  return a.source === b.source && ((a.start <= b.start && b.end <= a.end) || (b.start <= a.start && a.end <= b.end));
}

/**
 * Combines independent evidence: 1 - Π(1 - w). Each signal id counts once at its strongest, and
 * of two rules of one category whose matches nest, only the stronger counts, so that a phrase two
 * rules describe is not evidence twice.
 */
function combine(signals: readonly Signal[]): { score: number; categories: string[]; evidence: string[] } {
  const byId = new Map<string, Signal>();
  for (const signal of signals) {
    const current = byId.get(signal.id);
    if (!current || current.weight < signal.weight) byId.set(signal.id, signal);
  }
  const kept: Signal[] = [];
  for (const signal of [...byId.values()].sort((a, b) => b.weight - a.weight)) {
    const { span } = signal;
    const duplicate =
      span !== undefined &&
      kept.some((other) => other.category === signal.category && other.span !== undefined && nested(other.span, span));
    if (!duplicate) kept.push(signal);
  }
  const strongest = new Map(kept.map((signal) => [signal.id, signal]));
  let remaining = 1;
  const byCategory = new Map<string, number>();
  for (const signal of strongest.values()) {
    remaining *= 1 - signal.weight;
    if (signal.weight >= MIN_CATEGORY_WEIGHT) {
      byCategory.set(signal.category, Math.max(byCategory.get(signal.category) ?? 0, signal.weight));
    }
  }
  const categories = [...byCategory.entries()].sort((a, b) => b[1] - a[1]).map(([category]) => category);
  const evidence = [...strongest.values()]
    .filter((signal) => signal.weight >= MIN_CATEGORY_WEIGHT)
    .sort((a, b) => b.weight - a.weight)
    .map((signal) => signal.id);
  const corroborated = [...strongest.values()].some((signal) => signal.weight >= MIN_DECISIVE_WEIGHT);
  const score = corroborated ? 1 - remaining : Math.min(1 - remaining, WEAK_EVIDENCE_CAP);
  return { score: Math.round(score * 1000) / 1000, categories, evidence };
}

/**
 * The folded views of a text and of each payload decoded from it (base64, hex, escapes, tag
 * characters, reversed bidi spans, ROT13): what the learned classifier reads, here for training it.
 */
export function createViewReader(): (text: string) => string[] {
  const rules = compileRules(INJECTION_RULES);
  return (text) => {
    const views: string[] = [];
    collectSignals(text, rules, (folded) => views.push(folded));
    return views;
  };
}

const round = (value: number) => Math.round(value * 1000) / 1000;

/**
 * A heuristic prompt-injection scanner. It reads normalised copies of the text (NFKC, invisible
 * characters removed, homoglyphs, leetspeak and split letters folded, encoded runs decoded) and
 * never changes the text itself. Weighted rules combine as independent evidence (1 - Π(1 - w));
 * quoting or reporting language in a text about attacks, negation, third-person description and
 * documentation of chat templates lower a match's weight, so that articles about injection and
 * everyday uses of "ignore", "system" or "act as" pass. A verdict's `categories` name the evidence
 * found, also below the threshold; `injection` is true when the score reaches the threshold.
 */
export function createInjectionScanner(options: InjectionScannerOptions): InjectionScanner {
  const threshold = options.threshold ?? 0.5;
  if (!(threshold >= 0 && threshold <= 1)) throw new RangeError('threshold must be between 0 and 1');
  if (options.policy === 'off')
    return { scan: () => ({ injection: false, score: 0, categories: [], action: 'allow' }) };
  const rules = compileRules(INJECTION_RULES);
  const action = options.policy;
  const { classifier } = options;

  return {
    scan(text: string): SecurityVerdict {
      const views: string[] = [];
      const found = combine(collectSignals(text, rules, classifier && ((folded) => views.push(folded))));
      let { score } = found;
      const { categories, evidence } = found;
      let probability: number | undefined;
      if (classifier) {
        probability = classifier.probability(views);
        score = Math.max(score, round(classifier.toScore(probability)));
        if (probability >= classifier.threshold) {
          evidence.push('classifier');
          if (categories.length === 0) categories.push('classifier');
        }
      }
      const injection = score >= threshold && score > 0;
      return {
        injection,
        score,
        categories,
        action: injection ? action : 'allow',
        evidence,
        ...(probability === undefined ? {} : { classifier_probability: round(probability) }),
      };
    },
  };
}
