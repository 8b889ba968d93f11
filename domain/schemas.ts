/**
 * Request and response schemas of the public API: the single source of validation, TypeScript
 * types, the OpenAPI document and the clients' types. JSON-plain shapes only (ISO strings for
 * time), field names as in the reference system so its REST callers keep working.
 */
import { z } from 'zod';
import { OPERATIONS, OPERATION_INFO, OPTION_SPECS, type OptionSpec } from './operations.js';

/** Absolute ceiling of the schema; the configured `INPUT_MAX_LENGTH` (default 10,000) applies inside it. */
export const TEXT_MIN_LENGTH = 10;
export const TEXT_HARD_MAX_LENGTH = 100_000;
export const QUESTION_MAX_LENGTH = 2_000;

export const OperationSchema = z.enum(OPERATIONS).meta({
  id: 'TextProcessingOperation',
  description: 'The operation to apply to the text.',
});
export type OperationName = z.infer<typeof OperationSchema>;

function optionSchema(spec: OptionSpec) {
  return z
    .number()
    .int(`${spec.name} must be a whole number`)
    .min(spec.minimum, `${spec.name} must be at least ${spec.minimum}`)
    .max(spec.maximum, `${spec.name} must be at most ${spec.maximum}`)
    .meta({ description: `${spec.description} Default ${spec.default}.`, default: spec.default });
}

export const ProcessingOptionsSchema = z
  .strictObject({
    max_length: optionSchema(OPTION_SPECS.max_length).optional(),
    max_points: optionSchema(OPTION_SPECS.max_points).optional(),
    num_questions: optionSchema(OPTION_SPECS.num_questions).optional(),
  })
  .meta({
    id: 'ProcessingOptions',
    description:
      'Per-operation options (see the catalogue). Unknown keys are rejected; an option another operation uses is accepted and ignored.',
  });
export type ProcessingOptions = z.infer<typeof ProcessingOptionsSchema>;

const TextSchema = z
  .string()
  .trim()
  .min(TEXT_MIN_LENGTH, `Text must be at least ${TEXT_MIN_LENGTH} characters (not counting surrounding whitespace)`)
  .max(TEXT_HARD_MAX_LENGTH, `Text must be at most ${TEXT_HARD_MAX_LENGTH} characters`)
  .meta({
    description: `The text to process: ${TEXT_MIN_LENGTH} to INPUT_MAX_LENGTH (default 10,000) characters after trimming. It reaches the model intact.`,
  });

const QuestionSchema = z
  .string()
  .trim()
  .max(QUESTION_MAX_LENGTH)
  .nullish()
  .meta({ description: 'The question to answer; required (non-empty) for `qa`, ignored otherwise.' });

export const TextProcessingRequestSchema = z
  .object({
    text: TextSchema,
    operation: OperationSchema,
    question: QuestionSchema,
    options: ProcessingOptionsSchema.nullish(),
    user_metadata: z
      .record(z.string(), z.unknown())
      .nullish()
      .meta({ description: 'Accepted for compatibility with the reference; not used.' }),
  })
  .superRefine((request, context) => {
    if (OPERATION_INFO[request.operation].requiresQuestion && !request.question) {
      context.addIssue({
        code: 'custom',
        path: ['question'],
        message: 'Question is required for Q&A operation',
      });
    }
  })
  .meta({ id: 'TextProcessingRequest', description: 'One operation on one text.' });
export type TextProcessingRequest = z.infer<typeof TextProcessingRequestSchema>;

export const SentimentSchema = z.enum(['positive', 'negative', 'neutral']);

export const SentimentResultSchema = z
  .object({
    sentiment: SentimentSchema,
    confidence: z.number().min(0).max(1).meta({ description: 'Confidence from 0 to 1.' }),
    explanation: z.string(),
  })
  .meta({ id: 'SentimentResult' });
export type SentimentResult = z.infer<typeof SentimentResultSchema>;

export const UsageSchema = z
  .object({
    input_tokens: z.number().int().nonnegative(),
    output_tokens: z.number().int().nonnegative(),
    total_tokens: z.number().int().nonnegative(),
  })
  .meta({ id: 'TokenUsage', description: 'Tokens as reported by the provider.' });
export type Usage = z.infer<typeof UsageSchema>;

export const SecurityVerdictSchema = z
  .object({
    injection: z.boolean(),
    score: z.number().min(0).max(1),
    categories: z
      .array(z.string())
      .meta({ description: 'Categories of the evidence found, strongest first (also below the threshold).' }),
    action: z.enum(['allow', 'flag', 'block']),
    evidence: z.array(z.string()).optional().meta({
      description:
        'Which evidence fired, strongest first: rule ids, obfuscation traits, and `classifier` when the learned classifier reached its threshold.',
    }),
    classifier_probability: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .meta({ description: "The learned classifier's calibrated probability that the text is an injection." }),
  })
  .meta({ id: 'SecurityVerdict', description: "The prompt-injection scanner's verdict on a text." });
export type SecurityVerdict = z.infer<typeof SecurityVerdictSchema>;

export const ResponseMetadataSchema = z
  .object({
    word_count: z.number().int().nonnegative(),
    provider: z.string().meta({ description: 'Provider that produced the answer (`local`, `openai`, `gemini`).' }),
    model: z.string(),
    attempts: z.number().int().nonnegative().meta({ description: 'Provider calls made, retries included.' }),
    degraded: z
      .boolean()
      .meta({ description: 'True when the offline fallback answered because remote providers failed.' }),
    fallback_used: z.boolean(),
    usage: UsageSchema.optional(),
    security: SecurityVerdictSchema.optional(),
    service_status: z.literal('degraded').optional(),
  })
  .meta({ id: 'ResponseMetadata' });
export type ResponseMetadata = z.infer<typeof ResponseMetadataSchema>;

export const TextProcessingResponseSchema = z
  .object({
    operation: OperationSchema,
    success: z.boolean(),
    result: z.string().nullable().meta({ description: 'Summary (`summarize`) or answer (`qa`).' }),
    sentiment: SentimentResultSchema.nullable(),
    key_points: z.array(z.string()).nullable(),
    questions: z.array(z.string()).nullable(),
    metadata: ResponseMetadataSchema,
    processing_time: z.number().nonnegative().meta({ description: 'Seconds spent producing this response.' }),
    timestamp: z.string().meta({ description: 'ISO-8601 UTC time the answer was produced.' }),
    cache_hit: z.boolean(),
  })
  .meta({ id: 'TextProcessingResponse' });
export type TextProcessingResponse = z.infer<typeof TextProcessingResponseSchema>;

/**
 * A batch item is checked for types only at the envelope; its content (length, operation, question,
 * options) is validated per item so that one bad item fails alone.
 */
export const BatchItemRequestSchema = z
  .object({
    text: z.string(),
    operation: z.string().meta({ description: 'One of the operations of the catalogue.' }),
    question: z.string().nullish(),
    options: z.record(z.string(), z.unknown()).nullish(),
    user_metadata: z.record(z.string(), z.unknown()).nullish(),
  })
  .meta({ id: 'BatchItemRequest', description: 'A `TextProcessingRequest`, validated per item.' });
export type BatchItemRequest = z.infer<typeof BatchItemRequestSchema>;

export const BATCH_SCHEMA_MAX_ITEMS = 200;

export const BatchTextProcessingRequestSchema = z
  .object({
    requests: z
      .array(BatchItemRequestSchema)
      .min(1, 'A batch needs at least one request')
      .max(BATCH_SCHEMA_MAX_ITEMS)
      .meta({ description: 'Up to MAX_BATCH_REQUESTS_PER_CALL (default 50) requests.' }),
    batch_id: z
      .string()
      .trim()
      .min(1)
      .max(128)
      .regex(/^[\w.:-]+$/, 'batch_id may contain letters, digits, _ . : - only')
      .nullish(),
  })
  .meta({ id: 'BatchTextProcessingRequest' });
export type BatchTextProcessingRequest = z.infer<typeof BatchTextProcessingRequestSchema>;

export const ItemErrorSchema = z
  .object({
    code: z.string().meta({ description: 'Stable error code, as `error_code` of single requests.' }),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).nullable().optional(),
  })
  .meta({ id: 'BatchItemError' });
export type ItemError = z.infer<typeof ItemErrorSchema>;

export const BatchItemSchema = z
  .object({
    request_index: z.number().int().nonnegative(),
    status: z.enum(['completed', 'failed']),
    response: TextProcessingResponseSchema.nullable(),
    error: ItemErrorSchema.nullable(),
  })
  .meta({ id: 'BatchTextProcessingItem' });
export type BatchItem = z.infer<typeof BatchItemSchema>;

export const BatchTextProcessingResponseSchema = z
  .object({
    batch_id: z.string(),
    total_requests: z.number().int(),
    completed: z.number().int(),
    failed: z.number().int(),
    results: z.array(BatchItemSchema),
    total_processing_time: z.number().nonnegative(),
    timestamp: z.string(),
  })
  .meta({ id: 'BatchTextProcessingResponse' });
export type BatchTextProcessingResponse = z.infer<typeof BatchTextProcessingResponseSchema>;

export const BatchStatusRequestSchema = z.object({
  batch_id: z.string().min(1).max(128).meta({ description: 'The id returned by batch_process.' }),
});

export const BatchStatusResponseSchema = BatchTextProcessingResponseSchema.extend({
  status: z.literal('completed'),
  message: z.string(),
}).meta({ id: 'BatchStatusResponse' });
export type BatchStatusResponse = z.infer<typeof BatchStatusResponseSchema>;

export const OptionDetailSchema = z.object({
  name: z.string(),
  type: z.literal('integer'),
  minimum: z.number(),
  maximum: z.number(),
  default: z.number(),
  description: z.string(),
});

export const OperationDescriptionSchema = z
  .object({
    id: OperationSchema,
    name: z.string(),
    description: z.string(),
    options: z.array(z.string()).meta({ description: 'Option names (reference field).' }),
    option_details: z.array(OptionDetailSchema).meta({ description: 'Type, range and default of each option.' }),
    requires_question: z.boolean().optional(),
  })
  .meta({ id: 'OperationDescription' });

export const OperationsResponseSchema = z
  .object({ operations: z.array(OperationDescriptionSchema) })
  .meta({ id: 'OperationsResponse' });
export type OperationsResponse = z.infer<typeof OperationsResponseSchema>;

export const ComponentStatusSchema = z.enum(['healthy', 'degraded', 'unhealthy']);
export type ComponentStatus = z.infer<typeof ComponentStatusSchema>;

export const ComponentHealthSchema = z
  .object({
    status: ComponentStatusSchema,
    message: z.string(),
    latency_ms: z.number().nonnegative(),
  })
  .meta({ id: 'ComponentHealth' });
export type ComponentHealth = z.infer<typeof ComponentHealthSchema>;

export const HealthResponseSchema = z
  .object({
    status: z.enum(['healthy', 'degraded']),
    timestamp: z.string(),
    version: z.string(),
    ai_model_available: z.boolean(),
    resilience_healthy: z.boolean().nullable(),
    cache_healthy: z.boolean().nullable(),
    components: z.record(z.string(), ComponentHealthSchema),
  })
  .meta({ id: 'HealthResponse' });
export type HealthResponse = z.infer<typeof HealthResponseSchema>;

export const AuthStatusResponseSchema = z
  .object({
    authenticated: z.boolean().meta({
      description: 'True when the presented key was checked and accepted; false in open mode, where no key is checked.',
    }),
    api_key_prefix: z.string().nullable().meta({
      description: 'First 8 characters of the accepted key plus `...`; null in open mode (no key was checked).',
    }),
    message: z.string(),
  })
  .meta({ id: 'AuthStatusResponse' });
export type AuthStatusResponse = z.infer<typeof AuthStatusResponseSchema>;

export const ErrorResponseSchema = z
  .object({
    success: z.literal(false),
    error: z.string().meta({ description: 'Human-readable message.' }),
    error_code: z.string().meta({ description: 'Stable machine-readable code.' }),
    details: z.record(z.string(), z.unknown()).nullable(),
    timestamp: z.string(),
    request_id: z.string().nullable(),
  })
  .meta({ id: 'ErrorResponse' });
export type ErrorResponse = z.infer<typeof ErrorResponseSchema>;

/** Schemas for procedures without input. */
export const EmptyInputSchema = z.void();

/** `POST /internal/security/scan`: a text (and question) checked as `process` would check them. */
export const SecurityScanRequestSchema = z
  .object({
    text: TextSchema,
    question: QuestionSchema.meta({ description: 'A question scanned with the text, as for `qa`.' }),
  })
  .meta({ id: 'SecurityScanRequest' });
export type SecurityScanRequest = z.infer<typeof SecurityScanRequestSchema>;

/** The reference's domain health shape (`GET /v1/text_processing/health`). Resilience details
 * follow `ResilienceHealthResponse` (domain/resilience-schemas.ts). */
export const TextProcessingHealthSchema = z
  .object({
    overall_healthy: z.boolean(),
    service_type: z.literal('domain'),
    infrastructure: z.object({ resilience: z.record(z.string(), z.unknown()) }),
    domain_services: z.object({ text_processing: z.record(z.string(), z.unknown()) }),
  })
  .meta({ id: 'TextProcessingHealth' });
