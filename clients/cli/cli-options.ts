/** The CLI's commands and flags, parsed with `node:util` `parseArgs`. */
import { parseArgs } from 'node:util';
import { CliError, EXIT } from './cli-error.js';

const OPTIONS = {
  url: { type: 'string' },
  'api-key': { type: 'string' },
  timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
  op: { type: 'string' },
  text: { type: 'string', short: 't' },
  file: { type: 'string', short: 'f' },
  question: { type: 'string', short: 'q' },
  'max-length': { type: 'string' },
  'max-points': { type: 'string' },
  'num-questions': { type: 'string' },
  'no-cache': { type: 'boolean' },
  stream: { type: 'boolean' },
  format: { type: 'string' },
  output: { type: 'string', short: 'o' },
  'chunk-size': { type: 'string' },
  concurrency: { type: 'string' },
  'retry-failed': { type: 'boolean' },
  'no-progress': { type: 'boolean' },
} as const;

type OptionName = keyof typeof OPTIONS;

export const COMMANDS = ['process', 'batch', 'health', 'presets'] as const;
export type CommandName = (typeof COMMANDS)[number];

const GLOBAL: readonly OptionName[] = ['url', 'api-key', 'timeout', 'help'];
const PROCESSING: readonly OptionName[] = ['op', 'question', 'max-length', 'max-points', 'num-questions'];

const COMMAND_OPTIONS: Record<CommandName, readonly OptionName[]> = {
  process: [...GLOBAL, ...PROCESSING, 'text', 'file', 'json', 'no-cache', 'stream'],
  batch: [
    ...GLOBAL,
    ...PROCESSING,
    'file',
    'format',
    'output',
    'chunk-size',
    'concurrency',
    'retry-failed',
    'no-progress',
  ],
  health: [...GLOBAL, 'json'],
  presets: [...GLOBAL, 'json'],
};

function parse(argv: readonly string[]) {
  return parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
}

export type CliValues = ReturnType<typeof parse>['values'];

export interface ParsedCommandLine {
  /** Undefined when no command was given (help is shown). */
  readonly command: CommandName | undefined;
  readonly values: CliValues;
  /** Positionals after the command (the input file of `batch`). */
  readonly operands: readonly string[];
}

function isCommand(name: string | undefined): name is CommandName {
  return (COMMANDS as readonly string[]).includes(name ?? '');
}

export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error), EXIT.usage);
  }
  const [name, ...operands] = parsed.positionals;
  if (name === undefined) return { command: undefined, values: parsed.values, operands };
  if (!isCommand(name)) throw new CliError(`unknown command "${name}" (commands: ${COMMANDS.join(', ')})`, EXIT.usage);
  const allowed = COMMAND_OPTIONS[name];
  const stray = (Object.keys(parsed.values) as OptionName[]).find((option) => !allowed.includes(option));
  if (stray) throw new CliError(`--${stray} is not an option of "${name}" (see ai-text ${name} --help)`, EXIT.usage);
  const maxOperands = name === 'batch' ? 1 : 0;
  if (operands.length > maxOperands) throw new CliError(`unexpected argument "${operands[maxOperands]}"`, EXIT.usage);
  return { command: name, values: parsed.values, operands };
}

/** A whole number flag within bounds, or undefined when absent. */
export function readInteger(
  values: CliValues,
  name: OptionName,
  bounds: { readonly min: number; readonly max: number },
): number | undefined {
  const raw = values[name];
  if (raw === undefined || typeof raw === 'boolean') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < bounds.min || value > bounds.max) {
    throw new CliError(
      `--${name} must be a whole number from ${bounds.min} to ${bounds.max} (got "${raw}")`,
      EXIT.usage,
    );
  }
  return value;
}
