import fc from 'fast-check';
import type { ApiSurface, JsonSchema, RestOperation, TrpcProcedure } from './api-surface.js';
import { toRequestBytes } from './raw-request.js';

/** JSON text spliced in as is: numbers JSON.stringify cannot write, deep nesting, duplicate keys. */
export class RawJson {
  constructor(readonly text: string) {}
}

/** JSON text of a value that may hold `RawJson` pieces and `Map`s (objects with any keys, `__proto__` too). */
export function toJsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  const entries =
    value instanceof Map
      ? [...(value as Map<string, unknown>).entries()]
      : typeof value === 'object' && value !== null
        ? Object.entries(value)
        : undefined;
  if (entries) return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${toJsonText(item)}`).join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

export type Transport = 'rest' | 'trpc' | 'trpc-batch' | 'plain' | 'random';

/** What the answer must be beyond "2xx or 4xx in the error shape" (only for well-formed requests). */
export interface Expectation {
  readonly statuses: readonly number[];
  readonly why: string;
}

/** One generated request: everything needed to send it again byte for byte. */
export interface FuzzCase {
  readonly transport: Transport;
  /** Route template or procedure names: how failures are grouped. */
  readonly route: string;
  readonly method: string;
  /** Sent as latin1: may hold raw bytes and broken percent-encodings. */
  readonly target: string;
  readonly headers: readonly (readonly [string, string])[];
  /** The body's bytes as a latin1 string. */
  readonly body?: string | undefined;
  /** A body of this many bytes is appended at send time (too big to keep in the case). */
  readonly hugeBodyBytes?: number | undefined;
  readonly framing: 'auto' | 'chunked' | 'none';
  /** Default `HTTP/1.1`. */
  readonly version?: string | undefined;
  /** The request was damaged at the HTTP level (framing, headers, request line). */
  readonly corrupt: boolean;
  /** The request reaches a handler that reads its JSON body (right method, exact path). */
  readonly readsBody: boolean;
  readonly expect?: Expectation | undefined;
}

export interface FuzzKeys {
  readonly user: string;
  readonly operator: string;
}

const WORDS = (
  'the a service customer product review battery screen quick slow delivery price quality great terrible ' +
  'amazing poor love hate recommend return refund support team city river mountain report data model ' +
  'because however although result increase decrease percent million year month week Paris Alice Bob ' +
  'ignore previous instructions system prompt reveal secret 42 3.14 $149 2024 café naïve 東京 😀'
).split(' ');

const KNOWN_SEGMENTS = [
  ...(
    'v1 internal trpc text_processing process batch_status resilience cache docs redoc openapi.json ' +
    'health auth status config presets metrics .. . %2e%2e %2F ~ assets playground livez ' +
    'public.process internal.providers'
  ).split(' '),
  '',
];

const BROKEN_ENCODINGS = (
  '%ff %FF % %z %zz %c0%af %e0%80%af %ed%a0%80 %ed%bf%bf %f4%90%80%80 %00 %2e%2e %2f %5c %uD800 %25 ' +
  '%%ff %e2%82 %c3 %80 %fe%ff %0d%0a %3f %23'
).split(' ');

/** Byte sequences that are not UTF-8: bad lead bytes, overlongs, surrogates, past U+10FFFF, truncated. */
const INVALID_UTF8 = 'ff fe c0af e080af eda080 edbfbf f4908080 c3 80 f888808080 c328 e282'
  .split(' ')
  .map((hex) => Buffer.from(hex, 'hex'));

const HUGE_NUMBERS = (
  '1e309 -1e309 1e-400 -0 123456789012345678901234567890 9007199254740993 0.1e1 1E2 -1 2147483648 ' +
  '1e21 0.0000001 4294967296 -9223372036854775809 1.7976931348623157e308'
).split(' ');

const PATH_VALUES = (
  'simple development production staging summarize_text fast_development local:summarize ' +
  'openai:summarize_text unknown 0 -1 null undefined __proto__ constructor toString'
).split(' ');

const QUERY_KEYS = (
  '__proto__|__proto__[polluted]|constructor[prototype][polluted]|constructor|input|batch|text|' +
  'operation|batch_id|options[max_length]|options|a[]|a[0]|a.b||connectionParams'
).split('|');

const HEADER_NAMES = (
  'X-Request-ID Cache-Control Origin Accept Accept-Encoding X-Forwarded-For Cookie ' +
  'Content-Encoding Range If-None-Match Trpc-Accept Referer User-Agent X-Forwarded-Proto ' +
  'Accept-Language Forwarded X-HTTP-Method-Override Access-Control-Request-Method'
).split(' ');

const HEADER_VALUES = [
  ...(
    'no-cache|gzip|deflate, br|bytes=0-10|https://evil.example|null|*|text/html|application/jsonl|' +
    '127.0.0.1, 10.0.0.1|../../etc/passwd|req-id_1:2.3|http://localhost:8501|POST'
  ).split('|'),
  'a'.repeat(8000),
  'X'.repeat(200),
];

const CONTENT_TYPES = (
  'application/json; charset=utf-8|application/json; charset=latin1|APPLICATION/JSON|text/plain|' +
  'application/x-www-form-urlencoded|multipart/form-data; boundary=x|application/vnd.api+json|' +
  'application/jsonx|text/json||application/octet-stream|application/json, text/plain'
).split('|');

const latin1OfUtf8 = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const ALNUM = `${LOWER}ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789`;

/** Strings over `alphabet` (fc.stringMatching does the same, at a hundred times the cost). */
const token = (alphabet: string, minLength: number, maxLength: number, first = alphabet) =>
  fc
    .tuple(
      fc.constantFrom(...first),
      fc.string({
        unit: fc.constantFrom(...alphabet),
        minLength: Math.max(0, minLength - 1),
        maxLength: maxLength - 1,
      }),
    )
    .map(([head, rest]) => `${head}${rest}`);

const textArb: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .array(fc.constantFrom(...WORDS), { minLength: 3, maxLength: 80 })
      .map((words) => words.map((word, index) => (index % 9 === 8 ? `${word}.` : word)).join(' ')),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 10, maxLength: 120 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 10, maxLength: 120 }) },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.integer({ min: 0xd800, max: 0xdfff }), { minLength: 1, maxLength: 4 })
      .map((codes) => `Lone surrogates ${String.fromCharCode(...codes)} inside a sentence of text.`),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(' '.repeat(40), '\u0000'.repeat(12), 'a'.repeat(10_001), '\u200b'.repeat(30)),
  },
);

const deepNesting = fc
  .tuple(fc.constantFrom(64, 1000, 20_000, 100_000), fc.constantFrom('array', 'object'))
  .map(([depth, kind]) =>
    kind === 'array'
      ? new RawJson(`${'['.repeat(depth)}${']'.repeat(depth)}`)
      : new RawJson(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`),
  );

/** Values of the wrong type or at the edges, for any field. */
const wildValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 3, arbitrary: fc.constantFrom(...HUGE_NUMBERS).map((text) => new RawJson(text)) },
  { weight: 2, arbitrary: deepNesting },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      new RawJson('{"__proto__":{"polluted":true,"isAdmin":true}}'),
      new RawJson('{"constructor":{"prototype":{"polluted":true}}}'),
      new RawJson('{"toString":1,"valueOf":"x","hasOwnProperty":null}'),
      new RawJson('"\\ud800"'),
      new RawJson('"\\udfff\\ud800"'),
      new RawJson('"\\u0000"'),
      '',
      ' ',
      'x'.repeat(70_000),
      [],
      {},
      null,
      true,
    ),
  },
  { weight: 2, arbitrary: textArb },
);

function valueArb(surface: ApiSurface, schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  const resolved = surface.resolve(schema);
  if (resolved.const !== undefined) return fc.constant(resolved.const);
  if (resolved.enum && resolved.enum.length > 0) return fc.constantFrom(...resolved.enum);
  const variants = resolved.anyOf ?? resolved.oneOf;
  if (variants && variants.length > 0)
    return fc.oneof(...variants.map((variant) => valueArb(surface, variant, depth + 1)));
  if (Array.isArray(resolved.type)) {
    return fc.oneof(...resolved.type.map((type: string) => valueArb(surface, { ...resolved, type }, depth)));
  }
  switch (resolved.type) {
    case 'string': {
      const min = resolved.minLength ?? 0;
      if (min >= 10) return textArb;
      const max = Math.min(resolved.maxLength ?? 24, 24);
      return fc
        .oneof(
          token(`${LOWER}0123456789_:*.-`, 1, 15, LOWER),
          fc.constantFrom('*', 'summarize', 'local', 'simple', 'development', 'production', 'fast_development'),
          fc.string({ maxLength: max }),
        )
        .map((text) => text.slice(0, Math.max(max, min)).padEnd(min, 'x'));
    }
    case 'integer': {
      const min = resolved.minimum ?? -100;
      return fc.integer({ min, max: Math.min(resolved.maximum ?? 1000, min + 100) });
    }
    case 'number':
      return fc.double({ min: resolved.minimum ?? -1000, max: resolved.maximum ?? 1000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const min = resolved.minItems ?? 0;
      const max = Math.min(resolved.maxItems ?? 3, Math.max(min, 3));
      return fc.array(resolved.items ? valueArb(surface, resolved.items, depth + 1) : wildValue, {
        minLength: min,
        maxLength: max,
      });
    }
    case 'object':
    default: {
      if (depth > 3) return fc.constant({});
      if (!resolved.properties)
        return fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 });
      const required = new Set(resolved.required ?? []);
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, property] of Object.entries(resolved.properties))
        model[name] = valueArb(surface, property, depth + 1);
      return fc.record(model, { requiredKeys: [...required].filter((name) => name in model) });
    }
  }
}

/** The input a procedure (or REST operation) takes, as a schema: its body, else its path parameters. */
function inputSchemaOf(operation: RestOperation | undefined): JsonSchema | undefined {
  if (!operation) return undefined;
  if (operation.bodySchema) return operation.bodySchema;
  const parameters = [...operation.pathParameters, ...operation.queryParameters];
  if (parameters.length === 0) return undefined;
  return {
    type: 'object',
    properties: Object.fromEntries(parameters.map((parameter) => [parameter.name, parameter.schema])),
    required: operation.pathParameters.map((parameter) => parameter.name),
  };
}

/** A valid input, one with a field replaced by a wild value, or a wrong value altogether. */
function inputArb(surface: ApiSurface, schema: JsonSchema | undefined): fc.Arbitrary<unknown> {
  if (!schema) {
    return fc.oneof(
      { weight: 6, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.constant({}) },
      { weight: 1, arbitrary: wildValue },
    );
  }
  const valid = valueArb(surface, schema);
  const fieldNames = Object.keys(surface.resolve(schema).properties ?? {});
  const replaced = fc
    .tuple(
      valid,
      fc.constantFrom(...fieldNames, '__proto__', 'constructor', 'prototype', 'unknown_field', ''),
      wildValue,
    )
    .map(([value, key, wild]) => {
      const entries = new Map(typeof value === 'object' && value !== null ? Object.entries(value) : []);
      entries.set(key, wild);
      return entries;
    });
  return fc.oneof(
    { weight: 5, arbitrary: valid },
    { weight: 4, arbitrary: replaced },
    { weight: 1, arbitrary: wildValue },
  );
}

type BodyVariant = { readonly bytes: Buffer; readonly invalidUtf8: boolean };

/** The bytes of a JSON body: well-formed, or broken in one of the ways parsers trip over. */
function bodyBytesArb(input: fc.Arbitrary<unknown>): fc.Arbitrary<BodyVariant> {
  const text = input.map((value) => toJsonText(value));
  const utf8 = (value: string): BodyVariant => ({ bytes: Buffer.from(value, 'utf8'), invalidUtf8: false });
  return fc.oneof(
    { weight: 12, arbitrary: text.map(utf8) },
    {
      weight: 2,
      arbitrary: text.map((value) =>
        utf8(value.startsWith('{') ? `{"__proto__":{"polluted":true},${value.slice(1)}` : value),
      ),
    },
    {
      weight: 3,
      arbitrary: fc.tuple(text, fc.constantFrom(...INVALID_UTF8), fc.nat()).map(([value, sequence, at]) => {
        const bytes = Buffer.from(value, 'utf8');
        // Inside the first string literal when there is one, so only the encoding is wrong.
        const quote = bytes.indexOf(0x22, bytes.indexOf(0x3a) + 1);
        const position = quote >= 0 ? quote + 1 : at % (bytes.length + 1);
        return {
          bytes: Buffer.concat([bytes.subarray(0, position), Buffer.from(sequence), bytes.subarray(position)]),
          invalidUtf8: true,
        };
      }),
    },
    {
      weight: 3,
      arbitrary: fc.oneof(
        text.chain((value) => fc.nat({ max: Math.max(0, value.length - 1) }).map((cut) => utf8(value.slice(0, cut)))),
        text.map((value) => utf8(`\ufeff${value}`)),
        text.map((value) => utf8(`${value} trailing`)),
        text.map((value) => utf8(value.replace(':', ':\u0000'))),
        fc.string({ unit: 'binary-ascii', maxLength: 60 }).map((value) => ({
          bytes: Buffer.from(value, 'latin1'),
          invalidUtf8: /[\x80-\xff]/.test(value),
        })),
        fc
          .constantFrom('null', '""', '[]', '0', 'true', '{', '}', '{"a":}', '{"a":1,"a":2}', 'NaN', "{'a':1}")
          .map(utf8),
      ),
    },
  );
}

/** Methods of well-formed requests (a route's own method most of the time, see the blueprints). */
const methodArb = fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE');

/** Methods node's parser refuses or treats specially. */
const HOSTILE_METHODS = ['get', 'FOO', 'CONNECT', 'M-SEARCH', 'PROPFIND', 'PURGE', 'BREW', 'G ET', ''];

const pathValueArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: token(`${ALNUM}_.:-`, 1, 24) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(...PATH_VALUES),
  },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).map(encodeURIComponent) },
  {
    weight: 4,
    arbitrary: fc
      .array(fc.constantFrom(...BROKEN_ENCODINGS), { minLength: 1, maxLength: 3 })
      .map((parts) => `a${parts.join('')}`),
  },
  { weight: 1, arbitrary: fc.constantFrom(...BROKEN_ENCODINGS) },
  { weight: 1, arbitrary: fc.integer({ min: 129, max: 6000 }).map((length) => 'a'.repeat(length)) },
  { weight: 1, arbitrary: fc.constant('') },
);

/** A path parameter value is "plain" when the route must still match it. */
const isPlainSegment = (value: string) => /^[A-Za-z0-9_.:-]{1,100}$/.test(value) && value !== '.' && value !== '..';

const queryValueArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 16 }).map(encodeURIComponent) },
  { weight: 3, arbitrary: fc.constantFrom(...HUGE_NUMBERS, 'NaN', 'Infinity', 'true', 'null', '[]', '{}') },
  { weight: 3, arbitrary: fc.constantFrom(...BROKEN_ENCODINGS) },
  { weight: 1, arbitrary: fc.constant('x'.repeat(5000)) },
);

const queryKeyArb = fc.oneof(fc.constantFrom(...QUERY_KEYS), token(`${LOWER}_`, 1, 10));

const queryArb: fc.Arbitrary<string> = fc
  .array(fc.tuple(queryKeyArb, queryValueArb), { minLength: 1, maxLength: 5 })
  .map((pairs) => pairs.map(([key, value]) => `${key}=${value}`).join('&'));

function withQuery(path: string, query: string | null): string {
  if (query === null) return path;
  return `${path}${path.includes('?') ? '&' : '?'}${query}`;
}

/** Changes that make a path differ from its route while staying a valid request target. */
const pathMutationArb: fc.Arbitrary<{ readonly apply: (path: string) => string; readonly name: string } | null> =
  fc.option(
    fc.constantFrom(
      { name: 'trailing slash', apply: (path: string) => `${path}/` },
      { name: 'double slash', apply: (path: string) => `/${path}` },
      { name: 'upper case', apply: (path: string) => path.toUpperCase() },
      { name: 'dot segment', apply: (path: string) => path.replace('/', '/./') },
      { name: 'dot-dot', apply: (path: string) => `/v1/..${path}` },
      { name: 'encoded slash', apply: (path: string) => path.replace(/\/(?=[^/]*$)/, '%2F') },
      { name: 'matrix', apply: (path: string) => `${path};jsessionid=1` },
      { name: 'nul', apply: (path: string) => `${path}%00` },
      { name: 'absolute form', apply: (path: string) => `http://localhost${path}` },
      { name: 'broken encoding', apply: (path: string) => `${path}%ff` },
    ),
    { freq: 6 },
  );

const headerNameArb = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(...HEADER_NAMES),
  },
  { weight: 1, arbitrary: token(`${ALNUM}-`, 1, 21, ALNUM.slice(0, 52)) },
);

const headerValueArb = fc.oneof(
  { weight: 5, arbitrary: fc.string({ maxLength: 40 }).map((value) => value.trim()) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(...HEADER_VALUES),
  },
);

function authArb(keys: FuzzKeys, internal: boolean): fc.Arbitrary<(readonly [string, string])[]> {
  const good = internal ? keys.operator : keys.user;
  return fc
    .oneof(
      { weight: 5, arbitrary: fc.constant([['Authorization', `Bearer ${good}`] as const]) },
      { weight: 4, arbitrary: fc.constant([['X-API-Key', good] as const]) },
      {
        weight: 2,
        arbitrary: fc.constant([['Authorization', `Bearer ${internal ? keys.user : keys.operator}`] as const]),
      },
      { weight: 3, arbitrary: fc.constant([]) },
      {
        weight: 3,
        arbitrary: fc.oneof(
          fc
            .string({ minLength: 1, maxLength: 40 })
            .map((key) => [['Authorization', `Bearer ${key.trim() || 'x'}`] as const]),
          fc.string({ minLength: 1, maxLength: 40 }).map((key) => [['X-API-Key', key.trim() || 'x'] as const]),
          fc.constantFrom(
            [['Authorization', 'Bearer']] as const,
            [['Authorization', `Basic ${Buffer.from(`user:${good}`).toString('base64')}`]] as const,
            [['Authorization', `Bearer ${good} extra`]] as const,
            [['Authorization', `bearer\t${good}`]] as const,
            [['Authorization', good]] as const,
            [['Authorization', `Bearer ${'k'.repeat(10_000)}`]] as const,
            [['X-API-Key', `${good.toUpperCase()}`]] as const,
            [['X-API-Key', `${good} `]] as const,
            [
              ['Authorization', 'Bearer wrong-key'],
              ['X-API-Key', good],
            ] as const,
            [
              ['X-API-Key', good],
              ['X-API-Key', 'second'],
            ] as const,
            [
              ['Authorization', `Bearer ${good}`],
              ['Authorization', 'Bearer other'],
            ] as const,
          ),
        ),
      },
    )
    .map((headers) => headers.map(([name, value]) => [name, value] as const));
}

const contentTypeArb = fc.oneof(
  { weight: 12, arbitrary: fc.constant('application/json') },
  {
    weight: 3,
    arbitrary: fc.constantFrom(...CONTENT_TYPES),
  },
  { weight: 1, arbitrary: fc.constant(null) },
);

/**
 * Damage at the HTTP level, applied to an otherwise well-formed request (one or two at a time, so
 * the rest of the cases reach the routes). `expect` is what the answer must be when the damage is
 * the only one.
 */
interface Damage {
  readonly name: string;
  readonly apply: (request: DamageTarget, random: number) => DamageTarget;
  readonly expect?: Expectation;
  /** The expectation holds only when a handler reads the body. */
  readonly expectOnlyWhenBodyIsRead?: boolean;
}

interface DamageTarget {
  readonly method: string;
  readonly target: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Buffer | undefined;
  readonly framing: FuzzCase['framing'];
  readonly version?: string | undefined;
}

const pick = <T>(items: readonly T[], random: number): T => items[random % items.length] as T;
const addHeaders = (request: DamageTarget, ...headers: (readonly [string, string])[]): DamageTarget => ({
  ...request,
  headers: [...request.headers, ...headers],
});
const insertIntoTarget = (request: DamageTarget, text: string, random: number): DamageTarget => {
  const at = 1 + (random % Math.max(1, request.target.length - 1));
  return { ...request, target: `${request.target.slice(0, at)}${text}${request.target.slice(at)}` };
};
const withBody = (request: DamageTarget): Buffer => request.body ?? Buffer.from('{}');

const DAMAGES: readonly Damage[] = [
  { name: 'method', apply: (request, random) => ({ ...request, method: pick(HOSTILE_METHODS, random) }) },
  {
    name: 'raw bytes in target',
    apply: (request, random) =>
      insertIntoTarget(request, latin1OfUtf8(pick(['é', '東京', '😀', '\u0085', 'ÿ'], random)), random),
  },
  { name: 'raw space in target', apply: (request, random) => insertIntoTarget(request, ' x', random) },
  { name: 'fragment', apply: (request) => ({ ...request, target: `${request.target}#fragment` }) },
  { name: 'backslashes', apply: (request) => ({ ...request, target: request.target.replace(/\//g, '\\') }) },
  { name: 'control byte in target', apply: (request, random) => insertIntoTarget(request, '\x01', random) },
  {
    name: 'control byte in a header',
    apply: (request, random) =>
      addHeaders(request, ['X-Fuzz', `a${pick(['\x00', '\x07', '\x0b', '\x7f', '\x1b'], random)}b`]),
  },
  {
    name: 'obs-text in a header',
    apply: (request, random) => addHeaders(request, [pick(['X-Fuzz', 'X-API-Key', 'Origin'], random), '\xff\xfe\xe9']),
  },
  {
    name: 'broken header name',
    apply: (request, random) =>
      addHeaders(request, [pick(['Bad Header', 'X:Colon', 'X-Ünïcode', '', '(x)', 'X\x00'], random), 'v']),
  },
  {
    name: 'no Host',
    apply: (request) => ({ ...request, headers: request.headers.filter(([name]) => name !== 'Host') }),
  },
  {
    name: 'two Hosts',
    apply: (request) => addHeaders(request, ['Host', 'evil.example']),
  },
  { name: 'HTTP/1.0', apply: (request) => ({ ...request, version: 'HTTP/1.0' }) },
  { name: 'HTTP/2.0 text', apply: (request) => ({ ...request, version: 'HTTP/2.0' }) },
  { name: 'bad version', apply: (request) => ({ ...request, version: 'HTTP/1.1x' }) },
  {
    name: 'Expect',
    // 417 or ignoring it are both fine; node's own 417 has no body (the base property catches that).
    apply: (request, random) =>
      addHeaders(request, ['Expect', pick(['something-else', '100-continue, x', '200-ok'], random)]),
  },
  {
    name: 'header flood',
    apply: (request) =>
      addHeaders(request, ...Array.from({ length: 150 }, (_, index) => [`X-Flood-${index}`, 'x'] as const)),
    expect: { statuses: [431], why: 'more headers than MAX_HEADER_COUNT' },
  },
  {
    name: 'huge header',
    apply: (request) => addHeaders(request, ['X-Huge', 'h'.repeat(20_000)]),
    expect: { statuses: [431], why: 'headers larger than MAX_HEADER_BYTES' },
  },
  {
    name: 'huge target',
    apply: (request) => ({ ...request, target: withQuery(request.target, `pad=${'p'.repeat(20_000)}`) }),
    expect: { statuses: [414, 431], why: 'a request line larger than MAX_HEADER_BYTES' },
  },
  {
    name: 'Content-Length mismatch',
    apply: (request, random) => {
      const body = withBody(request);
      const length = pick(
        [String(Math.max(0, body.length - 3)), 'abc', '-1', ' 1e3', `${body.length}, ${body.length + 1}`],
        random,
      );
      return addHeaders({ ...request, body, framing: 'none' }, ['Content-Length', length]);
    },
  },
  {
    name: 'Content-Length and Transfer-Encoding',
    apply: (request) => {
      const body = withBody(request);
      return addHeaders({ ...request, body, framing: 'chunked' }, ['Content-Length', String(body.length)]);
    },
  },
  {
    name: 'bad Transfer-Encoding',
    apply: (request, random) =>
      addHeaders({ ...request, body: withBody(request), framing: 'none' }, [
        'Transfer-Encoding',
        pick(['gzip, chunked', 'identity', 'chunked, gzip', 'xchunked'], random),
      ]),
  },
  {
    // The body is shorter than announced: the server must give up at its request timeout (408).
    name: 'body shorter than announced',
    apply: (request) => {
      const body = withBody(request);
      return addHeaders({ ...request, body, framing: 'none' }, ['Content-Length', String(body.length + 50)]);
    },
    expect: { statuses: [400, 408], why: 'an incomplete body is a client error (408 after the request timeout)' },
    expectOnlyWhenBodyIsRead: true,
  },
  {
    name: 'broken chunk',
    apply: (request) => ({
      ...request,
      body: Buffer.from('zz\r\n{}\r\n0\r\n\r\n'),
      framing: 'none',
      headers: [...request.headers, ['Transfer-Encoding', 'chunked'] as const],
    }),
    expect: { statuses: [400], why: 'a malformed chunked body' },
    expectOnlyWhenBodyIsRead: true,
  },
];

interface Blueprint {
  readonly transport: Transport;
  readonly route: string;
  readonly method: string;
  readonly path: string;
  /** The path still names the route (no mutation, plain parameter values). */
  readonly exactPath: boolean;
  /** Methods the path is served with. */
  readonly allowedMethods: readonly string[];
  readonly internal: boolean;
  /** Whether the handler reads a JSON body (input in the body). */
  readonly readsBody: boolean;
  readonly input: fc.Arbitrary<unknown>;
  readonly bodyLimitBytes?: number | undefined;
}

/** Body limits per route (README, Security): batch MAX_REQUEST_SIZE, process 2 MiB, others 64 KiB. */
export const FUZZ_MAX_REQUEST_SIZE = 3 * 1024 * 1024;
const REST_BODY_LIMITS: Readonly<Record<string, number>> = {
  '/v1/text_processing/batch_process': FUZZ_MAX_REQUEST_SIZE,
  '/v1/text_processing/process': 2 * 1024 * 1024,
};
const DEFAULT_REST_BODY_LIMIT = 64 * 1024;

function restBlueprint(surface: ApiSurface, operation: RestOperation): fc.Arbitrary<Blueprint> {
  const allowed = surface.operations.filter((other) => other.path === operation.path).map((other) => other.method);
  const values = fc.tuple(...operation.pathParameters.map(() => pathValueArb));
  return fc
    .tuple(
      fc.oneof({ weight: 8, arbitrary: fc.constant(operation.method) }, { weight: 2, arbitrary: methodArb }),
      operation.pathParameters.length > 0 ? values : fc.constant([] as string[]),
      pathMutationArb,
    )
    .map(([method, parameterValues, mutation]) => {
      let path = operation.path;
      operation.pathParameters.forEach((parameter, index) => {
        path = path.replace(`{${parameter.name}}`, parameterValues[index] ?? 'x');
      });
      return {
        transport: 'rest' as const,
        route: operation.path,
        method,
        path: mutation ? mutation.apply(path) : path,
        exactPath: mutation === null && parameterValues.every(isPlainSegment),
        allowedMethods: allowed,
        internal: operation.document === 'internal',
        readsBody: operation.bodySchema !== undefined && method === operation.method,
        input: inputArb(surface, operation.bodySchema),
        bodyLimitBytes: REST_BODY_LIMITS[operation.path] ?? DEFAULT_REST_BODY_LIMIT,
      };
    });
}

function trpcBlueprint(surface: ApiSurface, procedure: TrpcProcedure): fc.Arbitrary<Blueprint> {
  const wanted = procedure.type === 'mutation' ? 'POST' : 'GET';
  return fc
    .tuple(
      fc.oneof({ weight: 8, arbitrary: fc.constant(wanted) }, { weight: 2, arbitrary: methodArb }),
      pathMutationArb,
    )
    .map(([method, mutation]) => {
      const path = `/trpc/${procedure.name}`;
      return {
        transport: 'trpc' as const,
        route: path,
        method,
        path: mutation ? mutation.apply(path) : path,
        exactPath: mutation === null,
        allowedMethods: [wanted],
        internal: procedure.name.startsWith('internal.'),
        readsBody: procedure.type === 'mutation' && method === 'POST' && inputSchemaOf(procedure.rest) !== undefined,
        input: inputArb(surface, inputSchemaOf(procedure.rest)),
      };
    });
}

function trpcBatchBlueprint(surface: ApiSurface): fc.Arbitrary<Blueprint> {
  const procedures = surface.procedures;
  return fc
    .tuple(fc.array(fc.constantFrom(...procedures), { minLength: 1, maxLength: 4 }), fc.boolean())
    .map(([chosen, useGet]) => {
      const names = chosen.map((procedure) => procedure.name).join(',');
      const inputs = fc.tuple(...chosen.map((procedure) => inputArb(surface, inputSchemaOf(procedure.rest))));
      return {
        transport: 'trpc-batch' as const,
        route: `/trpc/${names}`,
        method: useGet ? 'GET' : 'POST',
        path: `/trpc/${names}`,
        exactPath: true,
        allowedMethods: [],
        internal: chosen.some((procedure) => procedure.name.startsWith('internal.')),
        readsBody: !useGet,
        input: inputs.map((values) => new Map(values.map((value, index) => [String(index), value]))),
      };
    });
}

const PLAIN_PATHS = (
  '/ /livez /readyz /health /internal/metrics /openapi.json /internal/openapi.json /docs /redoc ' +
  '/internal/docs /internal/redoc /trpc /trpc/ /docs/init.js /playground'
).split(' ');

const plainBlueprint: fc.Arbitrary<Blueprint> = fc
  .tuple(
    fc.constantFrom(...PLAIN_PATHS),
    fc.oneof({ weight: 8, arbitrary: fc.constant('GET') }, { weight: 2, arbitrary: methodArb }),
  )
  .map(([path, method]) => ({
    transport: 'plain' as const,
    route: path,
    method,
    path,
    exactPath: false,
    allowedMethods: [],
    internal: path.startsWith('/internal'),
    readsBody: false,
    input: fc.constant(undefined),
  }));

const randomBlueprint: fc.Arbitrary<Blueprint> = fc
  .tuple(
    fc.array(
      fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...KNOWN_SEGMENTS) },
        { weight: 2, arbitrary: fc.string({ maxLength: 10 }).map(encodeURIComponent) },
        { weight: 2, arbitrary: fc.constantFrom(...BROKEN_ENCODINGS) },
        { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }).map(encodeURIComponent) },
      ),
      { minLength: 0, maxLength: 6 },
    ),
    methodArb,
  )
  .map(([segments, method]) => ({
    transport: 'random' as const,
    route: '(random path)',
    method,
    path: `/${segments.join('/')}`,
    exactPath: false,
    allowedMethods: [],
    internal: segments[0] === 'internal',
    readsBody: false,
    input: fc.constant(undefined),
  }));

const CLIENT_ERRORS = Array.from({ length: 100 }, (_, index) => 400 + index);

const WELL_FORMED_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'TRACE', 'OPTIONS', 'HEAD']);

/** A well-formed request for a blueprint: everything varies except the HTTP framing rules. */
function wellFormed(blueprint: Blueprint, keys: FuzzKeys): fc.Arbitrary<FuzzCase> {
  const isTrpcGet = blueprint.transport !== 'rest' && blueprint.method === 'GET';
  const inBody = blueprint.readsBody || (blueprint.transport === 'rest' && blueprint.method !== 'GET');
  return fc
    .record({
      input: blueprint.input,
      auth: authArb(keys, blueprint.internal),
      contentType: contentTypeArb,
      extraHeaders: fc.array(fc.tuple(headerNameArb, headerValueArb), { maxLength: 3 }),
      query: fc.option(queryArb, { freq: 4 }),
      bodyMode: fc.oneof(
        { weight: 30, arbitrary: fc.constant('normal' as const) },
        { weight: 2, arbitrary: fc.constant('none' as const) },
        { weight: 1, arbitrary: fc.constant('huge' as const) },
      ),
      chunked: fc.oneof({ weight: 12, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
      keepAlive: fc.oneof({ weight: 12, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    })
    .chain((parts) => {
      const inputText = parts.input === undefined ? undefined : toJsonText(parts.input);
      const bodyArb: fc.Arbitrary<BodyVariant | undefined> =
        inBody && parts.bodyMode === 'normal' && parts.input !== undefined
          ? bodyBytesArb(fc.constant(parts.input))
          : fc.constant(undefined);
      return bodyArb.map((body) => {
        let target = blueprint.path;
        if (isTrpcGet) {
          if (blueprint.transport === 'trpc-batch') target = withQuery(target, 'batch=1');
          if (inputText !== undefined) target = withQuery(target, `input=${encodeURIComponent(inputText)}`);
        }
        target = withQuery(target, parts.query);
        const headers: (readonly [string, string])[] = [['Host', 'localhost']];
        if (!parts.keepAlive) headers.push(['Connection', 'close']);
        headers.push(...parts.auth);
        const hugeBodyBytes =
          inBody && parts.bodyMode === 'huge' ? (blueprint.bodyLimitBytes ?? 64 * 1024) + 4096 : undefined;
        if ((body !== undefined && parts.contentType !== null) || hugeBodyBytes !== undefined) {
          headers.push(['Content-Type', hugeBodyBytes !== undefined ? 'application/json' : (parts.contentType ?? '')]);
        }
        headers.push(...parts.extraHeaders);
        const fuzzCase: FuzzCase = {
          transport: blueprint.transport,
          route: blueprint.route,
          method: blueprint.method,
          target,
          headers,
          body: body?.bytes.toString('latin1'),
          hugeBodyBytes,
          framing: body !== undefined && parts.chunked ? 'chunked' : 'auto',
          corrupt: false,
          readsBody: blueprint.readsBody && blueprint.exactPath,
          // Headers past MAX_HEADER_BYTES (a huge input in the URL) are refused before any route.
          expect:
            headers.reduce((sum, [name, value]) => sum + name.length + value.length + 4, target.length) > 12 * 1024
              ? undefined
              : expectationOf(blueprint, {
                  invalidUtf8: body?.invalidUtf8 ?? false,
                  huge: hugeBodyBytes !== undefined,
                }),
        };
        return fuzzCase;
      });
    });
}

/** The same request with one or two kinds of HTTP-level damage. */
function damaged(request: fc.Arbitrary<FuzzCase>): fc.Arbitrary<FuzzCase> {
  return fc
    .tuple(request, fc.array(fc.tuple(fc.constantFrom(...DAMAGES), fc.nat()), { minLength: 1, maxLength: 2 }))
    .map(([fuzzCase, damages]) => {
      let target: DamageTarget = {
        method: fuzzCase.method,
        target: fuzzCase.target,
        headers: fuzzCase.headers,
        body: fuzzCase.body === undefined ? undefined : Buffer.from(fuzzCase.body, 'latin1'),
        framing: fuzzCase.framing,
        version: fuzzCase.version,
      };
      for (const [damage, random] of damages) target = damage.apply(target, random);
      const only = damages.length === 1 || damages.every(([damage]) => damage === damages[0]?.[0]);
      const first = damages[0]?.[0];
      const expect =
        only &&
        first?.expect &&
        WELL_FORMED_METHODS.has(fuzzCase.method) &&
        fuzzCase.hugeBodyBytes === undefined &&
        (fuzzCase.readsBody || !first.expectOnlyWhenBodyIsRead)
          ? first.expect
          : undefined;
      return {
        ...fuzzCase,
        route: `${fuzzCase.route} [${damages.map(([damage]) => damage.name).join(' + ')}]`,
        method: target.method,
        target: target.target,
        headers: target.headers,
        body: target.body?.toString('latin1'),
        framing: target.framing,
        version: target.version,
        corrupt: true,
        expect,
      };
    });
}

function expectationOf(blueprint: Blueprint, facts: { invalidUtf8: boolean; huge: boolean }): Expectation | undefined {
  // REST: a path served with other methods answers 405. tRPC: GET on a mutation is 405 (other
  // methods may fail earlier, e.g. on the content type, which is fine).
  const wrongMethod =
    blueprint.exactPath &&
    blueprint.allowedMethods.length > 0 &&
    !blueprint.allowedMethods.includes(blueprint.method) &&
    (blueprint.transport === 'rest'
      ? ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(blueprint.method)
      : blueprint.method === 'GET');
  if (wrongMethod) return { statuses: [405], why: `${blueprint.method} is not a method of this path` };
  if (facts.huge && blueprint.transport === 'rest' && blueprint.readsBody && blueprint.exactPath) {
    return { statuses: [413], why: 'the body exceeds the route limit' };
  }
  if (facts.invalidUtf8 && blueprint.readsBody) {
    return { statuses: CLIENT_ERRORS, why: 'a JSON body that is not UTF-8 must be refused' };
  }
  return undefined;
}

/**
 * Every request the fuzzer sends comes from this arbitrary: three in four are well-formed HTTP
 * aimed at a route (REST, tRPC, tRPC batch, plain or random paths), one in four is damaged at
 * the HTTP level.
 */
export function createCaseArbitrary(surface: ApiSurface, keys: FuzzKeys): fc.Arbitrary<FuzzCase> {
  const rest = fc.constantFrom(...surface.operations).chain((operation) => restBlueprint(surface, operation));
  const trpc = fc.constantFrom(...surface.procedures).chain((procedure) => trpcBlueprint(surface, procedure));
  const blueprint = fc.oneof(
    { weight: 45, arbitrary: rest },
    { weight: 30, arbitrary: trpc },
    { weight: 8, arbitrary: trpcBatchBlueprint(surface) },
    { weight: 7, arbitrary: plainBlueprint },
    { weight: 10, arbitrary: randomBlueprint },
  );
  const request = blueprint.chain((chosen) => wellFormed(chosen, keys));
  return fc.oneof({ weight: 3, arbitrary: request }, { weight: 1, arbitrary: damaged(request) });
}

/** The seed of case `index` of a run: each case can be generated (and replayed) alone. */
export function caseSeed(seed: number, index: number): number {
  let value = (seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0;
  value = Math.imul(value ^ (value >>> 16), 0x85ebca6b) >>> 0;
  value = Math.imul(value ^ (value >>> 13), 0xc2b2ae35) >>> 0;
  return (value ^ (value >>> 16)) | 0;
}

export function generateCase(arbitrary: fc.Arbitrary<FuzzCase>, seed: number, index: number): FuzzCase {
  const [generated] = fc.sample(arbitrary, { seed: caseSeed(seed, index), numRuns: 1 });
  if (!generated) throw new Error(`No case generated for index ${index}`);
  return generated;
}

function hugeBody(bytes: number): Buffer {
  const head = Buffer.from('{"text":"');
  const tail = Buffer.from('","operation":"summarize"}');
  return Buffer.concat([head, Buffer.alloc(Math.max(0, bytes - head.length - tail.length), 0x61), tail]);
}

/** The request's bytes, in pieces small enough that a server answering early is noticed. */
export function toRequestChunks(fuzzCase: FuzzCase): Buffer[] {
  const body =
    fuzzCase.hugeBodyBytes !== undefined
      ? hugeBody(fuzzCase.hugeBodyBytes)
      : fuzzCase.body === undefined
        ? undefined
        : Buffer.from(fuzzCase.body, 'latin1');
  const bytes = toRequestBytes({
    method: fuzzCase.method,
    target: fuzzCase.target,
    headers: fuzzCase.headers,
    body,
    framing: fuzzCase.framing,
    version: fuzzCase.version,
  });
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += 256 * 1024)
    chunks.push(bytes.subarray(offset, offset + 256 * 1024));
  return chunks;
}

/** Large requests are sent to the end even after an early answer: a reset must not cut them. */
export function isLargeUpload(fuzzCase: FuzzCase): boolean {
  return fuzzCase.hugeBodyBytes !== undefined || fuzzCase.target.length + (fuzzCase.body?.length ?? 0) > 64 * 1024;
}

/** A shell line that sends the same bytes: `printf '…' | nc 127.0.0.1 PORT`. */
export function toReproduction(fuzzCase: FuzzCase, port: number | string = '$PORT'): string {
  const printable = { ...fuzzCase, hugeBodyBytes: undefined };
  let bytes = Buffer.concat(toRequestChunks(printable));
  let note = '';
  if (fuzzCase.hugeBodyBytes !== undefined)
    note = ` # plus a ${fuzzCase.hugeBodyBytes}-byte JSON body {"text":"aaa…","operation":"summarize"} with its Content-Length`;
  if (bytes.length > 600) {
    note = `${note} # truncated from ${bytes.length} bytes`;
    bytes = bytes.subarray(0, 600);
  }
  let escaped = '';
  for (const byte of bytes) {
    if (byte === 0x0d) escaped += '\\r';
    else if (byte === 0x0a) escaped += '\\n';
    else if (byte === 0x25) escaped += '%%';
    else if (byte === 0x5c) escaped += '\\\\';
    else if (byte === 0x27) escaped += '\\x27';
    else if (byte >= 0x20 && byte < 0x7f) escaped += String.fromCharCode(byte);
    else escaped += `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return `printf '${escaped}' | nc 127.0.0.1 ${port}${note}`;
}
