import { describe, expectTypeOf, it } from 'vitest';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../routers/index.js';
import { createApiClient } from './api-client.js';

type Inputs = inferRouterInputs<AppRouter>;
type Outputs = inferRouterOutputs<AppRouter>;

describe('a frontend importing `type AppRouter`', () => {
  it('gets typed inputs and outputs for process', () => {
    expectTypeOf<Inputs['public']['process']['operation']>().toEqualTypeOf<
      'summarize' | 'sentiment' | 'key_points' | 'questions' | 'qa'
    >();
    expectTypeOf<Outputs['public']['process']['sentiment']>().toEqualTypeOf<{
      sentiment: 'positive' | 'negative' | 'neutral';
      confidence: number;
      explanation: string;
    } | null>();
    expectTypeOf<Outputs['public']['process']['metadata']['provider']>().toBeString();
  });

  it('fails to compile on a misspelt field or a wrong type', () => {
    const client = createApiClient({ url: 'http://localhost:8000' });
    // These calls are never executed: the test is that they do not type-check.
    const neverRun = () => {
      // @ts-expect-error `operaton` is misspelt
      void client.public.process.mutate({ text: 'Some text to process.', operaton: 'summarize' });
      // @ts-expect-error `translate` is not an operation
      void client.public.process.mutate({ text: 'Some text to process.', operation: 'translate' });
      // @ts-expect-error max_points must be a number
      void client.public.process.mutate({ text: 'Some text.', operation: 'key_points', options: { max_points: '3' } });
      // @ts-expect-error queries are not mutations
      void client.public.health.mutate();
    };
    expectTypeOf(neverRun).toBeFunction();
    expectTypeOf(client.public.process.mutate).returns.resolves.toHaveProperty('cache_hit');
  });
});
