import { extractKeyPoints, type KeyPointOptions } from './key-points/extract-key-points.js';
import { answerQuestion } from './qa/answer-question.js';
import { generateQuestions, type QuestionOptions } from './questions/generate-questions.js';
import { analyzeSentiment, type SentimentAnalysis } from './sentiment/analyze-sentiment.js';
import { loadSentimentLexicon } from './sentiment/sentiment-lexicon.js';
import { loadSentimentModel } from './sentiment/sentiment-model.js';
import { summarize, type SummaryOptions } from './summarize/summarize.js';
import { createTextAnalyzer, type TextAnalysis } from './text/text-analyzer.js';

export type { KeyPointOptions } from './key-points/extract-key-points.js';
export { NOT_IN_TEXT } from './qa/answer-question.js';
export type { QuestionOptions } from './questions/generate-questions.js';
export type { SentimentAnalysis, SentimentLabel } from './sentiment/analyze-sentiment.js';
export type { SummaryOptions } from './summarize/summarize.js';
export { countWords, truncateWords } from './text/words.js';

/**
 * Classic, deterministic NLP on English text: each task a pure function of its arguments. It
 * knows nothing of operations, prompts or payloads (the `local` provider adapts it to those).
 */
export interface NlpEngine {
  /** An extractive summary of at most `maxLength` words; empty when no sentence has a word. */
  summarize(text: string, options: SummaryOptions): string;
  /** The polarity with a 0..1 confidence and an explanation naming the cues. */
  analyzeSentiment(text: string): SentimentAnalysis;
  /** At most `maxPoints` of the text's main sentences, in text order; none for a text without one. */
  extractKeyPoints(text: string, options: KeyPointOptions): string[];
  /** At most `count` questions the text answers, in text order; none when no sentence lends itself. */
  generateQuestions(text: string, options: QuestionOptions): string[];
  /** A span or a sentence of the text, or `NOT_IN_TEXT` when the text does not answer `question`. */
  answerQuestion(text: string, question: string): string;
}

/**
 * The engine, with wink-nlp's English model, VADER's sentiment lexicon and a small review-polarity
 * classifier loaded once: create one per process and share it.
 */
export function createNlpEngine(): NlpEngine {
  const analyzer = createTextAnalyzer();
  const lexicon = loadSentimentLexicon();
  const sentimentModel = loadSentimentModel();

  // Clients often ask several operations about one text in a row (a batch, the playground).
  let last: { text: string; analysis: TextAnalysis } | undefined;
  const analyze = (text: string): TextAnalysis => {
    if (last?.text !== text) last = { text, analysis: analyzer.analyze(text) };
    return last.analysis;
  };

  return {
    summarize: (text, options) => summarize(analyze(text), options),
    analyzeSentiment: (text) => analyzeSentiment(analyze(text), lexicon, sentimentModel),
    extractKeyPoints: (text, options) => extractKeyPoints(analyze(text), options),
    generateQuestions: (text, options) => generateQuestions(analyze(text), options),
    // The question is read apart, so that the text's analysis stays for the next operation.
    answerQuestion: (text, question) => answerQuestion(analyze(text), analyzer.analyze(question)),
  };
}
