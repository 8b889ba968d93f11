import type fc from 'fast-check';
import { batchItemsProblem, errorShapeProblem, leakProblem } from './answer-checks.js';
import { generateCase, isLargeUpload, toReproduction, toRequestChunks, type FuzzCase } from './fuzz-cases.js';
import { sendRaw, toRequestBytes, type RawOutcome } from './raw-request.js';
import type { SpawnedServer } from './spawn-server.js';

/**
 * The property every answer must have: 2xx, or a 4xx in the error shape (tRPC's envelope on
 * `/trpc`); never 5xx, never a hang or a dropped connection, no stack trace or path; and the
 * case's own expectation (405 for a wrong method, 413 for a huge body...) when it has one.
 * Returns what is wrong, or `undefined`.
 */
export function judge(fuzzCase: FuzzCase, outcome: RawOutcome, deadlineMs: number): string | undefined {
  if (outcome.kind === 'hang') return `hang: no complete answer within ${deadlineMs} ms`;
  if (outcome.kind === 'closed') {
    return `no answer: the connection ended (${outcome.error ?? 'closed'}) after ${outcome.received.length} bytes`;
  }
  const { response } = outcome;
  if (outcome.uploadError) {
    return `HTTP ${response.status}, but the upload was cut (${outcome.uploadError}): a client that reads after sending sees a reset`;
  }
  const status = response.status;
  // Anything under /trpc/ may answer in tRPC's envelope, random paths included.
  const trpc =
    fuzzCase.transport === 'trpc' ||
    fuzzCase.transport === 'trpc-batch' ||
    /^(?:https?:\/\/[^/]+)?\/trpc\//i.test(fuzzCase.target);
  if (status >= 500) {
    const body = response.text.slice(0, 160);
    return `HTTP ${status}: ${body}`;
  }
  if (status < 200 || status >= 600) return `HTTP status ${status} is not a final answer`;
  if (fuzzCase.expect && !fuzzCase.expect.statuses.includes(status)) {
    const wanted = fuzzCase.expect.statuses.length > 10 ? '4xx' : fuzzCase.expect.statuses.join('/');
    return `HTTP ${status}, expected ${wanted}: ${fuzzCase.expect.why}`;
  }
  if (status >= 300 && status < 400 && status !== 304) {
    const allowed = (fuzzCase.transport === 'plain' || fuzzCase.transport === 'random') && response.headers.location;
    if (!allowed) return `HTTP ${status} redirect on an API route`;
  }
  if (status >= 400) {
    const problem = errorShapeProblem(response, { head: fuzzCase.method === 'HEAD', trpc });
    if (problem) return `HTTP ${status} not in the error shape: ${problem}`;
  }
  if (fuzzCase.transport === 'trpc-batch' && status < 300) {
    const problem = batchItemsProblem(response);
    if (problem) return `HTTP ${status} batch: ${problem}`;
  }
  return leakProblem(response);
}

export interface FuzzFailure {
  readonly index: number;
  readonly transport: FuzzCase['transport'];
  readonly route: string;
  readonly method: string;
  readonly problem: string;
  readonly reproduction: string;
}

export interface CrashRecord {
  /** The case whose replay killed the fresh server, when one did. */
  readonly culprit: number | undefined;
  /** Cases in flight when the server died. */
  readonly suspects: readonly number[];
  /** The server's last words (its uncaught-exception log line). */
  readonly log: string;
}

export interface FuzzReport {
  readonly seed: number;
  readonly casesPlanned: number;
  readonly casesRun: number;
  readonly durationMs: number;
  readonly statuses: Readonly<Record<string, number>>;
  readonly transports: Readonly<Record<string, number>>;
  /** Answers by status and error message (digits folded), to see how deep the cases reach. */
  readonly reasons: Readonly<Record<string, number>>;
  /** Cases that carried an expectation beyond the base property, by reason. */
  readonly expectations: Readonly<Record<string, number>>;
  readonly latencyMs: { readonly p50: number; readonly p95: number; readonly p99: number; readonly max: number };
  readonly failures: readonly FuzzFailure[];
  readonly crashes: readonly CrashRecord[];
  readonly restarts: number;
  /** The run stopped early (too many crashes). */
  readonly aborted: boolean;
}

export interface FuzzRunOptions {
  readonly arbitrary: fc.Arbitrary<FuzzCase>;
  readonly seed: number;
  /** Case indexes to run (`0..n-1` normally; one index to replay a counterexample). */
  readonly indexes: readonly number[];
  readonly concurrency: number;
  readonly deadlineMs: number;
  readonly server: SpawnedServer;
  /** Starts a fresh server after a crash. */
  readonly respawn: () => Promise<SpawnedServer>;
  readonly maxRestarts: number;
  /** Called with the server in use at the end (a respawned one after a crash). */
  readonly onServer?: (server: SpawnedServer) => void;
}

/** The error message of an answer (REST or tRPC shape), numbers folded, for the reasons histogram. */
function reasonOf(text: string): string {
  const match = /"error":"((?:[^"\\]|\\.){0,60})/.exec(text);
  return match?.[1]?.replace(/\d+/g, 'N').replace(/"[^"]*"/g, '…') ?? '';
}

const percentile = (sorted: readonly number[], share: number) =>
  sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0);

function exitedWithin(server: SpawnedServer, ms: number): Promise<boolean> {
  if (!server.alive()) return Promise.resolve(true);
  return Promise.race([
    server.exited.then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(!server.alive()), ms)),
  ]);
}

function lastWords(server: SpawnedServer): string {
  const lines = server.output().trim().split('\n');
  const fatal = lines.filter((line) => /uncaught|unhandled|fatal|error/i.test(line)).slice(-2);
  return (fatal.length > 0 ? fatal : lines.slice(-3)).join('\n').slice(0, 1500);
}

/** Runs the cases against a live server, `concurrency` at a time; survives and reports crashes. */
export async function runFuzz(options: FuzzRunOptions): Promise<FuzzReport> {
  const started = performance.now();
  let server = options.server;
  const statuses: Record<string, number> = {};
  const transports: Record<string, number> = {};
  const expectations: Record<string, number> = {};
  const reasons: Record<string, number> = {};
  const latencies: number[] = [];
  const failures: FuzzFailure[] = [];
  const crashes: CrashRecord[] = [];
  const culprits = new Set<number>();
  const inFlight = new Set<number>();
  let restarts = 0;
  let aborted = false;
  let recovering: Promise<void> | undefined;
  let next = 0;
  let casesRun = 0;

  const send = (fuzzCase: FuzzCase, port: number) =>
    sendRaw({
      port,
      chunks: toRequestChunks(fuzzCase),
      deadlineMs: options.deadlineMs,
      head: fuzzCase.method === 'HEAD',
      waitForUpload: isLargeUpload(fuzzCase),
    });

  const fail = (index: number, fuzzCase: FuzzCase, problem: string) =>
    failures.push({
      index,
      transport: fuzzCase.transport,
      route: fuzzCase.route,
      method: fuzzCase.method,
      problem,
      reproduction: toReproduction(fuzzCase),
    });

  async function livez(port: number): Promise<boolean> {
    const outcome = await sendRaw({
      port,
      chunks: [toRequestBytes({ method: 'GET', target: '/livez', headers: [['Host', 'localhost']] })],
      deadlineMs: 5000,
    });
    return outcome.kind === 'response' && outcome.response.status === 200;
  }

  /** After a crash: note it, start a fresh server, and replay the suspects alone to find the culprit. */
  async function recover(dead: SpawnedServer, suspects: number[]): Promise<void> {
    const log = lastWords(dead);
    let culprit: number | undefined;
    while (!aborted) {
      if (restarts >= options.maxRestarts) {
        aborted = true;
        break;
      }
      restarts += 1;
      server = await options.respawn();
      const remaining = suspects.filter((index) => !culprits.has(index));
      const killer = await (async () => {
        for (const index of remaining) {
          await send(generateCase(options.arbitrary, options.seed, index), server.port);
          if ((await exitedWithin(server, 300)) || !(await livez(server.port))) return index;
        }
        return undefined;
      })();
      if (killer === undefined) break;
      culprit ??= killer;
      culprits.add(killer);
      suspects = suspects.filter((index) => index !== killer);
    }
    crashes.push({ culprit, suspects: [...new Set(suspects.concat(culprit ?? []))].sort((a, b) => a - b), log });
  }

  async function runCase(index: number): Promise<void> {
    const fuzzCase = generateCase(options.arbitrary, options.seed, index);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      if (culprits.has(index)) {
        fail(index, fuzzCase, `the server process crashed: ${crashes.at(-1)?.log.split('\n')[0]?.slice(0, 300) ?? ''}`);
        return;
      }
      const current = server;
      inFlight.add(index);
      const outcome = await send(fuzzCase, current.port);
      inFlight.delete(index);
      if (outcome.kind !== 'response' && (await exitedWithin(current, 300))) {
        if (current === server && !recovering) {
          const suspects = [index, ...inFlight];
          recovering = recover(current, suspects).finally(() => (recovering = undefined));
        }
        await recovering;
        if (aborted) return;
        continue;
      }
      casesRun += 1;
      const key = outcome.kind === 'response' ? String(outcome.response.status) : outcome.kind;
      statuses[key] = (statuses[key] ?? 0) + 1;
      transports[fuzzCase.transport] = (transports[fuzzCase.transport] ?? 0) + 1;
      if (fuzzCase.expect) expectations[fuzzCase.expect.why] = (expectations[fuzzCase.expect.why] ?? 0) + 1;
      latencies.push(outcome.durationMs);
      const reason = `${key} ${outcome.kind === 'response' ? reasonOf(outcome.response.text) : ''}`.trim();
      reasons[reason] = (reasons[reason] ?? 0) + 1;
      const problem = judge(fuzzCase, outcome, options.deadlineMs);
      if (problem) fail(index, fuzzCase, problem);
      return;
    }
  }

  async function worker(): Promise<void> {
    while (!aborted && next < options.indexes.length) {
      const index = options.indexes[next] ?? 0;
      next += 1;
      if (recovering) await recovering;
      await runCase(index);
    }
  }

  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, () => worker()));
  for (const crash of crashes) {
    if (crash.culprit === undefined) continue;
    const fuzzCase = generateCase(options.arbitrary, options.seed, crash.culprit);
    if (!failures.some((failure) => failure.index === crash.culprit)) {
      fail(crash.culprit, fuzzCase, `the server process crashed: ${crash.log.split('\n')[0]?.slice(0, 300) ?? ''}`);
    }
  }
  options.onServer?.(server);
  const sorted = latencies.sort((a, b) => a - b);
  return {
    seed: options.seed,
    casesPlanned: options.indexes.length,
    casesRun,
    durationMs: Math.round(performance.now() - started),
    statuses,
    transports,
    reasons,
    expectations,
    latencyMs: {
      p50: percentile(sorted, 0.5),
      p95: percentile(sorted, 0.95),
      p99: percentile(sorted, 0.99),
      max: sorted.at(-1) ?? 0,
    },
    failures: failures.sort((a, b) => a.index - b.index),
    crashes,
    restarts,
    aborted,
  };
}

/** What kind of failure a problem is: its text with numbers folded, whatever the route. */
export function failureClass(problem: string): string {
  return problem.replace(/\d+(?:\.\d+)?/g, 'N').slice(0, 90);
}

/** Failure counts by kind, biggest first, with the first cases of each kind. */
export function failureClasses(
  report: FuzzReport,
  examples = 3,
): Record<string, { count: number; examples: FuzzFailure[] }> {
  const classes: Record<string, { count: number; examples: FuzzFailure[] }> = {};
  for (const failure of report.failures) {
    const kind = failureClass(failure.problem);
    const entry = (classes[kind] ??= { count: 0, examples: [] });
    entry.count += 1;
    if (entry.examples.length < examples) entry.examples.push(failure);
  }
  return Object.fromEntries(Object.entries(classes).sort((a, b) => b[1].count - a[1].count));
}

/** Failures grouped by kind, biggest group first, with the routes hit and one reproduction each. */
export function summariseFailures(report: FuzzReport, limit = 12): string {
  const groups = new Map<string, { count: number; first: FuzzFailure; routes: Set<string> }>();
  for (const failure of report.failures) {
    const kind = failureClass(failure.problem);
    const group = groups.get(kind) ?? { count: 0, first: failure, routes: new Set<string>() };
    group.count += 1;
    group.routes.add(`${failure.method} ${failure.route}`);
    groups.set(kind, group);
  }
  const lines = [...groups.entries()]
    .sort((a, b) => b[1].count - a[1].count)
    .slice(0, limit)
    .map(([kind, { count, first, routes }]) => {
      const sample = [...routes].slice(0, 3).join('; ');
      return `- ${count}× ${kind}\n    on ${routes.size} route(s), e.g. ${sample}\n    case ${first.index}: ${first.reproduction}`;
    });
  return [
    `${report.failures.length} failing case(s) of ${report.casesRun} (seed ${report.seed}), ${groups.size} kind(s):`,
    ...lines,
    `Replay one: FUZZ_SEED=${report.seed} FUZZ_CASE=<case> npx vitest run tests/scorecard/fuzz.test.ts`,
  ].join('\n');
}
