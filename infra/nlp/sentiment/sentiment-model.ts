import type { Token } from '../text/text-analyzer.js';
import weights from './sentiment-model.json' with { type: 'json' };

/** The classifier's classes, in the order of its weight triples. */
export const SENTIMENT_CLASSES = ['negative', 'neutral', 'positive'] as const;
export type SentimentClass = (typeof SENTIMENT_CLASSES)[number];
/** One value per class, in the order of `SENTIMENT_CLASSES`. */
export type ClassVector = readonly [number, number, number];

/**
 * A linear three-class sentiment classifier (multinomial logistic regression) over binary word and
 * word-pair features with negation scope marked, plus three numeric features from the lexicon's
 * reading (`LEXICON_FEATURES`). Trained offline by `tests/eval/train-sentiment.ts` on public training
 * data of several domains (reviews, tweets, finance, movie sentences; sources in
 * `tests/eval/data/SOURCES.md`). Two-class (polarity-only) examples train the positive-versus-negative
 * contrast only, so the neutral class is learnt from the three-class sources.
 */
export interface SentimentModel {
  /** Per-class bias. */
  readonly bias: ClassVector;
  /** Feature → per-class weight. */
  readonly weights: ReadonlyMap<string, ClassVector>;
  /** A text is neutral when the neutral class's probability reaches this; chosen on training data. */
  readonly neutralThreshold: number;
  /**
   * A text without any word the lexicon rates is neutral unless the likelier polarity's probability
   * reaches this (1: always neutral); chosen on training data with `neutralThreshold`.
   */
  readonly factualCeiling: number;
}

/** The trained weights as stored: parallel arrays keep the JSON small and cheap to type-check. */
export interface SentimentModelFile {
  readonly bias: readonly number[];
  readonly neutralThreshold: number;
  readonly factualCeiling: number;
  readonly features: readonly string[];
  /** Three weights per feature (negative, neutral, positive), flattened. */
  readonly weights: readonly number[];
}

/** Builds a model from its stored form. */
export function fromSentimentModelFile(file: SentimentModelFile): SentimentModel {
  const map = new Map<string, ClassVector>();
  file.features.forEach((feature, index) =>
    map.set(feature, [
      file.weights[3 * index] ?? 0,
      file.weights[3 * index + 1] ?? 0,
      file.weights[3 * index + 2] ?? 0,
    ]),
  );
  return {
    bias: [file.bias[0] ?? 0, file.bias[1] ?? 0, file.bias[2] ?? 0],
    weights: map,
    neutralThreshold: file.neutralThreshold,
    factualCeiling: file.factualCeiling,
  };
}

/** Loads the weights shipped next to this file (`sentiment-model.json`). */
export function loadSentimentModel(): SentimentModel {
  return fromSentimentModelFile(weights);
}

/** Names of the numeric features the lexicon's reading adds (see `lexiconFeatures`). */
export const LEXICON_FEATURES = { positive: '~lexicon+', negative: '~lexicon-', none: '~lexicon0' } as const;

/**
 * The lexicon's reading as features: its polarity split by sign (each 0..1), and 1 when the text
 * has no rated word at all (a strong sign of a factual text).
 */
export function lexiconFeatures(polarity: number, hasCues: boolean): Map<string, number> {
  const features = new Map<string, number>();
  if (polarity > 0) features.set(LEXICON_FEATURES.positive, polarity);
  if (polarity < 0) features.set(LEXICON_FEATURES.negative, -polarity);
  if (!hasCues) features.set(LEXICON_FEATURES.none, 1);
  return features;
}

const NEGATORS: ReadonlySet<string> = new Set([
  'not',
  'no',
  'never',
  'nothing',
  'none',
  'nobody',
  'nowhere',
  'neither',
  'nor',
  'without',
  'cannot',
  'hardly',
]);
const CLAUSE_BREAKS: ReadonlySet<string> = new Set(['.', ',', ';', ':', '!', '?', '--', '-', '...', 'but', 'yet']);
/**
 * Degree words: they say how much, not which way, so they count only in pairs ("perfectly cast",
 * "perfectly ordinary"), never alone.
 */
const INTENSIFIERS: ReadonlySet<string> = new Set([
  'perfectly',
  'very',
  'really',
  'quite',
  'extremely',
  'absolutely',
  'totally',
  'completely',
  'truly',
  'utterly',
]);
/** Words after a negator that are read as negated ("not funny", "never really works"). */
const NEGATION_SCOPE = 3;

function toWord(token: Token): string | undefined {
  if (token.pos === 'SPACE') return undefined;
  if (token.type === 'number') return '<num>';
  if (token.type === 'emoticon' || token.type === 'emoji') return token.text;
  if (token.type === 'url' || token.type === 'email' || token.type === 'mention') return undefined;
  const word = token.normal.replace(/^['’`]+|['’`]+$/g, '');
  if (word === '!' || word === '?') return word;
  if (!/[\p{L}\p{N}]/u.test(word)) return CLAUSE_BREAKS.has(word) ? word : undefined;
  return word;
}

/**
 * The distinct features of a token run: lower-cased words (marked `not_` within three words after a
 * negator, up to the end of the clause) and pairs of adjacent words.
 */
export function toSentimentFeatures(tokens: readonly Token[]): string[] {
  const features = new Set<string>();
  let previous: string | undefined;
  let negatedFor = 0;
  for (const token of tokens) {
    const word = toWord(token);
    if (word === undefined) continue;
    if (CLAUSE_BREAKS.has(word) || word === '!' || word === '?') {
      negatedFor = 0;
      previous = undefined;
      if (word === '!' || word === '?') features.add(word);
      continue;
    }
    if (!INTENSIFIERS.has(word)) features.add(negatedFor > 0 ? `not_${word}` : word);
    if (previous !== undefined) features.add(`${previous} ${word}`);
    previous = word;
    if (NEGATORS.has(word)) negatedFor = NEGATION_SCOPE;
    else if (negatedFor > 0) negatedFor -= 1;
  }
  return [...features];
}

/** A feature that moved the score, with its signed weight (towards positive). */
export interface SentimentModelCue {
  readonly feature: string;
  readonly weight: number;
}

const CONTRASTS: ReadonlySet<string> = new Set(['but', 'however', 'nevertheless', 'nonetheless']);
/** As in VADER's rule, what follows "but" counts more than what precedes it ("great, but slow"). */
const BEFORE_CONTRAST = 0.5;
const AFTER_CONTRAST = 1.5;

/** The text features with their values: 1 each, or 0.5 before and 1.5 after a "but". */
export function sentimentFeatureValues(tokens: readonly Token[]): Map<string, number> {
  const contrastAt = tokens.findIndex((token, index) => index > 0 && CONTRASTS.has(token.normal));
  const values = new Map<string, number>();
  if (contrastAt < 0) {
    for (const feature of toSentimentFeatures(tokens)) values.set(feature, 1);
  } else {
    for (const feature of toSentimentFeatures(tokens.slice(0, contrastAt))) values.set(feature, BEFORE_CONTRAST);
    for (const feature of toSentimentFeatures(tokens.slice(contrastAt))) values.set(feature, AFTER_CONTRAST);
  }
  return values;
}

/** Softmax of three logits. */
export function softmax(logits: ClassVector): ClassVector {
  const top = Math.max(...logits);
  const exps = logits.map((logit) => Math.exp(logit - top));
  const sum = exps.reduce((total, value) => total + value, 0);
  return [(exps[0] ?? 0) / sum, (exps[1] ?? 0) / sum, (exps[2] ?? 0) / sum];
}

export interface SentimentModelScore {
  readonly logits: ClassVector;
  readonly probabilities: ClassVector;
  /** The predicted class: neutral when its probability reaches the model's threshold, else the likelier polarity. */
  readonly label: SentimentClass;
  /** Text features that moved the positive-versus-negative log-odds most, strongest first. */
  readonly cues: SentimentModelCue[];
}

/** The class scores of a text's feature values (`sentimentFeatureValues` plus `lexiconFeatures`). */
export function scoreWithSentimentModel(
  model: SentimentModel,
  values: ReadonlyMap<string, number>,
): SentimentModelScore {
  const logits = [model.bias[0], model.bias[1], model.bias[2]];
  const cues: SentimentModelCue[] = [];
  for (const [feature, value] of values) {
    const weight = model.weights.get(feature);
    if (weight === undefined) continue;
    logits[0] = (logits[0] ?? 0) + value * weight[0];
    logits[1] = (logits[1] ?? 0) + value * weight[1];
    logits[2] = (logits[2] ?? 0) + value * weight[2];
    if (!feature.startsWith('~')) cues.push({ feature, weight: value * (weight[2] - weight[0]) });
  }
  cues.sort((first, second) => Math.abs(second.weight) - Math.abs(first.weight));
  const vector: ClassVector = [logits[0] ?? 0, logits[1] ?? 0, logits[2] ?? 0];
  const probabilities = softmax(vector);
  const label = sentimentLabel(probabilities, !values.has(LEXICON_FEATURES.none), model);
  return { logits: vector, probabilities, label, cues };
}

/** The label of a text's class probabilities under the model's two decision thresholds. */
export function sentimentLabel(
  probabilities: ClassVector,
  hasLexiconCues: boolean,
  thresholds: Pick<SentimentModel, 'neutralThreshold' | 'factualCeiling'>,
): SentimentClass {
  if (probabilities[1] >= thresholds.neutralThreshold) return 'neutral';
  const polar = Math.max(probabilities[0], probabilities[2]);
  if (!hasLexiconCues && polar < thresholds.factualCeiling) return 'neutral';
  return probabilities[2] >= probabilities[0] ? 'positive' : 'negative';
}
