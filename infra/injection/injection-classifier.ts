import shipped from './injection-classifier.json' with { type: 'json' };
import { toFeatures, toSegments } from './injection-features.js';

/** The trained model as `tests/eval/train-injection.ts` writes it (`injection-classifier.json`). */
export interface InjectionClassifierModel {
  readonly version: 1;
  /** Features are hashed into 2^bits buckets. */
  readonly bits: number;
  /** Texts longer than about 1.5 × this many characters are scored by segment (the highest counts). */
  readonly segmentSize: number;
  readonly bias: number;
  /** Weight of bucket i = Int16 i of `weights` (base64, little-endian) × scale. */
  readonly scale: number;
  readonly weights: string;
  /** Platt scaling of the raw logit, fitted on the tuning split: p = σ(slope · logit + intercept). */
  readonly calibration: { readonly slope: number; readonly intercept: number };
  /** Calibrated probability from which the classifier alone flags a text; chosen on the tuning split. */
  readonly threshold: number;
}

export interface InjectionClassifier {
  /** Calibrated probability that a text is an injection, from its normalised views (the highest counts). */
  probability(views: readonly string[]): number;
  /**
   * A probability on the scanner's score scale: the tuned threshold maps to 0.5, so that the default
   * `INJECTION_THRESHOLD` is the operating point chosen on the tuning split.
   */
  toScore(probability: number): number;
  readonly threshold: number;
}

const sigmoid = (value: number) => 1 / (1 + Math.exp(-value));

/** The raw logit of one normalised text: the highest over its segments. */
export function toLogit(
  text: string,
  model: Pick<InjectionClassifierModel, 'bits' | 'segmentSize' | 'bias'>,
  weights: Float32Array,
): number {
  let best = Number.NEGATIVE_INFINITY;
  for (const segment of toSegments(text, model.segmentSize)) {
    const { indices, value } = toFeatures(segment, model.bits);
    let sum = 0;
    for (const index of indices) sum += weights[index] ?? 0;
    best = Math.max(best, model.bias + value * sum);
  }
  return best;
}

export function toWeights(model: Pick<InjectionClassifierModel, 'bits' | 'scale' | 'weights'>): Float32Array {
  const bytes = Buffer.from(model.weights, 'base64');
  if (bytes.length !== 2 << model.bits) throw new RangeError('injection classifier: weights do not match bits');
  const weights = new Float32Array(1 << model.bits);
  for (let index = 0; index < weights.length; index += 1) weights[index] = bytes.readInt16LE(index * 2) * model.scale;
  return weights;
}

/** A logistic-regression classifier over hashed character and word n-grams (see `injection-features.ts`). */
export function createInjectionClassifier(model: InjectionClassifierModel): InjectionClassifier {
  if (model.version !== 1) throw new RangeError(`injection classifier: unknown model version ${String(model.version)}`);
  const weights = toWeights(model);
  const { slope, intercept } = model.calibration;
  const { threshold } = model;
  return {
    threshold,
    probability(views) {
      let best = Number.NEGATIVE_INFINITY;
      for (const view of views) best = Math.max(best, toLogit(view, model, weights));
      return views.length === 0 ? 0 : sigmoid(slope * best + intercept);
    },
    toScore(probability) {
      return probability < threshold
        ? (0.5 * probability) / threshold
        : 0.5 + (0.5 * (probability - threshold)) / (1 - threshold);
    },
  };
}

/** Where the training script writes the model. */
export const INJECTION_CLASSIFIER_URL = new URL('./injection-classifier.json', import.meta.url);

/** The model shipped next to this file (`injection-classifier.json`, about 0.7 MB), offline. */
export function loadInjectionClassifier(): InjectionClassifier {
  return createInjectionClassifier(shipped as InjectionClassifierModel);
}
