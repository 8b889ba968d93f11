import { stemmer } from 'stemmer';
import { repeatsTerms, type Phrase } from '../text/phrases.js';
import type { Sentence, TextAnalysis } from '../text/text-analyzer.js';
import { isContentToken, termOf } from '../text/tokens.js';
import {
  entitySpans,
  overlapsAnchors,
  personSpans,
  phraseSpans,
  placeSpans,
  verbArgumentSpans,
  type Span,
  type SpanRule,
} from './answer-spans.js';
import type { AnswerType, QuestionAnalysis } from './answer-type.js';
import { misplacedKeyPenalty, type ClauseCut } from './clauses.js';
import { agentSpans } from './passive-agents.js';
import { namingSpans, reasonSpans } from './clause-answers.js';
import { demonymSpans, listSpans, prepositionObjectSpans, reporterSpans } from './shapes.js';

/** What a candidate rule sees of one searched sentence. */
export interface SpanContext {
  readonly analysis: TextAnalysis;
  readonly sentence: Sentence;
  readonly query: QuestionAnalysis;
  /** The question's terms and their stems. */
  readonly terms: ReadonlySet<string>;
  /** Token indexes of the sentence's words that the question shares. */
  readonly anchors: readonly number[];
}

/**
 * How a family's spans are scored before they compete: `fresh` drops spans that only repeat the
 * question; `candidate` also divides the quality by the distance to the question's words; `near`
 * only divides by that distance; `plain` keeps them as found.
 */
type Fit = 'fresh' | 'candidate' | 'near' | 'plain';

/** Rules that adjust the candidates' values, or turn the chosen span into the answer's words. */
export type AdjustmentRule = 'clause' | 'widen-name' | 'coordinated-names' | 'focus-noun';

export type QaRuleName = SpanRule | AdjustmentRule;

/** One family of QA rules: a kind of candidate or an adjustment, what it applies to and how it scores. */
export interface QaRuleFamily {
  readonly name: QaRuleName;
  /** Which questions it applies to, for a reader. */
  readonly appliesTo: string;
  /** How it scores, for a reader. */
  readonly scores: string;
  /** Candidate families only: the answer types it runs for, how its spans are fitted, and the finder. */
  readonly candidates?: {
    readonly answerTypes: readonly AnswerType[];
    readonly fit: Fit;
    /** Its spans lose value for question names and numbers that sit in another clause (`clause`). */
    readonly inClause?: boolean;
    readonly find: (context: SpanContext) => readonly (Phrase & { readonly quality: number })[];
  };
}

const TYPED: readonly AnswerType[] = [
  'date',
  'time',
  'number',
  'money',
  'amount',
  'percent',
  'duration',
  'age',
  'ordinal',
];

/**
 * The QA rules as families, in the order their candidates are gathered. A family stays only while
 * leaving it out lowers the tune token F1 (`tests/eval/qa-ablation.ts`, printed by `make eval`); no
 * rule is written for one question of the evaluation sets. Tune is the sample's held-out part and
 * a supplement of rare question types (why, how, "What is X called", "Who said"); the manner ("by
 * V-ing") and definition ("X is ...") families were tried on it and lowered it. Questions no family
 * answers (how, most definitions) get the sentence sharing the most question words.
 */
export const QA_RULE_FAMILIES: readonly QaRuleFamily[] = [
  {
    name: 'entity',
    appliesTo: 'when, how many/much/long/old, what year/percentage/price ... (a typed answer)',
    scores:
      'an entity of the asked type (weight by type) with its modifiers and counted noun, more when it counts the focus noun; by distance',
    candidates: {
      answerTypes: TYPED,
      fit: 'candidate',
      inClause: true,
      find: (context) => entitySpans(context.analysis, context.sentence, context.query),
    },
  },
  {
    name: 'person',
    appliesTo: 'who-questions',
    scores:
      'names (1 for a person, 0.3 else; 1.05 for two people joined by "and"), the subject or object of the question\'s verb (0.4-1.1); by distance',
    candidates: {
      answerTypes: ['person'],
      fit: 'candidate',
      inClause: true,
      find: (context) => personSpans(context.analysis, context.sentence, context.query, context.anchors),
    },
  },
  {
    name: 'relation-agent',
    appliesTo: 'who/what questions asking the subject of an active verb',
    scores:
      'the agent of a passive "was V-ed by Y": 1.3 with the question\'s verb, 0.9-1.1 with another; at any distance',
    candidates: {
      answerTypes: ['person', 'thing'],
      fit: 'fresh',
      find: (context) => agentSpans(context.analysis, context.sentence, context.query),
    },
  },
  {
    name: 'reporter',
    appliesTo: 'who-questions asking who holds or states a view ("Who said/believed/wrote that ...?")',
    scores: 'a name followed by a reporting verb and "that" or a comma ("X argues that ..."), 1.2; at any distance',
    candidates: {
      answerTypes: ['person'],
      fit: 'plain',
      find: (context) => reporterSpans(context.analysis, context.sentence, context.query),
    },
  },
  {
    name: 'place',
    appliesTo: 'where, what city/country/region ...',
    scores: 'names (1 after a place preposition, 0.5 else) and "in/at/near + noun phrase" (0.7); by distance',
    candidates: {
      answerTypes: ['place'],
      fit: 'candidate',
      inClause: true,
      find: (context) => placeSpans(context.analysis, context.sentence),
    },
  },
  {
    name: 'reason',
    appliesTo: 'why-questions',
    scores:
      'the clause after "because (of)", "due to", "so that", "in order to", "since" (1); "X, which is why" (0.8); the sentence before "As a result, ..." (0.7); by distance',
    candidates: {
      answerTypes: ['reason'],
      fit: 'near',
      find: (context) => reasonSpans(context.analysis, context.sentence),
    },
  },
  {
    name: 'naming',
    appliesTo: '"What is X called / known as / named?"',
    scores: 'the noun phrase or name right after "called", "named", "known as", "termed", "dubbed", 1; by distance',
    candidates: {
      answerTypes: ['definition', 'thing', 'person', 'place'],
      fit: 'candidate',
      find: (context) => namingSpans(context.analysis, context.sentence, context.query),
    },
  },
  {
    name: 'argument',
    appliesTo: 'what-questions, and "What is X?" asked of a verb',
    scores: "the subject (0.8) or object (0.75-0.9) of the question's verb in the sentence; by distance",
    candidates: {
      answerTypes: ['definition', 'thing'],
      fit: 'candidate',
      find: (context) => verbArgumentSpans(context.analysis, context.sentence, context.query, context.anchors),
    },
  },
  {
    name: 'preposition',
    appliesTo: 'questions opening with a preposition ("For what ...?")',
    scores: 'the phrase after the same preposition in the sentence, 0.9; by distance',
    candidates: {
      answerTypes: ['thing'],
      fit: 'candidate',
      find: (context) => prepositionObjectSpans(context.analysis, context.sentence, context.query),
    },
  },
  {
    name: 'demonym',
    appliesTo: '"What language/nationality ...?"',
    scores: 'capitalised nationality words ("Spanish"), 1.2; by distance',
    candidates: {
      answerTypes: ['thing'],
      fit: 'candidate',
      find: (context) => demonymSpans(context.analysis, context.sentence, context.query),
    },
  },
  {
    name: 'list',
    appliesTo: '"Which genres ...?", "What three ...?" (a plural or counted focus)',
    scores: 'a list of three or more short items, 1; by distance',
    candidates: {
      answerTypes: ['thing'],
      fit: 'candidate',
      find: (context) => (context.query.asksMany ? listSpans(context.analysis, context.sentence) : []),
    },
  },
  {
    name: 'phrase',
    appliesTo: 'what/which questions with a focus noun',
    scores: 'any name (0.5) or noun phrase (0.4); by distance: a weak fallback',
    candidates: {
      answerTypes: ['thing'],
      fit: 'candidate',
      find: (context) => (context.query.focus ? phraseSpans(context.analysis, context.sentence) : []),
    },
  },
  {
    name: 'clause',
    appliesTo: 'entity, person and place candidates',
    scores: '-0.4 for each question name or number the sentence gives only in another clause than the span',
  },
  {
    name: 'widen-name',
    appliesTo: 'the chosen span',
    scores: 'takes in the capitalised nouns next to its edge names (a name the tagger cut)',
  },
  {
    name: 'coordinated-names',
    appliesTo: 'the chosen span, when it is a name in a list of names',
    scores: 'answers with the whole list ("X, Y, and Z")',
  },
  {
    name: 'focus-noun',
    appliesTo: 'the chosen span, when it ends in a name',
    scores: 'takes in the asked-for noun right after it ("the Delta region")',
  },
];

/** The families in use: all by default; `make eval` leaves one out at a time. */
export type QaRules = ReadonlySet<QaRuleName>;

export const ALL_QA_RULES: QaRules = new Set(QA_RULE_FAMILIES.map((family) => family.name));

const CLAUSE_CUT: Partial<Record<AnswerType, ClauseCut>> = {
  // A number's clause ends at any comma ("4 goals in May, and 2 in June").
  ...Object.fromEntries(TYPED.map((type) => [type, 'comma'])),
  person: 'joint',
  place: 'joint',
};

/** Candidate answers of the kind the question asks for, in one sentence: the candidate families that apply, in order. */
export function findAnswerSpans(
  analysis: TextAnalysis,
  sentence: Sentence,
  query: QuestionAnalysis,
  terms: ReadonlySet<string>,
  rules: QaRules = ALL_QA_RULES,
): Span[] {
  const tokens = analysis.tokens;
  const anchors: number[] = [];
  for (let index = sentence.start; index <= sentence.end; index += 1) {
    const token = tokens[index];
    if (token && isContentToken(token) && (terms.has(termOf(token)) || terms.has(stemmer(termOf(token)))))
      anchors.push(index);
  }
  const context: SpanContext = { analysis, sentence, query, terms, anchors };
  const near = (span: Span): Span => {
    const distance = Math.min(
      ...anchors.map((anchor) =>
        anchor < span.start ? span.start - anchor : anchor > span.end ? anchor - span.end : 0,
      ),
      20,
    );
    return { ...span, quality: span.quality / (1 + distance / 10) };
  };
  const fresh = (span: Span) => {
    const core = span.core ?? span;
    if (repeatsTerms(tokens, core, terms)) return false;
    return span.mayRepeat === true || !overlapsAnchors(core, anchors);
  };
  const fitted = (spans: readonly Span[], fit: Fit): Span[] => {
    if (fit === 'plain') return [...spans];
    if (fit === 'near') return spans.map(near);
    const kept = spans.filter(fresh);
    return fit === 'fresh' ? kept : kept.map(near);
  };

  const cut = CLAUSE_CUT[query.answerType];
  const free: Span[] = [];
  const clausal: Span[] = [];
  for (const family of QA_RULE_FAMILIES) {
    const rule = family.candidates;
    if (!rule || !rules.has(family.name) || !rule.answerTypes.includes(query.answerType)) continue;
    const found = rule.find(context).map((span) => ({ ...span, rule: family.name as SpanRule }));
    (rule.inClause && cut ? clausal : free).push(...fitted(found, rule.fit));
  }
  if (!cut || !rules.has('clause') || clausal.length === 0) return [...clausal, ...free];
  // A span in the clause of the question's names beats one outside it (relative to the best placed).
  const penalties = clausal.map((span) => misplacedKeyPenalty(tokens, sentence, span, terms, cut));
  const least = Math.min(...penalties);
  return [
    ...clausal.map((span, index) => ({ ...span, quality: span.quality - ((penalties[index] ?? 0) - least) })),
    ...free,
  ];
}
