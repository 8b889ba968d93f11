/**
 * The outcome of each batch item as the playground shows and downloads it: the CLI's output
 * record with the item's operation, as a table cell text, JSON lines or CSV.
 */
import type { BatchOutputRecord } from '../cli/batch-output.js';
import type { Schemas } from '../rest/rest-client.js';

export interface BatchRow {
  /** Position among the input's items, from 0 (the API's `request_index`). */
  readonly index: number;
  readonly id?: string;
  readonly operation: string;
  readonly status: BatchOutputRecord['status'];
  readonly response?: Schemas['TextProcessingResponse'];
  readonly error?: BatchOutputRecord['error'];
}

export function toBatchRow(record: BatchOutputRecord, operation: string): BatchRow {
  const { fingerprint: _fingerprint, ...outcome } = record;
  return { ...outcome, operation };
}

/** The result for people: the summary or answer, the sentiment with its confidence, or the list. */
export function toResultText(response: Schemas['TextProcessingResponse']): string {
  if (response.sentiment) {
    const { sentiment, confidence, explanation } = response.sentiment;
    return `${sentiment} (${Math.round(confidence * 100)}%): ${explanation}`;
  }
  if (response.key_points) return response.key_points.map((point) => `• ${point}`).join('\n');
  if (response.questions) return response.questions.join('\n');
  return response.result?.trim() ?? '';
}

export function toOutcomeText(row: BatchRow): string {
  if (row.response) return toResultText(row.response);
  return row.error ? `${row.error.code}: ${row.error.message}` : '';
}

export function toJsonLines(rows: readonly BatchRow[]): string {
  return rows.map((row) => `${JSON.stringify(row)}\n`).join('');
}

const CSV_COLUMNS = ['index', 'id', 'operation', 'status', 'result', 'error_code', 'error_message'] as const;

function csvField(value: string): string {
  // A cell starting with = + - @ would run as a formula in a spreadsheet: quote it as text.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(rows: readonly BatchRow[]): string {
  const lines = rows.map((row) =>
    [
      String(row.index),
      row.id ?? '',
      row.operation,
      row.status,
      row.response ? toResultText(row.response) : '',
      row.error?.code ?? '',
      row.error?.message ?? '',
    ]
      .map(csvField)
      .join(','),
  );
  return [CSV_COLUMNS.join(','), ...lines].map((line) => `${line}\r\n`).join('');
}
