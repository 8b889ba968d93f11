/**
 * `ai-text batch`: every item of a file through `batch_process`, in chunks with bounded
 * concurrency, a progress bar, results appended as JSON lines and a summary. Re-running with the
 * same output skips the items it already holds (`--retry-failed` also re-runs failed ones, each
 * keeping one line).
 */
import { basename, dirname, extname, join } from 'node:path';
import { BATCH_SCHEMA_MAX_ITEMS } from '../../domain/schemas.js';
import { loadBatchInput, toBatchInputFormat, type BatchInputItem } from './batch-input.js';
import { openBatchOutput } from './batch-output.js';
import { createBatchProgress } from './batch-progress.js';
import { createChunkSender } from './chunk-sender.js';
import type { CommandContext } from './cli-context.js';
import { CliError, EXIT, type ExitCode } from './cli-error.js';
import { readInteger } from './cli-options.js';
import { readProcessingFlags } from './processing-flags.js';
import { runConcurrently } from './run-concurrently.js';

const DEFAULT_CHUNK_SIZE = 50;
const DEFAULT_CONCURRENCY = 2;

function defaultOutputPath(input: string): string {
  return join(dirname(input), `${basename(input, extname(input))}.results.jsonl`);
}

function chunksOf<Item>(items: readonly Item[], size: number): Item[][] {
  const chunks: Item[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

export async function runBatchCommand(context: CommandContext): Promise<ExitCode> {
  const { values, io } = context;
  const inputPath = context.operands[0] ?? values.file;
  if (!inputPath) throw new CliError('give the input file: ai-text batch FILE --op OPERATION', EXIT.usage);
  if (context.operands[0] !== undefined && values.file !== undefined) {
    throw new CliError('give the input file once (argument or --file)', EXIT.usage);
  }
  const flags = readProcessingFlags(values);
  const chunkSize = readInteger(values, 'chunk-size', { min: 1, max: BATCH_SCHEMA_MAX_ITEMS }) ?? DEFAULT_CHUNK_SIZE;
  const concurrency = readInteger(values, 'concurrency', { min: 1, max: 16 }) ?? DEFAULT_CONCURRENCY;
  const outputPath = values.output ?? defaultOutputPath(inputPath);

  const items = await loadBatchInput(inputPath, toBatchInputFormat(inputPath, values.format), flags);
  const output = await openBatchOutput(outputPath);
  const pending: BatchInputItem[] = [];
  let skipped = 0;
  let skippedFailed = 0;
  for (const item of items) {
    const previous = output.records.get(item.index);
    if (previous && previous.fingerprint !== item.fingerprint) {
      throw new CliError(
        `${outputPath} holds results of a different input (item ${item.index + 1} differs); choose another --output`,
        EXIT.usage,
      );
    }
    if (previous && (previous.status === 'completed' || !values['retry-failed'])) {
      skipped += 1;
      if (previous.status === 'failed') skippedFailed += 1;
    } else pending.push(item);
  }

  // A retried item's new line replaces its failed one rather than adding a second.
  const retried = new Set(pending.filter((item) => output.records.has(item.index)).map((item) => item.index));
  await output.remove(retried);

  const started = performance.now();
  const progress = createBatchProgress({ total: pending.length, stream: io.stderr, enabled: !values['no-progress'] });
  const sender = createChunkSender({ client: context.client, requestSignal: context.requestSignal, chunkSize });
  let completed = 0;
  let failed = 0;
  try {
    await runConcurrently(chunksOf(pending, chunkSize), concurrency, async (chunk) => {
      const records = await sender.send(chunk);
      await output.append(records);
      const chunkFailed = records.filter((record) => record.status === 'failed').length;
      completed += records.length - chunkFailed;
      failed += chunkFailed;
      progress.advance(records.length - chunkFailed, chunkFailed);
    });
  } finally {
    progress.stop();
  }

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const parts = [`${completed} completed`, `${failed} failed`];
  if (skipped > 0) {
    const ofWhich = skippedFailed > 0 ? `, ${skippedFailed} of them failed` : '';
    parts.push(`${skipped} skipped (already in the output${ofWhich})`);
  }
  io.stdout.write(`Processed ${pending.length} of ${items.length} items in ${seconds} s: ${parts.join(', ')}.\n`);
  io.stdout.write(`Results: ${outputPath}\n`);
  if (sender.chunkSize < chunkSize)
    io.stdout.write(`Chunks were limited to ${sender.chunkSize} items by the server.\n`);
  if (failed + skippedFailed > 0) io.stdout.write('Run again with --retry-failed to process the failed items again.\n');
  return failed > 0 ? EXIT.failed : EXIT.ok;
}
