/**
 * The results file of `ai-text batch`: one JSON line per processed item, appended as chunks
 * finish, so an interrupted run loses at most the chunks in flight. Read back on the next run to
 * skip what is done; the latest line of an item wins. Items about to be processed again
 * (`--retry-failed`) are removed first, so each item keeps one line.
 */
import { randomUUID } from 'node:crypto';
import { appendFile, readFile, rename, writeFile } from 'node:fs/promises';
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
  /** The latest record of each item in the file. */
  readonly records: ReadonlyMap<number, BatchOutputRecord>;
  /** Appends records, in call order. */
  append(records: readonly BatchOutputRecord[]): Promise<void>;
  /**
   * Rewrites the file without the given items' lines (and without superseded or cut-short lines),
   * through a temporary file, so it is never left half-written. An item removed and not yet
   * appended again is simply processed again by the next run.
   */
  remove(indices: ReadonlySet<number>): Promise<void>;
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
  // Insertion order is the order of each item's first line, which a rewrite keeps.
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
      for (const record of batch) records.set(record.index, record);
      const text = `${needsNewline ? '\n' : ''}${batch.map((record) => JSON.stringify(record)).join('\n')}\n`;
      needsNewline = false;
      pending = pending.then(() => appendFile(path, text, 'utf8'));
      return pending;
    },
    remove(indices) {
      if (![...indices].some((index) => records.has(index))) return pending;
      for (const index of indices) records.delete(index);
      const kept = [...records.values()].map((record) => `${JSON.stringify(record)}\n`).join('');
      needsNewline = false;
      pending = pending.then(async () => {
        const temporary = `${path}.${randomUUID()}.tmp`;
        await writeFile(temporary, kept, 'utf8');
        await rename(temporary, path);
      });
      return pending;
    },
  };
}
