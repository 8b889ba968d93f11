import { EmptyInputSchema, HealthResponseSchema } from '../../domain/schemas.js';
import { publicProcedure } from '../middleware.js';

export const health = publicProcedure
  .meta({
    openapi: {
      method: 'GET',
      path: '/v1/health',
      tags: ['Health'],
      protect: false,
      summary: 'Aggregate health',
      description:
        'Always 200 while the process can answer: `healthy` or `degraded`, with every component (AI providers, cache tiers, circuit breakers).',
    },
  })
  .input(EmptyInputSchema)
  .output(HealthResponseSchema)
  .query(({ ctx }) => ctx.services.health.check());
