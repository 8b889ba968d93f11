import { beforeAll, describe, expect, it } from 'vitest';
import { createLocalModel } from '../../../infra/ai/local-model.js';
import { loadSentimentLexicon } from '../../../infra/nlp/sentiment/sentiment-lexicon.js';
import { loadSentimentModel } from '../../../infra/nlp/sentiment/sentiment-model.js';
import { createTextAnalyzer } from '../../../infra/nlp/text/text-analyzer.js';
import { loadEvalData, type EvalData } from '../../eval/datasets.js';
import {
  evaluateAbstention,
  evaluateKeyPoints,
  evaluateQa,
  evaluateQuestions,
  evaluateSentiment,
  evaluateSummaries,
  type EvalTools,
} from '../../eval/evaluate.js';

/**
 * A fast run of `make eval` on the committed development sets (tests/eval/data), asserting that the
 * offline provider keeps beating the baselines computed by the same code, so a regression in the
 * local NLP shows up in `make test`. The thresholds sit a little under the scores of the current
 * code (see the README's "Quality of the offline provider").
 */
describe('local provider quality on the development sets', () => {
  let tools: EvalTools;
  let data: EvalData;

  beforeAll(() => {
    tools = {
      model: createLocalModel(),
      nlp: createTextAnalyzer(),
      lexicon: loadSentimentLexicon(),
      sentimentModel: loadSentimentModel(),
    };
    data = loadEvalData();
  });

  it('summarises CNN/DailyMail within the highlights length, close to Lead-3 and to its leading words', async () => {
    const report = await evaluateSummaries(tools, data.cnn);
    expect(report.meanWords).toBeLessThanOrEqual(report.referenceWords);
    expect(report.provider.rouge1).toBeGreaterThan(0.3);
    expect(report.provider.rouge1).toBeGreaterThanOrEqual(0.85 * report.lead3.rouge1);
    // 41 articles (0.95x at the last run): the local summary gives whole sentences, the baseline cuts mid-sentence.
    expect(report.provider.rouge1).toBeGreaterThanOrEqual(0.93 * report.leadWords.rouge1);
  });

  it('labels binary reviews better than the majority class and a plain lexicon', async () => {
    const items = [...data.sst2, ...data.imdb];
    const report = await evaluateSentiment(tools, items, { threeClass: false, majorityOf: items });
    expect(report.provider).toBeGreaterThan(0.72);
    expect(report.provider).toBeGreaterThan(report.majority + 0.05);
    expect(report.provider).toBeGreaterThan(report.lexicon);
  });

  it('labels 3-class tweets with a macro-recall above the majority class and a plain lexicon', async () => {
    const report = await evaluateSentiment(tools, data.tweets, { threeClass: true, majorityOf: data.tweets });
    expect(report.provider).toBeGreaterThan(0.58);
    expect(report.provider).toBeGreaterThan(report.majority + 0.2);
    expect(report.provider).toBeGreaterThan(report.lexicon);
  });

  it('answers SQuAD questions with short spans that score far above the best-matching sentence', async () => {
    const report = await evaluateQa(tools, data.squad);
    // 857 questions (F1 46.4, contained 55.7, 6.2 words against the sentence's 30.8 at the last run).
    expect(report.provider.f1).toBeGreaterThan(0.44);
    expect(report.provider.f1).toBeGreaterThan(3 * report.baseline.f1);
    expect(report.provider.contains).toBeGreaterThan(0.53);
    expect(report.provider.meanWords).toBeLessThan(0.25 * report.baseline.meanWords);
    // Every SQuAD question is answerable from its paragraph: "The text does not say." is rarely right.
    expect(report.abstained).toBeLessThan(0.05);
  });

  it('says the text does not say for questions about another article', async () => {
    const report = await evaluateAbstention(tools, data.squad, data.squad);
    expect(report.offTopic).toBeGreaterThan(0.9);
  });

  it('extracts key points that cover about as much of the highlights as the lead sentences', async () => {
    const report = await evaluateKeyPoints(tools, data.cnn);
    expect(report.coverage).toBeGreaterThan(0.45);
    expect(report.coverage).toBeGreaterThanOrEqual(0.9 * report.leadCoverage);
  });

  it('asks well-formed questions answerable from the text', async () => {
    const texts = data.cnn.slice(0, 10).map((item) => ({ id: item.id, text: item.article }));
    const report = await evaluateQuestions(tools, texts);
    expect(report.questions).toBeGreaterThanOrEqual(40);
    expect(report.endsWithQuestionMark).toBe(1);
    expect(report.wellFormed).toBeGreaterThan(0.95);
    expect(report.answerable).toBeGreaterThan(0.95);
  });
});
