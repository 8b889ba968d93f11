import { OPERATION_CATALOGUE } from '../../domain/operations.js';
import {
  BatchStatusRequestSchema,
  BatchStatusResponseSchema,
  BatchTextProcessingRequestSchema,
  BatchTextProcessingResponseSchema,
  EmptyInputSchema,
  OperationsResponseSchema,
  TextProcessingRequestSchema,
  TextProcessingResponseSchema,
} from '../../domain/schemas.js';
import { optionalAuthProcedure, protectedProcedure } from '../middleware.js';

const TAGS = ['Text processing'];

export const operations = optionalAuthProcedure
  .meta({
    openapi: {
      method: 'GET',
      path: '/v1/text_processing/operations',
      tags: TAGS,
      protect: false,
      summary: 'The operation catalogue',
      description: 'Every operation with its options (type, range, default), so a UI can build its form.',
    },
  })
  .input(EmptyInputSchema)
  .output(OperationsResponseSchema)
  .query(() => OPERATION_CATALOGUE);

export const process = protectedProcedure
  .meta({
    openapi: {
      method: 'POST',
      path: '/v1/text_processing/process',
      tags: TAGS,
      summary: 'Process one text',
      description: 'Runs one operation on one text. `Cache-Control: no-cache` skips the cache read.',
      protect: true,
    },
  })
  .input(TextProcessingRequestSchema)
  .output(TextProcessingResponseSchema)
  .mutation(({ ctx, input }) =>
    ctx.services.processor.process(input, { signal: ctx.signal, bypassCache: ctx.bypassCache }),
  );

export const batchProcess = protectedProcedure
  .meta({
    openapi: {
      method: 'POST',
      path: '/v1/text_processing/batch_process',
      tags: TAGS,
      summary: 'Process many texts',
      description:
        'Processes up to MAX_BATCH_REQUESTS_PER_CALL requests concurrently; each item succeeds or fails alone, in input order. ' +
        'The outcome is stored for the API key that sent the batch; a `batch_id` whose outcome this key still has stored is refused (422 naming `batch_id`).',
      protect: true,
    },
  })
  .input(BatchTextProcessingRequestSchema)
  .output(BatchTextProcessingResponseSchema)
  .mutation(({ ctx, input }) =>
    ctx.services.processor.processBatch(input, {
      owner: ctx.apiKey,
      signal: ctx.signal,
      bypassCache: ctx.bypassCache,
    }),
  );

export const batchStatus = protectedProcedure
  .meta({
    openapi: {
      method: 'GET',
      path: '/v1/text_processing/batch_status/{batch_id}',
      tags: TAGS,
      summary: 'Outcome of a recent batch',
      description:
        'The stored outcome of a batch sent with the same API key, kept for BATCH_RESULT_TTL seconds; 404 when unknown, expired or sent with another key.',
      protect: true,
    },
  })
  .input(BatchStatusRequestSchema)
  .output(BatchStatusResponseSchema)
  .query(({ ctx, input }) => ctx.services.processor.batchStatus(input.batch_id, ctx.apiKey));
