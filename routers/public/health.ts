import { EmptyInputSchema, HealthResponseSchema, TextProcessingHealthSchema } from '../../domain/schemas.js';
import { optionalAuthProcedure, publicProcedure } from '../middleware.js';

export const health = publicProcedure
  .meta({
    openapi: {
      method: 'GET',
      path: '/v1/health',
      tags: ['Health'],
      protect: false,
      summary: 'Aggregate health',
      description:
        'Always 200 while the process can answer: `healthy` when every component is, else `degraded`, with every component: `ai:<provider>` (unhealthy while its circuit breaker is open, degraded while half-open), `resilience` (degraded while any breaker is open), cache tiers, and `event_loop` (degraded when the p99 delay exceeds 200 ms).',
    },
  })
  .input(EmptyInputSchema)
  .output(HealthResponseSchema)
  .query(({ ctx }) => ctx.services.health.check());

export const textProcessingHealth = optionalAuthProcedure
  .meta({
    openapi: {
      method: 'GET',
      path: '/v1/text_processing/health',
      tags: ['Health'],
      protect: false,
      summary: 'Text-processing health (reference shape)',
      description: 'Healthy while no circuit breaker is open; the resilience details of every breaker.',
    },
  })
  .input(EmptyInputSchema)
  .output(TextProcessingHealthSchema)
  .query(({ ctx }) => {
    const resilience = ctx.services.resilience.health();
    return {
      overall_healthy: resilience.healthy,
      service_type: 'domain' as const,
      infrastructure: { resilience },
      domain_services: { text_processing: resilience },
    };
  });
