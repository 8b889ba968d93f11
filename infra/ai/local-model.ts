import { ModelError } from '../../domain/errors.js';
import type { ModelRequest, ModelResponse, TaskInput, TextModel } from '../../domain/ports.js';
import { PROCESSORS } from '../../domain/processors.js';
import { extractKeyPointsLocally } from './local-key-points.js';
import { countWords, createLocalNlp, truncateWords, type TextAnalysis } from './local-nlp.js';
import { answerQuestionLocally, NOT_IN_TEXT } from './local-qa.js';
import { generateQuestionsLocally } from './local-questions.js';
import { analyzeSentimentLocally } from './local-sentiment.js';
import { loadSentimentLexicon } from './local-sentiment-lexicon.js';
import { loadSentimentModel } from './local-sentiment-model.js';
import { summarizeLocally } from './local-summarizer.js';

export const LOCAL_PROVIDER = 'local';
export const LOCAL_MODEL = 'local-nlp-1';

export interface LocalModelOptions {
  /** The model name reported with each answer. Default `local-nlp-1`. */
  readonly model?: string;
}

/** Most words of the text a key point that describes the whole text quotes. */
const KEY_POINT_WORDS = 30;

/** Asked when a text yields no question of its own: any text answers it. */
const FALLBACK_QUESTION = 'What is the main point of the text?';

/**
 * The built-in offline provider: classic, deterministic NLP with wink-nlp's English model,
 * VADER's sentiment lexicon and a small review-polarity classifier, all loaded once here. It works from the request's `input` (the
 * prompt instructions are for remote models) and answers in the formats the output parsers
 * expect from any model: prose for `summarize` and `qa`, a JSON object for `sentiment`, one
 * `- ` line per item for `key_points` and `questions`.
 */
export function createLocalModel(options: LocalModelOptions = {}): TextModel {
  const model = options.model ?? LOCAL_MODEL;
  const nlp = createLocalNlp();
  const lexicon = loadSentimentLexicon();
  const sentimentModel = loadSentimentModel();

  // Clients often ask several operations about one text in a row (a batch, the playground).
  let last: { text: string; analysis: TextAnalysis } | undefined;
  const analyze = (text: string): TextAnalysis => {
    if (last?.text !== text) last = { text, analysis: nlp.analyze(text) };
    return last.analysis;
  };

  function answer(input: TaskInput): string {
    const analysis = analyze(input.text);
    switch (input.operation) {
      case 'summarize': {
        const maxLength = input.options.max_length;
        return firstParsed(input, [
          () => summarizeLocally(analysis, { maxLength }),
          () => truncateWords(input.text, Math.min(maxLength, countWords(input.text))),
          () => describeText(input.text, maxLength),
        ]);
      }
      case 'sentiment':
        return JSON.stringify(analyzeSentimentLocally(analysis, lexicon, sentimentModel));
      case 'key_points':
        return firstParsed(input, [
          () => toList(extractKeyPointsLocally(analysis, { maxPoints: input.options.max_points })),
          () => toList([collapseWhitespace(input.text)]),
          () => toList([describeText(input.text, KEY_POINT_WORDS)]),
        ]);
      case 'questions':
        return firstParsed(input, [
          () => toList(generateQuestionsLocally(analysis, { count: input.options.num_questions })),
          () => toList([FALLBACK_QUESTION]),
        ]);
      case 'qa':
        return firstParsed(input, [
          () => (input.question?.trim() ? answerQuestionLocally(analysis, nlp.analyze(input.question)) : NOT_IN_TEXT),
          () => NOT_IN_TEXT,
        ]);
      default: {
        const unsupported: never = input.operation;
        throw new Error(`Unsupported operation: ${String(unsupported)}`);
      }
    }
  }

  return {
    provider: LOCAL_PROVIDER,
    model,
    generate(request: ModelRequest, signal?: AbortSignal): Promise<ModelResponse> {
      if (signal?.aborted) {
        return Promise.reject(
          new ModelError('The request was cancelled before the local model ran', {
            provider: LOCAL_PROVIDER,
            kind: 'timeout',
            cause: signal.reason,
          }),
        );
      }
      try {
        return Promise.resolve({ text: answer(request.input), model, finishReason: 'stop' });
      } catch (error) {
        return Promise.reject(
          new ModelError('The local model failed', { provider: LOCAL_PROVIDER, kind: 'server', cause: error }),
        );
      }
    },
  };
}

function toList(items: readonly string[]): string {
  return items.map((item) => `- ${item}`).join('\n');
}

/**
 * The first answer the operation's parser accepts. Odd texts (one word, digits, emoji, a leading
 * "Summary:" or code fence) can make a natural answer unusable, so each operation lists fallbacks,
 * the last one usable for any text the request schema accepts.
 */
function firstParsed(input: TaskInput, candidates: readonly (() => string)[]): string {
  const definition = PROCESSORS[input.operation];
  let answer = '';
  for (const candidate of candidates) {
    answer = candidate();
    if (definition.parse(answer, input)) return answer;
  }
  return answer;
}

function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * What the text consists of, quoting at most `maxWords` words of it: the summary of a text with
 * nothing to summarise ("stringstri", "1234567890", a run of emoji). A plain ASCII quote ends the
 * quotation so that a link in it reads exactly as in the text.
 */
function describeText(text: string, maxWords: number): string {
  const collapsed = collapseWhitespace(text);
  const quoted = countWords(collapsed) <= maxWords ? collapsed : truncateWords(collapsed, maxWords);
  return `The text consists only of "${quoted}".`;
}
