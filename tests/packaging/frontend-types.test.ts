/**
 * A TypeScript frontend in its own repository, against the packed package: `make types`, `npm
 * pack`, the tarball unpacked into a project outside this tree (with @trpc/client, @trpc/server,
 * zod and typescript from our node_modules, so no network), then `tsc` in that project.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const SHARED_PACKAGES = ['@trpc/client', '@trpc/server', 'zod', 'typescript'];

/** Exit code and output of a command that may fail. */
async function outcomeOf(file: string, args: readonly string[], cwd: string) {
  try {
    const { stdout, stderr } = await run(file, [...args], { cwd, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failure = error as { code?: number | string; stdout?: string; stderr?: string };
    return { code: failure.code, output: `${failure.stdout ?? ''}${failure.stderr ?? ''}` };
  }
}

const CLIENT = `import { createTRPCClient, httpBatchLink, isTRPCClientError } from '@trpc/client';
import type { AppRouter, ApiInputs, ApiOutputs } from 'ai-text-service/router';

const client = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: 'http://localhost:8000/trpc' })] });

export async function summarize(text: string): Promise<string | null> {
  const response = await client.public.process.mutate({ text, operation: 'summarize', options: { max_length: 30 } });
  const seconds: number = response.processing_time;
  // @ts-expect-error the summary is a string or null, not a number
  const wrong: number = response.result;
  void seconds;
  void wrong;
  return response.result;
}

export async function misspelt(text: string) {
  // @ts-expect-error \`txt\` is not a field of the input
  await client.public.process.mutate({ txt: text, operation: 'summarize' });
  // @ts-expect-error \`translate\` is not an operation
  await client.public.process.mutate({ text, operation: 'translate' });
}

export type Operation = ApiInputs['public']['process']['operation'];
export type Sentiment = NonNullable<ApiOutputs['public']['process']['sentiment']>['sentiment'];
export const operation: Operation = 'key_points';
export const mood: Sentiment = 'positive';

export function errorCodeOf(error: unknown): string | undefined {
  return isTRPCClientError<AppRouter>(error) ? error.data?.error_code : undefined;
}
`;

const NO_RUNTIME = `// @ts-expect-error the entry has types only: no router value to import
import { appRouter } from 'ai-text-service/router';

export const router: unknown = appRouter;
`;

function tsconfig(moduleResolution: 'Bundler' | 'NodeNext') {
  return JSON.stringify({
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2022', 'DOM'],
      module: moduleResolution === 'Bundler' ? 'ESNext' : 'NodeNext',
      moduleResolution,
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      verbatimModuleSyntax: true,
      types: [],
    },
    include: ['src'],
  });
}

describe('a frontend in another repository, against the packed package', () => {
  let directory: string;
  let frontend: string;
  let packedFiles: string[];

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'ai-text-frontend-'));
    await rm(join(ROOT, 'dist/types'), { recursive: true, force: true });
    await run(process.execPath, [TSC, '-p', 'tsconfig.types.json'], { cwd: ROOT, timeout: 150_000 });
    const { stdout } = await run(
      'npm',
      ['pack', '--json', '--ignore-scripts', '--pack-destination', directory, '--loglevel', 'error'],
      { cwd: ROOT, timeout: 60_000 },
    );
    const [packed] = JSON.parse(stdout) as [{ filename: string; files: { path: string }[] }];
    packedFiles = packed.files.map((file) => file.path);

    frontend = join(directory, 'frontend');
    const installed = join(frontend, 'node_modules/ai-text-service');
    await mkdir(installed, { recursive: true });
    // What `npm install ../ai-text-service-1.0.0.tgz` puts in node_modules (its dependencies aside).
    await run('tar', ['-xzf', join(directory, packed.filename), '-C', installed, '--strip-components=1']);
    for (const name of SHARED_PACKAGES) {
      await mkdir(join(frontend, 'node_modules', name, '..'), { recursive: true });
      await symlink(join(ROOT, 'node_modules', name), join(frontend, 'node_modules', name), 'dir');
    }
    await mkdir(join(frontend, 'src'));
    await writeFile(
      join(frontend, 'package.json'),
      JSON.stringify({
        name: 'frontend',
        private: true,
        type: 'module',
        dependencies: { '@trpc/client': '^11', '@trpc/server': '^11', zod: '^4' },
        devDependencies: { 'ai-text-service': `file:../${packed.filename}`, typescript: '~5.9' },
      }),
    );
    await writeFile(join(frontend, 'tsconfig.json'), tsconfig('Bundler'));
    await writeFile(join(frontend, 'tsconfig.node.json'), tsconfig('NodeNext'));
    await writeFile(join(frontend, 'src/client.ts'), CLIENT);
    await writeFile(join(frontend, 'src/no-runtime.ts'), NO_RUNTIME);
  }, 240_000);

  afterAll(async () => {
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('ships declarations only: no server, domain or infra JavaScript, no TypeScript sources', () => {
    expect(packedFiles).toContain('dist/types/clients/api-client-types.d.ts');
    expect(packedFiles).toContain('dist/types/routers/index.d.ts');
    // npm always packs the bin; outside a clone it only explains where to run it.
    const rest = packedFiles.filter((path) => !/^dist\/types\/.+\.d\.ts$/.test(path));
    expect(rest.sort()).toEqual(['README.md', 'clients/cli/ai-text.js', 'package.json']);
    expect(packedFiles.filter((path) => path.startsWith('dist/types/server/'))).toEqual([]);
  });

  it('type-checks a correct call and rejects a misspelt field, with bundler and Node resolution', async () => {
    const [bundler, node] = await Promise.all([
      outcomeOf(process.execPath, [join(frontend, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], frontend),
      outcomeOf(
        process.execPath,
        [join(frontend, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.node.json'],
        frontend,
      ),
    ]);
    // Every `@ts-expect-error` must meet its error, or tsc fails with "Unused '@ts-expect-error'".
    expect(bundler).toEqual({ code: 0, output: '' });
    expect(node).toEqual({ code: 0, output: '' });
  }, 240_000);

  it('installs an ai-text bin that, outside a clone, says where the CLI runs', async () => {
    const result = await outcomeOf(
      process.execPath,
      [join(frontend, 'node_modules/ai-text-service/clients/cli/ai-text.js'), '--help'],
      frontend,
    );
    expect(result.code).toBe(2);
    expect(result.output).toContain('ai-text: runs from a clone of the ai-text-service repository');
  });
});
