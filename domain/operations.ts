/**
 * The operation catalogue: what the service can do to a text, each operation's options with their
 * ranges and defaults, and its cache lifetime. Schemas, the catalogue endpoint, the playground's
 * form and the processors all read this one table.
 */
import type { OperationsResponse } from './schemas.js';

export const OPERATIONS = ['summarize', 'sentiment', 'key_points', 'questions', 'qa'] as const;
export type Operation = (typeof OPERATIONS)[number];

export interface OptionSpec {
  readonly name: OptionName;
  readonly type: 'integer';
  readonly minimum: number;
  readonly maximum: number;
  readonly default: number;
  readonly description: string;
}

export const OPTION_SPECS = {
  max_length: {
    name: 'max_length',
    type: 'integer',
    minimum: 10,
    maximum: 1000,
    default: 100,
    description: 'Target summary length in words.',
  },
  max_points: {
    name: 'max_points',
    type: 'integer',
    minimum: 1,
    maximum: 20,
    default: 5,
    description: 'Maximum number of key points to return.',
  },
  num_questions: {
    name: 'num_questions',
    type: 'integer',
    minimum: 1,
    maximum: 20,
    default: 5,
    description: 'Number of questions to generate.',
  },
} as const satisfies Record<string, Omit<OptionSpec, 'name'> & { name: string }>;

export type OptionName = keyof typeof OPTION_SPECS;

export interface OperationInfo {
  readonly id: Operation;
  readonly name: string;
  readonly description: string;
  readonly options: readonly OptionName[];
  readonly requiresQuestion: boolean;
  /** Reference strategy name for resilience and metrics (`summarize_text`, ...). */
  readonly resilienceName: string;
  /** Seconds a successful answer stays cached (seed contract §6.2). */
  readonly cacheTtlSeconds: number;
}

export const OPERATION_INFO: Readonly<Record<Operation, OperationInfo>> = {
  summarize: {
    id: 'summarize',
    name: 'Summarize',
    description: 'Generate a concise summary of the text',
    options: ['max_length'],
    requiresQuestion: false,
    resilienceName: 'summarize_text',
    cacheTtlSeconds: 7200,
  },
  sentiment: {
    id: 'sentiment',
    name: 'Sentiment Analysis',
    description: 'Analyze the emotional tone of the text',
    options: [],
    requiresQuestion: false,
    resilienceName: 'analyze_sentiment',
    cacheTtlSeconds: 3600,
  },
  key_points: {
    id: 'key_points',
    name: 'Key Points',
    description: 'Extract the main points from the text',
    options: ['max_points'],
    requiresQuestion: false,
    resilienceName: 'extract_key_points',
    cacheTtlSeconds: 5400,
  },
  questions: {
    id: 'questions',
    name: 'Generate Questions',
    description: 'Create questions about the text content',
    options: ['num_questions'],
    requiresQuestion: false,
    resilienceName: 'generate_questions',
    cacheTtlSeconds: 3600,
  },
  qa: {
    id: 'qa',
    name: 'Question & Answer',
    description: 'Answer a specific question about the text',
    options: [],
    requiresQuestion: true,
    resilienceName: 'answer_question',
    cacheTtlSeconds: 1800,
  },
};

/** Options with every default filled in, as the processors see them. */
export interface ResolvedOptions {
  max_length: number;
  max_points: number;
  num_questions: number;
}

export function resolveOptions(options: Partial<ResolvedOptions> | null | undefined): ResolvedOptions {
  return {
    max_length: options?.max_length ?? OPTION_SPECS.max_length.default,
    max_points: options?.max_points ?? OPTION_SPECS.max_points.default,
    num_questions: options?.num_questions ?? OPTION_SPECS.num_questions.default,
  };
}

/** Only the options an operation actually uses, so unrelated keys never split the cache. */
export function relevantOptions(operation: Operation, options: ResolvedOptions): Record<string, number> {
  const relevant: Record<string, number> = {};
  for (const name of OPERATION_INFO[operation].options) relevant[name] = options[name];
  return relevant;
}

/** The operation catalogue (`GET /v1/text_processing/operations`): every operation with its options. */
export const OPERATION_CATALOGUE: OperationsResponse = {
  operations: OPERATIONS.map((id) => {
    const info = OPERATION_INFO[id];
    return {
      id,
      name: info.name,
      description: info.description,
      options: [...info.options],
      option_details: info.options.map((name) => ({ ...OPTION_SPECS[name] })),
      ...(info.requiresQuestion ? { requires_question: true } : {}),
    };
  }),
};
