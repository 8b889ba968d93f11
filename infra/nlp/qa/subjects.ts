import { findNounPhrases, type Phrase } from '../text/phrases.js';
import type { Sentence, TextAnalysis, Token } from '../text/text-analyzer.js';
import { termOf } from '../text/tokens.js';
import type { QuestionAnalysis } from './answer-type.js';

/** Tokens between a verb and the question's words it governs ("reside *in* Fatima House"). */
const MAX_OBJECT_GAP = 2;
const SKIPPED_BEFORE_VERB = new Set(['AUX', 'ADV', 'PART']);

/**
 * "Retired priests and brothers reside in Fatima House" for "What individuals live at Fatima
 * House?": when the sentence holds what the question says of its subject but with another verb,
 * the subject of the verb that leads to those words answers. Only when no verb of the question is
 * in the sentence (a verb it shares is read by the verb-argument rule).
 */
export function paraphrasedSubjects(
  analysis: TextAnalysis,
  sentence: Sentence,
  query: QuestionAnalysis,
  anchors: readonly number[],
): Phrase[] {
  if (!query.asksSubject || query.passive || query.verbs.length === 0) return [];
  const tokens = analysis.tokens;
  const verbs = new Set(query.verbs);
  const words = tokens.slice(sentence.start, sentence.end + 1);
  if (words.some((token) => token.pos === 'VERB' && verbs.has(termOf(token)))) return [];
  const subjects: Phrase[] = [];
  for (let verb = sentence.start + 1; verb < sentence.end; verb += 1) {
    // "Holy Cross House": a capitalised "verb" is part of a name.
    if (tokens[verb]?.pos !== 'VERB' || !/^\p{Ll}/u.test(tokens[verb]?.text ?? '')) continue;
    const object = anchors.find((anchor) => anchor > verb && anchor <= verb + 1 + MAX_OBJECT_GAP);
    if (object === undefined || !leadsTo(tokens, verb, object)) continue;
    let end = verb - 1;
    while (end >= sentence.start && SKIPPED_BEFORE_VERB.has(tokens[end]?.pos ?? '')) end -= 1;
    const phrases = findNounPhrases(analysis, sentence.start, end);
    const subject = phrases[phrases.length - 1];
    if (!subject || subject.end !== end || anchors.some((anchor) => anchor >= subject.start && anchor <= end)) continue;
    subjects.push({ start: coordinatedStart(tokens, subject, phrases), end });
  }
  return subjects;
}

/** Only prepositions and determiners stand between the verb and the question's words. */
function leadsTo(tokens: readonly Token[], verb: number, object: number): boolean {
  return tokens.slice(verb + 1, object).every((token) => token.pos === 'ADP' || token.pos === 'DET');
}

/** "Retired priests and brothers": a subject joined by "and" or "or" starts at the phrase before it. */
function coordinatedStart(tokens: readonly Token[], subject: Phrase, phrases: readonly Phrase[]): number {
  const before = phrases[phrases.length - 2];
  const joiner = tokens[subject.start - 1]?.normal ?? '';
  return before && (joiner === 'and' || joiner === 'or') && before.end === subject.start - 2
    ? before.start
    : subject.start;
}
