/**
 * Closed-loop throughput of several targets measured in the same run: each is warmed up, then the
 * repetitions are interleaved (A B C, A B C, ...) so that a noisy neighbour hurts all of them
 * alike; figures are medians. CPU time per request comes from `/proc` and does not depend on how
 * long the process waited for a core; what else ran on the server's core is reported too.
 */
import { readFileSync } from 'node:fs';
import type { RunningProcess } from './bench-processes.js';
import { runWrk } from './load.js';
import { median, round } from './stats.js';

export interface ThroughputTarget {
  readonly name: string;
  /** Full URL wrk sends to (the path included). */
  readonly url: string;
  readonly script: string;
  /** The process serving it, for CPU time per request; several targets may share one. */
  readonly process?: RunningProcess;
  /** Calls per HTTP request (a tRPC batch), to report calls per second. */
  readonly callsPerRequest?: number;
}

export interface Repetition {
  readonly requestsPerSecond: number;
  readonly cpuMicrosPerRequest?: number;
  readonly interferencePercent?: number;
}

export interface ThroughputResult {
  readonly name: string;
  /** Median HTTP requests per second. */
  readonly requestsPerSecond: number;
  /** Median calls per second (`requestsPerSecond × callsPerRequest`). */
  readonly callsPerSecond: number;
  /** Median CPU microseconds the serving process spent per HTTP request. */
  readonly cpuMicrosPerRequest: number | undefined;
  /** Median share of the server's core taken by anything but the server (other processes,
   * interrupts, the hypervisor's steal), in %. */
  readonly interferencePercent: number | undefined;
  readonly repetitions: readonly Repetition[];
  /** Answers that were not 2xx/3xx, plus connect, read and write errors, over all repetitions. */
  readonly failures: number;
  /** wrk's `timeout` count: answers slower than 2 s (see `WrkResult.timeouts`), over all repetitions. */
  readonly timeouts: number;
}

export interface ThroughputOptions {
  readonly warmupSeconds: number;
  readonly seconds: number;
  readonly repetitions: number;
  readonly connections: number;
  /** Where wrk runs (`taskset -c`); undefined = unpinned. */
  readonly wrkCpus: string | undefined;
  /** The one core the servers are pinned to, to see what else ran on it. */
  readonly serverCore?: number;
  readonly log: (message: string) => void;
}

const TICKS_PER_SECOND = 100;

/** Busy and stolen clock ticks of one core (`/proc/stat`). */
function coreTicks(core: number): number {
  const line = readFileSync('/proc/stat', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith(`cpu${core} `));
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = (line ?? '')
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return user + nice + system + irq + softirq + steal;
}

async function measureOnce(target: ThroughputTarget, options: ThroughputOptions) {
  const cpuBefore = target.process?.cpuSeconds();
  const coreBefore = options.serverCore === undefined ? undefined : coreTicks(options.serverCore);
  const started = performance.now();
  const result = await runWrk({
    url: target.url,
    script: target.script,
    connections: options.connections,
    seconds: options.seconds,
    cpus: options.wrkCpus,
  });
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = target.process?.cpuSeconds();
  const coreAfter = options.serverCore === undefined ? undefined : coreTicks(options.serverCore);
  const serverSeconds = cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : undefined;
  const repetition: Repetition = {
    requestsPerSecond: round(result.requestsPerSecond, 1),
    ...(serverSeconds !== undefined && result.requests > 0
      ? { cpuMicrosPerRequest: round((serverSeconds * 1e6) / result.requests, 1) }
      : {}),
    ...(serverSeconds !== undefined && coreBefore !== undefined && coreAfter !== undefined
      ? {
          interferencePercent: round(
            (100 * Math.max(0, (coreAfter - coreBefore) / TICKS_PER_SECOND - serverSeconds)) / seconds,
            1,
          ),
        }
      : {}),
  };
  return { repetition, failures: result.non2xx + result.socketErrors, timeouts: result.timeouts };
}

export async function measureThroughput(
  targets: readonly ThroughputTarget[],
  options: ThroughputOptions,
): Promise<ThroughputResult[]> {
  for (const target of targets) {
    options.log(`warming up ${target.name} (${options.warmupSeconds} s)`);
    await runWrk({
      url: target.url,
      script: target.script,
      connections: options.connections,
      seconds: options.warmupSeconds,
      cpus: options.wrkCpus,
    });
  }
  const samples = new Map<string, Repetition[]>();
  const failures = new Map<string, number>();
  const timeouts = new Map<string, number>();
  for (let index = 1; index <= options.repetitions; index += 1) {
    for (const target of targets) {
      const { repetition, failures: failed, timeouts: timedOut } = await measureOnce(target, options);
      samples.set(target.name, [...(samples.get(target.name) ?? []), repetition]);
      failures.set(target.name, (failures.get(target.name) ?? 0) + failed);
      timeouts.set(target.name, (timeouts.get(target.name) ?? 0) + timedOut);
      options.log(
        `  ${target.name} #${index}: ${repetition.requestsPerSecond.toFixed(0)} req/s` +
          (repetition.cpuMicrosPerRequest === undefined
            ? ''
            : `, ${repetition.cpuMicrosPerRequest.toFixed(0)} µs CPU/request`) +
          (repetition.interferencePercent === undefined
            ? ''
            : `, others took ${repetition.interferencePercent.toFixed(0)} % of the server's core`),
      );
    }
  }
  return targets.map((target) => {
    const repetitions = samples.get(target.name) ?? [];
    const figures = (pick: (sample: Repetition) => number | undefined) =>
      repetitions.flatMap((sample) => {
        const value = pick(sample);
        return value === undefined ? [] : [value];
      });
    const requestsPerSecond = median(figures((sample) => sample.requestsPerSecond));
    const cpu = figures((sample) => sample.cpuMicrosPerRequest);
    const interference = figures((sample) => sample.interferencePercent);
    return {
      name: target.name,
      requestsPerSecond: round(requestsPerSecond, 1),
      callsPerSecond: round(requestsPerSecond * (target.callsPerRequest ?? 1), 1),
      cpuMicrosPerRequest: cpu.length > 0 ? round(median(cpu), 1) : undefined,
      interferencePercent: interference.length > 0 ? round(median(interference), 1) : undefined,
      repetitions,
      failures: failures.get(target.name) ?? 0,
      timeouts: timeouts.get(target.name) ?? 0,
    };
  });
}
