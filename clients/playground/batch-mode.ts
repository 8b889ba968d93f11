/**
 * Batch mode: the items go to `batch_process` in chunks sent one after the other, through the
 * CLI's chunk sender (it splits a chunk to the server's limit and retries 429/503 with backoff).
 * Each chunk's results join the table as it finishes, so the progress bar moves per chunk; the
 * outcome downloads as JSON lines or CSV, also after a stop.
 */
import type { BatchInputItem } from '../cli/batch-input.js';
import { createChunkSender } from '../cli/chunk-sender.js';
import type { RestClient } from '../rest/rest-client.js';
import { toBatchRow, toCsv, toJsonLines, toOutcomeText, type BatchRow } from './batch-rows.js';
import { createElement } from './create-element.js';
import { downloadFile } from './download-file.js';

/** Items per call: small enough that progress moves, large enough to use the server's concurrency. */
const CHUNK_SIZE = 10;
/** Longer results are cut in the table; the downloads keep them whole. */
const CELL_MAX_CHARACTERS = 280;

const PROGRESS_PREFIXES = {
  running: 'Processing…',
  done: 'Done:',
  stopped: 'Stopped:',
  failed: 'Ended early:',
} as const;

export interface BatchElements {
  readonly section: HTMLElement;
  readonly progress: HTMLProgressElement;
  readonly summary: HTMLElement;
  readonly rows: HTMLTableSectionElement;
  readonly downloadJsonl: HTMLButtonElement;
  readonly downloadCsv: HTMLButtonElement;
}

export interface BatchModeOptions {
  readonly elements: BatchElements;
  /** The REST client with the key currently entered. */
  readonly client: () => RestClient;
}

export type BatchRunEnd = 'done' | 'stopped';

export interface BatchMode {
  /**
   * Sends every item and shows each result as its chunk finishes. Rejects with what ended the
   * run as a whole (a refused key, an unreachable service); items that fail alone are rows.
   */
  run(items: readonly BatchInputItem[]): Promise<BatchRunEnd>;
  /** Ends the run after the request in flight; the results so far stay. */
  stop(): void;
  /** Hides the previous run's results. */
  clear(): void;
}

function rowView(row: BatchRow): HTMLTableRowElement {
  const outcome = toOutcomeText(row);
  const shown = outcome.length > CELL_MAX_CHARACTERS ? `${outcome.slice(0, CELL_MAX_CHARACTERS - 1)}…` : outcome;
  return createElement('tr', { attributes: { 'data-status': row.status } }, [
    createElement('td', { text: String(row.index + 1) }),
    createElement('td', { text: row.id ?? '' }),
    createElement('td', { text: row.operation }),
    createElement('td', {}, [createElement('span', { className: 'batch-status', text: row.status })]),
    createElement('td', { className: 'batch-outcome', text: shown }),
  ]);
}

export function createBatchMode(options: BatchModeOptions): BatchMode {
  const { elements } = options;
  let rows: BatchRow[] = [];
  let controller: AbortController | undefined;

  const setDownloadsEnabled = (enabled: boolean) => {
    elements.downloadJsonl.disabled = !enabled;
    elements.downloadCsv.disabled = !enabled;
  };

  const showProgress = (total: number, state: BatchRunEnd | 'running' | 'failed') => {
    const failed = rows.filter((row) => row.status === 'failed').length;
    const counts = `${rows.length} of ${total} processed · ${rows.length - failed} completed · ${failed} failed`;
    elements.progress.max = total;
    elements.progress.value = rows.length;
    elements.summary.textContent = `${PROGRESS_PREFIXES[state]} ${counts}`;
  };

  elements.downloadJsonl.addEventListener('click', () =>
    downloadFile('batch-results.jsonl', toJsonLines(rows), 'application/x-ndjson'),
  );
  elements.downloadCsv.addEventListener('click', () => downloadFile('batch-results.csv', toCsv(rows), 'text/csv'));

  return {
    async run(items) {
      const run = new AbortController();
      controller = run;
      rows = [];
      elements.rows.replaceChildren();
      elements.section.hidden = false;
      elements.section.setAttribute('aria-busy', 'true');
      setDownloadsEnabled(false);
      showProgress(items.length, 'running');
      const sender = createChunkSender({
        client: options.client(),
        requestSignal: () => run.signal,
        chunkSize: CHUNK_SIZE,
      });
      let end: BatchRunEnd | 'failed' = 'done';
      try {
        for (let start = 0; start < items.length; start += CHUNK_SIZE) {
          if (run.signal.aborted) break;
          const chunk = items.slice(start, start + CHUNK_SIZE);
          const records = await sender.send(chunk);
          const chunkRows = records.map((record, position) =>
            toBatchRow(record, chunk[position]?.request.operation ?? ''),
          );
          rows.push(...chunkRows);
          elements.rows.append(...chunkRows.map(rowView));
          showProgress(items.length, 'running');
        }
        if (run.signal.aborted) end = 'stopped';
      } catch (error) {
        if (!run.signal.aborted) {
          end = 'failed';
          throw error;
        }
        end = 'stopped';
      } finally {
        controller = undefined;
        elements.section.removeAttribute('aria-busy');
        // A run refused at its first call has nothing to show: its error says it all.
        elements.section.hidden = end === 'failed' && rows.length === 0;
        setDownloadsEnabled(rows.length > 0);
        showProgress(items.length, end);
      }
      return end;
    },
    stop() {
      controller?.abort();
    },
    clear() {
      rows = [];
      elements.rows.replaceChildren();
      elements.section.hidden = true;
    },
  };
}
