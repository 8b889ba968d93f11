import { writeFileSync } from 'node:fs';
import { OPERATIONS } from '../../domain/operations.js';
import { createLocalModel } from '../../infra/ai/local-model.js';
import { loadSentimentLexicon } from '../../infra/nlp/sentiment/sentiment-lexicon.js';
import { loadSentimentModel } from '../../infra/nlp/sentiment/sentiment-model.js';
import { createTextAnalyzer } from '../../infra/nlp/text/text-analyzer.js';
import { createModelRequest } from '../fakes/model-request.js';
import { loadEvalData, loadQaTestData, loadSentimentTestData } from './datasets.js';
import {
  evaluateAbstention,
  evaluateKeyPoints,
  evaluateQa,
  evaluateQuestions,
  evaluateSentiment,
  type EvalTools,
} from './evaluate.js';
import { splitOf, type Split } from './metrics.js';
import { ablateQa, formatAblation } from './qa-ablation.js';
import { reportSummaries } from './summaries.js';
import { reportSentimentTest } from './sentiment-benchmark.js';

const SPLITS: readonly Split[] = ['tuning', 'heldout'];
const pct = (value: number) => `${(value * 100).toFixed(1)}`.padStart(5);
const bySplit = <T extends { id: string }>(items: readonly T[], split: Split) =>
  items.filter((item) => splitOf(item.id) === split);

function row(label: string, ...cells: string[]): void {
  console.log(`  ${label.padEnd(34)}${cells.map((cell) => cell.padStart(12)).join('')}`);
}

async function main(): Promise<void> {
  const tools: EvalTools = {
    model: createLocalModel(),
    nlp: createTextAnalyzer(),
    lexicon: loadSentimentLexicon(),
    sentimentModel: loadSentimentModel(),
  };
  const data = loadEvalData();
  const results: Record<string, unknown> = { generatedAt: new Date().toISOString() };

  results.summaries = await reportSummaries(tools);

  console.log(
    '\nSentiment (binary: accuracy, a neutral answer mapped by the sign of its polarity score; 3-class: macro-averaged recall) x100',
  );
  row('', 'local', 'majority', 'lexicon', 'neutral%');
  const sentiment: Record<string, unknown> = {};
  const binary = [...data.sst2, ...data.imdb];
  const sets = [
    { name: 'binary (SST-2 + IMDB)', items: binary, threeClass: false },
    { name: 'SST-2 train', items: data.sst2, threeClass: false },
    { name: 'IMDB train', items: data.imdb, threeClass: false },
    { name: 'TweetEval 3-class', items: data.tweets, threeClass: true },
  ];
  for (const set of sets) {
    const entry: Record<string, unknown> = {};
    for (const split of SPLITS) {
      const report = await evaluateSentiment(tools, bySplit(set.items, split), {
        threeClass: set.threeClass,
        majorityOf: bySplit(set.items, 'tuning'),
      });
      entry[split] = { ...report, misses: report.misses.slice(0, 20) };
      row(
        `${set.name} [${split}, n=${report.n}]`,
        pct(report.provider),
        pct(report.majority),
        pct(report.lexicon),
        pct(report.neutralRate),
      );
    }
    sentiment[set.name] = entry;
  }
  results.sentiment = sentiment;
  results.sentimentTest = reportSentimentTest(tools, loadSentimentTestData());

  console.log('\nQuestion answering: SQuAD v1.1 train (x100; words = mean answer length)');
  row('', 'F1', 'contains', 'words');
  const qa: Record<string, unknown> = {};
  const abstainedOnOwnText: Partial<Record<Split, number>> = {};
  for (const split of SPLITS) {
    const report = await evaluateQa(tools, bySplit(data.squad, split));
    qa[split] = { ...report, misses: report.misses.slice(0, 30) };
    abstainedOnOwnText[split] = report.abstained;
    row(
      `[${split}, n=${report.n}] local`,
      pct(report.provider.f1),
      pct(report.provider.contains),
      report.provider.meanWords.toFixed(1),
    );
    row(
      '  best-matching sentence',
      pct(report.baseline.f1),
      pct(report.baseline.contains),
      report.baseline.meanWords.toFixed(1),
    );
    console.log(
      `  answers that are a span: ${pct(report.spanAnswers)}; gold held by some candidate span: ${pct(report.ceiling.span)}, by some searched sentence: ${pct(report.ceiling.sentence)}`,
    );
  }
  results.qa = qa;

  console.log(
    '\nQA rule families, each left out in turn: change of token F1 / answer contained (x100); train = the part the rules were written on, tune = held-out part + the rare-types supplement (decides), test = SQuAD 2.0 dev (reported only)',
  );
  const ablation = ablateQa(tools.nlp, data.squad, data.squadRareTypes, loadQaTestData());
  for (const line of formatAblation(ablation)) console.log(line);
  results.qaAblation = ablation;

  console.log(
    "\nQuestions the text does not answer: each SQuAD question also asked of another article's paragraph (x100)",
  );
  row('', 'off-topic', 'own text');
  const abstention: Record<string, unknown> = {};
  for (const split of SPLITS) {
    const report = await evaluateAbstention(tools, bySplit(data.squad, split), data.squad);
    abstention[split] = report;
    row(
      `[${split}, n=${report.n}] says "does not say"`,
      pct(report.offTopic),
      pct(abstainedOnOwnText[split] ?? Number.NaN),
    );
  }
  row('  always answer (baseline)', pct(0), pct(0));
  results.abstention = abstention;

  console.log('\nKey points: CNN/DailyMail, as many points as highlights (unigram recall of the highlights x100)');
  const keyPoints: Record<string, unknown> = {};
  for (const split of SPLITS) {
    const report = await evaluateKeyPoints(tools, bySplit(data.cnn, split));
    keyPoints[split] = { ...report, examples: undefined };
    row(`[${split}, n=${report.n}] local`, pct(report.coverage), `${report.meanPoints.toFixed(1)} pts`);
    row('  first k sentences', pct(report.leadCoverage));
  }
  results.keyPoints = keyPoints;

  console.log('\nQuestions: 5 per CNN/DailyMail article and per SQuAD paragraph (x100)');
  row('', 'ends "?"', 'well-formed', 'answerable');
  const paragraphs = [
    ...new Map(data.squad.map((item) => [item.context, { id: item.id, text: item.context }])).values(),
  ];
  const texts = [...data.cnn.map((item) => ({ id: item.id, text: item.article })), ...paragraphs];
  const questionReport = await evaluateQuestions(tools, texts);
  row(
    `[all, ${questionReport.questions} questions]`,
    pct(questionReport.endsWithQuestionMark),
    pct(questionReport.wellFormed),
    pct(questionReport.answerable),
  );
  results.questions = { ...questionReport, examples: questionReport.examples.slice(0, 10) };
  const byProblem = new Map<string, number>();
  for (const { problems } of questionReport.illFormed)
    for (const problem of problems) byProblem.set(problem, (byProblem.get(problem) ?? 0) + 1);
  console.log(
    `  problems of form: ${[...byProblem].map(([problem, count]) => `${problem} ${count}`).join(', ') || 'none'}`,
  );
  for (const { question, problems } of questionReport.illFormed.slice(0, 8))
    console.log(`    ! ${question}  [${problems.join(', ')}]`);

  console.log('\nTen examples for a person to read (key points, then questions):');
  const keyExamples = (await evaluateKeyPoints(tools, data.cnn.slice(0, 10))).examples;
  for (const example of keyExamples) {
    console.log(`\n  ${example.id} highlights: ${example.highlights.replace(/\n/g, ' | ')}`);
    for (const point of example.points) console.log(`    - ${point}`);
  }
  for (const example of questionReport.examples.slice(0, 10)) {
    console.log(`\n  ${example.id}`);
    for (const question of example.questions) console.log(`    ? ${question}`);
  }

  console.log('\nSpeed: one 10 KB news text per operation (median of 5 runs, ms)');
  const long = data.cnn
    .map((item) => item.article)
    .join('\n\n')
    .slice(0, 10_240);
  const timings: Record<string, number> = {};
  for (const operation of OPERATIONS) {
    const runs: number[] = [];
    for (let index = 0; index < 5; index += 1) {
      // A fresh model each time: the provider caches the analysis of the last text.
      const model = createLocalModel();
      const started = performance.now();
      await model.generate(createModelRequest(operation, { text: long, question: 'Who was arrested?' }));
      runs.push(performance.now() - started);
    }
    timings[operation] = runs.sort((first, second) => first - second)[2] ?? 0;
    row(operation, timings[operation].toFixed(1));
  }
  results.timingsMs = timings;

  writeFileSync('eval-results.json', `${JSON.stringify(results, null, 2)}\n`);
  console.log('\nWrote eval-results.json');
}

await main();
