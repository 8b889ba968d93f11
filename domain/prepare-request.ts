import { PromptInjectionError, ValidationError } from './errors.js';
import { OPERATION_INFO, relevantOptions, resolveOptions } from './operations.js';
import { PROCESSORS } from './processors.js';
import type { CacheKeys, ModelRequest, TaskInput } from './ports.js';
import type { SecurityVerdict, TextProcessingRequest } from './schemas.js';

/** A request checked and ready to run: the task, the scanner's verdict and its cache key. */
export interface PreparedRequest {
  readonly input: TaskInput;
  readonly verdict: SecurityVerdict;
  readonly key: string;
}

export interface PrepareContext {
  /** Maximum text length in characters after trimming (`INPUT_MAX_LENGTH`). */
  readonly inputMaxLength: number;
  readonly scan: (text: string, question?: string | null) => SecurityVerdict;
  readonly keys: CacheKeys;
  /** The model runner's identity (`ModelRunner.identity`). */
  readonly modelIdentity: string;
}

/**
 * What every answer starts with, streamed or not: the length limit, the injection verdict (a
 * block is a `PromptInjectionError`), the resolved options and the cache key. The same request
 * gets the same key here as in `createTextProcessor`, so streamed and plain answers share entries.
 */
export function prepareRequest(request: TextProcessingRequest, context: PrepareContext): PreparedRequest {
  const { inputMaxLength } = context;
  if (request.text.length > inputMaxLength) {
    throw new ValidationError(`Invalid request data: text: Text must be at most ${inputMaxLength} characters`, [
      { field: 'text', message: `Text must be at most ${inputMaxLength} characters` },
    ]);
  }
  const operation = request.operation;
  const question = OPERATION_INFO[operation].requiresQuestion ? (request.question ?? undefined) : undefined;
  const verdict = context.scan(request.text, question);
  if (verdict.action === 'block') {
    throw new PromptInjectionError('The text was rejected as a likely prompt-injection attempt', {
      score: verdict.score,
      categories: verdict.categories,
    });
  }
  const options = resolveOptions(request.options);
  const key = context.keys.forRequest({
    operation,
    text: request.text,
    question,
    options: relevantOptions(operation, options),
    modelIdentity: `${context.modelIdentity}#v${PROCESSORS[operation].promptVersion}`,
  });
  return { input: { operation, text: request.text, question, options }, verdict, key };
}

/** What the operation's definition asks a model for this task. */
export function toModelRequest(input: TaskInput): ModelRequest {
  const definition = PROCESSORS[input.operation];
  return {
    input,
    instructions: definition.instructions(input),
    responseFormat: definition.responseFormat,
    maxOutputTokens: definition.maxOutputTokens(input),
    ...(definition.jsonSchema ? { jsonSchema: definition.jsonSchema } : {}),
  };
}
