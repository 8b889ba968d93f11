import { findNounPhrases, findProperNames, isPersonName, isPersonNoun, type Phrase } from '../text/phrases.js';
import type { Sentence, TextAnalysis, Token } from '../text/text-analyzer.js';
import { spanText, SPEECH_VERBS } from '../text/tokens.js';
import { isPluralSubject, parseClause, verbTense, type Clause } from './clause.js';

const MAX_REST_TOKENS = 18;
const CLAUSE_BREAKS = new Set([',', ';', ':', '(', '—', '–', '--']);
const QUANTITY_MODIFIERS = new Set([
  'about',
  'around',
  'roughly',
  'nearly',
  'almost',
  'approximately',
  'only',
  'over',
  'some',
  'just',
  'up',
  'more',
  'less',
  'than',
  'at',
  'least',
  'most',
]);
const DATE_PREPOSITIONS = new Set(['in', 'on', 'at', 'during']);
const DATE_MODIFIERS = new Set(['last', 'next', 'this', 'early', 'late', 'mid', 'earlier', 'later']);
const PLACE_PREPOSITIONS = new Set(['in', 'at', 'near']);
const REASON_MARKERS = new Set(['because', 'since']);
const MEASURE_ADJECTIVES = new Set([
  'tall',
  'long',
  'wide',
  'high',
  'deep',
  'old',
  'heavy',
  'large',
  'big',
  'thick',
  'far',
]);
const PERSON_PREPOSITIONS = new Set(['after', 'with', 'by', 'to', 'for', 'from', 'against']);
/** Heads of phrases that are degree words, not definitions ("is a bit bulky", "is a lot faster"). */
const VAGUE_HEADS = new Set(['bit', 'lot', 'little', 'few', 'kind', 'sort', 'couple', 'number']);

/** The questions one sentence's main clause can be turned into; each is undefined (or empty) when it does not fit. */
export interface QuestionTemplates {
  definition(): string | undefined;
  typed(): string[];
  why(): string | undefined;
  subject(): string | undefined;
  yesNo(): string | undefined;
}

/**
 * Question templates over a parsed clause: the verb group is inverted around the subject (with
 * "do" support for a plain verb), a phrase of the asked-for kind is removed from the rest, and
 * the rest is cut at the first aside so the question stays short.
 */
export function createQuestionTemplates(
  analysis: TextAnalysis,
  sentence: Sentence,
  clause: Clause,
): QuestionTemplates | undefined {
  const tokens = analysis.tokens;
  const subjectTokens = tokens.slice(clause.subject.start, clause.subject.end + 1);
  const verb = tokens[clause.verb];
  if (!verb) return undefined;
  const subject = renderSubject(analysis, sentence, clause.subject);
  if (!subject) return undefined;
  // "Little does it know ...": a pronoun and its verb after the verb mean the clause was read inverted.
  const restStart = tokens[clause.rest.start];
  if (
    restStart &&
    SUBJECT_PRONOUNS.has(restStart.normal) &&
    ['VERB', 'AUX'].includes(tokens[clause.rest.start + 1]?.pos ?? '')
  )
    return undefined;
  const plural = subject.plural;
  const isCopula = verb.pos === 'AUX' && verb.lemma === 'be';

  /** "When" + this + rest: the verb group inverted around the subject. */
  const inverted = (rest: string): string | undefined => {
    const [firstAux, ...otherAux] = clause.auxiliaries.map((index) => tokens[index]);
    let head: string;
    let tail: string[];
    if (firstAux) {
      head = subject.agree(firstAux.normal);
      tail = [...otherAux.map((token) => token?.normal ?? ''), verb.text];
    } else if (isCopula) {
      head = subject.agree(verb.normal);
      tail = [];
    } else {
      const tense = verbTense(verb, plural);
      head = tense === 'past' ? 'did' : tense === 'singular' ? 'does' : subject.agree('do');
      tail = [verb.lemma];
    }
    return [head, subject.text, ...tail, rest].filter(Boolean).join(' ');
  };

  const restIndexes = range(clause.rest.start, clause.rest.end);
  /** "X said (that) ...": a question about it needs the reported clause, with its verb. */
  const reports = SPEECH_VERBS.has(verb.lemma);
  const keepsReportedClause = (rest: string | undefined): rest is string => {
    if (rest === undefined || !reports) return rest !== undefined;
    const words = new Set(rest.toLowerCase().split(/\s+/));
    return restIndexes.some(
      (index) =>
        (tokens[index]?.pos === 'VERB' || tokens[index]?.pos === 'AUX') && words.has(tokens[index]?.normal ?? ''),
    );
  };
  /** "The goalkeeper composed himself": a reflexive or a report makes the subject someone, not something. */
  const actsAsPerson = reports || restIndexes.some((index) => REFLEXIVE_PERSONS.has(tokens[index]?.normal ?? ''));

  return {
    definition() {
      if (!isCopula || clause.auxiliaries.length > 0 || clause.negated || clause.intro) return undefined;
      const next = tokens[clause.rest.start];
      if (!next || !['a', 'an', 'the', 'one'].includes(next.normal)) return undefined;
      const head = tokens
        .slice(clause.rest.start + 1, Math.min(clause.rest.end, clause.rest.start + 5) + 1)
        .find((token) => token.pos === 'NOUN' || token.pos === 'PROPN');
      if (!head || VAGUE_HEADS.has(head.normal)) return undefined;
      if (subjectTokens.length > 5 || subjectTokens.some((token) => token.pos === 'PRON' || token.pos === 'NUM'))
        return undefined;
      if (subjectTokens.length === 1 && subjectTokens[0]?.pos === 'DET') return undefined;
      return finish(
        `What ${verb.normal === 'are' || verb.normal === 'were' ? verb.normal : subject.agree(verb.normal)} ${subject.text}`,
      );
    },

    typed() {
      if (clause.negated) return [];
      const questions: string[] = [];
      for (const entity of analysis.entities) {
        if (entity.sentence !== sentence.index) continue;
        const inRest = entity.start >= clause.rest.start && entity.end <= clause.rest.end;
        const inIntro =
          clause.intro !== undefined && entity.start >= clause.intro.start && entity.end <= clause.intro.end;
        if (!inRest && !inIntro) continue;
        const question = typedQuestion(entity.type, entity.start, entity.end, inIntro);
        if (question) questions.push(question);
      }
      const place = placeQuestion();
      if (place) questions.push(place);
      const person = personObjectQuestion();
      if (person) questions.push(person);
      return questions.slice(0, 2);
    },

    why() {
      if (clause.negated) return undefined;
      const marker = restIndexes.find((index) => {
        const token = tokens[index];
        if (!token) return false;
        if (REASON_MARKERS.has(token.normal) && token.pos === 'SCONJ') return true;
        const next = tokens[index + 1]?.normal;
        return (
          (token.normal === 'due' && next === 'to') ||
          (token.normal === 'in' && next === 'order') ||
          (token.normal === 'so' && next === 'that')
        );
      });
      if (marker === undefined || marker <= clause.rest.start) return undefined;
      const rest = renderRest(restIndexes.filter((index) => index < marker));
      if (rest === undefined) return undefined;
      const body = inverted(rest);
      return body ? finish(`Why ${body}`) : undefined;
    },

    subject() {
      if (clause.negated || isCopula || subject.pronoun || clause.intro) return undefined;
      const counted = countedSubject();
      if (counted) return counted;
      const tense = verbTense(verb, plural);
      if (clause.auxiliaries.length === 0 && tense === 'plural') return undefined;
      const firstAux = tokens[clause.auxiliaries[0] ?? -1];
      if (firstAux && ['are', 'were', 'have', 'do', 'am'].includes(firstAux.normal)) return undefined;
      const rest = renderRest(restIndexes);
      if (!keepsReportedClause(rest) || !rest) return undefined;
      const verbGroup = spanText(tokens, clause.auxiliaries[0] ?? clause.verb, clause.verb);
      const who = subject.person || actsAsPerson ? 'Who' : 'What';
      // "What features a tower?", "What notes that ...?": after "What", a bare verb in -s reads as a plural noun.
      if (who === 'What' && clause.auxiliaries.length === 0 && tense === 'singular') return undefined;
      return finish(`${who} ${verbGroup} ${rest}`);
    },

    yesNo() {
      if (clause.negated || clause.intro) return undefined;
      const rest = renderRest(restIndexes);
      if (!keepsReportedClause(rest) || !rest) return undefined;
      const body = inverted(rest);
      return body ? finish(capitalise(body)) : undefined;
    },
  };

  function typedQuestion(type: string, start: number, end: number, inIntro: boolean): string | undefined {
    // "They received sentences, a fine and were banned for four years": a phrase past a clause
    // break belongs to another verb than the one the question keeps.
    if (!inIntro && restIndexes.some((index) => index < start && CLAUSE_BREAKS.has(tokens[index]?.text ?? '')))
      return undefined;
    let from = start;
    while (from - 1 >= clause.rest.start && QUANTITY_MODIFIERS.has(tokens[from - 1]?.normal ?? '')) from -= 1;
    if (type === 'DATE' || type === 'TIME') {
      while (
        DATE_MODIFIERS.has(tokens[from - 1]?.normal ?? '') &&
        from - 1 >= (inIntro ? (clause.intro?.start ?? 0) : clause.rest.start)
      )
        from -= 1;
      const preposition = tokens[from - 1];
      if (preposition?.pos === 'ADP') {
        if (!DATE_PREPOSITIONS.has(preposition.normal)) return undefined;
        from -= 1;
      }
      if (inIntro) {
        if (from !== clause.intro?.start || end !== clause.intro.end) return undefined;
        const rest = renderRest(restIndexes);
        return rest === undefined || asksWhenTwice(rest) ? undefined : finish(`When ${inverted(rest) ?? ''}`);
      }
      const rest = renderRest(
        restIndexes.filter((index) => index < from || index > end),
        from,
      );
      return rest === undefined || asksWhenTwice(rest) ? undefined : finish(`When ${inverted(rest) ?? ''}`);
    }
    if (inIntro) return undefined;
    const afterVerb = from === clause.rest.start;
    if (isCopula && afterVerb && (type === 'CARDINAL' || type === 'DURATION')) {
      // "The tower is 330 metres tall" → "How tall is the tower?"
      let adjective = end + 1;
      if (type === 'CARDINAL' && tokens[adjective]?.pos === 'NOUN') adjective += 1;
      const measure = tokens[adjective];
      if (!measure || !MEASURE_ADJECTIVES.has(measure.normal)) return undefined;
      const rest = renderRest(
        restIndexes.filter((index) => index > adjective),
        from,
      );
      return rest === undefined ? undefined : finish(`How ${measure.normal} ${inverted(rest) ?? ''}`);
    }
    if (type === 'MONEY' && afterVerb && !isCopula) {
      const rest = renderRest(
        restIndexes.filter((index) => index > end),
        from,
      );
      return rest === undefined ? undefined : finish(`How much ${inverted(rest) ?? ''}`);
    }
    if (type === 'DURATION') {
      // "six-month sentences", "a two-year contract": a duration joined by a hyphen describes a noun.
      const joined = (index: number) => tokens[index]?.text === '-' && tokens[index]?.spaceBefore === '';
      if (joined(start) || joined(start - 1) || joined(end + 1)) return undefined;
      const preposition = tokens[from - 1];
      const forPhrase = preposition?.normal === 'for';
      if (!afterVerb && !forPhrase) return undefined;
      const removeFrom = forPhrase ? from - 1 : from;
      let removeTo = end;
      if (tokens[removeTo + 1]?.normal === 'now') removeTo += 1;
      const rest = renderRest(
        restIndexes.filter((index) => index < removeFrom || index > removeTo),
        removeFrom,
      );
      return rest === undefined ? undefined : finish(`How long ${inverted(rest) ?? ''}`);
    }
    if (type === 'CARDINAL' && !isCopula) {
      const objectStart = objectPhraseEnd();
      if (from !== clause.rest.start && from !== objectStart) return undefined;
      let nounEnd = end;
      while (tokens[nounEnd + 1] && (tokens[nounEnd + 1]?.pos === 'ADJ' || tokens[nounEnd + 1]?.pos === 'NOUN'))
        nounEnd += 1;
      const head = tokens[nounEnd];
      if (nounEnd === end || !head || head.pos !== 'NOUN' || head.text.toLowerCase() === head.lemma.toLowerCase())
        return undefined;
      const noun = spanText(tokens, end + 1, nounEnd).toLowerCase();
      const rest = renderRest(
        restIndexes.filter((index) => index < from || index > nounEnd),
        from,
      );
      return rest === undefined ? undefined : finish(`How many ${noun} ${inverted(rest) ?? ''}`);
    }
    return undefined;
  }

  /** The token after a noun phrase that opens the rest ("contacted [customer support] four times"). */
  function objectPhraseEnd(): number {
    const [phrase] = findNounPhrases(analysis, clause.rest.start, clause.rest.end);
    return phrase && phrase.start === clause.rest.start ? phrase.end + 1 : -1;
  }

  /** "More than 6 million people visit the tower" → "How many people visit the tower?" */
  function countedSubject(): string | undefined {
    const number = analysis.entities.find(
      (entity) => entity.type === 'CARDINAL' && entity.start >= clause.subject.start && entity.end < clause.subject.end,
    );
    const noun = tokens[clause.subject.end];
    if (!number || !noun || noun.pos !== 'NOUN' || !plural) return undefined;
    const rest = renderRest(restIndexes);
    if (rest === undefined) return undefined;
    // "Dozens of residents" → "How many residents"; "Two Danish sailors" keeps "Danish".
    const counted = tokens
      .slice(number.end + 1, clause.subject.end + 1)
      .map((token) => (token.index !== sentence.start && /^\p{Lu}/u.test(token.text) ? token.text : token.normal))
      .join(' ')
      .replace(/^of\s+/, '');
    const verbGroup = spanText(tokens, clause.auxiliaries[0] ?? clause.verb, clause.verb);
    return finish(`How many ${counted} ${verbGroup} ${rest}`);
  }

  /** "She shared the prize with Pierre Curie" → "Who did Marie Curie share the prize with?" */
  function personObjectQuestion(): string | undefined {
    if (clause.negated) return undefined;
    const names = findProperNames(analysis, clause.rest.start, clause.rest.end);
    for (const [position, found] of names.entries()) {
      if (!isPersonName(analysis, found)) continue;
      // "Pierre Curie and Henri Becquerel" are asked about together.
      const partner = names[position + 1];
      const joined = partner && tokens[found.end + 1]?.normal === 'and' && partner.start === found.end + 2;
      const name = joined ? { start: found.start, end: partner.end } : found;
      // "named after the engineer Gustave Eiffel": the title before the name goes with it.
      let start = name.start;
      while (
        start - 1 > clause.rest.start &&
        ['DET', 'NOUN', 'ADJ'].includes(tokens[start - 1]?.pos ?? '') &&
        name.start - start < 3
      )
        start -= 1;
      const before = tokens[start - 1];
      const stranded = before?.pos === 'ADP' && PERSON_PREPOSITIONS.has(before.normal);
      if (!stranded) start = name.start;
      if (!stranded && name.start !== clause.rest.start) continue;
      const after = tokens[name.end + 1];
      if (name.end !== clause.rest.end && !CLAUSE_BREAKS.has(after?.text ?? '') && after?.pos !== 'ADP') continue;
      const rest = renderRest(
        restIndexes.filter((index) => index < start),
        undefined,
        stranded,
      );
      if (rest === undefined) return undefined;
      return finish(`Who ${inverted(rest) ?? ''}`);
    }
    return undefined;
  }

  function placeQuestion(): string | undefined {
    if (clause.negated || isCopula) return undefined;
    for (const name of findProperNames(analysis, clause.rest.start, clause.rest.end)) {
      const preposition = tokens[name.start - 1];
      if (!preposition || !PLACE_PREPOSITIONS.has(preposition.normal) || isPersonName(analysis, name)) continue;
      const after = tokens[name.end + 1];
      if (name.end !== clause.rest.end && !CLAUSE_BREAKS.has(after?.text ?? '')) continue;
      const rest = renderRest(
        restIndexes.filter((index) => index < name.start - 1),
        name.start - 1,
      );
      if (rest === undefined) return undefined;
      return finish(`Where ${inverted(rest) ?? ''}`);
    }
    return undefined;
  }

  /**
   * The kept tokens of the rest as text, cut at the first clause break (and at a conjunction or
   * comma right after a removed phrase); undefined when it stays too long or ends mid-phrase.
   */
  function renderRest(indexes: readonly number[], removedAt?: number, strandedPreposition = false): string | undefined {
    const kept: number[] = [];
    for (const index of indexes) {
      const token = tokens[index];
      if (!token) continue;
      if (CLAUSE_BREAKS.has(token.text)) {
        // Right after the removed phrase, the rest of the sentence is an aside: stop there.
        if (kept.length === 0 && removedAt === undefined) continue;
        if (kept.length === 0) break;
        // Cutting inside a list ("green plants, algae and ...") would leave half a phrase.
        if (token.text === ',' && !startsSideClause(tokens, index + 1)) return undefined;
        break;
      }
      if (token.pos === 'CCONJ' && kept.length > 0 && startsNewClause(tokens, index + 1)) break;
      const justRemoved =
        removedAt !== undefined && index > removedAt && kept.every((keptIndex) => keptIndex < removedAt);
      if (justRemoved && token.pos === 'CCONJ') break;
      kept.push(index);
    }
    if (kept.length > MAX_REST_TOKENS) return undefined;
    const last = tokens[kept[kept.length - 1] ?? -1];
    const dangling =
      ['DET', 'CCONJ', 'SCONJ', 'PART'].includes(last?.pos ?? '') || (last?.pos === 'ADP' && !strandedPreposition);
    if (last && dangling && last.normal !== "'s") return undefined;
    return joinIndexes(tokens, kept);
  }
}

interface RenderedSubject {
  readonly text: string;
  readonly plural: boolean;
  readonly person: boolean;
  readonly pronoun: boolean;
  /** The auxiliary in agreement with the subject as rendered ("I am" → "the author is"). */
  agree(auxiliary: string): string;
}

const FIRST_PERSON: Readonly<Record<string, string>> = { am: 'is', have: 'has', do: 'does', were: 'was' };

function renderSubject(analysis: TextAnalysis, sentence: Sentence, subject: Phrase): RenderedSubject | undefined {
  const tokens = analysis.tokens;
  const first = tokens[subject.start];
  if (!first) return undefined;
  const plural = isPluralSubject(tokens, subject);
  const identity = (auxiliary: string) => auxiliary;
  if (subject.start === subject.end && first.pos === 'PRON') {
    if (first.normal === 'i') {
      return {
        text: 'the author',
        plural: false,
        person: true,
        pronoun: true,
        agree: (auxiliary) => FIRST_PERSON[auxiliary] ?? auxiliary,
      };
    }
    if (first.normal === 'it') {
      const antecedent = lastSubjectBefore(analysis, sentence);
      return antecedent
        ? { text: antecedent, plural: false, person: false, pronoun: true, agree: identity }
        : undefined;
    }
    if (first.normal === 'he' || first.normal === 'she') {
      const name = mainPersonBefore(analysis, sentence.start);
      return name ? { text: name, plural: false, person: true, pronoun: true, agree: identity } : undefined;
    }
    if (first.normal === 'they') {
      // The plural subject of the sentence before, else the nearest plural noun phrase.
      const antecedent = lastPluralSubjectBefore(analysis, sentence) ?? lastPluralPhraseBefore(analysis, sentence);
      return antecedent ? { text: antecedent, plural: true, person: false, pronoun: true, agree: identity } : undefined;
    }
    return undefined;
  }
  const names = findProperNames(analysis, subject.start, subject.end);
  const person =
    names.some((name) => isPersonName(analysis, name)) ||
    tokens
      .slice(subject.start, subject.end + 1)
      .some((token) => (token.pos === 'NOUN' || token.pos === 'PROPN') && isPersonNoun(token));
  const keepCase = keepsCapital(analysis, sentence, first);
  const text = spanText(tokens, subject.start, subject.end);
  return {
    text: keepCase ? text : first.text.charAt(0).toLowerCase() + text.slice(1),
    plural,
    person,
    pronoun: false,
    agree: identity,
  };
}

/** Whether a capitalised word is a name (kept as is) rather than a common word capitalised at the start of a sentence. */
export function keepsCapital(analysis: TextAnalysis, sentence: Sentence, token: Token): boolean {
  if (/^\p{Lu}{2,}/u.test(token.text) || !/^\p{Lu}/u.test(token.text)) return !/^\p{Ll}/u.test(token.text);
  if (token.index !== sentence.start) return token.pos === 'PROPN';
  if (token.pos !== 'PROPN') return false;
  const lower = token.text.toLowerCase();
  // "Engineers": an inflected form is a common noun.
  if (token.lemma.toLowerCase() !== lower) return false;
  const tokens = analysis.tokens;
  const lowerElsewhere = tokens.some(
    (other) => other.text === lower && tokens[other.index - 1]?.text !== '`' && tokens[other.index + 1]?.text !== '`',
  );
  if (lowerElsewhere) return false;
  const next = tokens[token.index + 1];
  return !(next && /^\p{Ll}/u.test(next.text) && ['NOUN', 'ADJ', 'ADP'].includes(next.pos));
}

/** "They" in a review usually means the product named just before: the nearest plural noun phrase of the last sentences. */
function lastPluralPhraseBefore(analysis: TextAnalysis, sentence: Sentence): string | undefined {
  const tokens = analysis.tokens;
  const from = analysis.sentences[Math.max(0, sentence.index - 3)]?.start ?? 0;
  const phrases = findNounPhrases(analysis, from, sentence.start - 1).filter((phrase) => {
    const head = tokens[phrase.end];
    return (
      head !== undefined &&
      head.entity === -1 &&
      head.pos !== 'NUM' &&
      !isPersonNoun(head) &&
      isPluralSubject(tokens, phrase)
    );
  });
  const phrase = phrases[phrases.length - 1];
  if (!phrase) return undefined;
  let start = phrase.start;
  while (tokens[start]?.pos === 'DET' || tokens[start]?.pos === 'PRON') start += 1;
  const first = tokens[start];
  const raw = spanText(tokens, start, phrase.end);
  return first && first.pos === 'PROPN' ? `the ${raw}` : `the ${raw.charAt(0).toLowerCase()}${raw.slice(1)}`;
}

/** "She" in a biography is its main person: the most often named one so far, as first named in full. */
function mainPersonBefore(analysis: TextAnalysis, before: number): string | undefined {
  const tokens = analysis.tokens;
  const names = findProperNames(analysis, 0, before - 1).filter((name) => isPersonName(analysis, name));
  const counts = new Map<string, { count: number; full: string }>();
  for (const name of names) {
    const surname = tokens[name.end]?.normal ?? '';
    if (!counts.has(surname)) counts.set(surname, { count: 0, full: spanText(tokens, name.start, name.end) });
  }
  for (const name of findProperNames(analysis, 0, before - 1)) {
    const entry = counts.get(tokens[name.end]?.normal ?? '');
    if (entry && !tokens.slice(name.start, name.end + 1).some((token) => token.normal === 'of')) {
      entry.count += 1;
    }
  }
  let best: { count: number; full: string } | undefined;
  for (const entry of counts.values()) if (!best || entry.count > best.count) best = entry;
  return best?.full;
}

/** "It" usually continues the subject of the sentence before: "The Eiffel Tower is ... It is named after ...". */
function lastSubjectBefore(analysis: TextAnalysis, sentence: Sentence): string | undefined {
  for (let index = sentence.index - 1; index >= Math.max(0, sentence.index - 2); index -= 1) {
    const previous = analysis.sentences[index];
    if (!previous || previous.kind === 'heading') continue;
    const clause = parseClause(analysis, previous);
    if (!clause) continue;
    const tokens = analysis.tokens;
    const words = tokens.slice(clause.subject.start, clause.subject.end + 1);
    if (words.some((token) => token.pos === 'PRON') || isPluralSubject(tokens, clause.subject)) return undefined;
    if (
      words.some((token) => isPersonNoun(token)) ||
      findProperNames(analysis, clause.subject.start, clause.subject.end).some((name) => isPersonName(analysis, name))
    ) {
      return undefined;
    }
    const first = words[0];
    const text = spanText(tokens, clause.subject.start, clause.subject.end);
    return first && keepsCapital(analysis, previous, first) ? text : text.charAt(0).toLowerCase() + text.slice(1);
  }
  return undefined;
}

/** Words of a subject that "they" may stand for in a question. */
const MAX_ANTECEDENT_WORDS = 8;

/** "Two sailors were arrested ... They received ...": the plural subject of the sentence just before. */
function lastPluralSubjectBefore(analysis: TextAnalysis, sentence: Sentence): string | undefined {
  const previous = analysis.sentences[sentence.index - 1];
  if (!previous || previous.kind === 'heading') return undefined;
  const clause = parseClause(analysis, previous);
  if (!clause) return undefined;
  const tokens = analysis.tokens;
  const words = tokens.slice(clause.subject.start, clause.subject.end + 1);
  if (words.length > MAX_ANTECEDENT_WORDS || words.some((token) => token.pos === 'PRON')) return undefined;
  if (!isPluralSubject(tokens, clause.subject)) return undefined;
  const first = words[0];
  const text = spanText(tokens, clause.subject.start, clause.subject.end);
  return first && keepsCapital(analysis, previous, first) ? text : text.charAt(0).toLowerCase() + text.slice(1);
}

const REFLEXIVE_PERSONS: ReadonlySet<string> = new Set(['himself', 'herself', 'themselves']);
const SUBJECT_PRONOUNS: ReadonlySet<string> = new Set(['i', 'you', 'he', 'she', 'it', 'we', 'they']);

const SIDE_CLAUSE_WORDS: ReadonlySet<string> = new Set([
  'which',
  'who',
  'whose',
  'where',
  'when',
  'while',
  'because',
  'although',
  'though',
  'as',
  'so',
  'but',
  'and',
  'or',
  'including',
  'such',
  'for',
  'from',
  'after',
  'before',
  'since',
  'until',
  'with',
  'without',
  'by',
  'in',
  'on',
  'at',
]);

/** Whether the token after a comma opens an aside that can be dropped: a relative clause, an appositive, an adverbial. */
function startsSideClause(tokens: readonly Token[], index: number): boolean {
  const token = tokens[index];
  if (!token) return true;
  if (SIDE_CLAUSE_WORDS.has(token.normal) || token.pos === 'DET' || token.pos === 'SCONJ') return true;
  return token.pos === 'VERB' && /(?:ing|ed)$/.test(token.normal);
}

/** Whether the word after "and"/"but" starts a new clause or verb phrase rather than another noun. */
function startsNewClause(tokens: readonly Token[], index: number): boolean {
  const token = tokens[index];
  if (!token) return false;
  if (token.pos === 'ADV') return ['VERB', 'AUX'].includes(tokens[index + 1]?.pos ?? '');
  if (token.pos === 'PROPN') {
    // "... and Jeff Goldblum will reprise his role": a name followed by its own verb.
    let next = index + 1;
    while (tokens[next]?.pos === 'PROPN') next += 1;
    return ['VERB', 'AUX'].includes(tokens[next]?.pos ?? '');
  }
  return ['PRON', 'AUX', 'VERB', 'DET', 'PART'].includes(token.pos);
}

/** "When did the club sign him when its captain left?": a second "when" makes the question ambiguous. */
function asksWhenTwice(rest: string): boolean {
  return /\bwhen\b/i.test(rest);
}

function range(start: number, end: number): number[] {
  const indexes: number[] = [];
  for (let index = start; index <= end; index += 1) indexes.push(index);
  return indexes;
}

function joinIndexes(tokens: readonly Token[], indexes: readonly number[]): string {
  let text = '';
  let previous = -2;
  for (const index of indexes) {
    const token = tokens[index];
    if (!token) continue;
    const space = index === previous + 1 ? token.spaceBefore : ' ';
    text += text ? space + token.text : token.text;
    previous = index;
  }
  return text;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function finish(question: string): string {
  return `${capitalise(question.replace(/\s+/g, ' ').trim())}?`;
}
