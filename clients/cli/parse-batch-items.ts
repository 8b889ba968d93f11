/**
 * The items of a batch file as written: JSON lines, CSV with a header row, or one text per line.
 * Browser-safe (no Node APIs): the CLI's `batch` command and the web playground both read with it.
 */
import { parseCsv } from './parse-csv.js';

export const BATCH_INPUT_FORMATS = ['jsonl', 'csv', 'text'] as const;
export type BatchInputFormat = (typeof BATCH_INPUT_FORMATS)[number];

/** One item as the file gives it; what it leaves out is filled in by the caller. */
export interface BatchItemFields {
  readonly text: string;
  readonly operation?: string;
  readonly question?: string;
  readonly options?: Record<string, unknown>;
  readonly id?: string;
}

/** The content cannot be read as the format says; the message names the line or column. */
export class BatchItemsError extends Error {
  override readonly name = 'BatchItemsError';
}

export function isBatchItemsError(error: unknown): error is BatchItemsError {
  return error instanceof BatchItemsError;
}

const optionalString = (value: unknown) =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;

function fromJsonLines(content: string): BatchItemFields[] {
  const items: BatchItemFields[] = [];
  content.split('\n').forEach((line, lineIndex) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new BatchItemsError(`line ${lineIndex + 1} is not valid JSON`);
    }
    if (typeof value === 'string') {
      items.push({ text: value });
      return;
    }
    if (typeof value !== 'object' || value === null || typeof (value as { text?: unknown }).text !== 'string') {
      throw new BatchItemsError(`line ${lineIndex + 1} needs a "text" string`);
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

function fromCsv(content: string): BatchItemFields[] {
  let rows: string[][];
  try {
    rows = parseCsv(content);
  } catch (error) {
    throw new BatchItemsError(`invalid CSV: ${error instanceof Error ? error.message : String(error)}`);
  }
  const [header, ...records] = rows;
  const columns = (header ?? []).map((name) => name.trim().toLowerCase());
  const column = (name: string) => columns.indexOf(name);
  if (column('text') < 0) throw new BatchItemsError('the CSV needs a header row with a "text" column');
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

function fromPlainText(content: string): BatchItemFields[] {
  return content
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((text) => ({ text }));
}

/** Throws a `BatchItemsError` when the content is not valid in that format. */
export function parseBatchItems(content: string, format: BatchInputFormat): BatchItemFields[] {
  if (format === 'jsonl') return fromJsonLines(content);
  if (format === 'csv') return fromCsv(content);
  return fromPlainText(content);
}
