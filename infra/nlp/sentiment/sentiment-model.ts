import type { Token } from '../text/text-analyzer.js';
import weights from './sentiment-model.json' with { type: 'json' };

/**
 * A linear review-polarity classifier: naive Bayes log-count ratios of binary unigram and bigram
 * features (Wang & Manning, 2012), trained offline by `tests/eval/train-sentiment.ts` on public
 * training data (sources in `tests/eval/data/SOURCES.md`).
 */
export interface SentimentModel {
  /** Log-odds of a positive text before any feature is seen. */
  readonly bias: number;
  /** Feature → its log-odds contribution (positive values favour "positive"). */
  readonly weights: ReadonlyMap<string, number>;
}

/** The trained weights as stored: parallel arrays keep the JSON small and cheap to type-check. */
export interface SentimentModelFile {
  readonly bias: number;
  readonly features: readonly string[];
  readonly weights: readonly number[];
}

/** Builds a model from its stored form. */
export function fromSentimentModelFile(file: SentimentModelFile): SentimentModel {
  const map = new Map<string, number>();
  file.features.forEach((feature, index) => map.set(feature, file.weights[index] ?? 0));
  return { bias: file.bias, weights: map };
}

/** Loads the weights shipped next to this file (`sentiment-model.json`). */
export function loadSentimentModel(): SentimentModel {
  return fromSentimentModelFile(weights);
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
    features.add(negatedFor > 0 ? `not_${word}` : word);
    if (previous !== undefined) features.add(`${previous} ${word}`);
    previous = word;
    if (NEGATORS.has(word)) negatedFor = NEGATION_SCOPE;
    else if (negatedFor > 0) negatedFor -= 1;
  }
  return [...features];
}

/** A feature that moved the score, with its signed weight. */
export interface SentimentModelCue {
  readonly feature: string;
  readonly weight: number;
}

const CONTRASTS: ReadonlySet<string> = new Set(['but', 'however', 'nevertheless', 'nonetheless']);
/** As in VADER's rule, what follows "but" counts more than what precedes it ("great, but slow"). */
const BEFORE_CONTRAST = 0.5;
const AFTER_CONTRAST = 1.5;

/** The log-odds that the tokens are positive, and the features that moved them most. */
export function scoreWithSentimentModel(
  model: SentimentModel,
  tokens: readonly Token[],
): { logit: number; cues: SentimentModelCue[] } {
  const contrastAt = tokens.findIndex((token, index) => index > 0 && CONTRASTS.has(token.normal));
  const factors = new Map<string, number>();
  if (contrastAt < 0) {
    for (const feature of toSentimentFeatures(tokens)) factors.set(feature, 1);
  } else {
    for (const feature of toSentimentFeatures(tokens.slice(0, contrastAt))) factors.set(feature, BEFORE_CONTRAST);
    for (const feature of toSentimentFeatures(tokens.slice(contrastAt))) factors.set(feature, AFTER_CONTRAST);
  }
  let logit = model.bias;
  const cues: SentimentModelCue[] = [];
  for (const [feature, factor] of factors) {
    const weight = model.weights.get(feature);
    if (weight === undefined) continue;
    logit += factor * weight;
    cues.push({ feature, weight: factor * weight });
  }
  cues.sort((first, second) => Math.abs(second.weight) - Math.abs(first.weight));
  return { logit, cues };
}
