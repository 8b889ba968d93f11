import { CREDIT_LINE, withoutDateline } from '../text/news-copy.js';
import { byScore, rankSentences, termOverlap, type RankedSentence } from '../text/sentence-ranking.js';
import type { Sentence, TextAnalysis, Token } from '../text/text-analyzer.js';
import { spanText, SPEECH_VERBS } from '../text/tokens.js';
import { asProse, truncateWords } from '../text/words.js';
import { linkLines } from './link-lines.js';
import { quotedSentences } from './summary-quotes.js';

export interface SummaryOptions {
  /** Upper bound of the summary, in words. */
  readonly maxLength: number;
}

/**
 * Share of the text a summary may take when `maxLength` allows more: the budget is filled, but a
 * "summary" of most of the text is the text (not tuned: no tuning set has summaries this long).
 */
const MAX_SHARE_OF_TEXT = 0.6;
/** Jaccard overlap of content terms above which a sentence repeats one already chosen. */
const REDUNDANT_OVERLAP = 0.5;
const LIST_ITEM_FACTOR = 0.8;
const MIN_SENTENCE_WORDS = 4;
const MIN_CLAUSE_WORDS = 6;
/**
 * 0..1: how much the position prior counts against TextRank centrality; news puts its gist first.
 * Tuned on CNN/DailyMail validation (0.2–0.5 score alike there; 0.7 and up fall to Lead-3's level).
 */
const POSITION_WEIGHT = 0.5;
/** Sentences after which the position prior falls to 1/e (2, 4 and 8 score alike on validation). */
const POSITION_DECAY = 4;
/** A word as a reader counts it: a run of non-space characters with a letter or digit ("--" is none). */
const WORD = /[\p{L}\p{N}]/u;

function countReadWords(text: string): number {
  return text.split(/\s+/).filter((word) => WORD.test(word)).length;
}

/**
 * An extractive summary: sentences ranked by TextRank centrality (PageRank over their TF-ISF
 * cosines) blended with a position prior, then taken best first as whole sentences while they fit
 * in `maxLength` words (and in about 60% of the text), a sentence that repeats a chosen one
 * skipped, and put back in text order; quoted speech and headlines of links set in the copy are
 * left out. When the best sentence alone is longer
 * than `maxLength`, it is cut to a leading clause that fits, or to `maxLength` words and "…".
 */
export function summarize(analysis: TextAnalysis, options: SummaryOptions): string {
  const ranking = { positionWeight: POSITION_WEIGHT, centrality: 'graph', positionDecay: POSITION_DECAY } as const;
  let ranked = rankSentences(analysis, { ...ranking, minWords: 4 });
  if (ranked.length === 0) ranked = rankSentences(analysis, { ...ranking, minWords: 1 });
  const quoted = quotedSentences(analysis.sentences);
  const links = linkLines(analysis.sentences);
  const eligible = ranked
    .filter((entry) => !CREDIT_LINE.test(entry.sentence.text) && !links.has(entry.sentence.index))
    // A list item's second sentence ("The default is 3600 seconds.") means little without its first.
    .filter(
      (entry, position) =>
        entry.sentence.kind !== 'item' || ranked[position - 1]?.sentence.block !== entry.sentence.block,
    )
    .map((entry) => (entry.sentence.kind === 'item' ? { ...entry, score: entry.score * LIST_ITEM_FACTOR } : entry));
  // Quoted speech ("I'm not a child.") reads out of place in a summary in the writer's voice.
  const unquoted = eligible.filter((entry) => !quoted.has(entry.sentence.index));
  const ordered = byScore(unquoted.length > 0 ? unquoted : eligible);
  const best = ordered[0];
  if (!best) return '';

  const bestText = withoutDateline(fitSentence(analysis, best.sentence, options.maxLength));
  const chosen: { index: number; text: string }[] = [{ index: best.sentence.index, text: bestText }];
  const kept: RankedSentence[] = [best];
  // The budget counts words as a reader does, so that spaced punctuation (" -- ", " ,") takes none of it.
  const totalWords = ranked.reduce((sum, entry) => sum + countReadWords(entry.sentence.text), 0);
  let used = countReadWords(bestText);
  const budget = Math.max(used, Math.min(options.maxLength, Math.ceil(totalWords * MAX_SHARE_OF_TEXT)));
  for (const entry of ordered.slice(1)) {
    if (budget - used < MIN_SENTENCE_WORDS) break;
    const text = withoutDateline(asProse(entry.sentence.text));
    const words = countReadWords(text);
    if (used + words > budget) continue;
    if (kept.some((other) => termOverlap(other.terms, entry.terms) > REDUNDANT_OVERLAP)) continue;
    chosen.push({ index: entry.sentence.index, text });
    kept.push(entry);
    used += words;
  }
  return chosen
    .sort((first, second) => first.index - second.index)
    .map((part) => part.text)
    .join(' ');
}

const CLAUSE_BREAKS: ReadonlySet<string> = new Set([',', ';', '—', '–', '(', ':']);
/** Clauses that qualify or reverse what precedes them: cutting before them changes the meaning. */
const KEEPS_MEANING_WITH: ReadonlySet<string> = new Set([
  'but',
  'yet',
  'although',
  'though',
  'unless',
  'except',
  'while',
  'whereas',
  'if',
  'not',
  'only',
  'despite',
]);

const isVerbLike = (token: Token) => token.pos === 'VERB' || token.pos === 'AUX';

/**
 * Whether the clause ends before what its last reporting verb reports: "La Stampa says the
 * women, aged 21," has no verb between "says" and the aside, so "were spotted" is cut off.
 */
function cutsOffReport(clause: readonly Token[]): boolean {
  let reporting = -1;
  clause.forEach((token, position) => {
    if (token.pos === 'VERB' && SPEECH_VERBS.has(token.lemma)) reporting = position;
  });
  if (reporting === -1) return false;
  for (const token of clause.slice(reporting + 1)) {
    if (CLAUSE_BREAKS.has(token.text)) return true;
    if (isVerbLike(token)) return false;
  }
  return true;
}

/**
 * The sentence itself when it fits in `maxWords`; else its longest leading clause that fits and
 * still has a verb (cut at a comma, semicolon or dash); else its first `maxWords` words and "…".
 */
function fitSentence(analysis: TextAnalysis, sentence: Sentence, maxWords: number): string {
  const whole = asProse(sentence.text);
  if (countReadWords(whole) <= maxWords) return whole;
  const tokens = analysis.tokens;
  for (let cut = sentence.end; cut > sentence.start; cut -= 1) {
    if (!CLAUSE_BREAKS.has(tokens[cut]?.text ?? '')) continue;
    if (KEEPS_MEANING_WITH.has(tokens[cut + 1]?.normal ?? '')) continue;
    const clause = asProse(spanText(tokens, sentence.start, cut - 1));
    const words = countReadWords(clause);
    if (words > maxWords) continue;
    if (words < Math.min(MIN_CLAUSE_WORDS, maxWords)) break;
    const clauseTokens = tokens.slice(sentence.start, cut);
    if (clauseTokens.some((token) => token.pos === 'VERB') && !cutsOffReport(clauseTokens)) return clause;
  }
  return truncateWords(sentence.text, maxWords);
}
