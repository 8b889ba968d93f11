/**
 * Scorecard, fuzz part (issue #16): seeded property-based requests against every route of both
 * OpenAPI documents (read from the running app, so new routes are fuzzed automatically), every
 * tRPC procedure and tRPC batches, sent as raw bytes to a real server process.
 *
 *   npx vitest run tests/scorecard/fuzz.test.ts                      2,000 cases (make test)
 *   SCORECARD=1 npx vitest run tests/scorecard/fuzz.test.ts          50,000 cases
 *   FUZZ_SEED=123 FUZZ_CASES=10000 FUZZ_CONCURRENCY=8 ...            other seed / scale
 *   FUZZ_SEED=123 FUZZ_CASE=417 ...                                  replay one case
 */
import { freePort } from '../fakes/free-port.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadApiSurface, type ApiSurface } from './api-surface.js';
import {
  createCaseArbitrary,
  FUZZ_MAX_REQUEST_SIZE,
  isLargeUpload,
  toRequestChunks,
  toReproduction,
  type FuzzCase,
} from './fuzz-cases.js';
import { failureClasses, judge, runFuzz, summariseFailures, type FuzzReport } from './fuzz-runner.js';
import { sendRaw, toRequestBytes } from './raw-request.js';
import { createScorecardRecord, SCORECARD } from './record.js';
import { spawnServer, type SpawnedServer } from './spawn-server.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_207);
const CASES = Number(process.env.FUZZ_CASES ?? (SCORECARD ? 50_000 : 2_000));
const CONCURRENCY = Number(process.env.FUZZ_CONCURRENCY ?? 8);
const ONLY = process.env.FUZZ_CASE === undefined ? undefined : Number(process.env.FUZZ_CASE);
const DEADLINE_MS = 10_000;
const MAX_RESTARTS = 4;

const KEYS = { user: 'fuzz-user-key-4f1c2a7e', operator: 'fuzz-operator-key-9b7e3d11' };

const SERVER_ENV: Record<string, string> = {
  ENVIRONMENT: 'development',
  API_KEY: KEYS.user,
  INTERNAL_API_KEYS: KEYS.operator,
  // Limits high enough never to answer 429 for the fuzzer's volume; the limiter still runs.
  RATE_LIMIT_GLOBAL_PER_MINUTE: '1000000',
  RATE_LIMIT_HEAVY_PER_MINUTE: '1000000',
  RATE_LIMIT_STANDARD_PER_MINUTE: '1000000',
  RATE_LIMIT_AUTH_PER_MINUTE: '1000000',
  // A client that announces more body than it sends is cut (408) well inside the 10 s deadline.
  HEADERS_TIMEOUT_MS: '2000',
  REQUEST_TIMEOUT_MS: '3000',
  LOG_LEVEL: 'WARNING',
  // The batch route's body limit; the generator sends bodies just over each route's limit.
  MAX_REQUEST_SIZE: String(FUZZ_MAX_REQUEST_SIZE),
};

const record = createScorecardRecord('fuzz');
let server: SpawnedServer | undefined;
let surface: ApiSurface;

const start = () => spawnServer({ env: SERVER_ENV });

/** The server, started again if a case killed it. */
async function liveServer(): Promise<SpawnedServer> {
  if (!server?.alive()) server = await start();
  return server;
}

/** A server whose only provider is unreachable (no local fallback): every process call fails upstream. */
let failingProvider: SpawnedServer | undefined;

beforeAll(async () => {
  const closedPort = await freePort();
  // Started together: their start-ups overlap instead of adding up.
  [server, failingProvider] = await Promise.all([
    start(),
    spawnServer({
      env: {
        API_KEY: KEYS.user,
        AI_PROVIDERS: 'openai',
        OPENAI_API_KEY: 'sk-test',
        OPENAI_BASE_URL: `http://127.0.0.1:${closedPort}/v1`,
        AI_LOCAL_FALLBACK: 'false',
        AI_TIMEOUT_MS: '2000',
        LOG_LEVEL: 'WARNING',
      },
    }),
  ]);
  surface = await loadApiSurface(server.port);
}, 180_000);

afterAll(async () => {
  record.write();
  await Promise.all([server?.stop(), failingProvider?.stop()]);
});

describe('fuzz: generated requests against every route of both OpenAPI documents and /trpc', () => {
  it(
    `answers ${ONLY === undefined ? CASES : 1} generated request(s) with 2xx or a 4xx in the error shape, never 5xx, a hang, a leak or a crash`,
    async () => {
      const arbitrary = createCaseArbitrary(surface, KEYS);
      const indexes = ONLY === undefined ? Array.from({ length: CASES }, (_, index) => index) : [ONLY];
      let report: FuzzReport | undefined;
      try {
        report = await runFuzz({
          arbitrary,
          seed: SEED,
          indexes,
          concurrency: CONCURRENCY,
          deadlineMs: DEADLINE_MS,
          server: await liveServer(),
          respawn: start,
          maxRestarts: MAX_RESTARTS,
          onServer: (current) => (server = current),
        });
      } finally {
        if (report) {
          record.figure('cases run', report.casesRun, {
            target: SCORECARD ? '≥ 50000' : '≥ 2000',
            pass: report.casesRun >= (SCORECARD ? 50_000 : 2_000),
          });
          record.figure('failing cases', report.failures.length, { target: '0', pass: report.failures.length === 0 });
          record.figure('server crashes', report.crashes.length, { target: '0', pass: report.crashes.length === 0 });
          record.figure(
            '5xx answers',
            Object.entries(report.statuses)
              .filter(([status]) => status.startsWith('5'))
              .reduce((sum, [, count]) => sum + count, 0),
            { target: '0', pass: !Object.keys(report.statuses).some((status) => status.startsWith('5')) },
          );
          record.figure('connections ended without an answer', report.statuses.closed ?? 0, { target: '0' });
          record.figure('hangs', report.statuses.hang ?? 0, { target: '0', pass: (report.statuses.hang ?? 0) === 0 });
          record.figure('max latency', Math.round(report.latencyMs.max), { unit: 'ms' });
          record.figure('p99 latency', Math.round(report.latencyMs.p99), { unit: 'ms' });
          record.figure('duration', report.durationMs, { unit: 'ms' });
          record.figure('seed', report.seed);
          record.detail('run', {
            routes: {
              rest: surface.operations.map((operation) => `${operation.method} ${operation.path}`),
              trpc: surface.procedures.map((procedure) => procedure.name),
            },
            concurrency: CONCURRENCY,
            ...report,
            failureClasses: failureClasses(report),
            failures: report.failures.slice(0, 200),
          });
          console.info(
            `fuzz: seed ${report.seed}, ${report.casesRun}/${report.casesPlanned} cases in ${report.durationMs} ms, ` +
              `statuses ${JSON.stringify(report.statuses)}, max ${Math.round(report.latencyMs.max)} ms, ` +
              `${report.failures.length} failing, ${report.crashes.length} crash(es)`,
          );
        }
      }
      expect(report.aborted, `the run stopped after ${report.restarts} server restarts`).toBe(false);
      expect(report.failures.length, summariseFailures(report)).toBe(0);
      expect(report.casesRun).toBe(indexes.length);
      const current = await liveServer();
      expect(current.alive()).toBe(true);
      const livez = await sendRaw({
        port: current.port,
        chunks: [toRequestBytes({ method: 'GET', target: '/livez', headers: [['Host', 'localhost']] })],
        deadlineMs: 5000,
      });
      expect(livez.kind === 'response' && livez.response.status).toBe(200);
    },
    SCORECARD ? 3_600_000 : 300_000,
  );
});

const user = ['X-API-Key', KEYS.user] as const;
const json = ['Content-Type', 'application/json'] as const;
const base = [
  ['Host', 'localhost'],
  ['Connection', 'close'],
] as const;

function handMade(
  fields: Pick<FuzzCase, 'method' | 'target'> & Partial<FuzzCase> & { readonly bodyBytes?: Buffer },
): FuzzCase {
  const { bodyBytes, ...rest } = fields;
  return {
    transport: fields.target.startsWith('/trpc/') ? 'trpc' : 'rest',
    route: fields.target,
    headers: [...base],
    framing: 'auto',
    corrupt: false,
    readsBody: fields.method === 'POST',
    ...rest,
    ...(bodyBytes ? { body: bodyBytes.toString('latin1') } : {}),
  };
}

const withInvalidUtf8 = Buffer.concat([
  Buffer.from('{"text":"The battery lasts two days '),
  Buffer.from([0xff, 0xfe, 0xed, 0xa0, 0x80]),
  Buffer.from(' and the screen is sharp.","operation":"sentiment"}'),
]);

/**
 * Counterexamples found by fuzzing (and the known defects), kept as fixed regression
 * cases. `attempts` repeats a case whose failure is a race (a reset while the client is still
 * sending): any failing attempt fails it.
 */
const COUNTEREXAMPLES: readonly { readonly name: string; readonly fuzzCase: FuzzCase; readonly attempts?: number }[] = [
  {
    name: 'a broken percent-encoding in a path parameter (GET batch_status/%ff) is a 4xx, the process lives',
    fuzzCase: handMade({ method: 'GET', target: '/v1/text_processing/batch_status/%ff', headers: [...base, user] }),
  },
  {
    name: 'a broken percent-encoding in a tRPC input (?input=%ff) is a 4xx, the process lives',
    fuzzCase: handMade({ method: 'GET', target: '/trpc/public.batchStatus?input=%ff', headers: [...base, user] }),
  },
  {
    name: 'a REST JSON body that is not UTF-8 is refused with 400',
    fuzzCase: handMade({
      method: 'POST',
      target: '/v1/text_processing/process',
      headers: [...base, user, json],
      bodyBytes: withInvalidUtf8,
      expect: { statuses: [400], why: 'JSON must be UTF-8 (RFC 8259 §8.1)' },
    }),
  },
  {
    name: 'a tRPC JSON body that is not UTF-8 is refused with 400',
    fuzzCase: handMade({
      method: 'POST',
      target: '/trpc/public.process',
      headers: [...base, user, json],
      bodyBytes: withInvalidUtf8,
      expect: { statuses: [400], why: 'JSON must be UTF-8 (RFC 8259 §8.1)' },
    }),
  },
  {
    name: 'a 5 MB body to /v1/text_processing/process is answered 413, not a connection reset',
    fuzzCase: handMade({
      method: 'POST',
      target: '/v1/text_processing/process',
      headers: [...base, user, json],
      hugeBodyBytes: 5 * 1024 * 1024,
      expect: { statuses: [413], why: 'the body exceeds the 2 MiB limit of this route' },
    }),
  },
  {
    name: 'a 5 MB body on a keep-alive connection is answered 413, not a connection reset',
    fuzzCase: handMade({
      method: 'POST',
      target: '/v1/text_processing/process',
      headers: [['Host', 'localhost'], user, json],
      hugeBodyBytes: 5 * 1024 * 1024,
      expect: { statuses: [413], why: 'the body exceeds the 2 MiB limit of this route' },
    }),
  },
  {
    name: 'a 600 KB request line is answered 431 in the error shape, not a connection reset',
    fuzzCase: handMade({
      method: 'GET',
      target: `/trpc/public.batchStatus?input=${'%5B'.repeat(200_000)}`,
      headers: [...base, user],
      corrupt: true,
      expect: { statuses: [414, 431], why: 'the request line exceeds MAX_HEADER_BYTES' },
    }),
    attempts: 5,
  },
  {
    name: 'a 600 KB chunked body sent with TRACE is answered in the error shape, not a connection reset',
    fuzzCase: handMade({
      method: 'TRACE',
      target: '/v1/text_processing/batch_process',
      headers: [...base, json],
      bodyBytes: Buffer.from(`{"requests":[],"pad":"${'p'.repeat(600_000)}"}`),
      framing: 'chunked',
      expect: { statuses: [400, 404, 405, 413], why: 'TRACE is not served here' },
    }),
    attempts: 5,
  },
  {
    name: 'GET on a tRPC mutation is 405 METHOD_NOT_SUPPORTED',
    fuzzCase: handMade({
      method: 'GET',
      target: '/trpc/public.process',
      headers: [...base, user],
      expect: { statuses: [405], why: 'a mutation is called with POST' },
    }),
  },
  {
    name: 'GET on a REST POST route is 405',
    fuzzCase: handMade({
      method: 'GET',
      target: '/v1/text_processing/process',
      headers: [...base, user],
      expect: { statuses: [405], why: 'the route is POST only' },
    }),
  },
  {
    name: 'a tRPC call without a key is 401 with code UNAUTHORIZED',
    fuzzCase: handMade({
      method: 'POST',
      target: '/trpc/public.process',
      headers: [...base, json],
      bodyBytes: Buffer.from('{"text":"The battery lasts two days.","operation":"sentiment"}'),
      expect: { statuses: [401], why: 'no API key' },
    }),
  },
  {
    name: 'a tRPC read of an unknown batch is 404 with code NOT_FOUND',
    fuzzCase: handMade({
      method: 'GET',
      target: `/trpc/public.batchStatus?input=${encodeURIComponent('{"batch_id":"no-such-batch"}')}`,
      headers: [...base, user],
      expect: { statuses: [404], why: 'unknown batch id' },
    }),
  },
  {
    name: 'a tRPC internal call with a user key is 403 with code FORBIDDEN',
    fuzzCase: handMade({
      method: 'GET',
      target: '/trpc/internal.providers',
      headers: [...base, user],
      expect: { statuses: [403], why: 'a user key on the internal API' },
    }),
  },
  {
    name: 'a request without a Host header is a 400 in the error shape',
    fuzzCase: handMade({
      method: 'GET',
      target: '/v1/health',
      headers: [['Connection', 'close']],
      corrupt: true,
      expect: { statuses: [400], why: 'HTTP/1.1 requires Host' },
    }),
  },
  {
    name: 'an Expect header other than 100-continue is refused (417) in the error shape, or ignored',
    fuzzCase: handMade({
      method: 'GET',
      target: '/v1/health',
      headers: [...base, ['Expect', 'something-else']],
      corrupt: true,
      expect: { statuses: [200, 417], why: 'an unmet expectation is refused (417) or ignored' },
    }),
  },
  {
    name: 'a tRPC call without Content-Type is refused in the error shape, as JSON',
    fuzzCase: handMade({
      method: 'POST',
      target: '/trpc/public.process',
      headers: [...base, user],
      bodyBytes: Buffer.from('{"text":"The battery lasts two days.","operation":"sentiment"}'),
      expect: { statuses: [400, 415], why: 'the body is not declared as JSON' },
    }),
  },
  {
    name: 'a tRPC batch mixing a query and a mutation is refused in the error shape, as JSON',
    fuzzCase: handMade({
      transport: 'trpc-batch',
      method: 'GET',
      target: '/trpc/public.health,public.process?batch=1&input=%7B%7D',
      headers: [...base, user],
      expect: { statuses: [400, 405], why: 'one batch cannot mix procedure types' },
    }),
  },
  {
    name: 'CONNECT is answered with a 4xx in the error shape, not a dropped connection',
    fuzzCase: handMade({
      method: 'CONNECT',
      target: 'localhost:443',
      headers: [['Host', 'localhost:443']],
      corrupt: true,
      expect: { statuses: [400, 405], why: 'this server is not a proxy' },
    }),
  },
  {
    name: 'JSON nested 100,000 deep in user_metadata is not a 5xx',
    fuzzCase: handMade({
      method: 'POST',
      target: '/v1/text_processing/process',
      headers: [...base, user, json],
      bodyBytes: Buffer.from(
        `{"text":"The battery lasts two days.","operation":"sentiment","user_metadata":{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`,
      ),
    }),
  },
];

describe('fuzz counterexamples kept as regression cases', () => {
  const outcomes: Record<string, string> = {};
  afterAll(() => {
    const failing = Object.values(outcomes).filter((outcome) => outcome !== 'pass').length;
    record.figure('regression cases failing', failing, { target: '0', pass: failing === 0 });
    record.detail('regression cases', outcomes);
  });

  it.each(COUNTEREXAMPLES)(
    '$name',
    async ({ name, fuzzCase, attempts = 1 }) => {
      const current = await liveServer();
      let problem: string | undefined;
      for (let attempt = 0; attempt < attempts && problem === undefined && current.alive(); attempt += 1) {
        const outcome = await sendRaw({
          port: current.port,
          chunks: toRequestChunks(fuzzCase),
          deadlineMs: DEADLINE_MS,
          head: fuzzCase.method === 'HEAD',
          waitForUpload: isLargeUpload(fuzzCase),
        });
        problem = judge(fuzzCase, outcome, DEADLINE_MS);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
      const crashed = !current.alive();
      outcomes[name] = crashed ? 'the process crashed' : (problem ?? 'pass');
      expect(
        { problem: problem ?? null, crashed },
        `${toReproduction(fuzzCase, current.port)}\n${
          crashed
            ? current
                .output()
                .split('\n')
                .filter((line) => /uncaught/i.test(line))
                .join('\n')
                .slice(0, 600)
            : ''
        }`,
      ).toEqual({ problem: null, crashed: false });
    },
    30_000,
  );

  it('a provider failure reaches tRPC callers as 502/503/504 with the matching tRPC code', async () => {
    if (!failingProvider) throw new Error('The failing-provider server is not running');
    const fuzzCase = handMade({
      method: 'POST',
      target: '/trpc/public.process',
      headers: [...base, user, json],
      bodyBytes: Buffer.from('{"text":"The battery lasts two days and I like it.","operation":"sentiment"}'),
    });
    const outcome = await sendRaw({
      port: failingProvider.port,
      chunks: toRequestChunks(fuzzCase),
      deadlineMs: 20_000,
    });
    expect(outcome.kind).toBe('response');
    if (outcome.kind !== 'response') return;
    const { status } = outcome.response;
    expect([502, 503, 504], outcome.response.text).toContain(status);
    const body = JSON.parse(outcome.response.text) as { error?: { data?: { code?: string; httpStatus?: number } } };
    const wanted = { 502: 'BAD_GATEWAY', 503: 'SERVICE_UNAVAILABLE', 504: 'GATEWAY_TIMEOUT' }[
      status as 502 | 503 | 504
    ];
    expect(body.error?.data, toReproduction(fuzzCase, failingProvider.port)).toMatchObject({
      code: wanted,
      httpStatus: status,
    });
  }, 30_000);
});
