import { findNounPhrases } from '../text/phrases.js';
import { rankSentences } from '../text/sentence-ranking.js';
import type { TextAnalysis } from '../text/text-analyzer.js';
import { isContentToken, spanText, termOf, tokensOf } from '../text/tokens.js';
import { countWords } from '../text/words.js';
import { parseClause } from './clause.js';
import { createQuestionTemplates, keepsCapital } from './question-templates.js';

export interface QuestionOptions {
  readonly count: number;
}

interface Candidate {
  readonly text: string;
  /** For a question about a phrase: the phrase, so that it is not asked twice. */
  readonly topic?: string;
  /** The sentence that answers it; generic questions come after all others. */
  readonly sentence: number;
  readonly priority: number;
}

/** How much a kind of question is worth: specific and clearly answerable first. */
const WEIGHT = { definition: 1, typed: 0.95, why: 0.85, subject: 0.75, yesNo: 0.45, generic: 0.3 } as const;
const MAX_QUESTION_WORDS = 24;
/** Words that make a phrase depend on its sentence ("such requests", "the same request"). */
/** Below this share of sentences in the first or second person, such sentences are quotations. */
const STRAY_VOICE_SHARE = 0.3;
const FIRST_AND_SECOND_PERSON = new Set(['i', 'me', 'my', 'mine', 'we', 'us', 'our', 'ours', 'you', 'your', 'yours']);
const FIRST_PERSON = new Set([
  'i',
  'me',
  'my',
  'mine',
  'myself',
  'we',
  'us',
  'our',
  'ours',
  'ourselves',
  "i'm",
  "we're",
  "i've",
  "we've",
]);
/** Quotation marks, and a single quote that opens a word ('I couldn't ...'); apostrophes inside words are not. */
const QUOTATION = /["“”‘]|(?:^|\s)'\p{L}/u;
const TRAILING_REPORT = /,?\s+(?:he|she|they) (?:said|says|added|adds)\?$/;
const VAGUE_MODIFIERS = new Set(['such', 'same', 'other', 'another', 'similar', 'former', 'latter', 'following']);

/**
 * Questions a reader can answer from the text, built from its most salient sentences: a
 * definition ("What is Stashd?"), a typed wh-question about a date, amount or place ("When was
 * the bridge built?"), a reason ("Why ...?"), the subject ("Who approved ...?"), a yes/no
 * question, and, for short texts, questions about its key noun phrases. Returned in text order.
 */
export function generateQuestions(analysis: TextAnalysis, options: QuestionOptions): string[] {
  const ranked = rankSentences(analysis, { positionWeight: 0.2, minWords: 4 });
  const strayVoice = strayFirstPersonSentences(analysis);
  const candidates: Candidate[] = [];
  for (const { sentence, score } of ranked) {
    if (sentence.text.endsWith('?') || QUOTATION.test(sentence.text)) continue;
    // "My thoughts are with the crew" in a news story: a quotation without its marks.
    if (strayVoice.has(sentence.index)) continue;
    const clause = parseClause(analysis, sentence);
    if (!clause) continue;
    const templates = createQuestionTemplates(analysis, sentence, clause);
    if (!templates) continue;
    const add = (found: string | undefined, weight: number) => {
      // "How many people were wounded he said?": the report belongs to the sentence, not the question.
      const text = found?.replace(TRAILING_REPORT, '?');
      if (text && countWords(text) <= MAX_QUESTION_WORDS && !speaksAsSomeone(text) && isBalanced(text))
        candidates.push({ text, sentence: sentence.index, priority: score * weight * brevity(text) });
    };
    add(templates.definition(), WEIGHT.definition);
    for (const question of templates.typed()) add(question, WEIGHT.typed);
    add(templates.why(), WEIGHT.why);
    add(templates.subject(), WEIGHT.subject);
    add(templates.yesNo(), WEIGHT.yesNo);
  }
  const topScore = Math.max(0, ...ranked.map((entry) => entry.score));
  for (const phrase of keyPhrases(analysis)) {
    if (speaksAsSomeone(phrase)) continue;
    candidates.push({
      text: `What does the text say about ${phrase}?`,
      topic: phrase.replace(/^the /, '').toLowerCase(),
      sentence: Number.MAX_SAFE_INTEGER,
      priority: topScore * WEIGHT.generic,
    });
  }
  return select(candidates, options.count);
}

/**
 * Sentences in the first or second person in a text that mostly is not (a review written as "I"
 * keeps them all): they quote someone, and a question built from them would speak as that person.
 */
function strayFirstPersonSentences(analysis: TextAnalysis): Set<number> {
  const personal = analysis.sentences.filter((sentence) =>
    tokensOf(analysis, sentence).some((token) => FIRST_AND_SECOND_PERSON.has(token.normal)),
  );
  return personal.length < STRAY_VOICE_SHARE * analysis.sentences.length
    ? new Set(personal.map((sentence) => sentence.index))
    : new Set();
}

/** "Are my thoughts with the crew?": a question in the first person speaks as the quoted person. */
function speaksAsSomeone(question: string): boolean {
  return question
    .toLowerCase()
    .split(/[^\p{L}']+/u)
    .some((word) => FIRST_PERSON.has(word));
}

/** "Are postings generally) not for profit?": a bracket cut from its pair, or a stray quotation mark. */
function isBalanced(question: string): boolean {
  return (
    !QUOTATION.test(question) &&
    (question.match(/\(/g)?.length ?? 0) === (question.match(/\)/g)?.length ?? 0) &&
    (question.match(/\[/g)?.length ?? 0) === (question.match(/\]/g)?.length ?? 0)
  );
}

/** Long questions read worse: beyond 14 words, each word costs 3%. */
function brevity(question: string): number {
  return 0.97 ** Math.max(0, countWords(question) - 14);
}

/** Repeating the same kind of question ("When ...", "When ...") costs this much each time. */
const REPEAT_FACTOR = 0.8;

/**
 * Picks `count` questions, best first: each sentence once before any twice, varied question
 * words, no duplicates, no second question about a topic already asked about.
 */
function select(candidates: readonly Candidate[], count: number): string[] {
  const chosen: Candidate[] = [];
  const seen = new Set<string>();
  const usedSentences = new Set<number>();
  const openers = new Map<string, number>();
  const opener = (text: string) => text.split(' ', 1)[0] ?? '';
  const remaining = [...candidates];
  for (const round of [1, 2]) {
    while (chosen.length < count) {
      let best: { candidate: Candidate; value: number; index: number } | undefined;
      for (const [index, candidate] of remaining.entries()) {
        if (round === 1 && usedSentences.has(candidate.sentence)) continue;
        const value = candidate.priority * REPEAT_FACTOR ** (openers.get(opener(candidate.text)) ?? 0);
        if (!best || value > best.value || (value === best.value && candidate.sentence < best.candidate.sentence)) {
          best = { candidate, value, index };
        }
      }
      if (!best) break;
      remaining.splice(best.index, 1);
      const { candidate } = best;
      const key = candidate.text
        .toLowerCase()
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .trim();
      const topic = candidate.topic;
      if (seen.has(key) || (topic && chosen.some((other) => other.text.toLowerCase().includes(topic)))) continue;
      seen.add(key);
      usedSentences.add(candidate.sentence);
      openers.set(opener(candidate.text), (openers.get(opener(candidate.text)) ?? 0) + 1);
      chosen.push(candidate);
    }
  }
  return chosen
    .map((candidate, position) => ({ candidate, position }))
    .sort((first, second) => first.candidate.sentence - second.candidate.sentence || first.position - second.position)
    .map(({ candidate }) => candidate.text);
}

/** Salient noun phrases of the text, for questions about its topics ("the Old Mill Bridge", "the battery"). */
function keyPhrases(analysis: TextAnalysis): string[] {
  const tokens = analysis.tokens;
  const termFrequency = new Map<string, number>();
  for (const token of tokens)
    if (isContentToken(token)) termFrequency.set(termOf(token), (termFrequency.get(termOf(token)) ?? 0) + 1);
  const found = new Map<string, { text: string; score: number; first: number }>();
  for (const sentence of analysis.sentences) {
    if (sentence.kind === 'heading') continue;
    for (const phrase of findNounPhrases(analysis, sentence.start, sentence.end)) {
      let start = phrase.start;
      while (start <= phrase.end && ['DET', 'PRON'].includes(tokens[start]?.pos ?? '')) start += 1;
      const words = tokens.slice(start, phrase.end + 1);
      const head = tokens[phrase.end];
      if (!head || (head.pos !== 'NOUN' && head.pos !== 'PROPN') || head.entity !== -1) continue;
      if (words.some((token) => token.pos === 'DET' || (token.type !== 'word' && token.pos !== 'PART'))) continue;
      // "the tallest man-made structure": a phrase cut at a hyphen is half a word.
      const after = tokens[phrase.end + 1];
      if (
        (after?.text === '-' && after.spaceBefore === '') ||
        (tokens[start]?.spaceBefore === '' && tokens[start - 1]?.text === '-')
      )
        continue;
      const content = words.filter(isContentToken);
      const first = words[0];
      if (content.length === 0 || content.length > 4 || !first) continue;
      const isName = words.every((token) => token.pos === 'PROPN' || token.pos === 'PART');
      const frequencies = content.map((token) => termFrequency.get(termOf(token)) ?? 0);
      // A lone common word must recur to be a topic ("the battery"), not a stray tag ("the muddy").
      if (content.length === 1 && (frequencies[0] ?? 0) < 2) continue;
      if (words.some((token) => VAGUE_MODIFIERS.has(token.normal))) continue;
      const key = content.map(termOf).join(' ');
      if (found.has(key)) continue;
      const raw = spanText(tokens, start, phrase.end);
      const text = isName
        ? tokens[start - 1]?.normal === 'the'
          ? `the ${raw}`
          : raw
        : `the ${keepsCapital(analysis, sentence, first) ? raw : raw.charAt(0).toLowerCase() + raw.slice(1)}`;
      const score = frequencies.reduce((sum, value) => sum + value, 0) / Math.sqrt(content.length);
      found.set(key, { text, score, first: start });
    }
  }
  return [...found.values()]
    .sort((first, second) => second.score - first.score || first.first - second.first)
    .slice(0, 20)
    .map((entry) => entry.text);
}
