import { internalRouter } from './internal/index.js';
import { publicRouter } from './public/index.js';
import { router } from './trpc.js';

/** Every procedure: `public.*` (REST under `/v1`) and `internal.*` (REST under `/internal`). */
export const appRouter = router({
  public: publicRouter,
  internal: internalRouter,
});

/** Import with `import type` in frontends: types only, no server code in the bundle. */
export type AppRouter = typeof appRouter;
