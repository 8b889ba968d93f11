import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';

/** One request of a load: what to send. `tag` travels to the result for grouping. */
export interface RequestSpec {
  readonly method?: 'GET' | 'POST';
  readonly path: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly tag?: string;
}

/** `answered`: a complete response; `lost`: the connection failed without one (reset, refused,
 * cut mid-body); `hung`: nothing complete before the client's deadline. */
export type CallOutcome = 'answered' | 'lost' | 'hung';

export interface CallResult {
  readonly tag: string | undefined;
  readonly outcome: CallOutcome;
  /** 0 unless answered. */
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** The parsed JSON body, `undefined` when the body is not JSON. */
  readonly body: unknown;
  /** `Date.now()` when the request was sent. */
  readonly startedAt: number;
  readonly latencyMs: number;
  /** The socket error of a lost request (`ECONNRESET`, `ECONNREFUSED`...). */
  readonly error?: string;
}

export interface CallOptions {
  /** A keep-alive agent, or `false` for a fresh connection per request (default). */
  readonly agent?: Agent | false;
  /** The client gives up (and counts the request as hung) after this many ms. */
  readonly deadlineMs: number;
}

/** Sends one request to the server on 127.0.0.1:`port`; never rejects. */
export function callService(port: number, spec: RequestSpec, options: CallOptions): Promise<CallResult> {
  const payload = spec.body === undefined ? undefined : JSON.stringify(spec.body);
  const startedAt = Date.now();
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: Omit<CallResult, 'tag' | 'startedAt' | 'latencyMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, tag: spec.tag, startedAt, latencyMs: performance.now() - started });
    };
    const outgoing = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path: spec.path,
        method: spec.method ?? (payload === undefined ? 'GET' : 'POST'),
        agent: options.agent ?? false,
        headers: {
          ...(payload === undefined
            ? {}
            : { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(payload)) }),
          ...spec.headers,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown;
          try {
            body = JSON.parse(text);
          } catch {
            body = undefined;
          }
          settle({ outcome: 'answered', status: response.statusCode ?? 0, headers: response.headers, body });
        });
        response.on('error', (error: NodeJS.ErrnoException) =>
          settle({ outcome: 'lost', status: 0, headers: {}, body: undefined, error: error.code ?? error.message }),
        );
        response.on('aborted', () =>
          settle({ outcome: 'lost', status: 0, headers: {}, body: undefined, error: 'aborted mid-body' }),
        );
      },
    );
    const timer = setTimeout(() => {
      settle({ outcome: 'hung', status: 0, headers: {}, body: undefined });
      outgoing.destroy();
    }, options.deadlineMs);
    outgoing.on('error', (error: NodeJS.ErrnoException) =>
      settle({ outcome: 'lost', status: 0, headers: {}, body: undefined, error: error.code ?? error.message }),
    );
    outgoing.end(payload);
  });
}

export interface LoadOptions extends CallOptions {
  readonly port: number;
  /** Requests in flight at once (a closed loop: each client sends its next when answered). */
  readonly concurrency: number;
  /** The `index`-th request of the run. */
  readonly next: (index: number) => RequestSpec;
  /** Stop after this many requests... */
  readonly total?: number;
  /** ...or once this many ms have passed (no new request starts after it). One is required. */
  readonly durationMs?: number;
  /** Called with each result as it arrives. */
  readonly onResult?: (result: CallResult, index: number) => void;
  /** Checked before each new request: `true` stops the load early (in-flight requests finish). */
  readonly shouldStop?: () => boolean;
}

/** A hard cap on any load, whatever the options say. */
const MAX_REQUESTS = 200_000;

/** Runs a closed-loop load and resolves with every result, in sending order. */
export async function runLoad(options: LoadOptions): Promise<CallResult[]> {
  if (options.total === undefined && options.durationMs === undefined)
    throw new Error('runLoad needs total or durationMs');
  const total = Math.min(options.total ?? MAX_REQUESTS, MAX_REQUESTS);
  const endsAt = options.durationMs === undefined ? Infinity : performance.now() + options.durationMs;
  const results: CallResult[] = [];
  let sent = 0;
  const client = async () => {
    while (sent < total && performance.now() < endsAt && !(options.shouldStop?.() ?? false)) {
      const index = sent++;
      const result = await callService(options.port, options.next(index), options);
      results[index] = result;
      options.onResult?.(result, index);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, client));
  return results.filter((result): result is CallResult => result !== undefined);
}

/** A keep-alive agent for `concurrency` clients; `destroy()` it afterwards. */
export function createLoadAgent(concurrency: number): Agent {
  return new Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });
}

/** The `p`-th percentile (0–100) by the nearest-rank method; 0 for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? 0;
}

export interface LoadSummary {
  readonly requests: number;
  readonly answered: number;
  /** Answered with a 2xx status. */
  readonly succeeded: number;
  readonly lost: number;
  readonly hung: number;
  /** Answers by status code, plus `lost` and `hung`. */
  readonly byStatus: Readonly<Record<string, number>>;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

const round = (value: number) => Math.round(value * 10) / 10;

export function summarize(results: readonly CallResult[]): LoadSummary {
  const byStatus: Record<string, number> = {};
  for (const result of results) {
    const key = result.outcome === 'answered' ? String(result.status) : result.outcome;
    byStatus[key] = (byStatus[key] ?? 0) + 1;
  }
  const latencies = results.map((result) => result.latencyMs);
  return {
    requests: results.length,
    answered: results.filter((result) => result.outcome === 'answered').length,
    succeeded: results.filter((result) => result.outcome === 'answered' && result.status < 300).length,
    lost: byStatus.lost ?? 0,
    hung: byStatus.hung ?? 0,
    byStatus,
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    maxMs: round(latencies.length === 0 ? 0 : Math.max(...latencies)),
  };
}

/** The service's error body: `{ success: false, error, error_code, ... }`. */
export function isErrorBody(body: unknown): body is { success: false; error: string; error_code: string } {
  return (
    typeof body === 'object' &&
    body !== null &&
    (body as { success?: unknown }).success === false &&
    typeof (body as { error_code?: unknown }).error_code === 'string'
  );
}

/** An answer that is a JSON error with one of `statuses` and the matching content type. */
export function isJsonErrorWith(result: CallResult, statuses: readonly number[]): boolean {
  return (
    result.outcome === 'answered' &&
    statuses.includes(result.status) &&
    String(result.headers['content-type']).includes('application/json') &&
    isErrorBody(result.body)
  );
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `probe` every `intervalMs` until it returns true or `timeoutMs` passed; resolves with the
 * elapsed ms, or `undefined` on time-out. */
export async function pollUntil(
  probe: () => Promise<boolean>,
  timeoutMs: number,
  intervalMs = 100,
): Promise<number | undefined> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (await probe()) return performance.now() - started;
    await sleep(intervalMs);
  }
  return undefined;
}

export interface ControlProbe {
  /** Stops probing and resolves with every probe's result. */
  stop(): Promise<CallResult[]>;
}

/**
 * Sends `spec` back to back, one at a time, until stopped (or `maxMs` passed): a yardstick for
 * stalls that hit the whole server or the tester (GC, a starved CPU) rather than one request.
 * Choose a request that touches no dependency, e.g. `GET /livez`.
 */
export function startControlProbe(
  port: number,
  spec: RequestSpec,
  options: CallOptions & { readonly maxMs?: number },
): ControlProbe {
  const results: CallResult[] = [];
  const endsAt = performance.now() + (options.maxMs ?? 120_000);
  let stopped = false;
  const loop = (async () => {
    while (!stopped && performance.now() < endsAt && results.length < MAX_REQUESTS) {
      results.push(await callService(port, spec, options));
      await sleep(10);
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return results;
    },
  };
}

/** The slowest control answer whose flight overlaps `result`'s; 0 when none does. */
export function worstOverlapping(control: readonly CallResult[], result: CallResult): number {
  const end = result.startedAt + result.latencyMs;
  let worst = 0;
  for (const probe of control) {
    if (probe.startedAt < end && probe.startedAt + probe.latencyMs > result.startedAt) {
      worst = Math.max(worst, probe.latencyMs);
    }
  }
  return worst;
}
