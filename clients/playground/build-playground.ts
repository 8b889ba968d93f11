/**
 * Builds the playground into `clients/playground/dist/` (git-ignored): the page, its stylesheet
 * and one bundled, minified script. `make playground` runs it; the server serves the folder at
 * `/playground`.
 *
 *   npx tsx clients/playground/build-playground.ts
 */
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const SOURCE = fileURLToPath(new URL('.', import.meta.url));

export interface BuildPlaygroundOptions {
  /** Output folder (default `clients/playground/dist`). */
  readonly outDir?: string;
}

export async function buildPlayground(options: BuildPlaygroundOptions = {}): Promise<{ readonly bytes: number }> {
  const outDir = options.outDir ?? resolve(SOURCE, 'dist');
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const result = await build({
    entryPoints: [resolve(SOURCE, 'main.ts')],
    outfile: resolve(outDir, 'playground.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'chrome110', 'firefox110', 'safari16'],
    minify: true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  });
  await copyFile(resolve(SOURCE, 'index.html'), resolve(outDir, 'index.html'));
  await copyFile(resolve(SOURCE, 'playground.css'), resolve(outDir, 'playground.css'));
  const bytes = Object.values(result.metafile.outputs).reduce((total, output) => total + output.bytes, 0);
  return { bytes };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { bytes } = await buildPlayground();
  process.stdout.write(`playground built: clients/playground/dist (${Math.round(bytes / 1024)} KB of script)\n`);
}
