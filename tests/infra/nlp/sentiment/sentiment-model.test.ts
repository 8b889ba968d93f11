import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeSentiment, scoreSentiment } from '../../../../infra/nlp/sentiment/analyze-sentiment.js';
import { loadSentimentLexicon, type SentimentLexicon } from '../../../../infra/nlp/sentiment/sentiment-lexicon.js';
import {
  fromSentimentModelFile,
  loadSentimentModel,
  scoreWithSentimentModel,
  toSentimentFeatures,
} from '../../../../infra/nlp/sentiment/sentiment-model.js';
import { createTextAnalyzer, type TextAnalyzer } from '../../../../infra/nlp/text/text-analyzer.js';

describe('local review-polarity classifier', () => {
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

  it('adds the weights of the features it knows to the bias, and weighs what follows "but" more', () => {
    const model = fromSentimentModelFile({ bias: 0.1, features: ['dull', 'lovely'], weights: [-1, 2] });
    expect(scoreWithSentimentModel(model, nlp.analyze('A lovely film.').tokens).logit).toBeCloseTo(2.1);
    const contrasted = scoreWithSentimentModel(model, nlp.analyze('Lovely to look at, but dull.').tokens);
    expect(contrasted.logit).toBeCloseTo(0.1 + 0.5 * 2 - 1.5 * 1);
    expect(contrasted.cues.map((cue) => cue.feature)).toEqual(['dull', 'lovely']);
  });

  it('ships trained weights that read review vocabulary the right way round', () => {
    const model = loadSentimentModel();
    expect(model.weights.size).toBeGreaterThan(1000);
    expect(model.weights.get('masterpiece')).toBeGreaterThan(0);
    expect(model.weights.get('tedious')).toBeLessThan(0);
    const score = (text: string) => scoreWithSentimentModel(model, nlp.analyze(text).tokens).logit;
    expect(score('a gorgeous , moving and funny film')).toBeGreaterThan(0);
    expect(score('a plodding , tedious mess of a movie')).toBeLessThan(0);
  });

  it('moves a polarity the lexicon leaves open, and leaves a clear lexicon verdict standing', () => {
    const model = loadSentimentModel();
    const open = nlp.analyze('the plot is a plodding retread and the pacing drags');
    expect(scoreSentiment(open, lexicon, model)).toBeLessThan(scoreSentiment(open, lexicon) - 0.1);
    const clear = nlp.analyze('I love it, it is wonderful!');
    expect(scoreSentiment(clear, lexicon, model)).toBeGreaterThan(0.8);
  });

  it('keeps a text without any rated word neutral, whichever way the classifier leans', () => {
    const model = loadSentimentModel();
    const result = analyzeSentiment(nlp.analyze('The film runs 96 minutes and opens on Friday.'), lexicon, model);
    expect(result).toEqual({
      sentiment: 'neutral',
      confidence: 0.8,
      explanation: 'No positive or negative wording; the text reads as neutral and factual.',
    });
  });

  it("names the classifier's cues when the lexicon has none for the verdict", () => {
    const model = fromSentimentModelFile({ bias: 0, features: ['retread'], weights: [-6] });
    const result = analyzeSentiment(nlp.analyze('A fine retread.'), lexicon, model);
    expect(result.sentiment).toBe('negative');
    expect(result.explanation).toContain('"retread"');
    expect(result.confidence).toBeLessThanOrEqual(0.75);
  });
});
