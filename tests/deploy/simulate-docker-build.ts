/**
 * Plays a Dockerfile's stages on the local disk, without a container engine, to catch what makes
 * `docker build` fail or the image broken: a COPY source missing from the tree or excluded by
 * .dockerignore, a `COPY --from` of something the stage did not produce, sources that import files
 * the build context does not hold. Each stage gets a directory standing for its WORKDIR, filled
 * from the build context exactly as its COPY instructions say. RUN steps are simulated, and only
 * the ones known here (anything else fails the simulation, so it never passes by skipping):
 *  - `npm ci` checks that package.json and the lockfile were copied, then links the tree's
 *    node_modules (the registry is not replayed);
 *  - `npx --no-install tsc -p <tsconfig>` takes the files that tsconfig compiles (TypeScript's own
 *    reading of include/exclude), resolves every import among them with esbuild (a file outside
 *    the context fails here, as tsc would) and writes the JavaScript to its outDir (esbuild
 *    transpiles, without type-checking: `make typecheck` does that);
 *  - `npx --no-install tsx <script>` runs as written (the playground bundle);
 *  - `npm cache clean` does nothing.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, statSync, symlinkSync } from 'node:fs';
import { dirname, isAbsolute, join, posix, relative } from 'node:path';
import { build, type Message } from 'esbuild';
import ts from 'typescript';
import type { DockerignoreMatcher } from './dockerignore-matcher.js';
import { toCopyInstruction, type Dockerfile, type Instruction, type Stage } from './parse-dockerfile.js';

export interface SimulatedStage {
  readonly name: string;
  /** The directory standing for the stage's WORKDIR. */
  readonly directory: string;
  readonly workdir: string;
  /** `ENV` of the stage. */
  readonly env: Readonly<Record<string, string>>;
  /** `npm ci` ran with `--omit=dev`. */
  readonly productionDependencies: boolean;
}

export interface SimulateOptions {
  readonly dockerfile: Dockerfile;
  /** The tree the context is taken from (also where node_modules is linked from). */
  readonly root: string;
  /** The files of the build context (`listBuildContext`). */
  readonly context: ReadonlySet<string>;
  readonly matcher: DockerignoreMatcher;
  /** An empty scratch directory. */
  readonly workDir: string;
}

export class BuildSimulationError extends Error {
  constructor(instruction: Instruction | { readonly line: number }, message: string) {
    super(`Dockerfile:${instruction.line}: ${message}`);
    this.name = 'BuildSimulationError';
  }
}

function contextFilesOf(source: string, options: SimulateOptions, instruction: Instruction): string[] {
  if (/[*?[]/.test(source)) throw new BuildSimulationError(instruction, `wildcard source "${source}" is not simulated`);
  const path = posix.normalize(source).replace(/^(\.\/)+|\/+$/g, '');
  if (options.context.has(path)) return [path];
  const below = [...options.context].filter((file) => file.startsWith(`${path}/`));
  if (below.length > 0) return below;
  const pattern = options.matcher.matchingPattern(path);
  const why = existsSync(join(options.root, path))
    ? `excluded from the build context by .dockerignore ("${pattern ?? 'a pattern'}")`
    : 'not in the tree';
  throw new BuildSimulationError(instruction, `COPY source "${source}" is ${why}`);
}

function copyInto(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
}

/** Where `destination` (absolute, or relative to the WORKDIR) lands inside the stage directory. */
function toStagePath(stage: { directory: string; workdir: string }, destination: string, line: number): string {
  const absolute = posix.isAbsolute(destination) ? destination : posix.join(stage.workdir, destination);
  const inside = posix.relative(stage.workdir, absolute);
  if (inside.startsWith('..')) {
    throw new BuildSimulationError({ line }, `${destination} is outside WORKDIR ${stage.workdir}: not simulated`);
  }
  return join(stage.directory, inside);
}

function copyFromContext(instruction: Instruction, stage: MutableStage, options: SimulateOptions): void {
  const copy = toCopyInstruction(instruction);
  const unsupported = Object.keys(copy.flags).filter((flag) => !['chown', 'chmod', 'link'].includes(flag));
  if (unsupported.length > 0)
    throw new BuildSimulationError(instruction, `COPY --${unsupported.join(', --')} is not simulated`);
  const toDirectory = copy.destination.endsWith('/') || copy.sources.length > 1;
  for (const source of copy.sources) {
    const files = contextFilesOf(source, options, instruction);
    const single = files.length === 1 && files[0] === posix.normalize(source).replace(/^(\.\/)+|\/+$/g, '');
    for (const file of files) {
      const target = single
        ? toDirectory
          ? posix.join(copy.destination, posix.basename(file))
          : copy.destination
        : posix.join(copy.destination, posix.relative(posix.normalize(source).replace(/\/+$/, ''), file));
      copyInto(join(options.root, file), toStagePath(stage, target, instruction.line));
    }
  }
}

function copyFromStage(instruction: Instruction, stage: MutableStage, stages: ReadonlyMap<string, MutableStage>): void {
  const copy = toCopyInstruction(instruction);
  const from = stages.get(copy.flags.from ?? '');
  if (!from) throw new BuildSimulationError(instruction, `COPY --from=${copy.flags.from} names no earlier stage`);
  for (const source of copy.sources) {
    const path = toStagePath(from, source, instruction.line);
    if (!existsSync(path)) {
      throw new BuildSimulationError(instruction, `stage ${from.name} did not produce ${source}`);
    }
    const target = toStagePath(stage, copy.destination, instruction.line);
    if (statSync(path).isDirectory()) {
      mkdirSync(target, { recursive: true });
      execFileSync('cp', ['-R', `${path}/.`, target], { stdio: 'pipe' });
    } else copyInto(path, copy.destination.endsWith('/') ? join(target, posix.basename(source)) : target);
  }
}

function toMessages(messages: readonly Message[]): string {
  return messages
    .map((message) => `${message.location ? `${message.location.file}:${message.location.line}: ` : ''}${message.text}`)
    .join('; ');
}

async function compile(instruction: Instruction, stage: MutableStage, tsconfig: string): Promise<void> {
  const configPath = join(stage.directory, tsconfig);
  if (!existsSync(configPath)) throw new BuildSimulationError(instruction, `${tsconfig} was not copied into the stage`);
  const parsed = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new BuildSimulationError(instruction, ts.flattenDiagnosticMessageText(diagnostic.messageText, ' '));
      },
    },
  );
  if (!parsed || parsed.fileNames.length === 0) {
    throw new BuildSimulationError(instruction, `${tsconfig} compiles no file in this stage`);
  }
  const outDir = parsed.options.outDir;
  if (!outDir) throw new BuildSimulationError(instruction, `${tsconfig} has no outDir`);
  const rootDir = parsed.options.rootDir ?? stage.directory;
  try {
    const check = await build({
      entryPoints: parsed.fileNames,
      bundle: true,
      write: false,
      packages: 'external',
      platform: 'node',
      format: 'esm',
      outdir: join(stage.directory, '.resolve-check'),
      metafile: true,
      logLevel: 'silent',
    });
    await build({
      entryPoints: parsed.fileNames,
      outdir: outDir,
      outbase: rootDir,
      bundle: false,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      // Node 20.10 and later read `with { type: 'json' }`, which tsc keeps as written.
      supported: { 'import-attributes': true },
      logLevel: 'silent',
    });
    // tsc emits the JSON modules the program imports (resolveJsonModule); esbuild leaves them.
    for (const input of Object.keys(check.metafile.inputs).filter((file) => file.endsWith('.json'))) {
      const source = isAbsolute(input) ? input : join(process.cwd(), input);
      copyInto(source, join(outDir, relative(rootDir, source)));
    }
  } catch (error) {
    const failure = error as { errors?: Message[] };
    if (failure.errors) throw new BuildSimulationError(instruction, `tsc would fail: ${toMessages(failure.errors)}`);
    throw error;
  }
}

async function run(instruction: Instruction, stage: MutableStage, options: SimulateOptions): Promise<void> {
  for (const command of instruction.value.split('&&').map((part) => part.trim())) {
    const tsc = /^npx --no-install tsc -p (\S+)$/.exec(command);
    if (/^npm ci(\s|$)/.test(command)) {
      for (const file of ['package.json', 'package-lock.json']) {
        if (!existsSync(join(stage.directory, file))) {
          throw new BuildSimulationError(instruction, `npm ci before ${file} was copied into the stage`);
        }
      }
      symlinkSync(join(options.root, 'node_modules'), join(stage.directory, 'node_modules'), 'dir');
      stage.productionDependencies = /\s--omit=dev(\s|$)/.test(command);
    } else if (/^npm cache clean(\s|$)/.test(command)) {
      // nothing to clean
    } else if (tsc) {
      await compile(instruction, stage, tsc[1]!);
    } else if (/^npx --no-install tsx \S+$/.test(command)) {
      try {
        execFileSync('sh', ['-c', command], { cwd: stage.directory, stdio: 'pipe', timeout: 120_000 });
      } catch (error) {
        const { stderr } = error as { stderr?: Buffer };
        const output = stderr?.toString('utf8') ?? String(error);
        throw new BuildSimulationError(instruction, `"${command}" failed: ${output.slice(0, 2000)}`);
      }
    } else {
      throw new BuildSimulationError(
        instruction,
        `RUN step "${command}" is not simulated; teach simulate-docker-build.ts`,
      );
    }
  }
}

interface MutableStage extends SimulatedStage {
  workdir: string;
  env: Record<string, string>;
  productionDependencies: boolean;
}

function toEnv(value: string): [string, string][] {
  return [...value.matchAll(/(\w+)=("[^"]*"|\S*)/g)].map(([, name, raw]) => [name!, raw!.replace(/^"|"$/g, '')]);
}

/** Plays every stage in order; throws a `BuildSimulationError` naming the Dockerfile line. */
export async function simulateDockerBuild(options: SimulateOptions): Promise<SimulatedStage[]> {
  const stages = new Map<string, MutableStage>();
  const played: MutableStage[] = [];
  for (const [index, definition] of options.dockerfile.stages.entries()) {
    const name = definition.name ?? String(index);
    const stage: MutableStage = {
      name,
      directory: join(options.workDir, name),
      workdir: '/',
      env: {},
      productionDependencies: false,
    };
    mkdirSync(stage.directory, { recursive: true });
    await playStage(definition, stage, stages, options);
    stages.set(name, stage);
    played.push(stage);
  }
  return played;
}

async function playStage(
  definition: Stage,
  stage: MutableStage,
  stages: ReadonlyMap<string, MutableStage>,
  options: SimulateOptions,
): Promise<void> {
  for (const instruction of definition.instructions) {
    switch (instruction.keyword) {
      case 'WORKDIR':
        if (stage.workdir !== '/') throw new BuildSimulationError(instruction, 'one WORKDIR per stage is simulated');
        stage.workdir = instruction.value;
        break;
      case 'COPY':
        if (toCopyInstruction(instruction).flags.from) copyFromStage(instruction, stage, stages);
        else copyFromContext(instruction, stage, options);
        break;
      case 'RUN':
        await run(instruction, stage, options);
        break;
      case 'ENV':
        for (const [name, value] of toEnv(instruction.value)) stage.env[name] = value;
        break;
      case 'ARG':
      case 'USER':
      case 'EXPOSE':
      case 'HEALTHCHECK':
      case 'STOPSIGNAL':
      case 'CMD':
      case 'ENTRYPOINT':
      case 'LABEL':
        break;
      default:
        throw new BuildSimulationError(instruction, `${instruction.keyword} is not simulated`);
    }
  }
}
