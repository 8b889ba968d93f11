import { router } from '../trpc.js';
import { authStatus } from './auth.js';
import { health, textProcessingHealth } from './health.js';
import { batchProcess, batchStatus, operations, process } from './text-processing.js';
import { processStream } from './text-streaming.js';

/** The public API, REST under `/v1`. */
export const publicRouter = router({
  health,
  authStatus,
  operations,
  process,
  processStream,
  batchProcess,
  batchStatus,
  textProcessingHealth,
});
