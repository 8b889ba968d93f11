import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DockerignoreMatcher } from './dockerignore-matcher.js';

/**
 * The files `docker build` sends from `root`: every file of the tree that `.dockerignore` does
 * not exclude, as `/`-separated paths relative to `root`. Excluded directories are not walked
 * unless some pattern re-includes (`!`) something.
 */
export function listBuildContext(root: string, matcher: DockerignoreMatcher): Set<string> {
  const files = new Set<string>();
  const walk = (directory: string, prefix: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!matcher.hasExceptions && matcher.isExcluded(path)) continue;
        walk(join(directory, entry.name), path);
      } else if (!matcher.isExcluded(path)) {
        files.add(path);
      }
    }
  };
  walk(root, '');
  return files;
}
