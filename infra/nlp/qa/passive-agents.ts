import type { Phrase } from '../text/phrases.js';
import type { Sentence, TextAnalysis, Token } from '../text/text-analyzer.js';
import { termOf } from '../text/tokens.js';
import type { QuestionAnalysis } from './answer-type.js';

/** The agent of a passive verb, with how sure the relation is. */
export interface AgentSpan extends Phrase {
  readonly quality: number;
  readonly mayRepeat: true;
}

/** Tokens between a passive verb and its "by" ("was moved to another site by"). */
const MAX_AGENT_GAP = 4;
/** Words of a passive's agent ("by the retired engineer Ada Brandt"). */
const MAX_AGENT_WORDS = 8;
const NOMINAL_TAGS = new Set(['DET', 'ADJ', 'NOUN', 'PROPN']);
/** The agent of the question's own verb. */
const AGENT_OF_VERB = 1.3;
/** The agent of another verb: about as good as a name near the question's words... */
const AGENT_OTHER_VERB = 0.9;
/** ...better when the verb is done to what the question names ("the mill was sold by Ada Brandt"). */
const AGENT_OF_NAMED = 1.1;
const BE_FORMS = new Set(['is', 'are', 'was', 'were', 'be', 'been', 'being', 'became', 'become', 'becomes', 'got']);

/**
 * "The bridge was designed by Ada Brandt" for "Who designed the bridge?": the names after the "by"
 * of a passive verb, when the question asks for the subject of an active one.
 */
export function agentSpans(analysis: TextAnalysis, sentence: Sentence, query: QuestionAnalysis): AgentSpan[] {
  if (!query.asksSubject || query.passive || query.preposition === 'by' || query.verbs.length === 0) return [];
  const tokens = analysis.tokens;
  const verbs = new Set(query.verbs);
  const spans: AgentSpan[] = [];
  for (let by = sentence.start + 1; by < sentence.end; by += 1) {
    if (tokens[by]?.normal !== 'by') continue;
    const verb = findPassiveVerb(tokens, by, sentence.start);
    if (verb === undefined) continue;
    // The agent runs over its determiner, adjectives and names, and ends at a name.
    let end = by;
    while (end < Math.min(sentence.end, by + MAX_AGENT_WORDS) && NOMINAL_TAGS.has(tokens[end + 1]?.pos ?? '')) end += 1;
    while (end > by && tokens[end]?.pos !== 'PROPN') end -= 1;
    // An agent the question already names is not what it asks for.
    if (end === by || tokens.slice(by + 1, end + 1).some((token) => query.names.has(token.normal))) continue;
    let subject = verb - 1;
    while (['ADV', 'AUX'].includes(tokens[subject]?.pos ?? '')) subject -= 1;
    const quality = verbs.has(termOf(tokens[verb] as Token))
      ? AGENT_OF_VERB
      : query.names.has(tokens[subject]?.normal ?? '') && tokens[verb - 1]?.pos !== 'NOUN'
        ? AGENT_OF_NAMED
        : AGENT_OTHER_VERB;
    spans.push({ start: by + 1, end, quality, mayRepeat: true });
  }
  return spans;
}

/** The participle a "by" belongs to: "was (quickly) moved (to the shore) by", "the film produced by". */
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
