/**
 * The baseline of the tRPC scenario: the service's own router and context behind tRPC's standalone
 * adapter (`createHTTPServer`) and nothing else — no front, middleware, access log, metrics, rate
 * limit or security headers. The services are built by `server/deps.ts` from the same production
 * environment the service gets, compiled (`dist/`, after `make build`) like the service.
 * Run: `node --import tsx tests/bench/bare-trpc-server.ts <port> <env JSON>`.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createHTTPServer } from '@trpc/server/adapters/standalone';
import type * as ApiKeysModule from '../../infra/api-keys.js';
import type * as LoggerModule from '../../infra/logger.js';
import type * as RoutersModule from '../../routers/index.js';
import type * as ConfigModule from '../../server/config.js';
import type * as DepsModule from '../../server/deps.js';
import { ROOT } from './bench-processes.js';

type Modules = [
  typeof LoggerModule,
  typeof ApiKeysModule,
  typeof ConfigModule,
  typeof DepsModule,
  typeof RoutersModule,
];

const load = (path: string) => import(pathToFileURL(join(ROOT, 'dist', `${path}.js`)).href);
const [{ createLogger }, { readCredentials }, { loadConfig }, { createDeps }, { appRouter }] = (await Promise.all([
  load('infra/logger'),
  load('infra/api-keys'),
  load('server/config'),
  load('server/deps'),
  load('routers/index'),
])) as Modules;

const port = Number(process.argv[2] ?? 0);
const config = loadConfig(JSON.parse(process.argv[3] ?? '{}') as Record<string, string>);
const logger = createLogger({ level: config.log.level, format: config.log.format });
const deps = await createDeps(config, logger);
deps.lifecycle.ready = true;

const server = createHTTPServer({
  router: appRouter,
  basePath: '/trpc/',
  maxBodySize: config.server.maxRequestBytes,
  // The service's context (`contextFor` in server/app.ts), with a request id of its own.
  createContext: ({ req, info }) => ({
    services: deps.services,
    credentials: readCredentials(req.headers.authorization, req.headers['x-api-key']),
    requestId: randomUUID(),
    signal: info.signal,
    bypassCache: /\bno-cache\b/i.test(req.headers['cache-control'] ?? ''),
  }),
});
server.keepAliveTimeout = config.server.keepAliveTimeoutMs;
server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : port}\n`);
});
process.on('SIGTERM', () => {
  server.close(() => void deps.close().finally(() => process.exit(0)));
});
