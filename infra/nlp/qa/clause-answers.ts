import { findNounPhrases, findProperNames } from '../text/phrases.js';
import type { Sentence, TextAnalysis } from '../text/text-analyzer.js';
import { clauseEnd, type Span } from './answer-spans.js';
import type { QuestionAnalysis } from './answer-type.js';

/*
 * Answers that are a clause or a phrase after a marker word: the reason ("because ...") and the
 * name given ("called ...").
 */

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

/** Openings that point back to the cause given in the sentence before ("As a result, ..."). */
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

const NAMING_WORDS = new Set(['called', 'named', 'known', 'termed', 'dubbed']);

/** "because ...", "due to ...", "so that ...": the clause that gives the reason. */
export function reasonSpans(analysis: TextAnalysis, sentence: Sentence): Span[] {
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

/** For "What is the second stage called?": the name after "called", "named" or "known as". */
export function namingSpans(analysis: TextAnalysis, sentence: Sentence, query: QuestionAnalysis): Span[] {
  if (!query.verbs.some((verb) => verb === 'call' || verb === 'name' || verb === 'know')) return [];
  const tokens = analysis.tokens;
  const spans: Span[] = [];
  for (let index = sentence.start; index <= sentence.end; index += 1) {
    const token = tokens[index];
    if (!token || !NAMING_WORDS.has(token.normal)) continue;
    const start = token.normal === 'known' && tokens[index + 1]?.normal === 'as' ? index + 2 : index + 1;
    const phrase =
      findNounPhrases(analysis, start, sentence.end)[0] ?? findProperNames(analysis, start, sentence.end)[0];
    if (phrase && phrase.start === start) spans.push({ ...phrase, quality: 1 });
  }
  return spans;
}
