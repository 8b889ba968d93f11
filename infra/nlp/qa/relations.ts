import { findNounPhrases, findProperNames, type Phrase } from '../text/phrases.js';
import type { Sentence, TextAnalysis, Token } from '../text/text-analyzer.js';
import { termOf } from '../text/tokens.js';
import type { QuestionAnalysis } from './answer-type.js';

/** A phrase that a relation of the sentence makes the answer, with how sure the relation is. */
export interface RelationSpan extends Phrase {
  readonly quality: number;
  readonly mayRepeat: true;
}

/** Nouns of a question that ask for a part someone plays ("What role does X play?"). */
const ROLE_NOUNS = new Set(['role', 'character', 'part']);
const ROLE_VERBS = new Set(['play', 'portray', 'perform']);
/** Tokens between a name and its "as" ("Daniel Craig in his fourth performance as James Bond"). */
const MAX_ROLE_GAP = 6;
/** Tokens between a passive verb and its "by" ("suspended from field duty by M"). */
const MAX_AGENT_GAP = 4;
/** Words of a passive's agent ("by the Buddhist monk Yao Guangxiao"). */
const MAX_AGENT_WORDS = 8;
const NOMINAL_TAGS = new Set(['DET', 'ADJ', 'NOUN', 'PROPN']);
/** The agent of a verb other than the question's: about as good as a name near the question's words... */
const AGENT_OTHER_VERB = 0.9;
/** ...better when the verb is done to what the question names ("Bond is suspended ... by M"). */
const AGENT_OF_NAMED = 1.1;
const BE_FORMS = new Set(['is', 'are', 'was', 'were', 'be', 'been', 'being', 'became', 'become', 'becomes', 'got']);

/**
 * Answers that a relation of the sentence names outright, whatever its words:
 * - "X's N, Y" / "N of X, Y": Y, for "Who was X's N?" (the appositive after the asked-for noun);
 * - "Y, a ... N": Y, for "What N ...?" (the name an appositive describes as the focus noun);
 * - "A as B": B, for "What role does A play?";
 * - "... is suspended by Y": Y, the passive's agent, for a question asking the subject.
 */
export function findRelationSpans(analysis: TextAnalysis, sentence: Sentence, query: QuestionAnalysis): RelationSpan[] {
  return [
    ...possessedSpans(analysis, sentence, query),
    ...describedSpans(analysis, sentence, query),
    ...roleSpans(analysis, sentence, query),
    ...agentSpans(analysis, sentence, query),
  ];
}

/** The name or noun phrase that starts at `start`, a name preferred. */
function phraseAt(analysis: TextAnalysis, start: number, end: number): Phrase | undefined {
  let first = start;
  if (analysis.tokens[first]?.pos === 'DET') first += 1;
  const name = findProperNames(analysis, first, end)[0];
  if (name && name.start === first) return { start, end: name.end };
  const phrase = findNounPhrases(analysis, start, end)[0];
  return phrase && phrase.start === start ? phrase : undefined;
}

/** "his father, the Hongwu Emperor" for "Who was the Yongle Emperor's father?". */
function possessedSpans(analysis: TextAnalysis, sentence: Sentence, query: QuestionAnalysis): RelationSpan[] {
  const relation = query.possessed;
  if (!relation) return [];
  const tokens = analysis.tokens;
  const spans: RelationSpan[] = [];
  for (let index = sentence.start; index <= sentence.end; index += 1) {
    const token = tokens[index];
    if (!token || token.pos !== 'NOUN' || termOf(token) !== relation) continue;
    let comma = index + 1;
    // "the father of the Yongle Emperor, ...": skip the owner.
    if (tokens[comma]?.normal === 'of') {
      const owner = phraseAt(analysis, comma + 1, sentence.end);
      if (owner) comma = owner.end + 1;
    }
    if (tokens[comma]?.text !== ',') continue;
    const phrase = phraseAt(analysis, comma + 1, sentence.end);
    if (phrase) spans.push({ ...phrase, quality: 1.2, mayRepeat: true });
  }
  return spans;
}

/** "Tammany Hall, a political machine" for "What political machine ...?". */
function describedSpans(analysis: TextAnalysis, sentence: Sentence, query: QuestionAnalysis): RelationSpan[] {
  const focus = query.focus;
  if (!focus) return [];
  const tokens = analysis.tokens;
  const spans: RelationSpan[] = [];
  for (let comma = sentence.start + 1; comma < sentence.end; comma += 1) {
    if (tokens[comma]?.text !== ',' || tokens[comma + 1]?.pos !== 'DET') continue;
    let cursor = comma + 2;
    while (['ADJ', 'NOUN', 'PROPN'].includes(tokens[cursor]?.pos ?? '') && termOf(tokens[cursor] as Token) !== focus)
      cursor += 1;
    const head = tokens[cursor];
    if (!head || head.pos !== 'NOUN' || termOf(head) !== focus || tokens[cursor + 1]?.pos === 'NOUN') continue;
    const names = findProperNames(analysis, sentence.start, comma - 1);
    const name = names[names.length - 1];
    if (name && name.end === comma - 1) spans.push({ ...name, quality: 1.2, mayRepeat: true });
  }
  return spans;
}

/** "Monica Bellucci as Lucia Sciarra" for "What role is performed by Monica Bellucci?". */
function roleSpans(analysis: TextAnalysis, sentence: Sentence, query: QuestionAnalysis): RelationSpan[] {
  const asksRole =
    (query.focus !== undefined && ROLE_NOUNS.has(query.focus)) || query.verbs.some((verb) => ROLE_VERBS.has(verb));
  if (!asksRole || query.names.size === 0) return [];
  const tokens = analysis.tokens;
  const spans: RelationSpan[] = [];
  for (const name of findProperNames(analysis, sentence.start, sentence.end)) {
    const words = tokens.slice(name.start, name.end + 1);
    if (!words.some((token) => query.names.has(token.normal))) continue;
    for (let index = name.end + 1; index <= Math.min(sentence.end, name.end + MAX_ROLE_GAP); index += 1) {
      const token = tokens[index];
      if (!token || token.text === ',' || token.text === ';') break;
      if (token.normal !== 'as') continue;
      const role = phraseAt(analysis, index + 1, sentence.end);
      if (role) spans.push({ ...role, quality: 1.3, mayRepeat: true });
      break;
    }
  }
  return spans;
}

/** "Bond is suspended from field duty by M" for "Who removed Bond ...?": the agent of a passive verb. */
function agentSpans(analysis: TextAnalysis, sentence: Sentence, query: QuestionAnalysis): RelationSpan[] {
  if (!query.asksSubject || query.passive || query.preposition === 'by' || query.verbs.length === 0) return [];
  const tokens = analysis.tokens;
  const verbs = new Set(query.verbs);
  const spans: RelationSpan[] = [];
  for (let by = sentence.start + 1; by < sentence.end; by += 1) {
    if (tokens[by]?.normal !== 'by') continue;
    const verb = findPassiveVerb(tokens, by, sentence.start);
    if (verb === undefined) continue;
    // "the Buddhist monk Yao Guangxiao": the agent runs over its determiner, adjectives and names.
    let end = by;
    while (end < Math.min(sentence.end, by + MAX_AGENT_WORDS) && NOMINAL_TAGS.has(tokens[end + 1]?.pos ?? '')) end += 1;
    while (end > by && tokens[end]?.pos !== 'PROPN') end -= 1;
    // "the mural created by Millard Sheets" in the question itself: the agent is what the question already names.
    if (end === by || tokens.slice(by + 1, end + 1).some((token) => query.names.has(token.normal))) continue;
    // A verb other than the question's ("suspended" for "removed") is weaker evidence, unless
    // what it is done to is what the question names ("Bond is suspended by M").
    let subject = verb - 1;
    while (['ADV', 'AUX'].includes(tokens[subject]?.pos ?? '')) subject -= 1;
    const quality = verbs.has(termOf(tokens[verb] as Token))
      ? 1.3
      : query.names.has(tokens[subject]?.normal ?? '') && tokens[verb - 1]?.pos !== 'NOUN'
        ? AGENT_OF_NAMED
        : AGENT_OTHER_VERB;
    spans.push({ start: by + 1, end, quality, mayRepeat: true });
  }
  return spans;
}

/** The participle a "by" belongs to: "is (indefinitely) suspended (from duty) by", "the film produced by". */
function findPassiveVerb(tokens: readonly Token[], by: number, sentenceStart: number): number | undefined {
  for (let index = by - 1; index >= Math.max(sentenceStart, by - 1 - MAX_AGENT_GAP); index -= 1) {
    const token = tokens[index];
    if (!token || token.pos === 'PUNCT') return undefined;
    if (token.pos !== 'VERB') continue;
    if (!/(?:ed|en|wn|t)$/.test(token.normal)) return undefined;
    let before = index - 1;
    while (tokens[before]?.pos === 'ADV') before -= 1;
    const previous = tokens[before];
    const passive = previous !== undefined && (BE_FORMS.has(previous.normal) || previous.pos === 'NOUN');
    return passive ? index : undefined;
  }
  return undefined;
}
