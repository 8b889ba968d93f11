/**
 * Self time of a `.cpuprofile` by stage of a miss (scan, fence, SDK, parse, guard, cache, metrics,
 * log...) and by function, idle time left out; bytes of a `.heapprofile` (sampling heap profiler)
 * by the same stages, a native function's bytes counted in the stage of the script that called it.
 * Run: `node --import tsx tests/bench/profile-summary.ts <file.cpuprofile|file.heapprofile> [misses] [--top=25]`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ROOT } from './bench-processes.js';

export interface CpuProfileNode {
  readonly id: number;
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber: number;
  };
  readonly children?: readonly number[];
}

export interface CpuProfile {
  readonly nodes: readonly CpuProfileNode[];
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
}

export interface ProfileSummary {
  /** Busy time in microseconds (idle excluded). */
  readonly busyMicros: number;
  /** Stage → self microseconds, largest first. */
  readonly stages: readonly (readonly [string, number])[];
  /** `function file:line` → self microseconds, largest first. */
  readonly functions: readonly (readonly [string, number, string])[];
}

const ROOT_URL = `file://${ROOT}`;

/** First matching rule wins; tested against the script URL relative to the repository. */
const STAGES: readonly (readonly [string, RegExp])[] = [
  ['injection scan', /^(?:dist\/)?infra\/injection\//],
  ['prompt fence', /^(?:dist\/)?infra\/ai\/prompt-fence/],
  ['output guard', /^(?:dist\/)?infra\/ai\/output-guard/],
  ['parse (domain)', /^(?:dist\/)?domain\/(?:output-parsing|summarize|sentiment|key-points|questions|qa)\b/],
  ['SDK (openai)', /node_modules\/openai\//],
  ['SDK transport (undici, http-fetch)', /node_modules\/undici\/|^(?:dist\/)?infra\/ai\/http-fetch/],
  ['provider adapter', /^(?:dist\/)?infra\/ai\/(?:openai|gemini)-model/],
  ['cache', /^(?:dist\/)?infra\/cache\/|node_modules\/lru-cache\//],
  ['metrics', /node_modules\/(?:prom-client|tdigest|bintrees)\/|^(?:dist\/)?infra\/metrics/],
  [
    'log',
    /node_modules\/(?:winston|logform|safe-stable-stringify|@colors|triple-beam|readable-stream)\/|^(?:dist\/)?infra\/logger/,
  ],
  ['resilience', /node_modules\/cockatiel\/|^(?:dist\/)?infra\/resilience\/|^(?:dist\/)?infra\/ai\/provider-chain/],
  ['zod', /node_modules\/zod\//],
  ['tRPC', /node_modules\/(?:@trpc|trpc-to-openapi)\//],
  ['front & middleware', /node_modules\/find-my-way\/|^(?:dist\/)?server\//],
  ['routers', /^(?:dist\/)?routers\//],
  ['domain (other)', /^(?:dist\/)?domain\//],
  ['node core', /^node:/],
];

function relative(url: string): string {
  if (url.startsWith(ROOT_URL)) return url.slice(ROOT_URL.length);
  return url;
}

function stageOf(node: CpuProfileNode): string {
  const { functionName, url } = node.callFrame;
  if (functionName === '(idle)') return '(idle)';
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(program)') return 'V8 (program)';
  if (url === '') return `native ${functionName || '(anonymous)'}`;
  const path = relative(url);
  for (const [stage, pattern] of STAGES) if (pattern.test(path)) return stage;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path)?.[1];
  return pkg ? `other: ${pkg}` : `other: ${path}`;
}

export function summariseCpuProfile(profile: CpuProfile): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMicros = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // timeDeltas[i] is the time before sample i: sample i lasted until sample i + 1.
  for (let index = 0; index < samples.length; index += 1) {
    const id = samples[index] ?? 0;
    selfMicros.set(id, (selfMicros.get(id) ?? 0) + Math.max(0, deltas[index + 1] ?? 0));
  }
  const stages = new Map<string, number>();
  const functions = new Map<string, [number, string]>();
  let busyMicros = 0;
  for (const [id, micros] of selfMicros) {
    const node = byId.get(id);
    if (!node) continue;
    const stage = stageOf(node);
    if (stage === '(idle)') continue;
    busyMicros += micros;
    stages.set(stage, (stages.get(stage) ?? 0) + micros);
    const { functionName, url, lineNumber } = node.callFrame;
    const name = `${functionName || '(anonymous)'} ${relative(url).replace(/^.*node_modules\//, '')}:${lineNumber + 1}`;
    const entry = functions.get(name) ?? [0, stage];
    entry[0] += micros;
    functions.set(name, entry);
  }
  return {
    busyMicros,
    stages: [...stages].sort((a, b) => b[1] - a[1]),
    functions: [...functions]
      .map(([name, [micros, stage]]) => [name, micros, stage] as const)
      .sort((a, b) => b[1] - a[1]),
  };
}

interface HeapProfileNode {
  readonly callFrame: CpuProfileNode['callFrame'];
  readonly selfSize: number;
  readonly children: readonly HeapProfileNode[];
}

/** Allocated bytes by stage: `[stage, bytes]`, largest first. */
export function summariseHeapProfile(head: HeapProfileNode): (readonly [string, number])[] {
  const stages = new Map<string, number>();
  const walk = (node: HeapProfileNode, inherited: string) => {
    const named = node.callFrame.url === '' ? inherited : stageOf({ id: 0, callFrame: node.callFrame });
    if (node.selfSize > 0) stages.set(named, (stages.get(named) ?? 0) + node.selfSize);
    for (const child of node.children) walk(child, named);
  };
  walk(head, 'V8 (program)');
  return [...stages].sort((a, b) => b[1] - a[1]);
}

export function formatSummary(summary: ProfileSummary, misses?: number, top = 25): string {
  const percent = (micros: number) => `${((100 * micros) / Math.max(1, summary.busyMicros)).toFixed(1).padStart(5)} %`;
  const perMiss = (micros: number) => (misses ? `${(micros / misses).toFixed(1).padStart(8)} µs/miss` : '');
  const lines = [
    `busy ${(summary.busyMicros / 1000).toFixed(0)} ms${misses ? ` over ${misses} misses (${(summary.busyMicros / misses).toFixed(0)} µs/miss)` : ''}`,
    '',
    'self time by stage:',
    ...summary.stages.map(([stage, micros]) => `  ${percent(micros)} ${perMiss(micros)}  ${stage}`),
    '',
    `top ${top} functions by self time:`,
    ...summary.functions
      .slice(0, top)
      .map(([name, micros, stage]) => `  ${percent(micros)} ${perMiss(micros)}  ${name}  [${stage}]`),
  ];
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [file, misses] = process.argv.slice(2).filter((argument) => !argument.startsWith('--'));
  if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [misses] [--top=25]');
  const top = Number(/^--top=(\d+)$/.exec(process.argv.find((a) => a.startsWith('--top=')) ?? '')?.[1] ?? 25);
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile | { head: HeapProfileNode };
  const count = misses ? Number(misses) : 1;
  if ('head' in parsed) {
    const stages = summariseHeapProfile(parsed.head);
    const total = stages.reduce((sum, [, bytes]) => sum + bytes, 0);
    process.stdout.write(`allocated ${(total / count / 1024).toFixed(1)} KB per miss\n`);
    for (const [stage, bytes] of stages) {
      process.stdout.write(
        `  ${((100 * bytes) / total).toFixed(1).padStart(5)} % ${(bytes / count / 1024).toFixed(1).padStart(7)} KB  ${stage}\n`,
      );
    }
  } else {
    process.stdout.write(`${formatSummary(summariseCpuProfile(parsed), misses ? count : undefined, top)}\n`);
  }
}
