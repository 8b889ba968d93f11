import { execFileSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import winston from 'winston';
import { createLogger, type LogLevel } from '../../infra/logger.js';

type Call = readonly [LogLevel, string, Record<string, unknown>?];

const circular: Record<string, unknown> = { name: 'loop' };
circular.self = circular;
const error = new Error('boom', { cause: new Error('root') });

const CALLS: readonly Call[] = [
  [
    'info',
    'Request completed: POST /v1/text_processing/process 200 430 0.7ms [req_id: 6726b395]',
    { requestId: '6726b395', method: 'POST', path: '/v1/text_processing/process', status: 200, durationMs: 0.71 },
  ],
  [
    'info',
    'the same shape of record again, other values',
    { requestId: 'a "quoted" id', method: 'GET', path: '/v1/health', status: 404, durationMs: 12 },
  ],
  ['warn', 'no fields'],
  ['error', 'with an empty record', {}],
  ['info', 'fields named like the record', { level: 'fake', message: 'extra', timestamp: '2020-01-01T00:00:00.000Z' }],
  ['info', 'a falsy timestamp is replaced', { timestamp: '' }],
  ['info', 'printf %s tokens drop the fields', { requestId: 'kept out' }],
  ['info', 'path with %d in it', { path: '/v1/%do' }],
  ['info', 'odd values', { nan: Number.NaN, infinite: -Infinity, zero: -0, nothing: null, gone: undefined, yes: true }],
  ['info', 'keys that objects reorder', { 10: 'ten', 2: 'two', b: 1, a: 2, Z: 3, __proto__x: 4 }],
  ['info', 'strings to escape', { text: 'quote " backslash \\ newline \n tab \t nul \u0000 lone \ud800 emoji 😀 é' }],
  ['info', 'nested values', { nested: { b: 1, a: [3, { d: 4, c: 5 }] }, list: [1, 'two'] }],
  ['info', 'a bigint', { big: 12345678901234567890n }],
  ['info', 'a function and a symbol', { fn: () => 1, sym: Symbol('s'), kept: 'yes' }],
  ['info', 'a circular record', { circular }],
  ['error', 'an error as the fields', error as unknown as Record<string, unknown>],
  ['error', 'a stack field', { stack: 'Error: x\n    at y', error: 'x' }],
  ['warn', 'fields with a message', { message: 'and more', code: 7 }],
];

/** The lines winston itself writes for the same calls, through a stream transport. */
async function winstonLines(calls: readonly Call[]): Promise<string[]> {
  let written = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written += chunk.toString('utf8');
      done();
    },
  });
  const logger = winston.createLogger({
    level: 'debug',
    format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
    transports: [new winston.transports.Stream({ stream })],
  });
  for (const [level, message, fields] of calls) logger.log(level, message, fields ?? {});
  for (let tick = 0; tick < 10; tick += 1) await new Promise((resolve) => setImmediate(resolve));
  return written.split('\n').filter(Boolean);
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('createLogger with JSON output', () => {
  let written: string[];

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-03-01T12:34:56.789Z') });
    written = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    });
  });

  afterEach(() => {
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  it('writes, byte for byte, the lines winston writes for the same calls', async () => {
    const logger = createLogger({ level: 'debug', format: 'json' });
    for (const [level, message, fields] of CALLS) logger[level](message, fields);
    await nextTurn();
    const ours = written.join('').split('\n').filter(Boolean);
    vi.restoreAllMocks();
    expect(ours).toEqual(await winstonLines(CALLS));
    expect(ours).toHaveLength(CALLS.length);
  });

  it('writes the access-log line with sorted keys and the timestamp', async () => {
    const logger = createLogger({ level: 'info', format: 'json' });
    logger.info('Request completed', { status: 200, method: 'GET' });
    await nextTurn();
    expect(written).toEqual([
      '{"level":"info","message":"Request completed","method":"GET","status":200,"timestamp":"2026-03-01T12:34:56.789Z"}\n',
    ]);
  });

  it('writes nothing below its level or when silent', async () => {
    createLogger({ level: 'warn', format: 'json' }).info('hidden', { a: 1 });
    createLogger({ level: 'debug', format: 'json', silent: true }).error('hidden too');
    await nextTurn();
    expect(written).toEqual([]);
  });

  it('writes the lines of one event-loop turn in one write, in order', async () => {
    const logger = createLogger({ level: 'info', format: 'json' });
    logger.info('first');
    logger.info('second');
    expect(written).toEqual([]);
    await nextTurn();
    expect(written).toHaveLength(1);
    expect(
      written[0]
        ?.split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as { message: string }).message),
    ).toEqual(['first', 'second']);
  });

  it('writes a warning at once, after the lines already pending', () => {
    const logger = createLogger({ level: 'info', format: 'json' });
    logger.info('pending');
    logger.warn('urgent');
    const lines = written.join('').split('\n').filter(Boolean);
    expect(lines.map((line) => (JSON.parse(line) as { message: string }).message)).toEqual(['pending', 'urgent']);
  });
});

describe('createLogger in a process that exits', () => {
  it('writes the pending lines before the process ends', () => {
    const script = [
      "import { createLogger } from './infra/logger.ts';",
      "const logger = createLogger({ level: 'info', format: 'json' });",
      "logger.info('last words', { code: 0 });",
      'process.exit(0);',
    ].join('\n');
    const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: new URL('../..', import.meta.url),
      encoding: 'utf8',
    });
    expect(output).toContain('"message":"last words"');
  });
});
