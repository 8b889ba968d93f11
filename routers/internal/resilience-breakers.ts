import {
  BreakerNameInputSchema,
  BreakerResetResponseSchema,
  CircuitBreakerStatusSchema,
  CircuitBreakersResponseSchema,
} from '../../domain/resilience-schemas.js';
import { EmptyInputSchema } from '../../domain/schemas.js';
import { internalProcedure } from '../middleware.js';

const TAGS = ['Resilience'];
const BASE = '/internal/resilience/circuit-breakers';

export const resilienceCircuitBreakers = internalProcedure
  .meta({
    openapi: {
      method: 'GET',
      path: BASE,
      tags: TAGS,
      summary: 'Every circuit breaker',
      description: 'One per (provider, operation), named `<provider>:<operation>`; `{}` until a call creates one.',
      protect: true,
    },
  })
  .input(EmptyInputSchema)
  .output(CircuitBreakersResponseSchema)
  .query(({ ctx }) => ctx.services.resilience.circuitBreakers());

export const resilienceCircuitBreaker = internalProcedure
  .meta({
    openapi: {
      method: 'GET',
      path: `${BASE}/{breaker_name}`,
      tags: TAGS,
      summary: 'One circuit breaker in detail',
      description: 'The name may be sent raw (`openai:summarize_text`) or URL-encoded.',
      protect: true,
    },
  })
  .input(BreakerNameInputSchema)
  .output(CircuitBreakerStatusSchema)
  .query(({ ctx, input }) => ctx.services.resilience.circuitBreaker(input.breaker_name));

export const resilienceResetCircuitBreaker = internalProcedure
  .meta({
    audit: true,
    openapi: {
      method: 'POST',
      path: `${BASE}/{breaker_name}/reset`,
      tags: TAGS,
      summary: 'Close a circuit breaker',
      description: 'Closes it and clears its failure count; the next call reaches the provider.',
      protect: true,
    },
  })
  .input(BreakerNameInputSchema)
  .output(BreakerResetResponseSchema)
  .mutation(({ ctx, input }) => ctx.services.resilience.resetCircuitBreaker(input.breaker_name));
