import type { FakeLlmServer, FakeReply, FakeRequest } from '../fakes/fake-llm-server.js';

/** What the fake provider does with one call. */
export type FaultKind =
  'answer' | 'retry_after' | 'retry_after_long' | 'http_500' | 'http_503' | 'hang' | 'malformed' | 'reset';

/** Share of calls per fault; the rest are answered. */
export type FaultMix = Readonly<Partial<Record<Exclude<FaultKind, 'answer'>, number>>>;

/** ~39 % faults: the issue's mix of 429s with Retry-After (a few beyond the backoff cap),
 * 500/503, hangs, malformed bodies and connection resets. */
export const ISSUE_FAULT_MIX: FaultMix = {
  retry_after: 0.08,
  retry_after_long: 0.02,
  http_500: 0.08,
  http_503: 0.07,
  hang: 0.05,
  malformed: 0.05,
  reset: 0.04,
};

export interface FaultPlanOptions {
  readonly mix: FaultMix;
  /** Seed of the deterministic draw, so a run can be replayed. */
  readonly seed: number;
  /** `Retry-After` seconds of `retry_after` (within the backoff cap). */
  readonly retryAfterSeconds: number;
  /** `Retry-After` seconds of `retry_after_long` (beyond the backoff cap). */
  readonly longRetryAfterSeconds: number;
  /** Only calls whose request carries a case key are planned (others are answered). */
  readonly casePattern?: RegExp;
}

/** One call the fake received: which request (`key`), when, and what it was told. */
export interface PlannedCall {
  readonly key: string;
  readonly time: number;
  readonly fault: FaultKind;
  readonly retryAfterMs?: number;
}

/** A retry that came sooner than the `Retry-After` it was told. */
export interface EarlyRetry {
  readonly key: string;
  readonly toldMs: number;
  readonly waitedMs: number;
}

export interface RetryAfterAudit {
  /** 429s with `Retry-After` after which the same request came back to the provider. */
  readonly retriedAfterHint: number;
  /** Of those, the ones that came back too early. */
  readonly early: readonly EarlyRetry[];
  /** 429s beyond the backoff cap, and how many of them were retried at all. */
  readonly longHints: number;
  readonly longHintsRetried: number;
}

export interface FaultPlan {
  readonly calls: readonly PlannedCall[];
  /** Calls per fault kind. */
  counts(): Record<FaultKind, number>;
  /** Checks that no request came back before the `Retry-After` it was given (`toleranceMs` for timers). */
  auditRetryAfter(toleranceMs?: number): RetryAfterAudit;
}

const DEFAULT_CASE = /\[case ([\w-]+)\]/;

/** A small seeded PRNG (mulberry32): the same seed gives the same faults in the same order. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

function toReply(fault: Exclude<FaultKind, 'answer'>, options: FaultPlanOptions): FakeReply {
  switch (fault) {
    case 'retry_after':
      return { kind: 'error', status: 429, retryAfter: options.retryAfterSeconds };
    case 'retry_after_long':
      return { kind: 'error', status: 429, retryAfter: options.longRetryAfterSeconds };
    case 'http_500':
      return { kind: 'error', status: 500 };
    case 'http_503':
      return { kind: 'error', status: 503 };
    case 'hang':
      return { kind: 'hang' };
    case 'malformed':
      return { kind: 'malformed' };
    case 'reset':
      return { kind: 'reset' };
  }
}

/**
 * Scripts `fake` to fail a seeded share of the calls that carry a case key (`[case R1-42]` in the
 * text), and logs every such call so that retries can be audited against the hints they were given.
 */
export function installFaultPlan(fake: FakeLlmServer, options: FaultPlanOptions): FaultPlan {
  const random = createRandom(options.seed);
  const pattern = options.casePattern ?? DEFAULT_CASE;
  const calls: PlannedCall[] = [];
  const drawn = new WeakMap<FakeRequest, FaultKind>();
  const bands = Object.entries(options.mix) as [Exclude<FaultKind, 'answer'>, number][];

  const draw = (request: FakeRequest): FaultKind => {
    const known = drawn.get(request);
    if (known) return known;
    const key = pattern.exec(JSON.stringify(request.body ?? ''))?.[1];
    let fault: FaultKind = 'answer';
    if (key !== undefined) {
      let roll = random();
      for (const [kind, share] of bands) {
        if (roll < share) {
          fault = kind;
          break;
        }
        roll -= share;
      }
      const retryAfterMs =
        fault === 'retry_after'
          ? options.retryAfterSeconds * 1000
          : fault === 'retry_after_long'
            ? options.longRetryAfterSeconds * 1000
            : undefined;
      calls.push({ key, time: Date.now(), fault, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
    }
    drawn.set(request, fault);
    return fault;
  };

  // The first rule's `match` draws for every call (answered ones included, so they are logged too).
  for (const [kind] of bands) {
    fake.script({ match: (request) => draw(request) === kind, reply: toReply(kind, options), times: Infinity });
  }

  return {
    calls,
    counts() {
      const counts = {
        answer: 0,
        retry_after: 0,
        retry_after_long: 0,
        http_500: 0,
        http_503: 0,
        hang: 0,
        malformed: 0,
        reset: 0,
      } satisfies Record<FaultKind, number>;
      for (const call of calls) counts[call.fault] += 1;
      return counts;
    },
    auditRetryAfter(toleranceMs = 25) {
      const byKey = new Map<string, PlannedCall[]>();
      for (const call of calls) byKey.set(call.key, [...(byKey.get(call.key) ?? []), call]);
      const early: EarlyRetry[] = [];
      let retriedAfterHint = 0;
      let longHints = 0;
      let longHintsRetried = 0;
      for (const sequence of byKey.values()) {
        sequence.sort((a, b) => a.time - b.time);
        sequence.forEach((call, index) => {
          if (call.retryAfterMs === undefined) return;
          const next = sequence[index + 1];
          if (call.fault === 'retry_after_long') longHints += 1;
          if (!next) return;
          retriedAfterHint += 1;
          if (call.fault === 'retry_after_long') longHintsRetried += 1;
          const waitedMs = next.time - call.time;
          if (waitedMs < call.retryAfterMs - toleranceMs)
            early.push({ key: call.key, toldMs: call.retryAfterMs, waitedMs });
        });
      }
      return { retriedAfterHint, early, longHints, longHintsRetried };
    },
  };
}
