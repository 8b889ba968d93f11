import type { RequestListener } from 'node:http';
import { createLogger, type Logger } from '../../infra/logger.js';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { createDeps, type AppDeps } from '../../server/deps.js';

export interface TestApp {
  readonly app: RequestListener;
  readonly deps: AppDeps;
  readonly logger: Logger;
}

/** The real app, built exactly as `server/main.ts` builds it, from the given environment. */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const config = loadConfig({ RATE_LIMITING_ENABLED: 'false', ...env });
  const logger = createLogger({ level: 'error', format: 'json', silent: true });
  const deps = await createDeps(config, logger);
  deps.lifecycle.ready = true;
  const app = createApp({ config, services: deps.services, lifecycle: deps.lifecycle, logger });
  return { app, deps, logger };
}

export const SAMPLE_TEXT =
  'The city council approved a new budget on Tuesday after a long debate. The plan adds funding for public ' +
  'transport and parks, while cutting administrative costs by five percent. Mayor Elena Ruiz said the budget ' +
  'balances growth with responsibility. Critics argued that the cuts could slow permit processing.';
