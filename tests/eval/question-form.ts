/**
 * A mechanical check of a generated question's form, from part-of-speech tags: what a reader would
 * call broken at a glance. It cannot judge meaning ("What was the Russian?" passes), so it is a
 * sanity score next to the examples printed for a person to read, not a grammar checker.
 */
import type { TextAnalyzer, Token } from '../../infra/nlp/text/text-analyzer.js';

export type FormProblem =
  | 'opener'
  | 'length'
  | 'question_mark'
  | 'no_verb'
  | 'first_person'
  | 'unbalanced'
  | 'dangling_end'
  | 'no_verb_after_wh'
  | 'trailing_report'
  | 'doubled_word'
  | 'dangling_preposition'
  | 'unresolved_pronoun';

const WH_WORDS = new Set(['what', 'which', 'who', 'whom', 'whose', 'when', 'where', 'why', 'how']);
const AUXILIARIES = new Set(
  'is are was were do does did can could will would should has have had may might must shall am'.split(' '),
);
const FIRST_PERSON = new Set(['i', 'me', 'my', 'mine', 'myself', 'we', 'us', 'our', 'ours', 'ourselves']);
/** Words a wh-word may take before its verb: "How many people", "What kind of film", "Which team". */
const NOUN_GROUP = new Set(['NOUN', 'PROPN', 'ADJ', 'DET', 'NUM', 'ADP', 'PART', 'ADV', 'CCONJ']);
const MAX_WH_GROUP = 8;
const REPORTING = new Set(['say', 'tell', 'add', 'write', 'claim']);
/** Pronouns that can report ("he said"); "their say" is a noun after a possessive. */
const SPEAKERS = new Set(['he', 'she', 'they', 'it', 'we', 'i', 'you']);
/** Openers whose wh-word may be the object of a preposition left at the end ("Who did she work with?"). */
const STRANDING_OPENERS = new Set(['who', 'whom', 'what', 'which', 'whose']);
/** Pronouns that point back to something the question does not name. */
const POINTING_PRONOUNS = new Set(['he', 'she', 'it', 'they', 'him', 'her', 'them', 'this', 'these', 'those']);

function isVerb(token: Token | undefined): boolean {
  return token !== undefined && (token.pos === 'VERB' || token.pos === 'AUX' || AUXILIARIES.has(token.normal));
}

/**
 * Where the verb must stand after the wh-word: right after "when", "where", "why" and "who"; after
 * one word for "how" ("How long does"); after a noun group for "what", "which", "whose" and
 * "how many/much" ("What kind of film is", "How many people were").
 */
function verbPosition(opener: string, tokens: readonly Token[]): number {
  let index = 1;
  if (opener === 'how') {
    const degree = tokens[1];
    if (!degree || isVerb(degree)) return 1;
    index = 2;
    if (degree.normal !== 'many' && degree.normal !== 'much') return index;
  } else if (!['what', 'which', 'whose'].includes(opener)) return index;
  while (index <= MAX_WH_GROUP && tokens[index] && !isVerb(tokens[index]) && NOUN_GROUP.has(tokens[index]?.pos ?? ''))
    index += 1;
  return index;
}

/**
 * A preposition may end a question whose wh-word (or "how many/much" phrase) is its object ("Who
 * did she share the prize with?"), or as the particle of a phrasal verb ("When did the fire break
 * out?"); elsewhere it is left over from a cut phrase ("Did the council vote on?").
 */
function strandsPreposition(opener: string, tokens: readonly Token[]): boolean {
  const degree = tokens[1]?.normal ?? '';
  if (STRANDING_OPENERS.has(opener) || (opener === 'how' && (degree === 'many' || degree === 'much'))) return true;
  const before = tokens.at(-2);
  return before?.pos === 'VERB';
}

/**
 * The subject of the question is a bare pronoun ("When did he resign?", "Is it open?"): right
 * after the auxiliary that opens the inverted part, a pronoun that is not followed by a noun of its
 * own ("this year") points to something the question never names.
 */
function hasPronounSubject(tokens: readonly Token[]): boolean {
  const auxiliary = tokens.findIndex((token) => token.pos === 'AUX' || AUXILIARIES.has(token.normal));
  if (auxiliary < 0) return false;
  const subject = tokens[auxiliary + 1];
  const after = tokens[auxiliary + 2];
  return (
    subject !== undefined &&
    POINTING_PRONOUNS.has(subject.normal) &&
    !(after && (after.pos === 'NOUN' || after.pos === 'ADJ' || after.pos === 'NUM'))
  );
}

/** What is wrong with the form of `question`; empty when nothing is. */
export function formProblems(question: string, nlp: TextAnalyzer): FormProblem[] {
  const problems: FormProblem[] = [];
  const words = question.trim().split(/\s+/);
  const opener = words[0]?.toLowerCase() ?? '';
  if (!/^\p{Lu}/u.test(question) || !(WH_WORDS.has(opener) || AUXILIARIES.has(opener))) problems.push('opener');
  if (words.length < 3 || words.length > 24) problems.push('length');
  if (!question.endsWith('?') || question.indexOf('?') !== question.length - 1) problems.push('question_mark');
  if (
    (question.match(/"/g)?.length ?? 0) % 2 === 1 ||
    (question.match(/\(/g)?.length ?? 0) !== (question.match(/\)/g)?.length ?? 0)
  )
    problems.push('unbalanced');

  const tokens = nlp.analyze(question).tokens.filter((token) => token.text !== '?');
  if (tokens.some((token) => FIRST_PERSON.has(token.normal))) problems.push('first_person');
  if (!tokens.some(isVerb)) problems.push('no_verb');
  const last = tokens.at(-1);
  if (last && ['DET', 'CCONJ', 'SCONJ'].includes(last.pos)) problems.push('dangling_end');
  const beforeLast = tokens.at(-2);
  // "How many people were wounded he said?": a report tacked on after the question.
  if (beforeLast && SPEAKERS.has(beforeLast.normal) && last && REPORTING.has(last.lemma) && tokens.length > 4)
    problems.push('trailing_report');
  if (WH_WORDS.has(opener) && !isVerb(tokens[verbPosition(opener, tokens)])) problems.push('no_verb_after_wh');
  // "the two two-seater armchairs" repeats a word only on the surface.
  const doubled = (token: Token, index: number) =>
    index > 0 &&
    /\p{L}/u.test(token.text) &&
    token.normal === tokens[index - 1]?.normal &&
    !(tokens[index + 1]?.text === '-' && tokens[index + 1]?.spaceBefore === '');
  if (tokens.some(doubled)) problems.push('doubled_word');
  if (last?.pos === 'ADP' && !strandsPreposition(opener, tokens)) problems.push('dangling_preposition');
  if (hasPronounSubject(tokens)) problems.push('unresolved_pronoun');
  return problems;
}
