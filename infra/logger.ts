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
  const write = (level: LogLevel) => (message: string, fields?: Record<string, unknown>) => {
    if (isEnabled(level)) winstonLogger.log(level, message, fields ?? {});
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error'), isEnabled };
}
