import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import { toSentimentFeatures, type SentimentModelFile } from '../../infra/nlp/sentiment/sentiment-model.js';
import { createTextAnalyzer } from '../../infra/nlp/text/text-analyzer.js';
import { loadEvalData } from './datasets.js';

/**
 * Trains the offline provider's review-polarity classifier (`infra/nlp/sentiment/sentiment-model.json`)
 * from the public training excerpts in `tests/eval/data/train/` (sources in SOURCES.md):
 * naive Bayes log-count ratios over binary unigram and bigram features, features seen in fewer
 * than two training texts dropped. Any training text that overlaps an item of the development
 * sets (equal to it, or contained in it, or containing it) is left out, so the eval never scores
 * a text the model was trained on. Deterministic: run `node --import tsx tests/eval/train-sentiment.ts`.
 */

interface Example {
  readonly text: string;
  readonly positive: boolean;
}

const TRAIN = new URL('./data/train/', import.meta.url);
const OUTPUT = new URL('../../infra/nlp/sentiment/sentiment-model.json', import.meta.url);
/** Laplace smoothing of the feature counts. */
const SMOOTHING = 1;
const MIN_DOCUMENTS = 2;

function readExamples(): Example[] {
  const examples: Example[] = [];
  for (const name of readdirSync(TRAIN).sort()) {
    const lines = readFileSync(new URL(name, TRAIN), 'utf8').split('\n');
    for (const line of lines) {
      const [first = '', second = ''] = line.split('\t');
      // SST-2 rows are "label<TAB>text"; the UCI files are "text<TAB>label".
      const [label, text] = name.startsWith('sst2') ? [first, second] : [second, first];
      if (!text.trim() || !/^[01]$/.test(label.trim())) continue;
      examples.push({ text: text.trim(), positive: label.trim() === '1' });
    }
  }
  return examples;
}

const normalise = (text: string) => ` ${(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).join(' ')} `;

function withoutEvalOverlap(examples: readonly Example[]): Example[] {
  const data = loadEvalData();
  const evalTexts = [...data.sst2, ...data.imdb, ...data.tweets].map((item) => normalise(item.text));
  return examples.filter((example) => {
    const text = normalise(example.text);
    if (text.trim() === '') return false;
    return !evalTexts.some((evalText) => evalText.includes(text) || text.includes(evalText));
  });
}

function train(examples: readonly Example[]): SentimentModelFile {
  const nlp = createTextAnalyzer();
  const positive = new Map<string, number>();
  const negative = new Map<string, number>();
  let positives = 0;
  for (const example of examples) {
    const counts = example.positive ? positive : negative;
    if (example.positive) positives += 1;
    for (const feature of toSentimentFeatures(nlp.analyze(example.text).tokens)) {
      counts.set(feature, (counts.get(feature) ?? 0) + 1);
    }
  }
  const vocabulary = [...new Set([...positive.keys(), ...negative.keys()])]
    .filter((feature) => (positive.get(feature) ?? 0) + (negative.get(feature) ?? 0) >= MIN_DOCUMENTS)
    .sort();
  const total = (counts: Map<string, number>) =>
    vocabulary.reduce((sum, feature) => sum + (counts.get(feature) ?? 0), 0) + SMOOTHING * vocabulary.length;
  const positiveTotal = total(positive);
  const negativeTotal = total(negative);
  const weights = vocabulary.map((feature) => {
    const ratio =
      Math.log(((positive.get(feature) ?? 0) + SMOOTHING) / positiveTotal) -
      Math.log(((negative.get(feature) ?? 0) + SMOOTHING) / negativeTotal);
    return Math.round(ratio * 1000) / 1000;
  });
  const bias = Math.round(Math.log(positives / (examples.length - positives)) * 1000) / 1000;
  return { bias, features: vocabulary, weights };
}

const all = readExamples();
const examples = withoutEvalOverlap(all);
const model = train(examples);
// Written as Prettier would, so `prettier --check .` passes on the generated file.
const options = await resolveConfig(OUTPUT);
writeFileSync(OUTPUT, await format(JSON.stringify(model), { ...options, filepath: OUTPUT.pathname }));
process.stdout.write(
  `${examples.length} training texts (${all.length - examples.length} left out for overlapping the eval sets), ` +
    `${model.features.length} features → ${OUTPUT.pathname}\n`,
);
