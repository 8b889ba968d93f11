/**
 * What a frontend in another repository imports from the package (`ai-text-service/router`, built
 * by `make types` into declarations only): the router's type and the inputs and outputs inferred
 * from it. No server code comes with it; the frontend brings `@trpc/client`, `@trpc/server` and
 * `zod` itself.
 */
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../routers/index.js';

export type { AppRouter };

/** Every procedure's input by path: `ApiInputs['public']['process']`. */
export type ApiInputs = inferRouterInputs<AppRouter>;

/** Every procedure's output by path: `ApiOutputs['public']['process']['sentiment']`. */
export type ApiOutputs = inferRouterOutputs<AppRouter>;
