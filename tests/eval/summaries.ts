import { pathToFileURL } from 'node:url';
import { createLocalModel } from '../../infra/ai/local-model.js';
import { createTextAnalyzer } from '../../infra/nlp/text/text-analyzer.js';
import { loadSummarySets, type SummarySplit } from './datasets.js';
import { evaluateSummaries, type EvalTools, type SummaryReport } from './evaluate.js';

const pct = (value: number) => `${(value * 100).toFixed(1)}`.padStart(5);

function row(label: string, ...cells: string[]): void {
  console.log(`  ${label.padEnd(34)}${cells.map((cell) => cell.padStart(12)).join('')}`);
}

/**
 * Prints ROUGE-1/2/L of the local summaries next to TextRank and Lead-3 (and Lead-3 cut to the
 * budget, and the extractive oracle for scale), per summary set and split; `max_length` is the
 * reference's word count. `splits` limits the run (tuning runs leave out `test`).
 */
export async function reportSummaries(
  tools: Pick<EvalTools, 'model' | 'nlp'>,
  splits: readonly SummarySplit[] = ['train', 'tune', 'test'],
): Promise<Record<string, SummaryReport>> {
  console.log("\nSummaries: max_length = the reference's word count (ROUGE F1 x100; test sets are never tuned on)");
  row('', 'R-1', 'R-2', 'R-L', 'words');
  const results: Record<string, SummaryReport> = {};
  for (const set of loadSummarySets().filter((entry) => splits.includes(entry.split))) {
    const report = await evaluateSummaries(tools as EvalTools, set.items);
    results[`${set.name} [${set.split}]`] = report;
    console.log(`  ${set.name} [${set.split}, n=${report.n}, reference ${report.referenceWords.toFixed(0)} words]`);
    const line = (label: string, scores: SummaryReport['provider'], words = '') =>
      row(label, pct(scores.rouge1), pct(scores.rouge2), pct(scores.rougeL), words);
    line('  local', report.provider, report.meanWords.toFixed(1));
    line('  TextRank', report.textRank);
    line('  Lead-3 (three whole sentences)', report.lead3);
    line('  Lead-3 cut to max_length words', report.lead3Cut);
    line('  upper bound: extractive oracle', report.oracle);
  }
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const splits = (process.argv[2]?.split(',') ?? ['train', 'tune']) as SummarySplit[];
  await reportSummaries({ model: createLocalModel(), nlp: createTextAnalyzer() }, splits);
}
