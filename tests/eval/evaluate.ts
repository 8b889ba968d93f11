import { stemmer } from 'stemmer';
import type { Operation, ResolvedOptions } from '../../domain/operations.js';
import type { TextModel } from '../../domain/ports.js';
import { PROCESSORS } from '../../domain/processors.js';
import { answerText, NOT_IN_TEXT, searchAnswers } from '../../infra/nlp/qa/answer-question.js';
import { scoreSentiment } from '../../infra/nlp/sentiment/analyze-sentiment.js';
import type { SentimentLexicon } from '../../infra/nlp/sentiment/sentiment-lexicon.js';
import type { SentimentModel } from '../../infra/nlp/sentiment/sentiment-model.js';
import type { TextAnalyzer } from '../../infra/nlp/text/text-analyzer.js';
import { createModelRequest } from '../fakes/model-request.js';
import {
  bestSentence,
  extractiveOracle,
  lead3,
  leadWords,
  lexiconLabel,
  majorityLabel,
  textRank,
} from './baselines.js';
import type { QaItem, SentimentItem, SummaryItem } from './datasets.js';
import {
  accuracy,
  containsAnswer,
  macroRecall,
  mean,
  rouge,
  toTokens,
  tokenF1,
  unigramRecall,
  type RougeScores,
} from './metrics.js';
import { formProblems, type FormProblem } from './question-form.js';

export interface EvalTools {
  readonly model: TextModel;
  readonly nlp: TextAnalyzer;
  readonly lexicon: SentimentLexicon;
  /** The provider's review classifier: its blended polarity maps a neutral answer in the binary sets. */
  readonly sentimentModel?: SentimentModel;
}

interface RunInput {
  readonly text: string;
  readonly question?: string;
  readonly options?: Partial<ResolvedOptions>;
}

/** Asks the model through the same request, parser and checks as the service does. */
async function ask(model: TextModel, operation: Operation, input: RunInput) {
  const request = createModelRequest(operation, input);
  const response = await model.generate(request);
  const definition = PROCESSORS[operation];
  const payload =
    response.payload === undefined
      ? definition.parse(response.text, request.input)
      : definition.check(response.payload, request.input);
  if (!payload) throw new Error(`${operation}: the answer was rejected: ${JSON.stringify(response)}`);
  return payload;
}

function averageRouge(scores: readonly RougeScores[]): RougeScores {
  return {
    rouge1: mean(scores.map((score) => score.rouge1)),
    rouge2: mean(scores.map((score) => score.rouge2)),
    rougeL: mean(scores.map((score) => score.rougeL)),
  };
}

/** Highlights as one reference text, one sentence per highlight. */
function reference(item: SummaryItem): string {
  return item.highlights.split('\n').join(' ');
}

export interface SummaryReport {
  readonly n: number;
  readonly provider: RougeScores;
  readonly lead3: RougeScores;
  /** TextRank (Mihalcea & Tarau 2004), whole sentences within `max_length` words. */
  readonly textRank: RougeScores;
  /** Lead-3 cut to its first `max_length` words: Lead-3 held to the same length budget. */
  readonly lead3Cut: RougeScores;
  /** The article's first `max_length` words. */
  readonly leadWords: RougeScores;
  /** Upper bound: the greedy extractive oracle within `max_length` (it sees the reference). */
  readonly oracle: RougeScores;
  readonly meanWords: number;
  readonly referenceWords: number;
}

/** Summaries with `max_length` = the highlights' word count, against TextRank, Lead-3 and the leading words. */
export async function evaluateSummaries(tools: EvalTools, items: readonly SummaryItem[]): Promise<SummaryReport> {
  const provider: RougeScores[] = [];
  const leads: RougeScores[] = [];
  const textRanks: RougeScores[] = [];
  const leadsCut: RougeScores[] = [];
  const words: RougeScores[] = [];
  const oracles: RougeScores[] = [];
  const lengths: number[] = [];
  const referenceLengths: number[] = [];
  for (const item of items) {
    const gold = reference(item);
    const maxLength = Math.min(1000, Math.max(10, gold.split(/\s+/).length));
    const payload = await ask(tools.model, 'summarize', { text: item.article, options: { max_length: maxLength } });
    const summary = payload.result ?? '';
    provider.push(rouge(summary, gold));
    const lead = lead3(tools.nlp, item.article);
    leads.push(rouge(lead, gold));
    textRanks.push(rouge(textRank(tools.nlp, item.article, maxLength), gold));
    leadsCut.push(rouge(leadWords(lead, maxLength), gold));
    words.push(rouge(leadWords(item.article, maxLength), gold));
    oracles.push(rouge(extractiveOracle(tools.nlp, item.article, gold, maxLength), gold));
    lengths.push(summary.split(/\s+/).length);
    referenceLengths.push(maxLength);
  }
  return {
    n: items.length,
    provider: averageRouge(provider),
    lead3: averageRouge(leads),
    textRank: averageRouge(textRanks),
    lead3Cut: averageRouge(leadsCut),
    leadWords: averageRouge(words),
    oracle: averageRouge(oracles),
    meanWords: mean(lengths),
    referenceWords: mean(referenceLengths),
  };
}

export interface SentimentReport {
  readonly n: number;
  /** Accuracy (binary sets) or macro-averaged recall (3-class set). */
  readonly provider: number;
  readonly majority: number;
  readonly lexicon: number;
  /** Plain accuracy, also for the 3-class set. */
  readonly providerAccuracy: number;
  /** Share of items the provider answered neutral (before the binary mapping). */
  readonly neutralRate: number;
  readonly misses: readonly { id: string; text: string; gold: string; predicted: string }[];
}

/**
 * Sentiment labels against the gold ones. Binary sets score accuracy; a neutral answer is mapped by
 * the sign of the provider's polarity score (`scoreSentiment`), and counts as wrong when
 * that is exactly 0. The 3-class set scores macro-averaged recall of the labels as answered. The
 * majority class is taken from `majorityOf` (the tuning part).
 */
export async function evaluateSentiment(
  tools: EvalTools,
  items: readonly SentimentItem[],
  options: { readonly threeClass: boolean; readonly majorityOf: readonly SentimentItem[] },
): Promise<SentimentReport> {
  const golds = items.map((item) => item.label);
  const predictions: string[] = [];
  let neutral = 0;
  for (const item of items) {
    const payload = await ask(tools.model, 'sentiment', { text: item.text });
    let label: string = payload.sentiment?.sentiment ?? 'neutral';
    if (label === 'neutral') neutral += 1;
    if (label === 'neutral' && !options.threeClass) {
      const polarity = scoreSentiment(tools.nlp.analyze(item.text), tools.lexicon, tools.sentimentModel);
      label = polarity > 0 ? 'positive' : polarity < 0 ? 'negative' : 'neutral';
    }
    predictions.push(label);
  }
  const majority = majorityLabel(options.majorityOf.map((item) => item.label));
  const lexicon = items.map((item) => lexiconLabel(tools.lexicon, item.text));
  const score = options.threeClass ? macroRecall : accuracy;
  return {
    n: items.length,
    provider: score(golds, predictions),
    majority: score(
      golds,
      items.map(() => majority),
    ),
    lexicon: score(golds, lexicon),
    providerAccuracy: accuracy(golds, predictions),
    neutralRate: neutral / Math.max(1, items.length),
    misses: items.flatMap((item, index) =>
      predictions[index] === item.label
        ? []
        : [{ id: item.id, text: item.text, gold: item.label, predicted: predictions[index] ?? '' }],
    ),
  };
}

export interface QaReport {
  readonly n: number;
  readonly provider: { readonly f1: number; readonly contains: number; readonly meanWords: number };
  readonly baseline: { readonly f1: number; readonly contains: number; readonly meanWords: number };
  /** Share of these (all answerable) questions answered "The text does not say.": false abstentions. */
  readonly abstained: number;
  /** Where answers are lost: shares of questions whose gold answer some searched span / some searched sentence holds. */
  readonly ceiling: { readonly span: number; readonly sentence: number };
  /** Share of answers that are a span found for the question (the rest are a sentence or "does not say"). */
  readonly spanAnswers: number;
  readonly misses: readonly { id: string; question: string; gold: string; answer: string }[];
}

/** What the provider's search offered for one question: the candidate spans' texts and the sentences searched. */
function searchedFor(nlp: TextAnalyzer, item: QaItem) {
  const analysis = nlp.analyze(item.context);
  const search = searchAnswers(analysis, nlp.analyze(item.question));
  if (search.kind === 'answered') return { spans: [], sentences: [] };
  return {
    spans: search.candidates.map((candidate) => answerText(analysis.tokens, candidate, search.query)),
    sentences: search.ranked.map(({ sentence }) => sentence.text),
  };
}

/** Answers against SQuAD's gold spans, next to "return the best-matching sentence". */
export async function evaluateQa(tools: EvalTools, items: readonly QaItem[]): Promise<QaReport> {
  const ours: { f1: number; contains: boolean; words: number }[] = [];
  const theirs: { f1: number; contains: boolean; words: number }[] = [];
  const misses: { id: string; question: string; gold: string; answer: string }[] = [];
  let abstained = 0;
  let spanAnswers = 0;
  const ceiling = { span: 0, sentence: 0 };
  for (const item of items) {
    const payload = await ask(tools.model, 'qa', { text: item.context, question: item.question });
    const answer = payload.result ?? '';
    if (answer === NOT_IN_TEXT) abstained += 1;
    const searched = searchedFor(tools.nlp, item);
    if (searched.spans.includes(answer)) spanAnswers += 1;
    if (searched.spans.some((span) => containsAnswer(span, item.answers))) ceiling.span += 1;
    if (searched.sentences.some((text) => containsAnswer(text, item.answers))) ceiling.sentence += 1;
    const sentence = bestSentence(tools.nlp, item.context, item.question);
    ours.push({
      f1: tokenF1(answer, item.answers),
      contains: containsAnswer(answer, item.answers),
      words: toTokens(answer).length,
    });
    theirs.push({
      f1: tokenF1(sentence, item.answers),
      contains: containsAnswer(sentence, item.answers),
      words: toTokens(sentence).length,
    });
    if (!containsAnswer(answer, item.answers))
      misses.push({ id: item.id, question: item.question, gold: item.answers[0] ?? '', answer });
  }
  const summarise = (rows: typeof ours) => ({
    f1: mean(rows.map((row) => row.f1)),
    contains: mean(rows.map((row) => (row.contains ? 1 : 0))),
    meanWords: mean(rows.map((row) => row.words)),
  });
  const share = (count: number) => count / Math.max(1, items.length);
  return {
    n: items.length,
    provider: summarise(ours),
    baseline: summarise(theirs),
    abstained: share(abstained),
    ceiling: { span: share(ceiling.span), sentence: share(ceiling.sentence) },
    spanAnswers: share(spanAnswers),
    misses,
  };
}

export interface AbstentionReport {
  readonly n: number;
  /** Share of questions asked of another article's paragraph that were answered "The text does not say." */
  readonly offTopic: number;
}

/**
 * Whether QA says so when the text does not answer: each question is also asked of the paragraph
 * of the next item (in `all`, cyclically) from another article, which cannot hold its answer.
 * Baseline "always answer" scores 0. (False abstentions on the own paragraph: `QaReport.abstained`.)
 */
export async function evaluateAbstention(
  tools: EvalTools,
  items: readonly QaItem[],
  all: readonly QaItem[],
): Promise<AbstentionReport> {
  let offTopic = 0;
  for (const item of items) {
    const start = all.indexOf(item);
    let other: QaItem | undefined;
    for (let step = 1; step < all.length && !other; step += 1) {
      const candidate = all[(start + step) % all.length];
      if (candidate && candidate.title !== item.title) other = candidate;
    }
    if (!other) continue;
    const foreign = await ask(tools.model, 'qa', { text: other.context, question: item.question });
    if (foreign.result === NOT_IN_TEXT) offTopic += 1;
  }
  return { n: items.length, offTopic: offTopic / Math.max(1, items.length) };
}

export interface KeyPointReport {
  readonly n: number;
  /** Share of the highlights' words the key points contain (unigram recall). */
  readonly coverage: number;
  /** The same for the article's first k sentences, k = the number of points asked for. */
  readonly leadCoverage: number;
  readonly meanPoints: number;
  readonly examples: readonly { id: string; points: readonly string[]; highlights: string }[];
}

/** Key points (as many as the article has highlights) scored by how much of the highlights they cover. */
export async function evaluateKeyPoints(tools: EvalTools, items: readonly SummaryItem[]): Promise<KeyPointReport> {
  const coverage: number[] = [];
  const leadCoverage: number[] = [];
  const counts: number[] = [];
  const examples: { id: string; points: string[]; highlights: string }[] = [];
  for (const item of items) {
    const maxPoints = Math.max(1, item.highlights.split('\n').length);
    const payload = await ask(tools.model, 'key_points', { text: item.article, options: { max_points: maxPoints } });
    const points = payload.key_points ?? [];
    const gold = reference(item);
    coverage.push(unigramRecall(points.join(' '), gold));
    const lead = tools.nlp
      .analyze(item.article)
      .sentences.slice(0, maxPoints)
      .map((sentence) => sentence.text)
      .join(' ');
    leadCoverage.push(unigramRecall(lead, gold));
    counts.push(points.length);
    examples.push({ id: item.id, points, highlights: item.highlights });
  }
  return {
    n: items.length,
    coverage: mean(coverage),
    leadCoverage: mean(leadCoverage),
    meanPoints: mean(counts),
    examples,
  };
}

const QUESTION_OPENERS = new Set(
  'what which who whom whose when where why how is are was were do does did can could will would should has have had may might must'.split(
    ' ',
  ),
);
/** Function words, and the words of the "What does the text say about X?" template. */
const STOP = new Set(
  'a an the of in on at to for from by with and or is are was were be been do does did it its text say about many much long far often old'.split(
    ' ',
  ),
);

/** Whether each content word of `question` is in the text (`stemsOf` it), up to inflection. */
export function isGrounded(question: string, vocabulary: ReadonlySet<string>, nlp: TextAnalyzer): boolean {
  return nlp
    .analyze(question)
    .tokens.filter((token) => /[\p{L}\p{N}]/u.test(token.normal) && !STOP.has(token.normal))
    .filter((token) => !QUESTION_OPENERS.has(token.normal) && !STOP.has(token.lemma.toLowerCase()))
    .every((token) => vocabulary.has(stemmer(token.normal)) || vocabulary.has(stemmer(token.lemma.toLowerCase())));
}

/**
 * The words of a text as stems of their lemmas and of their forms ("composed" and "compose" meet,
 * "became" and "become" too); a text that speaks as "I" has an author, as its questions call it.
 */
export function stemsOf(nlp: TextAnalyzer, text: string): Set<string> {
  const stems = new Set<string>();
  for (const token of nlp.analyze(text).tokens) {
    stems.add(stemmer(token.normal));
    stems.add(stemmer(token.lemma.toLowerCase()));
    if (token.normal === 'i' || token.normal === 'my') stems.add(stemmer('author'));
  }
  return stems;
}

export interface QuestionReport {
  readonly n: number;
  readonly questions: number;
  /** Share ending in "?". */
  readonly endsWithQuestionMark: number;
  /** Share without a problem of form (`formProblems`: opener, length, verb, first person, dangling end, ...). */
  readonly wellFormed: number;
  /** The questions that have one, with what is wrong. */
  readonly illFormed: readonly { question: string; problems: readonly FormProblem[] }[];
  /** Share whose content words all occur in the text and that the local QA answers from it. */
  readonly answerable: number;
  readonly examples: readonly { id: string; questions: readonly string[] }[];
}

/** Generated questions checked for form and for being answerable from the text they came from. */
export async function evaluateQuestions(
  tools: EvalTools,
  texts: readonly { id: string; text: string }[],
): Promise<QuestionReport> {
  let total = 0;
  let marked = 0;
  let formed = 0;
  let answerable = 0;
  const examples: { id: string; questions: string[] }[] = [];
  const illFormed: { question: string; problems: FormProblem[] }[] = [];
  for (const { id, text } of texts) {
    const payload = await ask(tools.model, 'questions', { text, options: { num_questions: 5 } });
    const questions = payload.questions ?? [];
    const vocabulary = stemsOf(tools.nlp, text);
    for (const question of questions) {
      total += 1;
      if (question.endsWith('?')) marked += 1;
      const problems = formProblems(question, tools.nlp);
      if (problems.length === 0) formed += 1;
      else illFormed.push({ question, problems });
      const grounded = isGrounded(question, vocabulary, tools.nlp);
      const reply = await ask(tools.model, 'qa', { text, question });
      if (grounded && reply.result !== NOT_IN_TEXT) answerable += 1;
    }
    examples.push({ id, questions });
  }
  return {
    n: texts.length,
    questions: total,
    endsWithQuestionMark: marked / Math.max(1, total),
    wellFormed: formed / Math.max(1, total),
    illFormed,
    answerable: answerable / Math.max(1, total),
    examples,
  };
}
