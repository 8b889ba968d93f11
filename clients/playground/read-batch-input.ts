/**
 * The playground's batch input: pasted or uploaded JSON lines or CSV, read with the CLI's
 * browser-safe parser. The form's operation fills in an item without one; its options and
 * question go to the items of that operation that have none of their own.
 */
import type { BatchInputItem } from '../cli/batch-input.js';
import { isBatchItemsError, parseBatchItems, type BatchItemFields } from '../cli/parse-batch-items.js';

/** Items per run: enough for a trial, bounded so a pasted dump cannot queue hours of work. */
export const MAX_BATCH_ITEMS = 1000;

export type BatchFormat = 'jsonl' | 'csv';

export const FORMAT_NAMES: Record<BatchFormat, string> = { jsonl: 'JSON lines', csv: 'CSV' };

export interface BatchDefaults {
  readonly operation: string;
  readonly options?: Record<string, unknown>;
  readonly question?: string;
}

export type BatchItemsRead =
  | { readonly ok: true; readonly format: BatchFormat; readonly fields: readonly BatchItemFields[] }
  | { readonly ok: false; readonly message: string };

/** JSON lines when the first non-blank line parses as JSON (an object or a string), else CSV. */
export function detectBatchFormat(content: string): BatchFormat {
  const firstLine = content.split('\n').find((line) => line.trim() !== '') ?? '';
  try {
    const value: unknown = JSON.parse(firstLine);
    return typeof value === 'object' || typeof value === 'string' ? 'jsonl' : 'csv';
  } catch {
    return 'csv';
  }
}

export function readBatchItems(content: string): BatchItemsRead {
  if (content.trim() === '') return { ok: false, message: 'Paste or upload at least one item.' };
  const format = detectBatchFormat(content);
  try {
    const fields = parseBatchItems(content, format);
    if (fields.length === 0) return { ok: false, message: 'Paste or upload at least one item.' };
    if (fields.length > MAX_BATCH_ITEMS) {
      return {
        ok: false,
        message: `${fields.length.toLocaleString('en')} items; the playground sends at most ${MAX_BATCH_ITEMS.toLocaleString('en')} per run (the CLI has no such limit).`,
      };
    }
    return { ok: true, format, fields };
  } catch (error) {
    if (!isBatchItemsError(error)) throw error;
    return { ok: false, message: `${FORMAT_NAMES[format]}: ${error.message}.` };
  }
}

export function toBatchItems(fields: readonly BatchItemFields[], defaults: BatchDefaults): BatchInputItem[] {
  return fields.map((item, index) => {
    const operation = item.operation ?? defaults.operation;
    const fromForm = operation === defaults.operation;
    const question = item.question ?? (fromForm ? defaults.question : undefined);
    const options = item.options ?? (fromForm ? defaults.options : undefined);
    return {
      index,
      ...(item.id !== undefined ? { id: item.id } : {}),
      request: {
        text: item.text,
        operation,
        ...(question !== undefined ? { question } : {}),
        ...(options !== undefined ? { options } : {}),
      },
      // The CLI resumes runs by fingerprint; the playground never resumes, so none is computed.
      fingerprint: '',
    };
  });
}
