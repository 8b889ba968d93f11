import type { InjectionScanner } from '../../domain/ports.js';
import type { SecurityVerdict } from '../../domain/schemas.js';
import { INJECTION_RULES, type InjectionCategory, type InjectionRule } from './injection-rules.js';

export type { InjectionCategory } from './injection-rules.js';

/** What to do with a text whose score reaches the threshold. `off` skips scanning entirely. */
export type InjectionPolicy = 'block' | 'flag' | 'off';

export interface InjectionScannerOptions {
  readonly policy: InjectionPolicy;
  /** Score (0..1) at or above which a text counts as an injection. Default 0.5. */
  readonly threshold?: number;
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
  /** Gate substrings already looked up in this text. */
  readonly substrings: Map<string, boolean>;
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
const ZERO_WIDTH_IN_WORD = /[a-z][\u200B-\u200D\u2060-\u2064\uFEFF]+(?=[a-z])/gi;
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
const RIGHT_TO_LEFT_OVERRIDE = /\u202E([^\u202C\u2069\n]{4,400})/g;
/** Unicode tag runs; a flag emoji (U+1F3F4 + tags + U+E007F) is the one legitimate use. */
const TAG_RUN = /(\uD83C\uDFF4)?((?:\uDB40[\uDC00-\uDC7F])+)/g;
const STYLED_LETTER = /[\uFF21-\uFF3A\uFF41-\uFF5A\u24B6-\u24E9]|\uD835[\uDC00-\uDFFF]/g;
// eslint-disable-next-line no-misleading-character-class -- ranges of combining marks, removed on purpose
const COMBINING_MARK = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+/g;
const NON_ASCII = /[\u0080-\uffff]/;
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

const LONG_TOKEN = /(?<!\S)\S{16,}/g;
const BASE64_RUN = /[A-Za-z0-9+/]{16,}={0,2}|[A-Za-z0-9_-]{24,}/g;
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

function fold(separated: string, ascii: boolean): string {
  let folded = ascii ? separated : separated.replace(HOMOGLYPH, (char) => HOMOGLYPHS[char] ?? char);
  if (LEET_HINT.test(folded)) folded = unleet(folded);
  return folded.replace(SPLIT_LETTERS, (run) => run.replace(/[ .]/g, '')).replace(/\s+/g, ' ');
}

function toViews(text: string, gateWords: RegExp): Views {
  const ascii = !NON_ASCII.test(text);
  const plain = ascii ? text.toLowerCase() : text.replace(INVISIBLE, '').normalize('NFKC').toLowerCase();
  const base = ascii ? plain : plain.normalize('NFD').replace(COMBINING_MARK, '');
  const separated = (ascii ? base : base.replace(APOSTROPHE, "'"))
    .replace(SEPARATOR_NOISE, ' ')
    .replace(HYPHEN_IN_WORD, '$1');
  const folded = fold(separated, ascii);
  const words = new Map<string, number[]>();
  for (const match of folded.matchAll(gateWords)) {
    const positions = words.get(match[0]);
    if (positions) positions.push(match.index);
    else words.set(match[0], [match.index]);
  }
  let simple: string | undefined;
  return {
    plain,
    base,
    get simple() {
      return (simple ??= separated.replace(/\s+/g, ' '));
    },
    folded,
    words,
    substrings: new Map(),
    scripts: ascii ? NO_SCRIPTS : scriptsOf(plain),
  };
}

function hasTerm(term: string, rule: InjectionRule, views: Views): boolean {
  if (rule.view === 'folded' && !term.startsWith('~')) return views.words.has(term);
  const key = rule.view === 'plain' ? term : `~${term}`;
  let found = views.substrings.get(key);
  if (found === undefined) {
    const view = rule.view === 'plain' ? views.plain : views.folded;
    const needle = rule.view === 'plain' ? term : term.slice(1);
    const lead = `${rule.view === 'plain' ? '' : '~'}${needle.charAt(0)}`;
    let leadFound = views.substrings.get(lead);
    if (leadFound === undefined) {
      leadFound = view.includes(needle.charAt(0));
      views.substrings.set(lead, leadFound);
    }
    found = leadFound && (needle.length === 1 || view.includes(needle));
    views.substrings.set(key, found);
  }
  return found;
}

function scriptsOf(plain: string): ReadonlySet<'cyrillic' | 'cjk'> {
  const scripts = new Set<'cyrillic' | 'cjk'>();
  if (CYRILLIC.test(plain)) scripts.add('cyrillic');
  if (CJK.test(plain)) scripts.add('cjk');
  return scripts;
}

function passesGate(rule: InjectionRule, views: Views): boolean {
  if (rule.script !== undefined && !views.scripts.has(rule.script)) return false;
  if (rule.gate.length === 0) return true;
  return rule.gate.some((groups) => groups.every((terms) => terms.some((term) => hasTerm(term, rule, views))));
}

/** One regex finding every word a folded rule's gate mentions, so gates are set look-ups. */
function toGateWordPattern(rules: readonly InjectionRule[]): RegExp {
  const words = new Set<string>();
  for (const rule of rules) {
    if (rule.view !== 'folded') continue;
    for (const term of rule.gate.flat(2)) if (!term.startsWith('~')) words.add(term);
  }
  const escaped = [...words]
    .sort((a, b) => b.length - a.length)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(String.raw`(?<![a-z0-9'])(?:${escaped.join('|')})(?![a-z0-9'])`, 'g');
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
function rangesFor(rule: InjectionRule, views: Views): Range[] | undefined {
  if (rule.view !== 'folded' || rule.gate.length === 0) return undefined;
  const anchors: number[] = [];
  for (const groups of rule.gate) {
    let rarest: number[] | undefined;
    for (const terms of groups) {
      if (terms.some((term) => term.startsWith('~'))) continue;
      const positions = terms.flatMap((term) => views.words.get(term) ?? []);
      if (rarest === undefined || positions.length < rarest.length) rarest = positions;
    }
    if (rarest === undefined) return undefined;
    anchors.push(...rarest);
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

/** Hidden payloads: encoded runs that decode to readable text, smuggled tag text, reversed bidi spans. */
function decodePayloads(text: string): { payloads: string[]; signals: Signal[] } {
  const payloads: string[] = [];
  const signals: Signal[] = [];
  const add = (payload: string | undefined) => {
    if (payload !== undefined && payloads.length < MAX_DECODED_PAYLOADS) payloads.push(payload);
  };

  const ascii = !NON_ASCII.test(text);
  if (!ascii && text.includes('\uDB40')) {
    for (const match of text.matchAll(TAG_RUN)) {
      const run = match[2] ?? '';
      const isFlag = match[1] !== undefined && run.endsWith('\uDB40\uDC7F');
      if (isFlag) continue;
      signals.push({ id: 'unicode_tags', category: 'obfuscation', weight: 0.45 });
      const hidden = [...run].map((char) => String.fromCharCode((char.codePointAt(0) ?? 0xe0000) - 0xe0000)).join('');
      add(hidden.replace(/[^\x20-\x7e]/g, ''));
    }
  }
  if (!ascii && BIDI_CONTROL.test(text)) {
    signals.push({ id: 'bidi_control', category: 'obfuscation', weight: 0.25 });
    for (const match of text.matchAll(RIGHT_TO_LEFT_OVERRIDE)) add([...(match[1] ?? '')].reverse().join(''));
  }
  const zeroWidth = ascii ? 0 : (text.match(ZERO_WIDTH_IN_WORD)?.length ?? 0);
  if (zeroWidth > 0)
    signals.push({ id: 'zero_width_in_word', category: 'obfuscation', weight: zeroWidth > 1 ? 0.3 : 0.15 });

  for (const [token] of text.matchAll(LONG_TOKEN)) {
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
  if (HEX_HINT.test(text)) {
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

function matchRules(text: string, rules: CompiledRules, source: string): Signal[] {
  const views = toViews(text, rules.gateWords);
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
  readonly rules: readonly InjectionRule[];
  readonly gateWords: RegExp;
}

function collectSignals(text: string, rules: CompiledRules): Signal[] {
  const signals = matchRules(text, rules, 'text');
  const hidden = decodePayloads(text);
  signals.push(...hidden.signals);
  for (const [index, payload] of hidden.payloads.entries()) {
    const found = matchRules(payload, rules, `payload${index}`).filter((signal) => signal.weight >= 0.2);
    if (found.length === 0) continue;
    signals.push(...found, { id: 'encoded_payload', category: 'obfuscation', weight: 0.45 });
  }
  const styled = text.match(STYLED_LETTER)?.length ?? 0;
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
function combine(signals: readonly Signal[]): { score: number; categories: string[] } {
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
  const corroborated = [...strongest.values()].some((signal) => signal.weight >= MIN_DECISIVE_WEIGHT);
  const score = corroborated ? 1 - remaining : Math.min(1 - remaining, WEAK_EVIDENCE_CAP);
  return { score: Math.round(score * 1000) / 1000, categories };
}

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
  const compiled = INJECTION_RULES.map((rule) => ({
    ...rule,
    pattern: new RegExp(rule.pattern.source, rule.pattern.flags),
  }));
  const rules: CompiledRules = { rules: compiled, gateWords: toGateWordPattern(compiled) };
  const action = options.policy;

  return {
    scan(text: string): SecurityVerdict {
      const { score, categories } = combine(collectSignals(text, rules));
      const injection = score >= threshold && score > 0;
      return { injection, score, categories, action: injection ? action : 'allow' };
    },
  };
}
