/**
 * The results file of `ai-text batch`: one JSON line per processed item, appended as chunks
 * finish, so an interrupted run loses at most the chunks in flight. Read back on the next run to
 * skip what is done; the latest line of an item wins.
 */
import { appendFile, readFile } from 'node:fs/promises';
import type { Schemas } from '../rest/rest-client.js';
import { CliError, EXIT } from './cli-error.js';

export interface BatchOutputRecord {
  readonly index: number;
  readonly id?: string;
  readonly fingerprint: string;
  readonly status: 'completed' | 'failed';
  readonly response?: Schemas['TextProcessingResponse'];
  readonly error?: { readonly code: string; readonly message: string; readonly details?: unknown };
}

export interface BatchOutput {
  /** The latest record of each item already in the file. */
  readonly records: ReadonlyMap<number, BatchOutputRecord>;
  /** Appends records, in call order. */
  append(records: readonly BatchOutputRecord[]): Promise<void>;
}

function isRecord(value: unknown): value is BatchOutputRecord {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Partial<BatchOutputRecord>;
  return (
    typeof record.index === 'number' &&
    typeof record.fingerprint === 'string' &&
    (record.status === 'completed' || record.status === 'failed')
  );
}

export async function openBatchOutput(path: string): Promise<BatchOutput> {
  let content = '';
  try {
    content = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOENT') {
      throw new CliError(`cannot read ${path}`, EXIT.usage, { cause: error });
    }
  }
  const records = new Map<number, BatchOutputRecord>();
  for (const line of content.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const value: unknown = JSON.parse(line);
      if (isRecord(value)) records.set(value.index, value);
    } catch {
      // A line cut short by an interrupted run: its item is simply processed again.
    }
  }
  let pending: Promise<void> = Promise.resolve();
  let needsNewline = content !== '' && !content.endsWith('\n');
  return {
    records,
    append(batch) {
      if (batch.length === 0) return pending;
      const text = `${needsNewline ? '\n' : ''}${batch.map((record) => JSON.stringify(record)).join('\n')}\n`;
      needsNewline = false;
      pending = pending.then(() => appendFile(path, text, 'utf8'));
      return pending;
    },
  };
}
