import { countWords } from './output-parsing.js';
import type { Payload } from './processor-definition.js';
import type { TaskInput } from './ports.js';
import type { SecurityVerdict, TextProcessingResponse, Usage } from './schemas.js';

/** How an answer was obtained, as the provider chain reports it. */
export interface AnswerOrigin {
  readonly payload: Payload;
  readonly provider: string;
  readonly model: string;
  /** Provider calls in all, retries and the one re-ask for an unusable answer included. */
  readonly attempts: number;
  readonly degraded: boolean;
  readonly fallbackUsed: boolean;
  readonly usage: Usage | undefined;
}

/** Milliseconds as the response's seconds (millisecond precision). */
export function toSeconds(durationMs: number): number {
  return Math.round(durationMs) / 1000;
}

/**
 * The response of a freshly computed answer, streamed or not: the payload's fields, the metadata
 * (with the verdict when it flagged the text, and `service_status` when degraded), not from cache.
 */
export function toProcessedResponse(
  input: TaskInput,
  verdict: SecurityVerdict,
  origin: AnswerOrigin,
  timing: { readonly durationMs: number; readonly now: number },
): TextProcessingResponse {
  const { payload, usage } = origin;
  return {
    operation: input.operation,
    success: true,
    result: payload.result ?? null,
    sentiment: payload.sentiment ?? null,
    key_points: payload.key_points ?? null,
    questions: payload.questions ?? null,
    metadata: {
      word_count: countWords(input.text),
      provider: origin.provider,
      model: origin.model,
      attempts: origin.attempts,
      degraded: origin.degraded,
      fallback_used: origin.fallbackUsed,
      ...(usage ? { usage } : {}),
      ...(verdict.action === 'flag' ? { security: verdict } : {}),
      ...(origin.degraded ? { service_status: 'degraded' as const } : {}),
    },
    processing_time: toSeconds(timing.durationMs),
    timestamp: new Date(timing.now).toISOString(),
    cache_hit: false,
  };
}
