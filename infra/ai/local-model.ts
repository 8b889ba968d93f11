import { ModelError } from '../../domain/errors.js';
import type { ModelRequest, ModelStreamPart, PayloadResponse, TaskInput, TextModel } from '../../domain/ports.js';
import { toAnswerText, type Payload } from '../../domain/processor-definition.js';
import { PROCESSORS } from '../../domain/processors.js';
import { toStreamPieces } from '../../domain/stream-pieces.js';
import { countWords, createNlpEngine, NOT_IN_TEXT, truncateWords, type NlpEngine } from '../nlp/index.js';

export const LOCAL_PROVIDER = 'local';
export const LOCAL_MODEL = 'local-nlp-1';

export interface LocalModelOptions {
  /** The model name reported with each answer. Default `local-nlp-1`. */
  readonly model?: string;
  /** The NLP engine to answer with; one of its own by default. */
  readonly engine?: NlpEngine;
}

/** Most words of the text a key point that describes the whole text quotes. */
const KEY_POINT_WORDS = 30;

/** Asked when a text yields no question of its own: any text answers it. */
const FALLBACK_QUESTION = 'What is the main point of the text?';

/**
 * The built-in offline provider: the NLP engine of `infra/nlp` behind the `TextModel` port. It
 * works from the request's `input` (the prompt instructions are for remote models) and answers
 * with the operation's payload itself (`PayloadResponse`), which the processor checks as it
 * parses a remote model's text.
 */
export function createLocalModel(options: LocalModelOptions = {}): TextModel<PayloadResponse> {
  const model = options.model ?? LOCAL_MODEL;
  const engine = options.engine ?? createNlpEngine();

  function generate(request: ModelRequest, signal?: AbortSignal): Promise<PayloadResponse> {
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
      return Promise.resolve({ payload: toPayload(engine, request.input), model, finishReason: 'stop' });
    } catch (error) {
      return Promise.reject(
        new ModelError('The local model failed', { provider: LOCAL_PROVIDER, kind: 'server', cause: error }),
      );
    }
  }

  return {
    provider: LOCAL_PROVIDER,
    model,
    generate,
    /** The answer is computed at once; it streams in pieces, as a text model would write it. */
    async *stream(request: ModelRequest, signal?: AbortSignal): AsyncGenerator<ModelStreamPart<PayloadResponse>> {
      const response = await generate(request, signal);
      for (const piece of toStreamPieces(toAnswerText(response.payload))) yield { type: 'delta', text: piece };
      yield { type: 'done', response };
    },
  };
}

/** The engine's result for the task as the operation's payload. */
export function toPayload(engine: NlpEngine, input: TaskInput): Payload {
  const { text, options } = input;
  switch (input.operation) {
    case 'summarize':
      return firstAccepted(input, [
        () => ({ result: engine.summarize(text, { maxLength: options.max_length }) }),
        () => ({ result: truncateWords(text, Math.min(options.max_length, countWords(text))) }),
        () => ({ result: describeText(text, options.max_length) }),
      ]);
    case 'sentiment': {
      const { sentiment, confidence, explanation } = engine.analyzeSentiment(text);
      return { sentiment: { sentiment, confidence, explanation } };
    }
    case 'key_points':
      return firstAccepted(input, [
        () => ({ key_points: engine.extractKeyPoints(text, { maxPoints: options.max_points }) }),
        () => ({ key_points: [collapseWhitespace(text)] }),
        () => ({ key_points: [describeText(text, KEY_POINT_WORDS)] }),
      ]);
    case 'questions':
      return firstAccepted(input, [
        () => ({ questions: engine.generateQuestions(text, { count: options.num_questions }) }),
        () => ({ questions: [FALLBACK_QUESTION] }),
      ]);
    case 'qa':
      return firstAccepted(input, [
        () => ({ result: input.question?.trim() ? engine.answerQuestion(text, input.question) : NOT_IN_TEXT }),
        () => ({ result: NOT_IN_TEXT }),
      ]);
    default: {
      const unsupported: never = input.operation;
      throw new Error(`Unsupported operation: ${String(unsupported)}`);
    }
  }
}

/**
 * The first payload the operation's check accepts. Odd texts (one word, digits, emoji, a leading
 * "Summary:" or code fence) can make a natural answer unusable, so each operation lists fallbacks,
 * the last one usable for any text the request schema accepts. The payload is returned as built:
 * the processor checks it once more, as it would any model's answer.
 */
function firstAccepted(input: TaskInput, candidates: readonly (() => Payload)[]): Payload {
  const definition = PROCESSORS[input.operation];
  let payload: Payload = {};
  for (const candidate of candidates) {
    payload = candidate();
    if (definition.check(payload, input)) return payload;
  }
  return payload;
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
