import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import {
  createInjectionClassifier,
  INJECTION_CLASSIFIER_URL,
  type InjectionClassifierModel,
} from '../../infra/injection/injection-classifier.js';
import { toFeatures, toSegments, type FeatureVector } from '../../infra/injection/injection-features.js';
import { createInjectionScanner, createViewReader } from '../../infra/injection/injection-scanner.js';
import { loadInjectionPool, loadInjectionTest, type LabelledText } from './injection-data.js';
import { shuffled } from './metrics.js';

/**
 * Trains the learned half of the injection scanner (`infra/injection/injection-classifier.json`):
 * a logistic regression over hashed character 3–5-grams and word uni/bigrams of the scanner's
 * folded views (the text and every payload it decodes), the approach of `train-sentiment.ts`.
 * Texts longer than 1.5 segments are read by segment and the highest segment counts, so training
 * is multiple-instance: an attack trains its currently highest segment, a benign text all of them;
 * a document whose hidden attack is known (`injected`) trains the segments holding it as attacks and
 * the others as clean text.
 *
 * Splits: the pool (`tests/eval/data/injection/pool.jsonl.gz`) goes by SHA-1 of the text to
 * `train` (80 %, fitted on) and `tune` (20 %: Platt calibration, and the one threshold, the lowest
 * at which rules and classifier together flag on average at most 5 % of each benign kind of the
 * tuning split). The test split
 * (reserved sources, `test.jsonl.gz`) is scored once at the end and only reported.
 * `make train-injection` (deterministic).
 */

const BITS = 18;
const SEGMENT_SIZE = 400;
const EPOCHS = 6;
const LEARNING_RATE = 0.2;
const L2 = 1e-5;
const MAX_BENIGN_SEGMENTS = 12;
const TARGET_BENIGN_FLAGGED = 0.05;
const MIN_KIND_SIZE = 20;

interface Example {
  readonly item: LabelledText;
  readonly y: 0 | 1;
  readonly segments: readonly FeatureVector[];
  /** For a document with a known hidden attack: the segments that hold it, and the clean ones. */
  readonly located?: { readonly attack: readonly FeatureVector[]; readonly clean: readonly FeatureVector[] };
  weight: number;
}

const started = Date.now();
const isTune = (text: string) => createHash('sha1').update(text).digest().readUInt32BE(0) / 2 ** 32 < 0.2;
const readViews = createViewReader();

/** Runs of five words of the injected attack (its start, middle and end) that mark the segments holding it. */
function probesOf(injected: string): string[] {
  const words = (readViews(injected)[0] ?? '').split(' ').filter(Boolean);
  if (words.length <= 5) return [words.join(' ')];
  const middle = Math.floor((words.length - 5) / 2);
  return [0, middle, words.length - 5].map((start) => words.slice(start, start + 5).join(' '));
}

function toExample(item: LabelledText): Example {
  const views = readViews(item.text);
  const segments = views.flatMap((view) => toSegments(view, SEGMENT_SIZE).map((segment) => toFeatures(segment, BITS)));
  const y = item.label === 'attack' ? 1 : 0;
  if (!item.injected) return { item, y, segments, weight: 1 };
  const probes = probesOf(item.injected);
  const pieces = toSegments(views[0] ?? '', SEGMENT_SIZE);
  const holds = pieces.map((piece) => probes.some((probe) => piece.replace(/\s+/g, ' ').includes(probe)));
  const attack = pieces.filter((_, index) => holds[index]).map((piece) => toFeatures(piece, BITS));
  // A document too short to be cut, or an attack the folding changed beyond the probes: learnt whole.
  if (attack.length === 0 || pieces.length === 1) return { item, y, segments, weight: 1 };
  const clean = pieces.filter((_, index) => !holds[index]).map((piece) => toFeatures(piece, BITS));
  return { item, y, segments, located: { attack, clean }, weight: 1 };
}

/**
 * Benign documents and code are the hosts of the indirect attacks: weighed up so that their words
 * do not become evidence of an attack (the injected sentence should be).
 */
const HOST_CATEGORY_MASS = 6;
const HOST_CATEGORIES = new Set(['document', 'code']);

/**
 * Labels weigh alike; within a label, each category weighs as the square root of its size (the
 * host categories `HOST_CATEGORY_MASS` times that).
 */
function massOf(group: string, count: number): number {
  const [label, category = ''] = group.split(' ');
  return Math.sqrt(count) * (label === '0' && HOST_CATEGORIES.has(category) ? HOST_CATEGORY_MASS : 1);
}

function setWeights(examples: Example[]): void {
  const perLabel = new Map<number, number>();
  const perGroup = new Map<string, number>();
  for (const example of examples) {
    perLabel.set(example.y, (perLabel.get(example.y) ?? 0) + 1);
    const key = `${example.y} ${example.item.category}`;
    perGroup.set(key, (perGroup.get(key) ?? 0) + 1);
  }
  const groupMass = new Map<number, number>();
  for (const [key, count] of perGroup) {
    const label = Number(key.split(' ')[0]);
    groupMass.set(label, (groupMass.get(label) ?? 0) + massOf(key, count));
  }
  for (const example of examples) {
    const count = perGroup.get(`${example.y} ${example.item.category}`) ?? 1;
    // Each group's total mass ∝ √count, each label's total mass = half the examples.
    const share = massOf(`${example.y} ${example.item.category}`, count) / (groupMass.get(example.y) ?? 1);
    example.weight = (share * examples.length) / 2 / count;
  }
}

const weights = new Float32Array(1 << BITS);
const squares = new Float32Array(1 << BITS).fill(1e-6);
let bias = 0;
let biasSquare = 1e-6;

const logitOf = (vector: FeatureVector) => {
  let sum = 0;
  for (const index of vector.indices) sum += weights[index] ?? 0;
  return bias + vector.value * sum;
};

function step(vector: FeatureVector, y: number, weight: number): void {
  const gradient = weight * (1 / (1 + Math.exp(-logitOf(vector))) - y);
  biasSquare += gradient * gradient;
  bias -= (LEARNING_RATE * gradient) / Math.sqrt(biasSquare);
  for (const index of vector.indices) {
    const g = gradient * vector.value + L2 * (weights[index] ?? 0);
    squares[index] = (squares[index] ?? 0) + g * g;
    weights[index] = (weights[index] ?? 0) - (LEARNING_RATE * g) / Math.sqrt(squares[index] ?? 1);
  }
}

const bestLogit = (example: Example) => Math.max(...example.segments.map(logitOf));

function train(examples: readonly Example[]): void {
  for (let epoch = 0; epoch < EPOCHS; epoch += 1) {
    for (const example of shuffled(examples, epoch + 1)) {
      if (example.segments.length === 0) continue;
      if (example.located) {
        // Segment-level supervision: the pieces holding the hidden attack are attacks, the rest clean.
        for (const segment of example.located.attack) step(segment, 1, example.weight);
        for (const segment of example.located.clean.slice(0, MAX_BENIGN_SEGMENTS))
          step(segment, 0, example.weight / Math.max(1, example.located.clean.length));
      } else if (example.y === 1) {
        let best = example.segments[0] as FeatureVector;
        if (example.segments.length > 1) {
          for (const segment of example.segments) if (logitOf(segment) > logitOf(best)) best = segment;
        }
        step(best, 1, example.weight);
      } else {
        const segments = example.segments.slice(0, MAX_BENIGN_SEGMENTS);
        for (const segment of segments) step(segment, 0, example.weight);
      }
    }
  }
}

/** Platt scaling: slope and intercept of σ(a·logit + b) by Newton-free gradient descent on the tuning split. */
function calibrate(logits: readonly number[], labels: readonly number[]): { slope: number; intercept: number } {
  let slope = 1;
  let intercept = 0;
  for (let iteration = 0; iteration < 3000; iteration += 1) {
    let gradSlope = 0;
    let gradIntercept = 0;
    for (const [index, logit] of logits.entries()) {
      const error = 1 / (1 + Math.exp(-(slope * logit + intercept))) - (labels[index] ?? 0);
      gradSlope += error * logit;
      gradIntercept += error;
    }
    slope -= (0.5 * gradSlope) / logits.length;
    intercept -= (0.5 * gradIntercept) / logits.length;
  }
  return { slope, intercept };
}

const encodeWeights = (scale: number) => {
  const bytes = Buffer.alloc(2 << BITS);
  for (const [index, weight] of weights.entries())
    bytes.writeInt16LE(Math.max(-32767, Math.min(32767, Math.round(weight / scale))), index * 2);
  return bytes.toString('base64');
};

const pool = loadInjectionPool();
const examples = pool.map(toExample);
const trainSplit = examples.filter((example) => !isTune(example.item.text));
const tuneSplit = examples.filter((example) => isTune(example.item.text));
setWeights(trainSplit);
train(trainSplit);

const rules = createInjectionScanner({ policy: 'flag' });
const tuneLogits = tuneSplit.map(bestLogit);
const calibration = calibrate(
  tuneLogits,
  tuneSplit.map((example) => example.y),
);
const probabilityOf = (logit: number) => 1 / (1 + Math.exp(-(calibration.slope * logit + calibration.intercept)));
const tuneRules = tuneSplit.map((example) => rules.scan(example.item.text).injection);
const tuneProbabilities = tuneLogits.map(probabilityOf);
const benignIndices = tuneSplit.flatMap((example, index) => (example.y === 0 ? [index] : []));
const rulesFlagged = benignIndices.filter((index) => tuneRules[index]).length;
// Benign kinds (of at least MIN_KIND_SIZE tuning texts) count alike: the mean of their flagged
// shares, rules or classifier, is held at TARGET_BENIGN_FLAGGED, so that the many everyday
// texts do not hide the false alarms on documents, code and trigger words.
const kinds = new Map<string, number[]>();
for (const index of benignIndices) {
  const kind = tuneSplit[index]?.item.category ?? '';
  kinds.set(kind, [...(kinds.get(kind) ?? []), index]);
}
const counted = [...kinds.values()].filter((indices) => indices.length >= MIN_KIND_SIZE);
const meanFlagged = (at: number) =>
  counted.reduce(
    (sum, indices) =>
      sum +
      indices.filter((index) => tuneRules[index] || (tuneProbabilities[index] ?? 0) >= at).length / indices.length,
    0,
  ) / counted.length;
// The lowest threshold (among the benign probabilities, just above each) that meets the target.
const candidates = [...new Set(benignIndices.map((index) => (tuneProbabilities[index] ?? 0) + 1e-6))].sort(
  (a, b) => a - b,
);
const threshold = Math.min(
  0.99,
  Math.max(0.05, candidates.find((at) => meanFlagged(at) <= TARGET_BENIGN_FLAGGED) ?? 0.99),
);

const scale = weights.reduce((largest, weight) => Math.max(largest, Math.abs(weight)), 0) / 32767 || 1;
const model: InjectionClassifierModel = {
  version: 1,
  bits: BITS,
  segmentSize: SEGMENT_SIZE,
  bias: Math.round(bias * 1e6) / 1e6,
  scale,
  weights: encodeWeights(scale),
  calibration: {
    slope: Math.round(calibration.slope * 1e6) / 1e6,
    intercept: Math.round(calibration.intercept * 1e6) / 1e6,
  },
  threshold: Math.round(threshold * 1e6) / 1e6,
};
const options = await resolveConfig(INJECTION_CLASSIFIER_URL);
writeFileSync(
  INJECTION_CLASSIFIER_URL,
  await format(JSON.stringify(model), { ...options, filepath: INJECTION_CLASSIFIER_URL.pathname }),
);

// Figures: tuning split (looked at) and the reserved test split (reported only).
const combined = createInjectionScanner({ policy: 'flag', classifier: createInjectionClassifier(model) });
const percent = (part: number, whole: number) => (whole === 0 ? '-' : `${((100 * part) / whole).toFixed(1)}%`);

function report(title: string, items: readonly LabelledText[]): void {
  const rows = new Map<string, { total: number; rules: number; combined: number }>();
  for (const entry of items) {
    const flaggedByRules = rules.scan(entry.text).injection;
    const flaggedCombined = combined.scan(entry.text).injection;
    for (const key of [`${entry.label}:${entry.category}`, `${entry.label}:ALL`]) {
      const row = rows.get(key) ?? { total: 0, rules: 0, combined: 0 };
      row.total += 1;
      if (flaggedByRules) row.rules += 1;
      if (flaggedCombined) row.combined += 1;
      rows.set(key, row);
    }
  }
  process.stdout.write(`\n${title}\n  ${'label:category'.padEnd(36)} ${'n'.padStart(5)}  rules-only  combined\n`);
  for (const [key, row] of [...rows.entries()].sort()) {
    process.stdout.write(
      `  ${key.padEnd(36)} ${String(row.total).padStart(5)}  ${percent(row.rules, row.total).padStart(10)}  ${percent(row.combined, row.total).padStart(8)}\n`,
    );
  }
}

process.stdout.write(
  `${pool.length} texts: ${trainSplit.length} train, ${tuneSplit.length} tune; threshold ${model.threshold} ` +
    `(tuning benign flagged by rules alone: ${rulesFlagged}/${benignIndices.length}); Platt ${JSON.stringify(model.calibration)}\n`,
);
report(
  'tune split (attack rows: recall; benign rows: flagged)',
  tuneSplit.map((example) => example.item),
);
if (!process.argv.includes('--no-test')) report('TEST split (reserved sources; reported only)', loadInjectionTest());
process.stdout.write(`\n${((Date.now() - started) / 1000).toFixed(0)} s → ${INJECTION_CLASSIFIER_URL.pathname}\n`);
