import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { format, resolveConfig } from 'prettier';
import { sentimentInputs } from '../../infra/nlp/sentiment/analyze-sentiment.js';
import { loadSentimentLexicon } from '../../infra/nlp/sentiment/sentiment-lexicon.js';
import {
  fromSentimentModelFile,
  LEXICON_FEATURES,
  scoreWithSentimentModel,
  sentimentLabel,
  type SentimentModelFile,
} from '../../infra/nlp/sentiment/sentiment-model.js';
import { createTextAnalyzer } from '../../infra/nlp/text/text-analyzer.js';
import { loadEvalData, loadSentimentTestData } from './datasets.js';
import { shuffled } from './metrics.js';

/**
 * Trains the offline provider's sentiment classifier (`infra/nlp/sentiment/sentiment-model.json`)
 * from the public training excerpts in `tests/eval/data/train/` (sources in SOURCES.md): a
 * multinomial logistic regression (negative / neutral / positive) over binary word and word-pair
 * features, negation scope marked, plus the lexicon's reading (`sentimentInputs`). Two-class sources
 * (SST-2 phrases, UCI review sentences) train the positive-versus-negative contrast only.
 *
 * Splits: each training text goes by a fixed hash to `train` (85 %) or `tune` (15 %); the weights
 * are fitted on `train`, and the neutral decision (one threshold, one ceiling) is chosen on `tune`. Any text overlapping an
 * item of the development sets or of the reserved test sets (`tests/eval/data/test/`) is left out
 * first, so the eval never scores a text the model was trained or tuned on. Deterministic:
 * `node --import tsx tests/eval/train-sentiment.ts`.
 */

type Label = 0 | 1 | 2;
type Domain = 'sentences' | 'reviews' | 'tweets' | 'finance';

interface Example {
  readonly text: string;
  readonly label: Label;
  readonly domain: Domain;
  /** Two-class sources carry no neutral class. */
  readonly binary: boolean;
  /** The file it was read from. */
  readonly source: string;
}

const TRAIN = new URL('./data/train/', import.meta.url);
const OUTPUT = new URL('../../infra/nlp/sentiment/sentiment-model.json', import.meta.url);
const MIN_DOCUMENTS = 3;
const EPOCHS = 4;
const LEARNING_RATE = 0.05;
/** L2 penalty, applied to a feature's weights whenever it is seen. */
const L2 = 1e-4;
/** How far class frequencies are evened out within a domain (0: not at all, 1: fully). */
const CLASS_BALANCE = 1;
/** Features whose largest class weight is below this are dropped from the shipped model. */
const PRUNE_BELOW = 0.03;
const LABELS: Record<string, Label> = { negative: 0, neutral: 1, positive: 2, '0': 0, '1': 2 };

function domainOf(name: string): Domain {
  if (name.startsWith('sst2')) return 'sentences';
  if (name.startsWith('uci')) return 'reviews';
  if (name.startsWith('semeval')) return 'tweets';
  return 'finance';
}

function readExamples(): Example[] {
  const examples: Example[] = [];
  for (const name of readdirSync(TRAIN).sort()) {
    const domain = domainOf(name);
    // Larger files are stored gzipped (`*.gz`).
    const raw = readFileSync(new URL(name, TRAIN));
    const content = (name.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
    for (const line of content.split('\n')) {
      const [first = '', second = ''] = line.split('\t');
      // The UCI files are "text<TAB>label"; the others "label<TAB>text".
      const [label, text] = name.startsWith('uci') ? [second.trim(), first.trim()] : [first.trim(), second.trim()];
      const value = LABELS[label];
      if (!text || value === undefined) continue;
      examples.push({
        text,
        label: value,
        domain,
        binary: domain === 'sentences' || domain === 'reviews',
        source: name,
      });
    }
  }
  return examples;
}

const words = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
const SHINGLE = 6;

/** Drops duplicates and every text that shares a six-word run with (or equals) a scored item. */
function withoutEvalOverlap(examples: readonly Example[]): Example[] {
  const data = loadEvalData();
  const test = loadSentimentTestData();
  const scored = [...data.sst2, ...data.imdb, ...data.tweets, ...test.imdb, ...test.sst2, ...test.fpb, ...test.tweets];
  const whole = new Set<string>();
  const shingles = new Set<string>();
  for (const item of scored) {
    const tokens = words(item.text);
    whole.add(tokens.join(' '));
    for (let index = 0; index + SHINGLE <= tokens.length; index += 1) {
      shingles.add(tokens.slice(index, index + SHINGLE).join(' '));
    }
  }
  const seen = new Set<string>();
  return examples.filter((example) => {
    const tokens = words(example.text);
    const key = tokens.join(' ');
    if (key === '' || seen.has(key) || whole.has(key)) return false;
    seen.add(key);
    for (let index = 0; index + SHINGLE <= tokens.length; index += 1) {
      if (shingles.has(tokens.slice(index, index + SHINGLE).join(' '))) return false;
    }
    return true;
  });
}

const isTune = (text: string) => createHash('sha1').update(text).digest().readUInt32BE(0) / 2 ** 32 < 0.15;

interface Vectorised extends Example {
  readonly values: Map<string, number>;
}

/** A deterministic shuffle (a linear congruential generator seeded with `seed`). */

function train(examples: readonly Vectorised[]): { bias: number[]; weights: Map<string, number[]> } {
  const documents = new Map<string, number>();
  for (const example of examples) {
    for (const feature of example.values.keys()) documents.set(feature, (documents.get(feature) ?? 0) + 1);
  }
  const weights = new Map<string, number[]>();
  for (const [feature, count] of documents) {
    if (count >= MIN_DOCUMENTS || feature.startsWith('~')) weights.set(feature, [0, 0, 0]);
  }
  const squares = new Map<string, number[]>();
  const bias = [0, 0, 0];
  const biasSquares = [1e-8, 1e-8, 1e-8];
  // Each domain weighs about as much as the others, softened: the square root of the balancing factor.
  const perDomain = new Map<Domain, number>();
  for (const example of examples) perDomain.set(example.domain, (perDomain.get(example.domain) ?? 0) + 1);
  const domainWeight = (domain: Domain) => Math.sqrt(examples.length / (perDomain.size * (perDomain.get(domain) ?? 1)));
  // Within a domain, classes weigh alike (macro-recall counts each class alike).
  const perClass = new Map<string, number>();
  for (const example of examples) {
    const key = `${example.domain} ${example.label}`;
    perClass.set(key, (perClass.get(key) ?? 0) + 1);
  }
  const classWeight = (example: Example) =>
    (perDomain.get(example.domain) ?? 1) /
    (example.binary ? 2 : 3) /
    (perClass.get(`${example.domain} ${example.label}`) ?? 1);
  const exampleWeight = (example: Example) => domainWeight(example.domain) * classWeight(example) ** CLASS_BALANCE;

  for (let epoch = 0; epoch < EPOCHS; epoch += 1) {
    for (const example of shuffled(examples, epoch + 1)) {
      const logits = [...bias];
      for (const [feature, value] of example.values) {
        const weight = weights.get(feature);
        if (!weight) continue;
        for (let k = 0; k < 3; k += 1) logits[k] = (logits[k] ?? 0) + value * (weight[k] ?? 0);
      }
      const classes = example.binary ? [0, 2] : [0, 1, 2];
      const top = Math.max(...classes.map((k) => logits[k] ?? 0));
      const exps = classes.map((k) => Math.exp((logits[k] ?? 0) - top));
      const sum = exps.reduce((total, value) => total + value, 0);
      const gradient = [0, 0, 0];
      classes.forEach((k, index) => {
        gradient[k] = ((exps[index] ?? 0) / sum - (k === example.label ? 1 : 0)) * exampleWeight(example);
      });
      for (let k = 0; k < 3; k += 1) {
        const g = gradient[k] ?? 0;
        biasSquares[k] = (biasSquares[k] ?? 0) + g * g;
        bias[k] = (bias[k] ?? 0) - (LEARNING_RATE * g) / Math.sqrt(biasSquares[k] ?? 1);
      }
      for (const [feature, value] of example.values) {
        const weight = weights.get(feature);
        if (!weight) continue;
        let square = squares.get(feature);
        if (!square) squares.set(feature, (square = [1e-8, 1e-8, 1e-8]));
        for (let k = 0; k < 3; k += 1) {
          const g = (gradient[k] ?? 0) * value + L2 * (weight[k] ?? 0);
          square[k] = (square[k] ?? 0) + g * g;
          weight[k] = (weight[k] ?? 0) - (LEARNING_RATE * g) / Math.sqrt(square[k] ?? 1);
        }
      }
    }
  }
  return { bias, weights };
}

function toFile(
  model: { bias: number[]; weights: Map<string, number[]> },
  neutralThreshold: number,
  factualCeiling: number,
): SentimentModelFile {
  const round = (value: number) => Math.round(value * 1000) / 1000;
  const features: string[] = [];
  const flat: number[] = [];
  for (const feature of [...model.weights.keys()].sort()) {
    const weight = model.weights.get(feature) ?? [0, 0, 0];
    // Only differences between classes matter: centre each triple, then drop the near-zero ones.
    const mean = weight.reduce((total, value) => total + value, 0) / 3;
    const centred = weight.map((value) => round(value - mean));
    if (Math.max(...centred.map(Math.abs)) < PRUNE_BELOW) continue;
    features.push(feature);
    flat.push(...centred);
  }
  return {
    bias: model.bias.map(round),
    neutralThreshold: round(neutralThreshold),
    factualCeiling: round(factualCeiling),
    features,
    weights: flat,
  };
}

/** Mean recall over the classes present. */
function macroRecall(pairs: readonly { gold: Label; predicted: Label }[]): number {
  const recalls: number[] = [];
  for (const label of [0, 1, 2] as const) {
    const gold = pairs.filter((pair) => pair.gold === label);
    if (gold.length > 0) recalls.push(gold.filter((pair) => pair.predicted === label).length / gold.length);
  }
  return recalls.reduce((total, value) => total + value, 0) / Math.max(1, recalls.length);
}

const started = Date.now();
const all = readExamples();
const examples = withoutEvalOverlap(all);
const nlp = createTextAnalyzer();
const lexicon = loadSentimentLexicon();
const vectorised: Vectorised[] = examples.map((example) => ({
  ...example,
  values: sentimentInputs(nlp.analyze(example.text), lexicon),
}));
const trainSplit = vectorised.filter((example) => !isTune(example.text));
const tuneSplit = vectorised.filter((example) => isTune(example.text));
const fitted = train(trainSplit);

// The neutral decision's two thresholds: the best mean macro-recall over the three-class domains of `tune`.
const draft = fromSentimentModelFile(toFile(fitted, 1, 0));
const tuneScores = tuneSplit.map((example) => ({ example, score: scoreWithSentimentModel(draft, example.values) }));
const CODES: Record<string, Label> = { negative: 0, neutral: 1, positive: 2 };
const predict = (
  scored: (typeof tuneScores)[number],
  thresholds: { neutralThreshold: number; factualCeiling: number },
): Label =>
  CODES[sentimentLabel(scored.score.probabilities, !scored.example.values.has(LEXICON_FEATURES.none), thresholds)] ?? 1;
const threeClassDomains: Domain[] = ['tweets', 'finance'];
let best = { neutralThreshold: 0.5, factualCeiling: 0, score: -1 };
for (let neutralThreshold = 0.2; neutralThreshold <= 0.8001; neutralThreshold += 0.01) {
  for (let factualCeiling = 0.5; factualCeiling <= 1.0001; factualCeiling += 0.05) {
    const thresholds = { neutralThreshold, factualCeiling };
    const score =
      threeClassDomains
        .map((domain) =>
          macroRecall(
            tuneScores
              .filter(({ example }) => example.domain === domain)
              .map((scored) => ({ gold: scored.example.label, predicted: predict(scored, thresholds) })),
          ),
        )
        .reduce((total, value) => total + value, 0) / threeClassDomains.length;
    if (score > best.score) best = { neutralThreshold, factualCeiling, score };
  }
}
const model = toFile(fitted, best.neutralThreshold, best.factualCeiling);

// Binary sources: accuracy of positive versus negative; three-class sources: macro-recall.
const figure = (scored: typeof tuneScores, binary: boolean): string => {
  if (binary) {
    const right = scored.filter(
      ({ example, score }) => (score.probabilities[2] >= score.probabilities[0] ? 2 : 0) === example.label,
    );
    return `accuracy ${((100 * right.length) / scored.length).toFixed(1)} (n=${scored.length})`;
  }
  const pairs = scored.map((entry) => ({ gold: entry.example.label, predicted: predict(entry, best) }));
  return `macro-recall ${(100 * macroRecall(pairs)).toFixed(1)} (n=${scored.length})`;
};
const report: string[] = [];
for (const domain of ['sentences', 'reviews', 'tweets', 'finance'] as const) {
  const scored = tuneScores.filter(({ example }) => example.domain === domain);
  report.push(`${domain} ${figure(scored, domain === 'sentences' || domain === 'reviews')}`);
}
const bySource: string[] = [];
for (const source of [...new Set(tuneScores.map(({ example }) => example.source))].sort()) {
  const scored = tuneScores.filter(({ example }) => example.source === source);
  bySource.push(`  ${source}: ${figure(scored, scored[0]?.example.binary ?? false)}`);
}

// Written as Prettier would, so `prettier --check .` passes on the generated file.
const options = await resolveConfig(OUTPUT);
writeFileSync(OUTPUT, await format(JSON.stringify(model), { ...options, filepath: OUTPUT.pathname }));
process.stdout.write(
  `${examples.length} texts (${all.length - examples.length} left out as duplicates or for overlapping a scored set): ` +
    `${trainSplit.length} train, ${tuneSplit.length} tune; ${model.features.length} features; ` +
    `neutral threshold ${model.neutralThreshold}, factual ceiling ${model.factualCeiling}\ntune: ${report.join('; ')}\n` +
    `tune by file:\n${bySource.join('\n')}\n` +
    `${((Date.now() - started) / 1000).toFixed(0)} s → ${OUTPUT.pathname}\n`,
);
