/**
 * Serves the web playground at `/playground`: the static build in `clients/playground/dist`
 * (`make playground`), or, when it has not been built, a short page saying how to build it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';

export interface PlaygroundOptions {
  /** The built playground (default: `clients/playground/dist` of this checkout). */
  readonly directory?: string;
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Playground not built</title></head>
<body>
<h1>The playground has not been built</h1>
<p>Run <code>make playground</code> (or <code>npx tsx clients/playground/build-playground.ts</code>) and reload this page.</p>
<p>The API itself is up: see <a href="/docs">/docs</a>.</p>
</body>
</html>
`;

/** From `server/` under tsx, or from `dist/server/` when compiled. */
function defaultDirectory(): string {
  const candidates = ['../clients/playground/dist', '../../clients/playground/dist'].map((relative) =>
    fileURLToPath(new URL(relative, import.meta.url)),
  );
  return candidates.find((candidate) => existsSync(join(candidate, 'index.html'))) ?? candidates[0]!;
}

export function createPlaygroundRouter(options: PlaygroundOptions = {}): Router {
  const directory = options.directory ?? defaultDirectory();
  const router = express.Router();
  const indexFile = join(directory, 'index.html');
  router.get('/', (_request, response) => {
    // Checked per request, so a build made while the server runs is picked up.
    if (existsSync(indexFile)) response.sendFile(indexFile, { maxAge: 0 });
    else response.status(404).type('html').send(NOT_BUILT_PAGE);
  });
  router.use(express.static(directory, { index: false, redirect: false, maxAge: 0 }));
  return router;
}
