import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** `scorecard-results/` at the repository root: every scorecard suite leaves its figures there. */
export const RESULTS_DIRECTORY = fileURLToPath(new URL('../../scorecard-results/', import.meta.url));

/** `SCORECARD=1` runs the full figures; otherwise the fast subset of `make test`. */
export const SCORECARD = process.env.SCORECARD === '1';

/** One figure, with its target when it has one (the same shape as the other scorecard suites write). */
export interface Figure {
  readonly name: string;
  readonly value: number | string | boolean | null;
  readonly unit?: string;
  readonly target?: string;
  readonly pass?: boolean;
}

/**
 * Collects a suite's figures and raw details and writes them as `scorecard-results/<suite>.json`
 * (`suite`, `scenario`, `scale`, `recorded_at`, `duration_ms`, `figures`, `details`). Call
 * `write()` in `afterAll`, so a failing run leaves its figures too.
 */
export function createScorecardRecord(suite: string) {
  const started = performance.now();
  const figures: Figure[] = [];
  const details: Record<string, unknown> = {};
  return {
    figure(name: string, value: Figure['value'], options: Omit<Figure, 'name' | 'value'> = {}): void {
      const index = figures.findIndex((figure) => figure.name === name);
      const figure = { name, value, ...options };
      if (index === -1) figures.push(figure);
      else figures[index] = figure;
    },
    detail(section: string, value: unknown): void {
      details[section] = value;
    },
    write(): string {
      mkdirSync(RESULTS_DIRECTORY, { recursive: true });
      const path = `${RESULTS_DIRECTORY}${suite}.json`;
      const record = {
        suite,
        scenario: suite,
        scale: SCORECARD ? 'scorecard' : 'default',
        recorded_at: new Date().toISOString(),
        duration_ms: Math.round(performance.now() - started),
        figures,
        details,
      };
      writeFileSync(path, `${JSON.stringify(record, null, 2)}\n`);
      return path;
    },
  };
}
