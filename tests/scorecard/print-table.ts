/**
 * Prints every `scorecard-results/*.json` as one Markdown table: scenario, figure, value, target,
 * pass. Run by `make scorecard` after the suites; `node --import tsx tests/scorecard/print-table.ts
 * [directory]`. Exits 1 when a figure misses its target or a file cannot be read, so the make
 * target fails visibly. Reads the shape `record.ts` and `reliability-record.ts` write, and tolerates close
 * variants (`name`/`figure`/`metric`, `scenario`/`suite`/`title`, figures as a list or an object).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESULTS_DIRECTORY } from './record.js';

export interface TableRow {
  readonly scenario: string;
  readonly figure: string;
  readonly value: string;
  readonly target: string;
  /** `yes`, `NO`, or empty when the figure has no target. */
  readonly pass: string;
}

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function text(value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'number') return Number.isInteger(value) ? value.toLocaleString('en-US') : String(value);
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

function passText(value: unknown): string {
  if (value === true || value === 'pass' || value === 'yes') return 'yes';
  if (value === false || value === 'fail' || value === 'no') return 'NO';
  return '';
}

function firstString(record: Json, keys: readonly string[]): string | undefined {
  for (const key of keys) if (typeof record[key] === 'string') return record[key];
  return undefined;
}

/** The figures of one result file, as a list whatever shape they were written in. */
function figuresOf(record: Json): Json[] {
  const raw = record.figures ?? record.results ?? record.metrics;
  if (Array.isArray(raw)) return raw.filter(isRecord);
  if (isRecord(raw)) {
    return Object.entries(raw).map(([name, entry]) => (isRecord(entry) ? { name, ...entry } : { name, value: entry }));
  }
  return [];
}

/** The rows of one parsed result file (one scenario, or a suite holding several). */
export function toRows(record: unknown, fallbackName: string): TableRow[] {
  if (Array.isArray(record)) return record.flatMap((entry) => toRows(entry, fallbackName));
  if (!isRecord(record)) return [];
  if (Array.isArray(record.scenarios)) {
    return record.scenarios.flatMap((entry) => toRows(entry, firstString(record, ['suite']) ?? fallbackName));
  }
  const named = firstString(record, ['scenario', 'title', 'name', 'suite']) ?? fallbackName;
  const scenario = record.scale === 'default' ? `${named} (fast subset)` : named;
  return figuresOf(record).map((figure) => {
    const unit = typeof figure.unit === 'string' && figure.unit !== '' ? ` ${figure.unit}` : '';
    const value = figure.value ?? figure.actual ?? figure.measured;
    return {
      scenario,
      figure: firstString(figure, ['name', 'figure', 'metric', 'label']) ?? '?',
      value: value === undefined || value === null ? '—' : `${text(value)}${unit}`,
      target: text(figure.target ?? figure.expected ?? ''),
      pass: passText(figure.pass ?? figure.ok ?? figure.passed),
    };
  });
}

const escapeCell = (cell: string) => cell.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function toMarkdownTable(rows: readonly TableRow[]): string {
  const header = ['Scenario', 'Figure', 'Value', 'Target', 'Pass'];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  let previous = '';
  for (const row of rows) {
    const scenario = row.scenario === previous ? '' : row.scenario;
    previous = row.scenario;
    const cells = [scenario, row.figure, row.value, row.target === '—' ? '' : row.target, row.pass];
    lines.push(`| ${cells.map(escapeCell).join(' | ')} |`);
  }
  return lines.join('\n');
}

function main(directory: string): number {
  let files: string[];
  try {
    files = readdirSync(directory)
      .filter((file) => file.endsWith('.json'))
      .sort();
  } catch {
    process.stderr.write(`No results in ${directory}: run the scorecard suites first.\n`);
    return 1;
  }
  const rows: TableRow[] = [];
  const unreadable: string[] = [];
  for (const file of files) {
    try {
      rows.push(...toRows(JSON.parse(readFileSync(join(directory, file), 'utf8')), file.replace(/\.json$/, '')));
    } catch (error) {
      unreadable.push(`${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const missed = rows.filter((row) => row.pass === 'NO');
  const held = rows.filter((row) => row.pass === 'yes').length;
  process.stdout.write(`${toMarkdownTable(rows)}\n\n`);
  process.stdout.write(
    `${files.length} result files, ${rows.length} figures: ${held} meet their target, ${missed.length} miss it.\n`,
  );
  for (const problem of unreadable) process.stderr.write(`Unreadable: ${problem}\n`);
  return missed.length > 0 || unreadable.length > 0 ? 1 : 0;
}

if (process.argv[1]?.endsWith('print-table.ts')) {
  process.exitCode = main(process.argv[2] ?? RESULTS_DIRECTORY);
}
