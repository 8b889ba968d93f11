/** Reads the items of `ai-text batch` from JSON lines, CSV or plain text (see `parse-batch-items.ts`). */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Schemas } from '../rest/rest-client.js';
import { CliError, EXIT } from './cli-error.js';
import {
  BATCH_INPUT_FORMATS,
  isBatchItemsError,
  parseBatchItems,
  type BatchInputFormat,
  type BatchItemFields,
} from './parse-batch-items.js';
import type { ProcessingFlags } from './processing-flags.js';

export interface BatchInputItem {
  /** Position among the file's items, from 0. */
  readonly index: number;
  /** The item's own `id` (JSON lines and CSV), copied to its result. */
  readonly id?: string;
  readonly request: Schemas['BatchItemRequest'];
  /** Identifies the request, so a resumed run can tell its output belongs to this input. */
  readonly fingerprint: string;
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

function fingerprintOf(request: Schemas['BatchItemRequest']): string {
  const identity = JSON.stringify([request.operation, request.question ?? null, request.options ?? null, request.text]);
  return createHash('sha256').update(identity).digest('hex').slice(0, 16);
}

/** Items of the given content; flags fill in what an item leaves out. */
export function parseBatchInput(content: string, format: BatchInputFormat, flags: ProcessingFlags): BatchInputItem[] {
  let raw: BatchItemFields[];
  try {
    raw = parseBatchItems(content, format);
  } catch (error) {
    if (isBatchItemsError(error)) throw new CliError(error.message, EXIT.usage, { cause: error });
    throw error;
  }
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
