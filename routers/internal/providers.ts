import { ProvidersResponseSchema } from '../../domain/resilience-schemas.js';
import { EmptyInputSchema } from '../../domain/schemas.js';
import { internalProcedure } from '../middleware.js';

export const providers = internalProcedure
  .meta({
    openapi: {
      method: 'GET',
      path: '/internal/providers',
      tags: ['Providers'],
      summary: 'AI providers in fallback order',
      description: 'Each with its model, circuit breaker states and last error.',
      protect: true,
    },
  })
  .input(EmptyInputSchema)
  .output(ProvidersResponseSchema)
  .query(({ ctx }) => ctx.services.providers.describe());
