#!/usr/bin/env node
// The `ai-text` bin: runs the TypeScript CLI through tsx, straight from a clone after `make install`
// (`npx ai-text` at its root, `node <clone>/clients/cli/ai-text.js` anywhere, or `ai-text` after
// `npm link`). The packed package carries the router types only, so there it explains instead.
import { existsSync } from 'node:fs';

let register;
try {
  if (existsSync(new URL('./main.ts', import.meta.url))) ({ register } = await import('tsx/esm/api'));
} catch {
  // tsx missing: the dependencies of the clone are not installed.
}
if (register) {
  register();
  await import('./main.ts');
} else {
  process.stderr.write(
    'ai-text: runs from a clone of the ai-text-service repository after `make install`:\n' +
      '  node <clone>/clients/cli/ai-text.js --help   (or `npm link` in the clone, then `ai-text --help`)\n',
  );
  process.exitCode = 2;
}
