/** The shapes the playground works with, inferred from the router's type (no server code). */
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../routers/index.js';

type Outputs = inferRouterOutputs<AppRouter>;
type Inputs = inferRouterInputs<AppRouter>;

export type ProcessRequest = Inputs['public']['process'];
export type ProcessResponse = Outputs['public']['process'];
export type OperationDescription = Outputs['public']['operations']['operations'][number];
export type OptionDetail = OperationDescription['option_details'][number];
export type HealthResponse = Outputs['public']['health'];
export type CacheStatus = Outputs['internal']['cacheStatus'];
