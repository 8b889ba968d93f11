import { createRequire } from 'node:module';
import winkNLP, { type ItsFunction } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { createNlpEngine, type NlpEngine } from '../../infra/nlp/index.js';
import { scoreSentiment } from '../../infra/nlp/sentiment/analyze-sentiment.js';
import type { SentimentItem, SentimentTestData } from './datasets.js';
import type { EvalTools } from './evaluate.js';

/**
 * The sentiment test table: the offline engine next to the npm packages people reach for
 * (`sentiment` (AFINN-165), `vader-sentiment`, wink-nlp's sentiment), each run in this same process
 * on the same items. Every system gives a signed score; a binary set scores accuracy of its sign
 * (0 counts as wrong), a three-class set the macro-averaged recall of its label (the packages'
 * usual neutral bands: VADER's |compound| < 0.05, a zero score for the others).
 */

type Label = SentimentItem['label'];

export interface SentimentSystem {
  readonly name: string;
  /** A signed polarity and a three-way label. */
  classify(text: string): { readonly score: number; readonly label: Label };
}

const require = createRequire(import.meta.url);

const bySign = (score: number, band = 0): Label => (score > band ? 'positive' : score < -band ? 'negative' : 'neutral');

/** The npm packages, loaded once. */
export function npmSentimentSystems(): SentimentSystem[] {
  const Sentiment = require('sentiment') as new () => { analyze(text: string): { score: number } };
  const afinn = new Sentiment();
  const vader = require('vader-sentiment') as {
    SentimentIntensityAnalyzer: { polarity_scores(text: string): { compound: number } };
  };
  const wink = winkNLP(model);
  // wink's `its` helpers are plain functions handed to `out()`.
  const sentimentOf = (wink.its as unknown as { readonly sentiment: ItsFunction<number> }).sentiment;
  return [
    {
      name: 'sentiment',
      classify: (text) => {
        const score = afinn.analyze(text).score;
        return { score, label: bySign(score) };
      },
    },
    {
      name: 'vader-sentiment',
      classify: (text) => {
        const score = vader.SentimentIntensityAnalyzer.polarity_scores(text).compound;
        return { score, label: bySign(score, 0.05 - 1e-9) };
      },
    },
    {
      name: 'wink-nlp',
      classify: (text) => {
        const score = Number(wink.readDoc(text).out(sentimentOf));
        return { score, label: bySign(score) };
      },
    },
  ];
}

/** The engine as a system: its label, and P(positive) − P(negative) as the score. */
export function engineSentimentSystem(engine: NlpEngine, polarity: (text: string) => number): SentimentSystem {
  return {
    name: 'local',
    classify: (text) => ({ score: polarity(text), label: engine.analyzeSentiment(text).sentiment }),
  };
}

export function accuracyBySign(system: SentimentSystem, items: readonly SentimentItem[]): number {
  const right = items.filter((item) => {
    const { score, label } = system.classify(item.text);
    // A clear label stands; a neutral one is read by the sign of the score.
    const polar = label === 'neutral' ? bySign(score) : label;
    return polar === item.label;
  });
  return right.length / Math.max(1, items.length);
}

export function macroRecall(system: SentimentSystem, items: readonly SentimentItem[]): number {
  const recalls: number[] = [];
  const predicted = items.map((item) => system.classify(item.text).label);
  for (const label of ['negative', 'neutral', 'positive'] as const) {
    const gold = items.flatMap((item, index) => (item.label === label ? [predicted[index]] : []));
    if (gold.length > 0) recalls.push(gold.filter((value) => value === label).length / gold.length);
  }
  return recalls.reduce((total, value) => total + value, 0) / Math.max(1, recalls.length);
}

export interface SentimentTableRow {
  readonly dataset: string;
  readonly metric: 'accuracy' | 'macro-recall';
  readonly n: number;
  readonly scores: Record<string, number>;
}

/** Each system's score on each set. */
export function sentimentTable(
  systems: readonly SentimentSystem[],
  sets: readonly { readonly name: string; readonly items: readonly SentimentItem[]; readonly threeClass: boolean }[],
): SentimentTableRow[] {
  return sets.map((set) => ({
    dataset: set.name,
    metric: set.threeClass ? 'macro-recall' : 'accuracy',
    n: set.items.length,
    scores: Object.fromEntries(
      systems.map((system) => [
        system.name,
        set.threeClass ? macroRecall(system, set.items) : accuracyBySign(system, set.items),
      ]),
    ),
  }));
}

/**
 * Prints and returns the reserved test split's table: the engine next to each npm package, per
 * dataset. Reported, never optimised: nothing is trained or tuned on these items.
 */
export function reportSentimentTest(tools: EvalTools, test: SentimentTestData): SentimentTableRow[] {
  const engine = createNlpEngine();
  const systems = [
    engineSentimentSystem(engine, (text) =>
      scoreSentiment(tools.nlp.analyze(text), tools.lexicon, tools.sentimentModel),
    ),
    ...npmSentimentSystems(),
  ];
  const rows = sentimentTable(systems, [
    { name: 'IMDB reviews', items: test.imdb, threeClass: false },
    { name: 'SST-2 dev', items: test.sst2, threeClass: false },
    { name: 'Financial PhraseBank', items: test.fpb, threeClass: true },
    { name: 'TweetEval test', items: test.tweets, threeClass: true },
  ]);
  console.log(
    '\nSentiment, TEST split (reserved sets, never trained or tuned on; binary: accuracy, 3-class: macro-recall) x100',
  );
  console.log(`  ${''.padEnd(34)}${systems.map((system) => system.name.padStart(16)).join('')}`);
  for (const row of rows) {
    console.log(
      `  ${`${row.dataset} (n=${row.n})`.padEnd(34)}${systems
        .map((system) => (100 * (row.scores[system.name] ?? Number.NaN)).toFixed(1).padStart(16))
        .join('')}`,
    );
  }
  return rows;
}
