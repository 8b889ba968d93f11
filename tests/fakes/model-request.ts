import type { Operation } from '../../domain/operations.js';
import { resolveOptions } from '../../domain/operations.js';
import type { ModelRequest } from '../../domain/ports.js';

export const SAMPLE_TEXT =
  'The new library opened downtown on Monday. Visitors praised the bright reading rooms and the friendly staff. ' +
  'Parking remains a problem because the garage is still closed. The city plans to open the garage next spring.';

const TASKS: Readonly<Record<Operation, (options: ReturnType<typeof resolveOptions>) => string>> = {
  summarize: (options) => `Write a concise summary of the text. Keep it to about ${options.max_length} words.`,
  sentiment: () =>
    'Analyze the sentiment of the text. Respond with JSON: {"sentiment": "positive|negative|neutral", "confidence": 0.0-1.0, "explanation": "..."}.',
  key_points: (options) =>
    `Extract the ${options.max_points} most important key points. Return each point on its own line starting with "- ".`,
  questions: (options) => `Generate ${options.num_questions} thoughtful questions about the text, one per line.`,
  qa: () => 'Answer the question using only the text.',
};

/** A `ModelRequest` shaped like the processors' ones, for adapter and fake-server tests. */
export function createModelRequest(
  operation: Operation,
  overrides: {
    text?: string;
    question?: string;
    options?: Partial<ReturnType<typeof resolveOptions>>;
    jsonSchema?: Record<string, unknown>;
  } = {},
): ModelRequest {
  const options = resolveOptions(overrides.options);
  return {
    input: {
      operation,
      text: overrides.text ?? SAMPLE_TEXT,
      question: operation === 'qa' ? (overrides.question ?? 'When will the garage open?') : undefined,
      options,
    },
    instructions: { system: 'You are a careful text-analysis assistant.', task: TASKS[operation](options) },
    responseFormat: operation === 'sentiment' ? 'json' : 'text',
    ...(overrides.jsonSchema && { jsonSchema: overrides.jsonSchema }),
    maxOutputTokens: 512,
  };
}
