import { TextProcessingRequestSchema } from '../../domain/schemas.js';
import { protectedProcedure } from '../middleware.js';

/**
 * `process`, streamed: a subscription (tRPC v11 async generator; clients use
 * `httpSubscriptionLink`, i.e. Server-Sent Events) yielding `delta` events with the answer's text
 * as it is written, then one `result` event with the complete, validated response. A failure
 * after the first event ends the subscription with the error (in the one error shape). REST
 * callers reach it as `POST /v1/text_processing/process` with `Accept: text/event-stream`.
 */
export const processStream = protectedProcedure
  .input(TextProcessingRequestSchema)
  .subscription(({ ctx, input, signal }) =>
    ctx.services.streams.processStream(input, {
      signal: anySignal(ctx.signal, signal),
      bypassCache: ctx.bypassCache,
    }),
  );

function anySignal(...signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = signals.filter((signal) => signal !== undefined);
  return present.length <= 1 ? present[0] : AbortSignal.any(present);
}
