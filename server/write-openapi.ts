/**
 * Writes both OpenAPI documents, as the server publishes them, to a directory (`public.json`,
 * `internal.json`) without starting a server: `make lint-openapi` lints them with Redocly.
 *
 *   npx tsx server/write-openapi.ts <directory>
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { appRouter } from '../routers/index.js';
import { createOpenApiDocuments } from './docs.js';
import { VERSION } from './version.js';

/** The paths of the files written. */
export async function writeOpenApiDocuments(directory: string): Promise<string[]> {
  const documents = createOpenApiDocuments({ router: appRouter, version: VERSION, internalDocs: true });
  await mkdir(directory, { recursive: true });
  const written: string[] = [];
  for (const [name, document] of Object.entries(documents)) {
    const file = join(directory, `${name}.json`);
    await writeFile(file, `${JSON.stringify(document, null, 2)}\n`);
    written.push(file);
  }
  return written;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const directory = process.argv[2];
  if (!directory) {
    process.stderr.write('usage: tsx server/write-openapi.ts <directory>\n');
    process.exit(2);
  }
  await writeOpenApiDocuments(directory);
}
