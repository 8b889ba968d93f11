/**
 * Issue #18: the injection scan's cost per KB with the learned classifier beside the rules, against
 * the rules-only scan measured in the same run (the ratio is what carries across machines). Texts
 * are news-like prose and a mix of benign trap texts, at 1 KB and 10 KB; CPU time, best of five
 * rounds, after warm-up; no memo (every scan is a miss).
 */
import { loadInjectionClassifier } from '../../infra/injection/injection-classifier.js';
import { createInjectionScanner } from '../../infra/injection/injection-scanner.js';
import type { InjectionScanner } from '../../domain/ports.js';
import { loadCorpus } from '../eval/injection-eval.js';
import { withGoal, type BenchContext, type Metric, type Scenario, type ScenarioResult } from './scenario.js';
import { round } from './stats.js';
import { proseOfLength } from './texts.js';

/** CPU milliseconds per scan, best of five rounds. */
function cpuPerScan(scanner: InjectionScanner, text: string, rounds: number): number {
  for (let index = 0; index < 5; index += 1) scanner.scan(text);
  let best = Number.POSITIVE_INFINITY;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const started = process.cpuUsage();
    for (let index = 0; index < rounds; index += 1) scanner.scan(text);
    const used = process.cpuUsage(started);
    best = Math.min(best, (used.user + used.system) / 1000 / rounds);
  }
  return best;
}

export const injectionScan: Scenario = {
  id: 'injection-scan',
  run(context: BenchContext): Promise<ScenarioResult> {
    const rules = createInjectionScanner({ policy: 'flag' });
    const combined = createInjectionScanner({ policy: 'flag', classifier: loadInjectionClassifier() });
    const traps = loadCorpus()
      .filter((item) => item.label === 'benign')
      .map((item) => item.text)
      .join('\n');
    const metrics: Metric[] = [];
    const raw: Record<string, { rules: number; combined: number }> = {};
    for (const size of [1024, 10_240]) {
      const kb = size / 1024;
      const texts = {
        prose: proseOfLength(size, 1),
        traps: traps.repeat(Math.ceil(size / traps.length)).slice(0, size),
      };
      for (const [kind, text] of Object.entries(texts)) {
        const rounds = context.quick ? 5 : size > 2000 ? 40 : 200;
        const rulesMs = cpuPerScan(rules, text, rounds);
        const combinedMs = cpuPerScan(combined, text, rounds);
        raw[`${kb} KB ${kind}`] = { rules: round(rulesMs, 3), combined: round(combinedMs, 3) };
        metrics.push(
          withGoal(`${kb} KB ${kind}: rules + classifier per KB`, round(combinedMs / kb, 3), 'ms', '<=', 1),
          { name: `${kb} KB ${kind}: rules only per KB`, value: round(rulesMs / kb, 3), unit: 'ms' },
          { name: `${kb} KB ${kind}: ratio to rules only`, value: round(combinedMs / rulesMs, 2), unit: '×' },
        );
      }
    }
    context.log(`  injection scan: ${JSON.stringify(raw)}`);
    return Promise.resolve({
      id: this.id,
      title: '18. Injection scan with the learned classifier',
      method:
        'createInjectionScanner with and without loadInjectionClassifier(), in the runner process, on news-like prose and on ' +
        "the corpus's benign trap texts concatenated, cut to 1 KB and 10 KB; CPU time per scan, best of five rounds after " +
        'warm-up, no memo; the rules-only scan of the same text is the same-run baseline.',
      metrics,
      raw,
    });
  },
};
