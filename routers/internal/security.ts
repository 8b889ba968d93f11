import { SecurityScanRequestSchema, SecurityVerdictSchema } from '../../domain/schemas.js';
import { internalProcedure } from '../middleware.js';

export const securityScan = internalProcedure
  .meta({
    openapi: {
      method: 'POST',
      path: '/internal/security/scan',
      tags: ['Security'],
      summary: 'Prompt-injection verdict of a text',
      description: 'Exactly the verdict `process` would apply to this text (and question) under the current policy.',
      protect: true,
    },
  })
  .input(SecurityScanRequestSchema)
  .output(SecurityVerdictSchema)
  .mutation(({ ctx, input }) => ctx.services.processor.scan(input.text, input.question));
