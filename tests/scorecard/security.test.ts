/**
 * Scorecard, security part (issue #16): the auth matrix over every published route, batch
 * isolation between keys, a marker key that must never be echoed or logged, CORS, slow clients
 * and header floods, rate limits, and a pinned check of known-vulnerable dependency versions.
 * Real server processes (production and development), raw HTTP.
 *
 *   npx vitest run tests/scorecard/security.test.ts
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorShapeProblem } from './answer-checks.js';
import { exampleOf, fillPath, loadApiSurface, type ApiSurface, type JsonSchema } from './api-surface.js';
import { KNOWN_ADVISORIES, LIST_DATE } from './known-advisories.js';
import { sendRaw, toRequestBytes, type RawHeader, type RawOutcome, type RawResponse } from './raw-request.js';
import { createScorecardRecord } from './record.js';
import { spawnServer, type SpawnedServer } from './spawn-server.js';

const KEYS = {
  user: `user-key-${randomBytes(8).toString('hex')}`,
  user2: `user2-key-${randomBytes(8).toString('hex')}`,
  operator: `operator-key-${randomBytes(8).toString('hex')}`,
};
/** Distinctive keys: only their first 8 characters (`mk-wrong`, `mk-valid`) may ever be shown. */
const WRONG_MARKER = `mk-wrong-${randomBytes(16).toString('hex')}`;
const VALID_MARKER = `mk-valid-${randomBytes(16).toString('hex')}`;
const MARKER_TRACES = [WRONG_MARKER, WRONG_MARKER.slice(8), VALID_MARKER, VALID_MARKER.slice(8)];

const ALLOWED_ORIGIN = 'https://app.example';
const HEADERS_TIMEOUT_MS = 1000;
const REQUEST_TIMEOUT_MS = 2500;

const COMMON_ENV: Record<string, string> = {
  API_KEY: KEYS.user,
  ADDITIONAL_API_KEYS: `${KEYS.user2},${VALID_MARKER}`,
  INTERNAL_API_KEYS: KEYS.operator,
  LOG_LEVEL: 'DEBUG',
  RATE_LIMIT_GLOBAL_PER_MINUTE: '1000000',
  RATE_LIMIT_HEAVY_PER_MINUTE: '1000000',
  RATE_LIMIT_STANDARD_PER_MINUTE: '1000000',
  RATE_LIMIT_AUTH_PER_MINUTE: '1000000',
  HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
  REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
};

type Environment = 'development' | 'production';

const servers: Partial<Record<Environment | 'limited', SpawnedServer>> = {};
let surface: ApiSurface;
const record = createScorecardRecord('security');
/** Every answer any test received, checked for the marker keys at the end. */
const answers: { readonly label: string; readonly text: string }[] = [];

function server(name: Environment | 'limited'): SpawnedServer {
  const found = servers[name];
  if (!found) throw new Error(`The ${name} server is not running`);
  return found;
}

interface Call {
  readonly method: string;
  readonly target: string;
  readonly headers?: readonly RawHeader[];
  readonly body?: string | Buffer | undefined;
}

function describeCall(call: Call): string {
  const headers = (call.headers ?? []).map(([name, value]) => ` -H '${name}: ${String(value).slice(0, 60)}'`).join('');
  const body = call.body === undefined ? '' : ` --data '${String(call.body).slice(0, 200)}'`;
  return `curl -X ${call.method}${headers}${body} 'http://127.0.0.1:$PORT${call.target}'`;
}

async function send(port: number, call: Call, deadlineMs = 15_000): Promise<RawOutcome> {
  const body = call.body === undefined ? undefined : Buffer.isBuffer(call.body) ? call.body : Buffer.from(call.body);
  const headers: RawHeader[] = [['Host', 'localhost'], ['Connection', 'close'], ...(call.headers ?? [])];
  if (body !== undefined) headers.push(['Content-Type', 'application/json']);
  const outcome = await sendRaw({
    port,
    chunks: [toRequestBytes({ method: call.method, target: call.target, headers, body })],
    deadlineMs,
    head: call.method === 'HEAD',
  });
  if (outcome.kind === 'response') {
    answers.push({
      label: `${call.method} ${call.target}`,
      text: `${outcome.response.head}\n${outcome.response.text}`,
    });
  }
  return outcome;
}

async function answer(port: number, call: Call): Promise<RawResponse> {
  const outcome = await send(port, call);
  if (outcome.kind !== 'response') throw new Error(`${describeCall(call)}: no answer (${outcome.kind})`);
  return outcome.response;
}

const json = (response: RawResponse) => JSON.parse(response.text) as Record<string, unknown>;

/** Runs `work` over `items`, `concurrency` at a time. */
async function pool<T, R>(items: readonly T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const index = next;
        next += 1;
        results[index] = await work(items[index] as T);
      }
    }),
  );
  return results;
}

beforeAll(async () => {
  const [development, production, limited] = await Promise.all([
    spawnServer({ env: { ...COMMON_ENV, ENVIRONMENT: 'development', CORS_ORIGINS: ALLOWED_ORIGIN } }),
    spawnServer({ env: { ...COMMON_ENV, ENVIRONMENT: 'production' } }),
    spawnServer({
      env: {
        ENVIRONMENT: 'development',
        API_KEY: KEYS.user,
        ADDITIONAL_API_KEYS: KEYS.user2,
        RATE_LIMIT_GLOBAL_PER_MINUTE: '20',
        RATE_LIMIT_HEAVY_PER_MINUTE: '3',
        RATE_LIMIT_STANDARD_PER_MINUTE: '5',
        RATE_LIMIT_AUTH_PER_MINUTE: '3',
      },
    }),
  ]);
  Object.assign(servers, { development, production, limited });
  // Production hides the internal document; both run the same code, so the development one describes both.
  surface = await loadApiSurface(production.port, development.port);
}, 300_000);

afterAll(async () => {
  record.write();
  await Promise.all(Object.values(servers).map((running) => running.stop()));
});

type Credential =
  | 'no key'
  | 'malformed: Basic with a valid key'
  | 'malformed: empty Bearer'
  | 'wrong: Bearer'
  | 'wrong: X-API-Key'
  | 'user: Bearer'
  | 'user: X-API-Key'
  | 'operator: Bearer'
  | 'operator: X-API-Key';

const CREDENTIALS: readonly Credential[] = [
  'no key',
  'malformed: Basic with a valid key',
  'malformed: empty Bearer',
  'wrong: Bearer',
  'wrong: X-API-Key',
  'user: Bearer',
  'user: X-API-Key',
  'operator: Bearer',
  'operator: X-API-Key',
];

function credentialHeaders(credential: Credential): RawHeader[] {
  switch (credential) {
    case 'no key':
      return [];
    case 'malformed: Basic with a valid key':
      return [['Authorization', `Basic ${Buffer.from(`user:${KEYS.user}`).toString('base64')}`]];
    case 'malformed: empty Bearer':
      return [['Authorization', 'Bearer ']];
    case 'wrong: Bearer':
      return [['Authorization', `Bearer ${WRONG_MARKER}`]];
    case 'wrong: X-API-Key':
      return [['X-API-Key', WRONG_MARKER]];
    case 'user: Bearer':
      return [['Authorization', `Bearer ${KEYS.user}`]];
    case 'user: X-API-Key':
      return [['X-API-Key', KEYS.user]];
    case 'operator: Bearer':
      return [['Authorization', `Bearer ${KEYS.operator}`]];
    case 'operator: X-API-Key':
      return [['X-API-Key', KEYS.operator]];
  }
}

type Access = 'internal' | 'protected' | 'open';

interface MatrixRoute {
  readonly label: string;
  readonly access: Access;
  readonly trpc: boolean;
  readonly call: Omit<Call, 'headers'>;
}

/** Every route of both documents, each also through `/trpc`, plus the plain operator route. */
function matrixRoutes(): MatrixRoute[] {
  const routes: MatrixRoute[] = [];
  for (const operation of surface.operations) {
    const access: Access =
      operation.document === 'internal' ? 'internal' : operation.isProtected ? 'protected' : 'open';
    const parameters = Object.fromEntries(operation.pathParameters.map((parameter) => [parameter.name, 'sample']));
    const body = operation.bodySchema ? JSON.stringify(exampleOf(surface, operation.bodySchema)) : undefined;
    routes.push({
      label: `${operation.method} ${operation.path}`,
      access,
      trpc: false,
      call: { method: operation.method, target: fillPath(operation.path, parameters), body },
    });
    const procedure = surface.procedures.find((candidate) => candidate.name === operation.procedure);
    if (!procedure) continue;
    const inputSchema: JsonSchema | undefined =
      operation.bodySchema ??
      (operation.pathParameters.length > 0
        ? { type: 'object', properties: Object.fromEntries(operation.pathParameters.map((p) => [p.name, p.schema])) }
        : undefined);
    const input = inputSchema === undefined ? undefined : JSON.stringify(exampleOf(surface, inputSchema));
    routes.push({
      label: `tRPC ${procedure.name}`,
      access,
      trpc: true,
      call:
        procedure.type === 'mutation'
          ? { method: 'POST', target: `/trpc/${procedure.name}`, body: input }
          : {
              method: 'GET',
              target: `/trpc/${procedure.name}${input === undefined ? '' : `?input=${encodeURIComponent(input)}`}`,
            },
    });
  }
  routes.push({
    label: 'GET /internal/metrics',
    access: 'internal',
    trpc: false,
    call: { method: 'GET', target: '/internal/metrics' },
  });
  return routes;
}

const isAuthFailure = (status: number) => status === 401 || status === 403;

/** What the matrix requires of an answer; `undefined` when it complies. */
function matrixProblem(route: MatrixRoute, credential: Credential, response: RawResponse): string | undefined {
  const status = response.status;
  const kind = credential.split(':')[0] as 'no key' | 'malformed' | 'wrong' | 'user' | 'operator';
  const anonymous = kind === 'no key' || kind === 'malformed';
  let wanted: number | 'served' | 'served or 401';
  if (route.access === 'open') wanted = kind === 'wrong' ? 'served or 401' : 'served';
  else if (anonymous || kind === 'wrong') wanted = 401;
  else if (route.access === 'internal' && kind === 'user') wanted = 403;
  else wanted = 'served';

  if (status >= 500) return `HTTP ${status} (wanted ${wanted})`;
  if (wanted === 'served' && isAuthFailure(status)) return `HTTP ${status}: refused (wanted served)`;
  if (wanted === 'served or 401' && status === 403) return 'HTTP 403 (wanted served or 401)';
  if (typeof wanted === 'number' && status !== wanted) return `HTTP ${status} (wanted ${wanted})`;
  if (isAuthFailure(status)) {
    const shape = errorShapeProblem(response, { trpc: route.trpc });
    if (shape) return `HTTP ${status} not in the error shape: ${shape}`;
    const body = json(response) as { error_code?: string; error?: { data?: { error_code?: string; code?: string } } };
    const errorCode = route.trpc ? body.error?.data?.error_code : body.error_code;
    const wantedCode = status === 401 ? 'AUTHENTICATION_ERROR' : 'AUTHORIZATION_ERROR';
    if (errorCode !== wantedCode && body.error_code !== wantedCode)
      return `error_code ${errorCode} (wanted ${wantedCode})`;
    if (status === 401 && !/^Bearer/i.test(response.headers['www-authenticate'] ?? '')) {
      return '401 without WWW-Authenticate: Bearer';
    }
  }
  return undefined;
}

describe('security: auth matrix (every route × credential × environment)', () => {
  const environments: readonly Environment[] = ['production', 'development'];
  const totals: Record<string, { cases: number; failures: number }> = {};

  afterAll(() => {
    for (const [environment, figures] of Object.entries(totals)) {
      record.figure(`auth matrix cases (${environment})`, figures.cases);
      record.figure(`auth matrix failures (${environment})`, figures.failures, {
        target: '0',
        pass: figures.failures === 0,
      });
    }
  });

  it.each(environments)(
    '%s: internal routes need an operator key, protected routes a key, open routes none',
    async (environment) => {
      const port = server(environment).port;
      const cases = matrixRoutes().flatMap((route) => CREDENTIALS.map((credential) => ({ route, credential })));
      const failures: string[] = [];
      await pool(cases, 4, async ({ route, credential }) => {
        const call: Call = { ...route.call, headers: credentialHeaders(credential) };
        const outcome = await send(port, call);
        const problem =
          outcome.kind === 'response'
            ? matrixProblem(route, credential, outcome.response)
            : `no answer (${outcome.kind})`;
        if (problem) failures.push(`${route.label} [${credential}]: ${problem}\n    ${describeCall(call)}`);
      });
      totals[environment] = { cases: cases.length, failures: failures.length };
      record.detail(`auth matrix ${environment}`, {
        routes: matrixRoutes().length,
        credentials: CREDENTIALS,
        failures,
      });
      expect(failures, failures.slice(0, 40).join('\n')).toEqual([]);
    },
    180_000,
  );

  it('production hides the internal documents and pages; development serves them', async () => {
    for (const target of ['/internal/openapi.json', '/internal/docs', '/internal/redoc']) {
      const hidden = await answer(server('production').port, { method: 'GET', target });
      expect([401, 403, 404], `production ${target}`).toContain(hidden.status);
      const shown = await answer(server('development').port, { method: 'GET', target });
      expect(shown.status, `development ${target}`).toBe(200);
    }
  });
});

describe('security: batch isolation between keys', () => {
  const batch = (operation: string, batchId?: string) =>
    JSON.stringify({
      requests: [{ text: 'The battery lasts two days and the screen is bright and sharp.', operation }],
      ...(batchId ? { batch_id: batchId } : {}),
    });
  const as = (key: string): RawHeader[] => [['X-API-Key', key]];
  const operationsOf = (response: RawResponse) =>
    ((json(response).results ?? []) as { response?: { operation?: string } | null }[]).map(
      (item) => item.response?.operation,
    );

  it("a key cannot read, nor overwrite, another key's batch (REST and tRPC)", async () => {
    const port = server('development').port;
    const batchId = `iso-${randomUUID()}`;
    const problems: string[] = [];
    const created = await answer(port, {
      method: 'POST',
      target: '/v1/text_processing/batch_process',
      headers: as(KEYS.user),
      body: batch('sentiment', batchId),
    });
    expect(created.status, created.text).toBe(200);

    const statusPath = `/v1/text_processing/batch_status/${batchId}`;
    const trpcPath = `/trpc/public.batchStatus?input=${encodeURIComponent(JSON.stringify({ batch_id: batchId }))}`;
    for (const target of [statusPath, trpcPath]) {
      const foreign = await answer(port, { method: 'GET', target, headers: as(KEYS.user2) });
      if (![403, 404].includes(foreign.status)) {
        problems.push(
          `another key reading ${target}: HTTP ${foreign.status} (wanted 404 or 403): ${foreign.text.slice(0, 200)}`,
        );
      }
      const own = await answer(port, { method: 'GET', target, headers: as(KEYS.user) });
      if (own.status !== 200) problems.push(`the owner reading ${target}: HTTP ${own.status}`);
    }

    const overwrite = await answer(port, {
      method: 'POST',
      target: '/v1/text_processing/batch_process',
      headers: as(KEYS.user2),
      body: batch('summarize', batchId),
    });
    if (overwrite.status >= 500) problems.push(`another key reusing the batch id: HTTP ${overwrite.status}`);
    const after = await answer(port, { method: 'GET', target: statusPath, headers: as(KEYS.user) });
    if (after.status !== 200 || operationsOf(after).join() !== 'sentiment') {
      problems.push(
        `after another key reused the id the owner reads HTTP ${after.status} ${JSON.stringify(operationsOf(after))} (wanted its own "sentiment" item)`,
      );
    }

    const generated = await answer(port, {
      method: 'POST',
      target: '/v1/text_processing/batch_process',
      headers: as(KEYS.user),
      body: batch('key_points'),
    });
    const generatedId = String(json(generated).batch_id);
    const foreignGenerated = await answer(port, {
      method: 'GET',
      target: `/v1/text_processing/batch_status/${encodeURIComponent(generatedId)}`,
      headers: as(KEYS.user2),
    });
    if (![403, 404].includes(foreignGenerated.status)) {
      problems.push(`another key reading a generated batch id: HTTP ${foreignGenerated.status}`);
    }
    record.figure('batch isolation violations', problems.length, { target: '0', pass: problems.length === 0 });
    record.detail('batch isolation', { batchId, problems });
    expect(
      problems,
      `${problems.join('\n')}\nreproduction: user A POST batch_process {batch_id:"${batchId}"}, then user B GET ${statusPath}`,
    ).toEqual([]);
  }, 60_000);
});

describe('security: a marker key never shows in answers, logs or metrics', () => {
  it('the wrong and the valid marker key are sent in headers and bodies, and never come back', async () => {
    for (const environment of ['development', 'production'] as const) {
      const port = server(environment).port;
      const text = 'The battery lasts two days and the screen is bright and sharp.';
      const calls: Call[] = [];
      for (const marker of [WRONG_MARKER, VALID_MARKER]) {
        const headerSets: RawHeader[][] = [
          [['Authorization', `Bearer ${marker}`]],
          [['X-API-Key', marker]],
          [
            ['Authorization', `Basic ${Buffer.from(`user:${marker}`).toString('base64')}`],
            ['X-API-Key', marker],
          ],
          [
            ['Cookie', `api_key=${marker}`],
            ['Proxy-Authorization', `Bearer ${marker}`],
            ['X-API-Key', marker],
          ],
        ];
        for (const headers of headerSets) {
          calls.push(
            { method: 'GET', target: '/v1/auth/status', headers },
            { method: 'GET', target: '/trpc/public.authStatus', headers },
            {
              method: 'POST',
              target: '/v1/text_processing/process',
              headers,
              body: JSON.stringify({ text, operation: 'sentiment' }),
            },
            {
              method: 'POST',
              target: '/trpc/public.process',
              headers,
              body: JSON.stringify({ text, operation: 'sentiment' }),
            },
            { method: 'GET', target: '/internal/providers', headers },
            { method: 'GET', target: '/internal/metrics', headers },
            { method: 'GET', target: '/trpc/public.batchStatus,internal.providers?batch=1&input=%7B%7D', headers },
          );
        }
        for (const field of ['api_key', 'apiKey', 'authorization', 'key', 'token']) {
          const body = JSON.stringify({ text, operation: 'sentiment', [field]: marker });
          calls.push(
            { method: 'POST', target: '/v1/text_processing/process', headers: [['X-API-Key', KEYS.user]], body },
            { method: 'POST', target: '/trpc/public.process', headers: [['X-API-Key', KEYS.user]], body },
            { method: 'POST', target: '/v1/text_processing/process', body },
          );
        }
        calls.push({
          method: 'POST',
          target: '/v1/text_processing/batch_process',
          headers: [['X-API-Key', marker]],
          body: JSON.stringify({ requests: [{ text, operation: 'sentiment', api_key: marker }] }),
        });
      }
      await pool(calls, 4, (call) => send(port, call));
      const operator: RawHeader[] = [['X-API-Key', KEYS.operator]];
      for (const target of [
        '/internal/metrics',
        '/internal/monitoring/metrics',
        '/internal/cache/metrics',
        '/internal/resilience/dashboard',
      ]) {
        const metrics = await answer(port, { method: 'GET', target, headers: operator });
        expect(metrics.status, target).toBe(200);
      }
      const prefix = await answer(port, {
        method: 'GET',
        target: '/v1/auth/status',
        headers: [['X-API-Key', VALID_MARKER]],
      });
      expect(prefix.status).toBe(200);
      expect(json(prefix).api_key_prefix).toBe(`${VALID_MARKER.slice(0, 8)}...`);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));

    const leaks: string[] = [];
    for (const { label, text } of answers) {
      for (const trace of MARKER_TRACES) if (text.includes(trace)) leaks.push(`answer to ${label} holds ${trace}`);
    }
    for (const environment of ['development', 'production'] as const) {
      const output = server(environment).output();
      for (const trace of MARKER_TRACES) {
        const at = output.indexOf(trace);
        if (at !== -1)
          leaks.push(`${environment} log holds ${trace}: …${output.slice(Math.max(0, at - 200), at + 80)}…`);
      }
    }
    record.figure('marker key leaks', leaks.length, { target: '0', pass: leaks.length === 0 });
    record.figure('answers scanned for the marker', answers.length);
    record.detail('marker', { leaks: leaks.slice(0, 50) });
    expect(leaks, leaks.slice(0, 20).join('\n')).toEqual([]);
  }, 120_000);
});

describe('security: CORS', () => {
  const cors = (response: RawResponse) => ({
    allowOrigin: response.headers['access-control-allow-origin'],
    allowCredentials: response.headers['access-control-allow-credentials'],
    vary: (response.headers.vary ?? '').toLowerCase(),
  });
  const preflight = (origin: string): Call => ({
    method: 'OPTIONS',
    target: '/v1/text_processing/process',
    headers: [
      ['Origin', origin],
      ['Access-Control-Request-Method', 'POST'],
      ['Access-Control-Request-Headers', 'authorization, content-type'],
    ],
  });

  it('a preflight from an allowed origin is granted, with the request headers and Vary: Origin', async () => {
    const response = await answer(server('development').port, preflight(ALLOWED_ORIGIN));
    expect(response.status).toBeLessThan(300);
    expect(cors(response).allowOrigin).toBe(ALLOWED_ORIGIN);
    expect(cors(response).allowCredentials).toBe('true');
    expect(response.headers['access-control-allow-methods']).toMatch(/POST/);
    expect(response.headers['access-control-allow-headers']?.toLowerCase()).toMatch(/authorization/);
    expect(cors(response).vary).toMatch(/origin/);
  });

  it('no origin outside CORS_ORIGINS is granted: preflights, answers and errors, REST and tRPC', async () => {
    const port = server('development').port;
    const problems: string[] = [];
    for (const origin of [
      'https://evil.example',
      'null',
      'https://app.example.evil.example',
      'http://app.example',
      'https://APP.example.com',
    ]) {
      const calls: Call[] = [
        preflight(origin),
        { method: 'GET', target: '/v1/text_processing/operations', headers: [['Origin', origin]] },
        { method: 'POST', target: '/v1/text_processing/process', headers: [['Origin', origin]], body: '{}' },
        { method: 'GET', target: '/trpc/public.operations', headers: [['Origin', origin]] },
        { method: 'GET', target: '/trpc/public.authStatus', headers: [['Origin', origin]] },
      ];
      for (const call of calls) {
        const response = await answer(port, call);
        if (response.status >= 500) problems.push(`${origin} ${call.method} ${call.target}: HTTP ${response.status}`);
        if (cors(response).allowOrigin !== undefined) {
          problems.push(
            `${origin} ${call.method} ${call.target}: Access-Control-Allow-Origin ${cors(response).allowOrigin}`,
          );
        }
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('an allowed origin gets CORS headers on answers and errors alike, never * with credentials', async () => {
    const port = server('development').port;
    const calls: Call[] = [
      { method: 'GET', target: '/v1/text_processing/operations', headers: [['Origin', ALLOWED_ORIGIN]] },
      { method: 'POST', target: '/v1/text_processing/process', headers: [['Origin', ALLOWED_ORIGIN]], body: '{}' },
      { method: 'GET', target: '/trpc/public.operations', headers: [['Origin', ALLOWED_ORIGIN]] },
      { method: 'GET', target: '/trpc/public.authStatus', headers: [['Origin', ALLOWED_ORIGIN]] },
      { method: 'GET', target: '/no/such/route', headers: [['Origin', ALLOWED_ORIGIN]] },
    ];
    for (const call of calls) {
      const response = await answer(port, call);
      const headers = cors(response);
      expect(headers.allowOrigin, `${call.method} ${call.target} (HTTP ${response.status})`).toBe(ALLOWED_ORIGIN);
      expect(headers.vary, `${call.method} ${call.target}`).toMatch(/origin/);
      expect(headers.allowOrigin === '*' && headers.allowCredentials === 'true').toBe(false);
    }
    const plain = await answer(port, calls[0] as Call);
    expect(plain.headers['access-control-expose-headers']?.toLowerCase()).toMatch(/x-request-id/);
  });

  it('production without CORS_ORIGINS grants no origin, the development defaults included', async () => {
    const port = server('production').port;
    for (const origin of ['http://localhost:8501', 'http://localhost:8000', ALLOWED_ORIGIN]) {
      const response = await answer(port, preflight(origin));
      expect(cors(response).allowOrigin, origin).toBeUndefined();
      const simple = await answer(port, { method: 'GET', target: '/v1/health', headers: [['Origin', origin]] });
      expect(cors(simple).allowOrigin, origin).toBeUndefined();
    }
  });
});

describe('security: slow clients and header floods', () => {
  const slack = 3500;
  const figures: Record<string, unknown> = {};
  afterAll(() => record.detail('slow clients and floods', figures));

  const cutInTime = (outcome: RawOutcome, limitMs: number) => {
    if (outcome.kind === 'hang') return `still open after ${outcome.durationMs} ms`;
    if (outcome.durationMs > limitMs) return `cut only after ${outcome.durationMs} ms (limit ${limitMs} ms)`;
    if (outcome.kind === 'response') {
      if (outcome.response.status !== 408) return `HTTP ${outcome.response.status} (wanted 408 or a close)`;
      const shape = errorShapeProblem(outcome.response);
      if (shape) return `408 not in the error shape: ${shape}`;
    }
    return undefined;
  };

  it('a client dribbling its headers (slowloris) is cut after the headers timeout with 408 or a close', async () => {
    const chunks = [
      Buffer.from('GET /v1/health HTTP/1.1\r\nHost: localhost\r\n'),
      ...Array.from({ length: 60 }, (_, index) => Buffer.from(`X-Slow-${index}: x\r\n`)),
    ];
    const outcome = await sendRaw({ port: server('development').port, chunks, chunkDelayMs: 250, deadlineMs: 16_000 });
    figures.slowloris = { kind: outcome.kind, durationMs: outcome.durationMs };
    record.figure('slowloris cut after', outcome.durationMs, { unit: 'ms', target: `≤ ${HEADERS_TIMEOUT_MS + slack}` });
    expect(cutInTime(outcome, HEADERS_TIMEOUT_MS + slack) ?? null).toBeNull();
  }, 30_000);

  it('a client dribbling its body is cut after the request timeout with 408 or a close', async () => {
    const chunks = [
      Buffer.from(
        `POST /v1/text_processing/process HTTP/1.1\r\nHost: localhost\r\nX-API-Key: ${KEYS.user}\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{"text":"`,
      ),
      ...Array.from({ length: 60 }, () => Buffer.from('a')),
    ];
    const outcome = await sendRaw({ port: server('development').port, chunks, chunkDelayMs: 250, deadlineMs: 16_000 });
    figures.slowBody = { kind: outcome.kind, durationMs: outcome.durationMs };
    record.figure('slow body cut after', outcome.durationMs, { unit: 'ms', target: `≤ ${REQUEST_TIMEOUT_MS + slack}` });
    expect(cutInTime(outcome, REQUEST_TIMEOUT_MS + slack) ?? null).toBeNull();
  }, 30_000);

  it('50 slow connections do not keep others from being served', async () => {
    const port = server('development').port;
    const slow = Array.from({ length: 50 }, () =>
      sendRaw({
        port,
        chunks: [
          Buffer.from('GET /livez HTTP/1.1\r\n'),
          ...Array.from({ length: 40 }, () => Buffer.from('X-a: b\r\n')),
        ],
        chunkDelayMs: 200,
        deadlineMs: 15_000,
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 400));
    const started = performance.now();
    const served = await answer(port, { method: 'GET', target: '/v1/health' });
    const latency = performance.now() - started;
    const outcomes = await Promise.all(slow);
    figures.concurrentSlowloris = {
      servedLatencyMs: Math.round(latency),
      slowKinds: outcomes.map((outcome) => outcome.kind),
      slowestCutMs: Math.max(...outcomes.map((outcome) => outcome.durationMs)),
    };
    record.figure('latency beside 50 slow connections', Math.round(latency), {
      unit: 'ms',
      target: '< 3000',
      pass: latency < 3000,
    });
    expect(served.status).toBe(200);
    expect(latency).toBeLessThan(3000);
    expect(outcomes.filter((outcome) => cutInTime(outcome, HEADERS_TIMEOUT_MS + 6000) !== undefined)).toEqual([]);
  }, 40_000);

  it('too many or too large headers are refused with 431 in the error shape; the limit itself is served', async () => {
    const port = server('development').port;
    const many = (count: number, size = 1): RawHeader[] =>
      Array.from({ length: count }, (_, index) => [`X-Flood-${index}`, 'v'.repeat(size)] as const);
    const cases: { name: string; call: Call; wanted: number }[] = [
      { name: '150 headers', call: { method: 'GET', target: '/v1/health', headers: many(150) }, wanted: 431 },
      { name: '1,000 headers', call: { method: 'GET', target: '/v1/health', headers: many(1000) }, wanted: 431 },
      {
        name: '150 headers on tRPC',
        call: { method: 'GET', target: '/trpc/public.health', headers: many(150) },
        wanted: 431,
      },
      {
        name: '150 headers on a preflight',
        call: {
          method: 'OPTIONS',
          target: '/v1/text_processing/process',
          headers: [['Origin', ALLOWED_ORIGIN], ['Access-Control-Request-Method', 'POST'], ...many(150)],
        },
        wanted: 431,
      },
      {
        name: 'one 20 KB header',
        call: { method: 'GET', target: '/v1/health', headers: [['X-Big', 'b'.repeat(20_000)]] },
        wanted: 431,
      },
      {
        name: '50 headers of 400 bytes',
        call: { method: 'GET', target: '/v1/health', headers: many(50, 400) },
        wanted: 431,
      },
      {
        name: 'a 20 KB URL',
        call: { method: 'GET', target: `/v1/health?pad=${'p'.repeat(20_000)}`, headers: [] },
        wanted: 431,
      },
      { name: 'exactly 100 headers', call: { method: 'GET', target: '/v1/health', headers: many(98) }, wanted: 200 },
    ];
    const problems: string[] = [];
    for (const { name, call, wanted } of cases) {
      const outcome = await send(port, call);
      if (outcome.kind !== 'response') {
        problems.push(
          `${name}: no answer (${outcome.kind}${outcome.kind === 'closed' ? `, ${outcome.error ?? 'closed'}` : ''})`,
        );
        continue;
      }
      const { status } = outcome.response;
      if (status !== wanted) problems.push(`${name}: HTTP ${status} (wanted ${wanted})`);
      else if (status >= 400) {
        const shape = errorShapeProblem(outcome.response);
        if (shape) problems.push(`${name}: not in the error shape: ${shape}`);
      }
    }
    figures.headerFloods = problems;
    record.figure('header flood failures', problems.length, { target: '0', pass: problems.length === 0 });
    expect(problems, problems.join('\n')).toEqual([]);
    expect(server('development').alive()).toBe(true);
    expect((await answer(port, { method: 'GET', target: '/livez' })).status).toBe(200);
  }, 30_000);
});

describe('security: rate limits', () => {
  it('limits each key on its own, REST and tRPC together, with 429 in the error shape and Retry-After', async () => {
    const port = server('limited').port;
    const body = JSON.stringify({
      text: 'The battery lasts two days and the screen is bright.',
      operation: 'sentiment',
    });
    const process = (key: string, trpc = false) =>
      answer(port, {
        method: 'POST',
        target: trpc ? '/trpc/public.process' : '/v1/text_processing/process',
        headers: [['X-API-Key', key]],
        body,
      });
    const statuses = [await process(KEYS.user), await process(KEYS.user), await process(KEYS.user, true)].map(
      (r) => r.status,
    );
    expect(statuses).toEqual([200, 200, 200]);
    const limited = await process(KEYS.user);
    expect(limited.status).toBe(429);
    expect(errorShapeProblem(limited) ?? null).toBeNull();
    expect(json(limited).error_code).toBe('RATE_LIMIT_EXCEEDED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers['x-ratelimit-limit']).toBe('3');
    const limitedTrpc = await process(KEYS.user, true);
    expect(limitedTrpc.status).toBe(429);
    expect(errorShapeProblem(limitedTrpc, { trpc: true }) ?? null).toBeNull();
    expect((await process(KEYS.user2)).status).toBe(200);
  }, 60_000);

  it('made-up keys do not buy fresh quota: they count against the caller address', async () => {
    const port = server('limited').port;
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const response = await answer(port, {
        method: 'GET',
        target: '/v1/auth/status',
        headers: [['X-API-Key', `guess-${randomBytes(6).toString('hex')}`]],
      });
      statuses.push(response.status);
    }
    record.detail('rate limit key guessing', statuses);
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.slice(3)).toEqual([429, 429]);
  }, 30_000);

  it('never limits the probes', async () => {
    const port = server('limited').port;
    const statuses = await pool(
      Array.from({ length: 40 }, (_, index) => index),
      4,
      async () => (await answer(port, { method: 'GET', target: '/livez' })).status,
    );
    expect(new Set(statuses)).toEqual(new Set([200]));
  }, 30_000);
});

describe('security: known-vulnerable dependencies (pinned advisory list, not a live audit)', () => {
  interface Semver {
    satisfies(version: string, range: string, options?: { includePrerelease?: boolean }): boolean;
    validRange(range: string): string | null;
  }
  // semver is in node_modules through the toolchain; loaded untyped (no @types/semver here).
  const semver = createRequire(import.meta.url)('semver') as Semver;

  it(`no installed package is in a known-vulnerable range (advisories as of ${LIST_DATE})`, () => {
    const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
      packages: Record<string, { version?: string; dev?: boolean }>;
    };
    for (const advisory of KNOWN_ADVISORIES) expect(semver.validRange(advisory.affected), advisory.id).not.toBeNull();
    const findings: string[] = [];
    let installed = 0;
    for (const [path, entry] of Object.entries(lock.packages)) {
      if (!path.includes('node_modules/') || !entry.version) continue;
      installed += 1;
      const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
      for (const advisory of KNOWN_ADVISORIES) {
        if (advisory.package !== name) continue;
        if (semver.satisfies(entry.version, advisory.affected, { includePrerelease: true })) {
          findings.push(
            `${name}@${entry.version}${entry.dev ? ' (dev)' : ''} at ${path}: ${advisory.id} ${advisory.summary} (affected ${advisory.affected})`,
          );
        }
      }
    }
    record.figure('dependency advisories checked', KNOWN_ADVISORIES.length, { unit: `pinned list of ${LIST_DATE}` });
    record.figure('installed packages checked', installed);
    record.figure('known-vulnerable packages', findings.length, { target: '0', pass: findings.length === 0 });
    record.detail('dependencies', {
      method: `pinned advisory list (tests/scorecard/known-advisories.ts, ${LIST_DATE}) against package-lock.json; npm audit is unavailable on the registry mirror`,
      findings,
    });
    expect(findings, findings.join('\n')).toEqual([]);
  });
});
