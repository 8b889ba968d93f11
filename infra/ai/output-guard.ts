import { ModelOutputError } from '../../domain/errors.js';
import { countWords, parseList } from '../../domain/output-parsing.js';
import type { ModelRequest, OutputGuard } from '../../domain/ports.js';
import { CANARY_PATTERN } from './prompt-fence.js';

/** Why an answer was rejected; stable codes for metrics and logs. */
export type OutputRejectionReason =
  | 'empty'
  | 'canary_leak'
  | 'instruction_leak'
  | 'refusal'
  | 'too_long'
  | 'no_items'
  | 'injected_marker'
  | 'foreign_url';

export interface OutputRejection {
  readonly reason: OutputRejectionReason;
  readonly provider: string;
  readonly operation: ModelRequest['input']['operation'];
  readonly detail: string;
}

export interface OutputGuardOptions {
  /** The canary planted in this request's system message, when the caller knows it. */
  readonly canaryOf?: (request: ModelRequest) => string | undefined;
  /** Any text matching this counts as a leaked canary; `fencePrompt`'s pattern by default, `null` to disable. */
  readonly canaryPattern?: RegExp | null;
  /** Shortest verbatim run (characters, after whitespace and case folding) of the system instructions that counts as a leak. Default 60. */
  readonly minLeakLength?: number;
  /** A summary may run to this many times `max_length` words before it is rejected. Default 2.5. */
  readonly maxLengthFactor?: number;
  /** Called once per rejected answer, before the error is thrown. */
  readonly onReject?: (rejection: OutputRejection) => void;
}

const REFUSAL_OPENINGS: readonly RegExp[] = [
  /^(?:i'?m|i am) (?:sorry|afraid)[,.!]?\s*(?:but\s+)?(?:i|as an ai)\b[^.!?\n]{0,80}?\b(?:can(?:not|'t)|won'?t|unable|not able|must decline)\b/,
  /^(?:sorry|unfortunately|apologies|my apologies)[,.!]?\s*(?:but\s+)?i(?:'m| am)? (?:can(?:not|'t)|won'?t|unable|not able|must decline)\b/,
  /^as an ai(?: language model| assistant| model)?,? i (?:can(?:not|'t)|don'?t|do not|am (?:not able|unable)|won'?t)\b/,
  /^i (?:can(?:not|'t)|won'?t|am unable to|am not able to|'m unable to|'m not able to|must decline to) (?:help|assist|comply|fulfil+|provide|do|complete|process|summari[sz]e|answer|analy[sz]e|generate|extract|perform|respond)(?: (?:you )?with)? (?:that|this|your request|this request|the request|this task|the task|it)\b/,
  /^i must (?:decline|refuse)\b/,
];
/** After a refusal sentence, less than this much text means nothing was actually answered. */
const REFUSAL_REMAINDER = 80;

/** Output an injected instruction typically asks for; checked only when the input lacks it. */
const SHOUTED_MARKER = /\b(?:HACKED|PWNED|PWND|OWNED|INJECTED|JAILBROKEN|ACCESS GRANTED)\b/;
const MARKER_PHRASE =
  /\b(?:i have been pwned|haha pwned|pwned|pwnd|dan mode enabled|developer mode enabled|jailbreak successful)\b/i;
const URL_PATTERN = /\b(?:https?:\/\/|www\.)[^\s<>()[\]"'`]+/gi;
const MARKDOWN_IMAGE = /!\[[^\]\n]{0,200}\]\(\s*<?([^\s)>"'`]+)/g;
/** Ends a sentence or a quotation around a link, never the link itself. */
const TRAILING_PUNCTUATION = /[.,;:!?*_~…”’»]+$/;

/** Whitespace runs that are not already one space: replacing every `\s+` run by a space gives the
 * same text, but rewrites each single space between words (most of an answer's matches). */
const UNFOLDED_WHITESPACE = /\s{2,}|[^\S ]/g;

function normalize(text: string): string {
  return text.toLowerCase().replace(UNFOLDED_WHITESPACE, ' ').trim();
}

/**
 * A run of at least `length` characters of `source` that appears in `answer` but not in `input`.
 * Any such run holds one of the source's probes (pieces of `length / 2` characters starting at
 * multiples of `length / 2`), so only the probes are searched for — with the native `indexOf` —
 * and each hit is grown to the longest run the answer and the source share around it.
 */
function leakedRun(answer: string, source: string, input: () => string, length: number): string | undefined {
  if (answer.length < length || source.length < length) return undefined;
  const half = Math.floor(length / 2);
  // Windows of the answer (by start) already found in the user text: each is looked up once.
  const quoted = new Set<number>();
  for (let probe = 0; probe + half <= source.length; probe += half) {
    const piece = source.slice(probe, probe + half);
    for (let at = answer.indexOf(piece); at !== -1; at = answer.indexOf(piece, at + 1)) {
      let before = 0;
      while (before < probe && before < at && source[probe - before - 1] === answer[at - before - 1]) before += 1;
      let after = half;
      while (
        probe + after < source.length &&
        at + after < answer.length &&
        source[probe + after] === answer[at + after]
      )
        after += 1;
      for (let start = at - before; start + length <= at + after; start += 1) {
        if (quoted.has(start)) continue;
        const window = answer.slice(start, start + length);
        if (!input().includes(window)) return window;
        quoted.add(start);
      }
    }
  }
  return undefined;
}

function foldQuotes(text: string): string {
  return text.toLowerCase().replace(/[’‘]/g, "'");
}

/** A refusal opening the answer; one quoted from the input ("I cannot help it," she said) is extraction. */
function isRefusal(answer: string, input: () => string): boolean {
  const opening = foldQuotes(answer.trim().replace(/^[\s"'“*_>#-]+/, ''));
  if (!REFUSAL_OPENINGS.some((pattern) => pattern.test(opening))) return false;
  const firstSentenceEnd = opening.search(/[.!?](?:\s|$)|\n/);
  const remainder = firstSentenceEnd === -1 ? '' : opening.slice(firstSentenceEnd + 1).trim();
  if (remainder.length >= REFUSAL_REMAINDER) return false;
  // Without its final punctuation or the "…" of a cut: the words are what the input must hold.
  const firstSentence = normalize(firstSentenceEnd === -1 ? opening : opening.slice(0, firstSentenceEnd)).replace(
    /[\s….,;:!?\-–—]+$/,
    '',
  );
  return !foldQuotes(input()).includes(firstSentence);
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url.startsWith('www.') ? `https://${url}` : url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/** A URL the input does not contain; the same host is enough for a plain link without a query. */
function foreignUrl(answer: string, input: string): string | undefined {
  // Lower-cased only for an answer with a link: most have none, and the input is the whole text.
  let lowered: string | undefined;
  const haystack = () => (lowered ??= input.toLowerCase());
  for (const match of answer.matchAll(MARKDOWN_IMAGE)) {
    const url = (match[1] ?? '').replace(TRAILING_PUNCTUATION, '');
    if (!haystack().includes(url.toLowerCase())) return url;
  }
  for (const match of answer.matchAll(URL_PATTERN)) {
    const url = match[0].replace(TRAILING_PUNCTUATION, '');
    if (haystack().includes(url.toLowerCase())) continue;
    const host = hostOf(url);
    const hasQuery = /[?#]/.test(url);
    if (hasQuery || host === undefined || !haystack().includes(host)) return url;
  }
  return undefined;
}

/** `input` is normalised: a marker phrase the text breaks across lines is still the text's. */
function injectedMarker(answer: string, input: () => string): string | undefined {
  const found = SHOUTED_MARKER.exec(answer)?.[0] ?? MARKER_PHRASE.exec(answer)?.[0];
  return found !== undefined && !input().includes(normalize(found)) ? found : undefined;
}

/** A canary-shaped string the input does not contain: a request's canary is random, so a quoted one is not it. */
function leakedCanary(answer: string, pattern: RegExp, input: string): boolean {
  const global = new RegExp(pattern.source, `${pattern.flags}g`);
  return [...answer.matchAll(global)].some((match) => !input.includes(match[0]));
}

/**
 * Checks a model's raw answer before it is parsed and throws `ModelOutputError` when it leaked
 * the canary or a long verbatim run of the system instructions, refused a task it could do, came
 * back empty, far too long (summaries) or without items (lists), or followed instructions injected
 * in the text (shouted HACKED/PWNED-style markers, links and images that are not in the input).
 * It is lenient by design: it never rejects an answer for mentioning words such as "summary",
 * "sentiment", "my role" or "TODO", and list length is left to the parsers, which trim.
 */
export function createOutputGuard(options: OutputGuardOptions = {}): OutputGuard {
  const minLeakLength = options.minLeakLength ?? 60;
  const maxLengthFactor = options.maxLengthFactor ?? 2.5;
  const configured = options.canaryPattern === undefined ? CANARY_PATTERN : options.canaryPattern;
  const canaryPattern = configured && new RegExp(configured.source, configured.flags.replace(/[gy]/g, ''));
  if (!Number.isInteger(minLeakLength) || minLeakLength < 20)
    throw new RangeError('minLeakLength must be an integer of at least 20');
  if (!(maxLengthFactor >= 1)) throw new RangeError('maxLengthFactor must be at least 1');
  // Every request of an operation has the same system instructions: normalised once, not per answer.
  let lastSystem: string | undefined;
  let lastNormalizedSystem = '';
  const normalizedSystem = (system: string) => {
    if (system !== lastSystem) {
      lastSystem = system;
      lastNormalizedSystem = normalize(system);
    }
    return lastNormalizedSystem;
  };

  return (answer, request, provider) => {
    const { input } = request;
    const reject = (reason: OutputRejectionReason, detail: string): never => {
      options.onReject?.({ reason, provider, operation: input.operation, detail });
      throw new ModelOutputError(`Model answer rejected (${reason}): ${detail}`, provider);
    };
    const inputText = input.question ? `${input.text}\n${input.question}` : input.text;

    if (answer.trim() === '') reject('empty', 'the answer is empty');

    const canary = options.canaryOf?.(request);
    if (
      (canary && answer.includes(canary)) ||
      (canaryPattern && canaryPattern.test(answer) && leakedCanary(answer, canaryPattern, inputText))
    ) {
      reject('canary_leak', 'the answer contains the confidential canary of the system message');
    }

    let normalizedInput: string | undefined;
    const normalizedInputText = () => (normalizedInput ??= normalize(inputText));
    const leak = leakedRun(
      normalize(answer),
      normalizedSystem(request.instructions.system),
      normalizedInputText,
      minLeakLength,
    );
    if (leak !== undefined)
      reject('instruction_leak', `the answer repeats the system instructions ("${leak.slice(0, 40)}…")`);

    if (isRefusal(answer, normalizedInputText)) reject('refusal', 'the model refused a task it can do');

    const marker = injectedMarker(answer, normalizedInputText);
    if (marker !== undefined) reject('injected_marker', `the answer contains "${marker}", which the text does not`);

    const url = foreignUrl(answer, inputText);
    if (url !== undefined)
      reject('foreign_url', `the answer links to ${url.slice(0, 80)}, which the text does not contain`);

    if (input.operation === 'summarize') {
      const limit = Math.ceil(input.options.max_length * maxLengthFactor);
      const words = countWords(answer);
      if (words > limit) reject('too_long', `the summary has ${words} words, more than ${limit}`);
    }
    if ((input.operation === 'key_points' || input.operation === 'questions') && parseList(answer).length === 0) {
      reject('no_items', 'the answer contains no list items');
    }
  };
}
