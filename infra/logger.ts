import { EOL } from 'node:os';
import winston from 'winston';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** Whether a level would be written, so callers can skip building fields on the hot path. */
  isEnabled(level: LogLevel): boolean;
}

export interface LoggerOptions {
  readonly level: LogLevel;
  /** `json` for machines (production), `pretty` for people (development). */
  readonly format: 'json' | 'pretty';
  /** Extra winston transports (tests collect lines with one). */
  readonly transports?: winston.transport[];
  readonly silent?: boolean;
}

const SEVERITY: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };
const LEVEL = Symbol.for('level');
const SPLAT = Symbol.for('splat');
const MESSAGE = Symbol.for('message');
/** winston's printf tokens: a message with one keeps its fields out of the line. */
const PRINTF_TOKEN = /%[scdjifoO%]/;

type Info = Record<string | symbol, unknown>;

/** The record winston's `logger.log(level, message, fields)` builds. */
function toInfo(level: LogLevel, message: string, fields: Record<string, unknown>): Info {
  if (PRINTF_TOKEN.test(message)) return { [LEVEL]: level, [SPLAT]: [fields], level, message };
  const info: Info = { ...fields, [LEVEL]: level, [SPLAT]: [fields], level, message };
  if (fields.message) info.message = `${message} ${fields.message as string}`;
  if (fields.stack) info.stack = fields.stack;
  if (fields.cause) info.cause = fields.cause;
  return info;
}

type LineLayout = readonly (readonly [name: string, encoded: string])[];

/**
 * The keys of a line in logform's order (sorted, record fields included), each with its JSON form,
 * remembered per shape of record: a service logs few shapes (at most `limit` are kept).
 */
function createLineLayouts(limit = 256): (fieldNames: readonly string[]) => LineLayout {
  const layouts = new Map<string, LineLayout>();
  return (fieldNames) => {
    const signature = fieldNames.join('\u0000');
    let layout = layouts.get(signature);
    if (!layout) {
      const names = fieldNames.filter((name) => name !== 'level' && name !== 'message' && name !== 'timestamp');
      names.push('level', 'message', 'timestamp');
      names.sort();
      layout = names.map((name) => [name, JSON.stringify(name)] as const);
      if (layouts.size < limit) layouts.set(signature, layout);
    }
    return layout;
  };
}

/**
 * The line logform's `json()` writes for winston's record (keys sorted, `timestamp` added unless
 * the fields bring one) when every value is a string, number, boolean, null or undefined — an
 * access-log line, for one — built directly; undefined for anything else.
 */
function toFlatJson(
  level: LogLevel,
  message: string,
  fields: Record<string, unknown>,
  lineLayout: (fieldNames: readonly string[]) => LineLayout,
): string | undefined {
  if (fields.stack !== undefined || fields.cause !== undefined) return undefined;
  const printf = PRINTF_TOKEN.test(message);
  let json = '';
  for (const [name, encodedName] of lineLayout(printf ? [] : Object.keys(fields))) {
    let value: unknown;
    if (name === 'level') value = level;
    else if (name === 'message') value = !printf && fields.message ? `${message} ${fields.message as string}` : message;
    else if (name === 'timestamp') {
      const own =
        !printf && Object.prototype.propertyIsEnumerable.call(fields, 'timestamp') ? fields.timestamp : undefined;
      value = own || new Date().toISOString();
    } else value = fields[name];
    if (value === undefined) continue;
    if (value !== null && typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      return undefined;
    }
    json += `${json === '' ? '{' : ','}${encodedName}:${JSON.stringify(value)}`;
  }
  return `${json}}`;
}

/**
 * JSON lines on stdout exactly as winston's Console transport writes them, without winston's two
 * object streams and per-line timer, and without logform's general serialiser for flat records:
 * about a third of the cost of an access-log line. Other records go through winston's record
 * and the same logform formats. Lines are written once per event-loop turn (`createLineBuffer`).
 */
function createJsonWriter(format: winston.Logform.Format) {
  const output = createLineBuffer((text) => process.stdout.write(text));
  const lineLayout = createLineLayouts();
  return (level: LogLevel, message: string, fields: Record<string, unknown>) => {
    let line = toFlatJson(level, message, fields, lineLayout);
    if (line === undefined) {
      const info = toInfo(level, message, fields) as unknown as winston.Logform.TransformableInfo;
      const formatted = format.transform(info, format.options) as Info | boolean;
      if (typeof formatted !== 'object') return;
      line = String(formatted[MESSAGE]);
    }
    output.push(`${line}${EOL}`, level === 'error' || level === 'warn');
  };
}

/** Flush before this many characters are pending. */
const BUFFER_LIMIT = 64 * 1024;

/**
 * The lines of one event-loop turn, written together at its end: one write to stdout per turn
 * instead of one per access-log line (under load, dozens of requests finish per turn). Warnings
 * and errors are written at once, after what is pending, and an exiting process writes what is
 * pending first, so no line is lost or reordered.
 */
function createLineBuffer(write: (text: string) => void) {
  let pending = '';
  const flush = () => {
    if (pending === '') return;
    const text = pending;
    pending = '';
    process.off('exit', flush);
    write(text);
  };
  return {
    push(line: string, urgent: boolean) {
      if (pending === '') {
        setImmediate(flush);
        process.once('exit', flush);
      }
      pending += line;
      if (urgent || pending.length >= BUFFER_LIMIT) flush();
    },
  };
}

/** A winston logger behind a small interface. Suppressed levels cost one comparison. */
export function createLogger(options: LoggerOptions): Logger {
  const format =
    options.format === 'json'
      ? winston.format.combine(winston.format.timestamp(), winston.format.json())
      : winston.format.combine(
          winston.format.timestamp({ format: 'HH:mm:ss.SSS' }),
          winston.format.colorize(),
          winston.format.printf(({ timestamp, level, message, ...fields }) => {
            const extra = Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
            return `${String(timestamp)} ${level} ${String(message)}${extra}`;
          }),
        );
  const winstonLogger = winston.createLogger({
    level: options.level,
    format,
    silent: options.silent ?? false,
    transports: options.transports ?? [new winston.transports.Console()],
  });
  const threshold = options.silent ? -1 : SEVERITY[options.level];
  const isEnabled = (level: LogLevel) => SEVERITY[level] <= threshold;
  const direct = options.format === 'json' && !options.transports ? createJsonWriter(format) : undefined;
  const write = (level: LogLevel) => (message: string, fields?: Record<string, unknown>) => {
    if (!isEnabled(level)) return;
    if (direct) direct(level, message, fields ?? {});
    else winstonLogger.log(level, message, fields ?? {});
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error'), isEnabled };
}
