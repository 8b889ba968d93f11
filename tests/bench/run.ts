/**
 * Runs the benchmark scenarios, prints one table and writes `bench-results.json` at the repository
 * root. `make bench` builds first and runs this; by hand:
 * `node --import tsx tests/bench/run.ts [--only=rest-throughput,batch] [--quick] [--runtime=tsx] [--keep]`
 * (`--keep` keeps the scratch directory with the service logs).
 *
 * Every figure that has a baseline is a ratio measured in the same run, because the machines are
 * shared and noisy. The runner pins itself (and so wrk and the in-process clients) to core 1; the
 * service gets core 0.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { batch } from './batch.js';
import { pinProcess, ROOT, type Runtime } from './bench-processes.js';
import { hitLatency } from './hit-latency.js';
import { injectionScan } from './injection-scan.js';
import { ensureWrk } from './load.js';
import { localProvider } from './local-provider.js';
import { memory } from './memory.js';
import { missOverhead } from './miss-overhead.js';
import { restThroughput } from './rest-throughput.js';
import { scaleOut } from './scale-out.js';
import type { Metric, Scenario, ScenarioResult } from './scenario.js';
import { singleFlight } from './single-flight.js';
import { startupCosts } from './startup-costs.js';
import { streamTtfb } from './stream-ttfb.js';
import { trpcThroughput } from './trpc-throughput.js';

const SCENARIOS: readonly Scenario[] = [
  restThroughput,
  trpcThroughput,
  hitLatency,
  missOverhead,
  singleFlight,
  streamTtfb,
  batch,
  startupCosts,
  localProvider,
  injectionScan,
  memory,
  scaleOut,
];

function option(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((argument) => argument.startsWith(prefix))?.slice(prefix.length);
}

function formatValue(metric: Metric): string {
  if (!Number.isFinite(metric.value)) return 'n/a';
  const digits = Math.abs(metric.value) >= 100 ? 0 : Math.abs(metric.value) >= 10 ? 1 : 2;
  const text = metric.value.toLocaleString('en-US', { maximumFractionDigits: digits });
  return metric.unit ? `${text} ${metric.unit}` : text;
}

function printTable(results: readonly ScenarioResult[]): void {
  const rows: string[][] = [['Scenario', 'Measure', 'Value', 'Goal', 'Met']];
  for (const result of results) {
    result.metrics.forEach((metric, index) => {
      rows.push([
        index === 0 ? result.title : '',
        metric.name,
        formatValue(metric),
        metric.goal ?? '',
        metric.met === undefined ? '' : metric.met ? 'yes' : 'NO',
      ]);
    });
  }
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  const line = (row: readonly string[]) =>
    row
      .map((cell, column) => (column === 2 ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0)))
      .join(' | ');
  process.stdout.write(`\n${line(rows[0] ?? [])}\n${widths.map((width) => '-'.repeat(width)).join('-|-')}\n`);
  for (const row of rows.slice(1)) process.stdout.write(`${line(row)}\n`);
}

async function main(): Promise<void> {
  const only = option('only')?.split(',').filter(Boolean);
  const runtime: Runtime = option('runtime') === 'tsx' ? 'tsx' : 'compiled';
  const quick = process.argv.includes('--quick');
  const selected = only ? SCENARIOS.filter((scenario) => only.includes(scenario.id)) : SCENARIOS;
  if (only && selected.length !== only.length) {
    throw new Error(`unknown scenario; known: ${SCENARIOS.map((scenario) => scenario.id).join(', ')}`);
  }
  if (runtime === 'compiled' && !existsSync(join(ROOT, 'dist/server/main.js'))) {
    throw new Error('dist/server/main.js is missing: run `make build` (or use --runtime=tsx)');
  }
  ensureWrk();
  pinProcess(process.pid, '1');
  const workDir = mkdtempSync(join(tmpdir(), 'bench-'));
  const started = Date.now();
  const log = (message: string) =>
    process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}\n`);
  log(`runtime: ${runtime}${quick ? ' (quick)' : ''}; scratch: ${workDir}`);

  const results: ScenarioResult[] = [];
  for (const scenario of selected) {
    log(`${scenario.id}...`);
    try {
      results.push(await scenario.run({ workDir, runtime, quick, log }));
    } catch (error) {
      log(`${scenario.id} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      results.push({
        id: scenario.id,
        title: scenario.id,
        method: 'failed',
        metrics: [{ name: 'error', value: Number.NaN, unit: '' }],
        notes: [String(error)],
      });
    }
  }

  printTable(results);
  process.stdout.write('\nHow each figure was measured:\n');
  for (const result of results) process.stdout.write(`- ${result.title}: ${result.method}\n`);
  const goals = results.flatMap((result) => result.metrics.filter((metric) => metric.met !== undefined));
  process.stdout.write(`\n${goals.filter((metric) => metric.met).length} of ${goals.length} goals met.\n`);
  for (const result of results) {
    for (const note of result.notes ?? []) process.stdout.write(`- ${result.id}: ${note}\n`);
  }
  const file = join(ROOT, 'bench-results.json');
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        durationSeconds: Math.round((Date.now() - started) / 1000),
        runtime,
        quick,
        machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version },
        scenarios: results,
      },
      null,
      2,
    )}\n`,
  );
  process.stdout.write(`Results written to ${file} (${Math.round((Date.now() - started) / 1000)} s).\n`);
  if (process.argv.includes('--keep')) process.stdout.write(`Service logs kept in ${workDir}.\n`);
  else rmSync(workDir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
