/**
 * The events of a streamed answer, over tRPC (a subscription's values) and REST (Server-Sent
 * Events named after `type`): text pieces as the model writes them, then once the complete,
 * validated response, the same JSON a non-streamed call answers.
 */
import { z } from 'zod';
import { TextProcessingResponseSchema } from './schemas.js';

export const TextDeltaEventSchema = z
  .object({
    type: z.literal('delta'),
    text: z.string().meta({ description: 'The next piece of the answer as the model writes it.' }),
  })
  .meta({ id: 'TextDeltaEvent' });
export type TextDeltaEvent = z.infer<typeof TextDeltaEventSchema>;

export const TextResultEventSchema = z
  .object({
    type: z.literal('result'),
    response: TextProcessingResponseSchema,
  })
  .meta({ id: 'TextResultEvent', description: 'The last event of a completed stream.' });
export type TextResultEvent = z.infer<typeof TextResultEventSchema>;

export const TextStreamEventSchema = z
  .discriminatedUnion('type', [TextDeltaEventSchema, TextResultEventSchema])
  .meta({ id: 'TextStreamEvent' });
export type TextStreamEvent = z.infer<typeof TextStreamEventSchema>;
