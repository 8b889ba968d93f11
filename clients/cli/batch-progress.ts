/** The progress bar of `ai-text batch` (cli-progress, on stderr), or nothing when not a terminal. */
import { SingleBar } from 'cli-progress';

export interface BatchProgress {
  advance(completed: number, failed: number): void;
  stop(): void;
}

export function createBatchProgress(options: {
  readonly total: number;
  readonly stream: NodeJS.WritableStream & { readonly isTTY?: boolean };
  readonly enabled: boolean;
}): BatchProgress {
  if (!options.enabled || !options.stream.isTTY) return { advance() {}, stop() {} };
  const bar = new SingleBar({
    format: 'Processing |{bar}| {percentage}% | {value}/{total} items | {failed} failed | ETA {eta_formatted}',
    stream: options.stream,
    barCompleteChar: '\u2588',
    barIncompleteChar: '\u2591',
    hideCursor: true,
    etaBuffer: 20,
  });
  let failed = 0;
  bar.start(options.total, 0, { failed });
  return {
    advance(completed, newlyFailed) {
      failed += newlyFailed;
      bar.increment(completed + newlyFailed, { failed });
    },
    stop() {
      bar.stop();
    },
  };
}
