/** Reads the items of `ai-text batch` from JSON lines, CSV or plain text. */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Schemas } from '../rest/rest-client.js';
import { CliError, EXIT } from './cli-error.js';
import { parseCsv } from './parse-csv.js';
import type { ProcessingFlags } from './processing-flags.js';

export const BATCH_INPUT_FORMATS = ['jsonl', 'csv', 'text'] as const;
export type BatchInputFormat = (typeof BATCH_INPUT_FORMATS)[number];

export interface BatchInputItem {
  /** Position among the file's items, from 0. */
  readonly index: number;
  /** The item's own `id` (JSON lines and CSV), copied to its result. */
  readonly id?: string;
  readonly request: Schemas['BatchItemRequest'];
  /** Identifies the request, so a resumed run can tell its output belongs to this input. */
  readonly fingerprint: string;
}

interface RawItem {
  readonly text: string;
  readonly operation?: string;
  readonly question?: string;
  readonly options?: Record<string, unknown>;
  readonly id?: string;
}

export function toBatchInputFormat(path: string, explicit: string | undefined): BatchInputFormat {
  if (explicit !== undefined) {
    if ((BATCH_INPUT_FORMATS as readonly string[]).includes(explicit)) return explicit as BatchInputFormat;
    throw new CliError(`unknown --format "${explicit}" (formats: ${BATCH_INPUT_FORMATS.join(', ')})`, EXIT.usage);
  }
  const extension = extname(path).toLowerCase();
  if (extension === '.jsonl' || extension === '.ndjson') return 'jsonl';
  if (extension === '.csv') return 'csv';
  return 'text';
}

const optionalString = (value: unknown) =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;

function fromJsonLines(content: string): RawItem[] {
  const items: RawItem[] = [];
  content.split('\n').forEach((line, lineIndex) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new CliError(`line ${lineIndex + 1} is not valid JSON`, EXIT.usage);
    }
    if (typeof value === 'string') {
      items.push({ text: value });
      return;
    }
    if (typeof value !== 'object' || value === null || typeof (value as { text?: unknown }).text !== 'string') {
      throw new CliError(`line ${lineIndex + 1} needs a "text" string`, EXIT.usage);
    }
    const record = value as Record<string, unknown>;
    const options = record.options;
    items.push({
      text: record.text as string,
      operation: optionalString(record.operation),
      question: optionalString(record.question),
      options: typeof options === 'object' && options !== null ? (options as Record<string, unknown>) : undefined,
      id: optionalString(record.id),
    });
  });
  return items;
}

function fromCsv(content: string): RawItem[] {
  let rows: string[][];
  try {
    rows = parseCsv(content);
  } catch (error) {
    throw new CliError(`invalid CSV: ${error instanceof Error ? error.message : String(error)}`, EXIT.usage);
  }
  const [header, ...records] = rows;
  const columns = (header ?? []).map((name) => name.trim().toLowerCase());
  const column = (name: string) => columns.indexOf(name);
  if (column('text') < 0) throw new CliError('the CSV needs a header row with a "text" column', EXIT.usage);
  const cell = (record: string[], name: string) => {
    const value = column(name) < 0 ? undefined : record[column(name)]?.trim();
    return value === '' ? undefined : value;
  };
  return records.map((record) => ({
    text: record[column('text')] ?? '',
    operation: cell(record, 'operation'),
    question: cell(record, 'question'),
    id: cell(record, 'id'),
  }));
}

function fromPlainText(content: string): RawItem[] {
  return content
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((text) => ({ text }));
}

function fingerprintOf(request: Schemas['BatchItemRequest']): string {
  const identity = JSON.stringify([request.operation, request.question ?? null, request.options ?? null, request.text]);
  return createHash('sha256').update(identity).digest('hex').slice(0, 16);
}

/** Items of the given content; flags fill in what an item leaves out. */
export function parseBatchInput(content: string, format: BatchInputFormat, flags: ProcessingFlags): BatchInputItem[] {
  const raw =
    format === 'jsonl' ? fromJsonLines(content) : format === 'csv' ? fromCsv(content) : fromPlainText(content);
  return raw.map((item, index) => {
    const operation = item.operation ?? flags.operation;
    if (!operation) throw new CliError(`item ${index + 1} has no operation: pass --op`, EXIT.usage);
    const question = item.question ?? flags.question;
    const options = item.options ?? flags.options;
    const request: Schemas['BatchItemRequest'] = {
      text: item.text,
      operation,
      ...(question !== undefined ? { question } : {}),
      ...(options !== undefined ? { options } : {}),
    };
    return { index, ...(item.id !== undefined ? { id: item.id } : {}), request, fingerprint: fingerprintOf(request) };
  });
}

export async function loadBatchInput(
  path: string,
  format: BatchInputFormat,
  flags: ProcessingFlags,
): Promise<BatchInputItem[]> {
  let content: string;
  try {
    content = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new CliError(`cannot read ${path}${code ? ` (${code})` : ''}`, EXIT.usage, { cause: error });
  }
  const items = parseBatchInput(content, format, flags);
  if (items.length === 0) throw new CliError(`${path} has no items`, EXIT.usage);
  return items;
}
