import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { InjectionScanner } from '../../domain/ports.js';
import { createInjectionScanner } from '../../infra/injection/injection-scanner.js';

/** One labelled text of `tests/fixtures/injection-corpus.json`. */
export interface CorpusItem {
  readonly text: string;
  readonly label: 'attack' | 'benign';
  readonly category: string;
  readonly source: string;
  readonly lang?: string;
  /** `tuning`: looked at while writing rules; `holdout`: only its totals were seen; `fresh`: written after tuning, never tuned on. */
  readonly split: 'tuning' | 'holdout' | 'fresh';
}

export interface CorpusMetrics {
  readonly attacks: number;
  readonly benign: number;
  readonly precision: number;
  readonly recall: number;
  readonly falsePositiveRate: number;
  /** Attack recall per attack category, benign flag rate per benign category. */
  readonly byCategory: Readonly<
    Record<string, { readonly total: number; readonly flagged: number; readonly rate: number }>
  >;
  readonly misses: readonly CorpusItem[];
  readonly falseAlarms: readonly CorpusItem[];
}

export const CORPUS_URL = new URL('../fixtures/injection-corpus.json', import.meta.url);

export function loadCorpus(): CorpusItem[] {
  return JSON.parse(readFileSync(CORPUS_URL, 'utf8')) as CorpusItem[];
}

const ratio = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

/** Scores a scanner on corpus items: an item counts as flagged when `injection` is true. */
export function evaluate(scanner: InjectionScanner, items: readonly CorpusItem[]): CorpusMetrics {
  const byCategory: Record<string, { total: number; flagged: number; rate: number }> = {};
  const misses: CorpusItem[] = [];
  const falseAlarms: CorpusItem[] = [];
  let truePositives = 0;
  let falsePositives = 0;
  for (const item of items) {
    const flagged = scanner.scan(item.text).injection;
    const key = `${item.label}:${item.category}`;
    const entry = (byCategory[key] ??= { total: 0, flagged: 0, rate: 0 });
    entry.total += 1;
    if (flagged) entry.flagged += 1;
    entry.rate = ratio(entry.flagged, entry.total);
    if (item.label === 'attack') {
      if (flagged) truePositives += 1;
      else misses.push(item);
    } else if (flagged) {
      falsePositives += 1;
      falseAlarms.push(item);
    }
  }
  const attacks = items.filter((item) => item.label === 'attack').length;
  const benign = items.length - attacks;
  return {
    attacks,
    benign,
    precision: ratio(truePositives, truePositives + falsePositives),
    recall: ratio(truePositives, attacks),
    falsePositiveRate: ratio(falsePositives, benign),
    byCategory,
    misses,
    falseAlarms,
  };
}

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

function report(title: string, metrics: CorpusMetrics): void {
  console.log(`\n== ${title}: ${metrics.attacks} attacks, ${metrics.benign} benign`);
  console.log(
    `precision ${percent(metrics.precision)}  recall ${percent(metrics.recall)}  benign flagged ${percent(metrics.falsePositiveRate)}`,
  );
  for (const [key, entry] of Object.entries(metrics.byCategory).sort()) {
    const what = key.startsWith('attack:') ? 'recall' : 'flagged';
    console.log(
      `  ${key.padEnd(40)} ${what.padEnd(8)} ${percent(entry.rate).padStart(6)}  (${entry.flagged}/${entry.total})`,
    );
  }
}

function listItems(title: string, items: readonly CorpusItem[], scanner: InjectionScanner): void {
  if (items.length === 0) return;
  console.log(`\n${title}:`);
  for (const item of items) {
    const verdict = scanner.scan(item.text);
    const preview = JSON.stringify(item.text.length > 110 ? `${item.text.slice(0, 110)}…` : item.text);
    console.log(
      `  [${item.category}] score ${verdict.score.toFixed(2)} ${verdict.categories.join(',') || '-'} ${preview}`,
    );
  }
}

/** CPU milliseconds per scan, best of several rounds (the machine may be shared). */
function timeScan(scanner: InjectionScanner, text: string, rounds: number): number {
  for (let round = 0; round < 5; round += 1) scanner.scan(text);
  let best = Number.POSITIVE_INFINITY;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const started = process.cpuUsage();
    for (let round = 0; round < rounds; round += 1) scanner.scan(text);
    const used = process.cpuUsage(started);
    best = Math.min(best, (used.user + used.system) / 1000 / rounds);
  }
  return best;
}

/** CPU milliseconds of one plain regex pass over 10 KB, to compare machines. */
function timeBaseline(text: string): number {
  let best = Number.POSITIVE_INFINITY;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const started = process.cpuUsage();
    for (let round = 0; round < 50; round += 1) {
      const pattern = /[a-z]+ing\b/g;
      while (pattern.exec(text)) {
        // count nothing: only the scan matters
      }
    }
    const used = process.cpuUsage(started);
    best = Math.min(best, (used.user + used.system) / 1000 / 50);
  }
  return best;
}

function main(): void {
  const args = new Set(process.argv.slice(2));
  const thresholdArg = process.argv.find((arg) => arg.startsWith('--threshold='));
  const threshold = thresholdArg ? Number(thresholdArg.split('=')[1]) : 0.5;
  const scanner = createInjectionScanner({ policy: 'flag', threshold });
  const corpus = loadCorpus();
  const tuning = corpus.filter((item) => item.split === 'tuning');
  const holdout = corpus.filter((item) => item.split === 'holdout');
  const fresh = corpus.filter((item) => item.split === 'fresh');

  console.log(`Prompt-injection corpus evaluation at threshold ${threshold}`);
  const tuningMetrics = evaluate(scanner, tuning);
  report('tuning split (rules were written against these)', tuningMetrics);
  const holdoutMetrics = evaluate(scanner, holdout);
  report('holdout split (hidden while tuning; only totals were seen)', holdoutMetrics);
  const freshMetrics = evaluate(scanner, fresh);
  report('fresh split (new phrasings written after tuning, never tuned on)', freshMetrics);
  report('whole corpus', evaluate(scanner, corpus));

  if (args.has('--misses')) {
    listItems('Tuning attacks missed', tuningMetrics.misses, scanner);
    listItems('Tuning benign texts flagged', tuningMetrics.falseAlarms, scanner);
  }
  if (args.has('--holdout-misses')) {
    listItems('Holdout attacks missed', holdoutMetrics.misses, scanner);
    listItems('Holdout benign texts flagged', holdoutMetrics.falseAlarms, scanner);
    listItems('Fresh attacks missed', freshMetrics.misses, scanner);
    listItems('Fresh benign texts flagged', freshMetrics.falseAlarms, scanner);
  }

  const benignText = corpus
    .filter((item) => item.label === 'benign')
    .map((item) => item.text)
    .join('\n');
  const trapDense = benignText.repeat(Math.ceil(10_240 / benignText.length)).slice(0, 10_240);
  const prose = 'The committee reviewed the annual budget and approved funding for the new library wing. '
    .repeat(120)
    .slice(0, 10_240);
  const shortItems = corpus.map((item) => timeScan(scanner, item.text, 10));
  const meanShort = shortItems.reduce((sum, value) => sum + value, 0) / shortItems.length;
  console.log('\nTiming (CPU, best of 5 rounds):');
  console.log(`  one plain regex pass over 10 KB (machine speed reference): ${timeBaseline(prose).toFixed(3)} ms`);
  console.log(`  10 KB plain prose: ${timeScan(scanner, prose, 20).toFixed(3)} ms`);
  console.log(
    `  10 KB of concatenated benign traps (worst case, many near-matches): ${timeScan(scanner, trapDense, 20).toFixed(3)} ms`,
  );
  console.log(`  corpus item (mean): ${(meanShort * 1000).toFixed(0)} µs`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
