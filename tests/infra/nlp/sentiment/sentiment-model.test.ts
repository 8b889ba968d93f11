import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeSentiment, scoreSentiment } from '../../../../infra/nlp/sentiment/analyze-sentiment.js';
import { loadSentimentLexicon, type SentimentLexicon } from '../../../../infra/nlp/sentiment/sentiment-lexicon.js';
import {
  fromSentimentModelFile,
  loadSentimentModel,
  scoreWithSentimentModel,
  sentimentFeatureValues,
  sentimentLabel,
  toSentimentFeatures,
} from '../../../../infra/nlp/sentiment/sentiment-model.js';
import { createTextAnalyzer, type TextAnalyzer } from '../../../../infra/nlp/text/text-analyzer.js';

describe('local sentiment classifier', () => {
  let nlp: TextAnalyzer;
  let lexicon: SentimentLexicon;

  beforeAll(() => {
    nlp = createTextAnalyzer();
    lexicon = loadSentimentLexicon();
  });

  const featuresOf = (text: string) => toSentimentFeatures(nlp.analyze(text).tokens);

  it('reads words and word pairs, marking up to three words after a negator until the clause ends', () => {
    const features = featuresOf("It isn't funny at all, but the cast is fine.");
    expect(features).toEqual(expect.arrayContaining(['not_funny', 'funny at', 'cast', 'is fine', 'fine']));
    expect(features).not.toContain('funny');
    expect(features).not.toContain('not_cast');
    expect(features).not.toContain('all but');
  });

  it('counts each feature once, however often it occurs', () => {
    const features = featuresOf('Great, great, great.');
    expect(features.filter((feature) => feature === 'great')).toHaveLength(1);
  });

  it('adds the class weights of the features it knows to the biases, and weighs what follows "but" more', () => {
    const model = fromSentimentModelFile({
      bias: [0, 0.1, 0],
      neutralThreshold: 0.6,
      factualCeiling: 0.5,
      features: ['dull', 'lovely'],
      weights: [1, 0, -1, -2, 0, 2],
    });
    const lovely = scoreWithSentimentModel(model, sentimentFeatureValues(nlp.analyze('A lovely film.').tokens));
    expect(lovely.logits[2] - lovely.logits[0]).toBeCloseTo(4);
    expect(lovely.label).toBe('positive');
    const contrasted = scoreWithSentimentModel(
      model,
      sentimentFeatureValues(nlp.analyze('Lovely to look at, but dull.').tokens),
    );
    expect(contrasted.logits[2] - contrasted.logits[0]).toBeCloseTo(0.5 * 4 - 1.5 * 2);
    expect(contrasted.label).toBe('negative');
    expect(contrasted.cues.map((cue) => cue.feature)).toEqual(['dull', 'lovely']);
  });

  it('calls a text neutral when the neutral class reaches the threshold, or when no rated word and a weak lean', () => {
    const thresholds = { neutralThreshold: 0.6, factualCeiling: 0.7 };
    expect(sentimentLabel([0.1, 0.6, 0.3], true, thresholds)).toBe('neutral');
    expect(sentimentLabel([0.1, 0.2, 0.7], true, thresholds)).toBe('positive');
    expect(sentimentLabel([0.1, 0.25, 0.65], false, thresholds)).toBe('neutral');
    expect(sentimentLabel([0.75, 0.15, 0.1], false, thresholds)).toBe('negative');
  });

  it('ships trained weights that read review, tweet and finance vocabulary the right way round', () => {
    const model = loadSentimentModel();
    expect(model.weights.size).toBeGreaterThan(1000);
    const lean = (feature: string) => {
      const weight = model.weights.get(feature);
      return weight ? weight[2] - weight[0] : 0;
    };
    expect(lean('masterpiece')).toBeGreaterThan(0);
    expect(lean('tedious')).toBeLessThan(0);
    expect(model.neutralThreshold).toBeGreaterThan(0.2);
    expect(model.neutralThreshold).toBeLessThan(0.9);
    const label = (text: string) => analyzeSentiment(nlp.analyze(text), lexicon, model).sentiment;
    expect(label('a gorgeous , moving and funny film')).toBe('positive');
    expect(label('a plodding , tedious mess of a movie')).toBe('negative');
  });

  it('gets the issue #17 checks right: a clear desk review, an ordinary day, and more', () => {
    const model = loadSentimentModel();
    const analyse = (text: string) => analyzeSentiment(nlp.analyze(text), lexicon, model);
    const desk = analyse(
      'I bought this desk last month. It was easy to assemble, sturdy, and looks great. I would buy it again.',
    );
    expect(desk.sentiment).toBe('positive');
    expect(desk.confidence).toBeGreaterThan(0.8);
    expect(analyse('I would buy it again.').sentiment).toBe('positive');
    expect(analyse('A perfectly ordinary day at the office.').sentiment).toBe('neutral');
    expect(analyse('This is terrible, I want my money back.').sentiment).toBe('negative');
    expect(analyse('I love it, it is wonderful!').sentiment).toBe('positive');
    expect(analyse('Shares fell 5% after the profit warning.').sentiment).toBe('negative');
    expect(analyse('The company reported a 20% rise in quarterly profit.').sentiment).toBe('positive');
  });

  it('scores polarity as P(positive) − P(negative) with the model, and as the lexicon reads it without', () => {
    const model = loadSentimentModel();
    const clear = nlp.analyze('I love it, it is wonderful!');
    expect(scoreSentiment(clear, lexicon, model)).toBeGreaterThan(0.8);
    expect(scoreSentiment(clear, lexicon)).toBeGreaterThan(0.8);
    const open = nlp.analyze('the plot is a plodding retread and the pacing drags');
    expect(scoreSentiment(open, lexicon, model)).toBeLessThan(0);
  });

  it('keeps a text without any rated word neutral in the lexicon-only reading', () => {
    const result = analyzeSentiment(nlp.analyze('The film runs 96 minutes and opens on Friday.'), lexicon);
    expect(result).toEqual({
      sentiment: 'neutral',
      confidence: 0.8,
      explanation: 'No positive or negative wording; the text reads as neutral and factual.',
    });
  });

  it("names the classifier's cues when the lexicon has none for the verdict", () => {
    const model = fromSentimentModelFile({
      bias: [0, 0, 0],
      neutralThreshold: 0.9,
      factualCeiling: 0,
      features: ['retread'],
      weights: [3, 0, -3],
    });
    const result = analyzeSentiment(nlp.analyze('A fine retread.'), lexicon, model);
    expect(result.sentiment).toBe('negative');
    expect(result.explanation).toContain('"retread"');
  });
});
